// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
]

#if os(Linux)
  import Glibc

  /// Whether the C library of the machine building (where the programs are meant to run)
  /// loads packed relative relocations (DT_RELR): glibc 2.36 and later.
  let glibcLoadsPackedRelocations: Bool = {
    // "glibc 2.36"
    let text = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> String? in
      guard confstr(Int32(_CS_GNU_LIBC_VERSION), buffer.baseAddress, buffer.count) > 0 else { return nil }
      return String(cString: buffer.baseAddress!)
    }
    let version = text?.split(separator: " ").last?.split(separator: ".").compactMap { Int($0) } ?? []
    return version.count >= 2 && (version[0], version[1]) >= (2, 36)
  }()
#else
  let glibcLoadsPackedRelocations = false
#endif

/// Release builds of the programs are linked by lld, export no symbols of their own (which
/// `--static-swift-stdlib` would otherwise do, all of them) and, where glibc loads them, pack
/// their relative relocations: at start the dynamic loader then reads kilobytes of
/// relocations and symbols instead of megabytes, and the server is smaller at idle
/// (docs/benchmarks.md, "Memory at idle").
let programLinkerSettings: [LinkerSetting] = [
  .unsafeFlags(
    ["-use-ld=lld", "-Xlinker", "--no-export-dynamic"]
      + (glibcLoadsPackedRelocations ? ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"] : []),
    .when(platforms: [.linux], configuration: .release))
]

let package = Package(
  name: "Hadir",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "hadird", targets: ["hadird"]),
    .executable(name: "hadir", targets: ["hadir"]),
    .executable(name: "hadir-bench", targets: ["hadir-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
    .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
  ],
  targets: [
    .target(
      name: "HadirProto",
      dependencies: [
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "HadirCore",
      dependencies: [.product(name: "CSV", package: "CSV.swift"), .product(name: "Yams", package: "Yams")],
      swiftSettings: swiftSettings
    ),
    .systemLibrary(
      name: "CPangoCairo",
      pkgConfig: "pangocairo",
      providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]
    ),
    .systemLibrary(
      name: "CQREncode",
      pkgConfig: "libqrencode",
      providers: [.apt(["libqrencode-dev"])]
    ),
    .systemLibrary(name: "CMalloc"),
    .systemLibrary(
      name: "CXLSXWriter",
      pkgConfig: "xlsxwriter",
      providers: [.apt(["libxlsxwriter-dev"])]
    ),
    .target(
      name: "HadirPapers",
      dependencies: ["HadirCore", "CPangoCairo", "CQREncode", "CXLSXWriter"],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "HadirStore",
      dependencies: [
        "HadirCore",
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "HadirWire",
      dependencies: [
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOTLS", package: "swift-nio"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "HadirMapping",
      dependencies: ["HadirCore", "HadirProto"],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "HadirServer",
      dependencies: [
        "HadirCore", "HadirStore", "HadirWire", "HadirProto", "HadirMapping",
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "HadirClient",
      dependencies: [
        "HadirCore", "HadirWire", "HadirProto", "HadirMapping",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "hadird",
      dependencies: [
        "HadirCore", "HadirServer", "HadirStore", "HadirWire",
        .target(name: "CMalloc", condition: .when(platforms: [.linux])),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings,
      linkerSettings: programLinkerSettings
    ),
    .executableTarget(
      name: "hadir",
      dependencies: [
        "HadirClient", "HadirCore", "HadirWire", "HadirPapers",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings,
      linkerSettings: programLinkerSettings
    ),
    .executableTarget(
      name: "hadir-bench",
      dependencies: [
        "HadirServer", "HadirClient", "HadirStore", "HadirWire", "HadirCore", "HadirProto",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Histogram", package: "hdrhistogram-swift"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "HadirCoreTests", dependencies: ["HadirCore"], swiftSettings: swiftSettings),
    .testTarget(
      name: "HadirPapersTests", dependencies: ["HadirPapers", "HadirCore"], swiftSettings: swiftSettings),
    .testTarget(
      name: "HadirStoreTests", dependencies: ["HadirStore", .product(name: "GRDB", package: "GRDB.swift")],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "HadirWireTests",
      dependencies: [
        "HadirWire",
        .product(name: "NIOEmbedded", package: "swift-nio"),
      ],
      resources: [.copy("Vectors")],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "HadirServerTests",
      dependencies: [
        "HadirServer", "HadirClient", "HadirProto", "HadirWire",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "HadirClientTests",
      dependencies: [
        "HadirClient", "HadirServer", "HadirStore",
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: swiftSettings),
  ]
)
