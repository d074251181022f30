#!/usr/bin/env bash
# Regenerates the committed Swift code from proto/hadir/v1/*.proto and proto/hadir/store/*.proto.
#
# Needs `protoc` (Debian: protobuf-compiler). The two Swift plugins are built from this
# package's own dependencies, so the generated code always matches the runtime libraries.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product protoc-gen-swift
swift build --product protoc-gen-grpc-swift-2
bin="$(swift build --show-bin-path)"

# Files that declare services; the rest of proto/hadir/v1 holds messages only.
services=(proto/hadir/v1/admin.proto proto/hadir/v1/events.proto proto/hadir/v1/registrations.proto proto/hadir/v1/agenda.proto)
messages=(proto/hadir/v1/common.proto)

# Messages and service stubs: public, in HadirProto.
rm -f Sources/HadirProto/*.pb.swift Sources/HadirProto/*.grpc.swift
protoc --proto_path=proto \
  --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
  --swift_out=Sources/HadirProto \
  --swift_opt=Visibility=Public,FileNaming=DropPath \
  "${messages[@]}" "${services[@]}"
protoc --proto_path=proto \
  --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" \
  --grpc-swift_out=Sources/HadirProto \
  --grpc-swift_opt=Visibility=Public,Server=true,Client=true,FileNaming=DropPath \
  "${services[@]}"

# The frame messages belong to the transport alone: internal to HadirWire.
mkdir -p Sources/HadirWire/Generated
protoc --proto_path=proto \
  --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
  --swift_out=Sources/HadirWire/Generated \
  --swift_opt=Visibility=Internal,FileNaming=DropPath \
  proto/hadir/v1/frame.proto

# The answers the desk's store keeps for retries: the database's format, internal to HadirStore.
mkdir -p Sources/HadirStore/Generated
protoc --proto_path=proto \
  --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
  --swift_out=Sources/HadirStore/Generated \
  --swift_opt=Visibility=Internal,FileNaming=DropPath \
  proto/hadir/store/remembered_answer.proto

echo "generated: $(ls Sources/HadirProto/*.swift Sources/HadirWire/Generated/*.swift Sources/HadirStore/Generated/*.swift | tr '\n' ' ')"
