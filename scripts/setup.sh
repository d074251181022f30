#!/usr/bin/env bash
# Installs the Debian packages Hadir needs to build and test, if any are missing.
# Runs apt-get as root, or through sudo.
set -euo pipefail

packages=(
  libsqlite3-dev        # SQLite, used through GRDB
  sqlite3               # the sqlite3 shell, for inspecting a database and for benchmarks
  protobuf-compiler     # protoc, for scripts/generate-protos.sh and the C client
  libprotobuf-c-dev     # the C client's protobuf runtime
  protobuf-c-compiler   # protoc-c, generates the C client's message code
  valgrind              # the C client's tests run under valgrind
  python3-icalendar     # a real calendar parser checks the agenda's .ics export
  libpango1.0-dev       # Pango and Cairo draw the daftar hadir PDF
  libcairo2-dev
  fonts-noto-core       # Noto Sans for the papers; DejaVu Sans for scripts Noto lacks
  fonts-dejavu-core
  libqrencode-dev       # QR codes on the badges
  libxlsxwriter-dev     # .xlsx spreadsheets
  poppler-utils         # pdftotext and pdfinfo read the PDFs back in the tests
  zbar-tools            # zbarimg decodes the badges' QR codes in the tests
  libssl-dev            # OpenSSL: TLS in the C client
  openssl               # the openssl tool makes and reads certificates in the tests
  python3-grpcio        # a stock gRPC client (Python, stubs generated from proto/)
  python3-grpc-tools    #   checks hadird --grpc-listen in the tests
  python3-protobuf
  make
  gcc
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
