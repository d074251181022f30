#!/bin/sh
# hadir-desk end to end, under valgrind: against a real hadird set up with the Swift
# hadir command line, then against a misbehaving peer (tests/fakepeer.py).
# Run by `make check`, which sets HADIR_BIN (where hadird and hadir are), DESK (the
# hadir-desk to test) and VALGRIND.
set -u
: "${HADIR_BIN:?set HADIR_BIN to the directory holding hadird and hadir}"
: "${DESK:?set DESK to the hadir-desk executable}"
VALGRIND=${VALGRIND-valgrind -q --error-exitcode=1 --leak-check=full}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hadir-c-test.XXXXXX")
PIDS=
passed=0
failed=0

cleanup() {
    for pid in $PIDS; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

die() {
    echo "integration: $*" >&2
    for f in "$TMP"/hadird.log; do [ -f "$f" ] && sed 's/^/  hadird | /' "$f" >&2; done
    exit 1
}

# desk NAME EXIT PATTERN [ARGS...]: runs hadir-desk under valgrind, with standard input
# from $TMP/in, and expects exit status EXIT, output matching the extended regular
# expression PATTERN, and a silent valgrind.
desk() {
    name=$1 want=$2 pattern=$3
    shift 3
    # shellcheck disable=SC2086
    $VALGRIND --log-file="$TMP/vg" "$DESK" "$@" <"$TMP/in" >"$TMP/out" 2>"$TMP/err"
    got=$?
    cat "$TMP/out" "$TMP/err" >"$TMP/all"
    if [ "$got" -eq "$want" ] && grep -Eq -- "$pattern" "$TMP/all" && [ ! -s "$TMP/vg" ]; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name: exit $got (expected $want), output should match /$pattern/"
        sed 's/^/     | /' "$TMP/all" "$TMP/vg"
    fi
    : >"$TMP/in"
}

# check NAME COMMAND...: one more test, passed when COMMAND succeeds.
check() {
    name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        sed 's/^/     | /' "$TMP/all"
    fi
}

# also NAME PATTERN: the output of the last desk run also matches PATTERN.
also() { check "$1" grep -Eq -- "$2" "$TMP/all"; }

# ------------------------------------------------------------------ a real hadird
i=0
while [ ! -x "$HADIR_BIN/hadird" ] || [ ! -x "$HADIR_BIN/hadir" ]; do
    i=$((i + 1))
    [ $i -gt 60 ] && die "no hadird and hadir in $HADIR_BIN; build them (swift build) or set HADIR_BIN"
    sleep 1
done

for attempt in 1 2 3; do
    "$HADIR_BIN/hadird" --listen 127.0.0.1:0 --socket "$TMP/h.sock" \
        --database "$TMP/hadir.sqlite" >/dev/null 2>"$TMP/hadird.log" &
    HADIRD=$!
    i=0
    while [ $i -lt 300 ] && kill -0 $HADIRD 2>/dev/null; do
        grep -qs 'listening on' "$TMP/hadird.log" && break
        sleep 0.1
        i=$((i + 1))
    done
    grep -qs 'listening on' "$TMP/hadird.log" && break
    kill $HADIRD 2>/dev/null
    sleep 2
done
PIDS="$PIDS $HADIRD"
PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$TMP/hadird.log" | head -n 1)
[ -n "$PORT" ] || die "hadird did not say which port it listens on"
ADMIN=$(cat "$TMP/hadir.sqlite.admin-token") || die "no admin token file"
export HADIR_SERVER=127.0.0.1:$PORT
unset HADIR_EVENT HADIR_TOKEN

hadir() { HADIR_TOKEN=$ADMIN "$HADIR_BIN/hadir" "$@"; }
json_field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" | head -n 1; }
register() {
    hadir register --event ILP-BANGGAI-25 --name "$1" --organization "$2" --json |
        json_field code
}

EVENT=ILP-BANGGAI-25
YESTERDAY=$(TZ=Asia/Makassar date -d yesterday +%Y-%m-%d)
TOMORROW=$(TZ=Asia/Makassar date -d tomorrow +%Y-%m-%d)
hadir event create $EVENT --title "Kick-off Meeting ILP Kabupaten Banggai" \
    --first-day "$YESTERDAY" --last-day "$TOMORROW" --capacity 2 \
    --time-zone Asia/Makassar >/dev/null || die "hadir event create failed"
SITI=$(register "Siti Nurhaliza" "Dinkes Banggai")
BUDI=$(register "Budi Santoso" "Puskesmas Luwuk")
ANI=$(register "Ani Wijaya" "RSUD Luwuk")
KOMANG=$(register "Dr. Ni Komang Ayu Suryaningsih, M.Kes" "Dinkes Gianyar")
JOSE=$(register "José Müller" "Universität Wien")
SECRET=$(hadir token create --name "desk 1" --role desk --event $EVENT --json |
    json_field secret)
[ -n "$SITI" ] && [ -n "$BUDI" ] && [ -n "$ANI" ] && [ -n "$KOMANG" ] && [ -n "$JOSE" ] &&
    [ -n "$SECRET" ] ||
    die "setting up through the hadir command line failed"
case $SITI in *2) TYPO=${SITI%?}3 ;; *) TYPO=${SITI%?}2 ;; esac
export HADIR_TOKEN=$SECRET
: >"$TMP/in"

# hadir-desk speaks Bahasa Indonesia unless asked for English (--lang en, HADIR_LANG=en).
# The server's own sentences are matched in English only, except in the one test of
# accept-language below: their Indonesian wording is the server's business.
desk "checkin" 0 "^HADIR  Siti Nurhaliza · Dinkes Banggai: " checkin "$SITI"
cp "$TMP/all" "$TMP/checkin-id"
desk "checkin again" 10 "^SUDAH HADIR  Siti Nurhaliza · Dinkes Banggai: " checkin "$SITI"
desk "checkin again, --lang en" 10 "^ALREADY IN  Siti Nurhaliza.*already" --lang en checkin "$SITI"
desk "checkin with a typo" 11 "^DITOLAK  " checkin "$TYPO"
desk "checkin waitlisted" 11 "^DITOLAK  Ani Wijaya · RSUD Luwuk: " checkin "$ANI"
desk "checkin waitlisted, --lang en" 11 "^STOP  Ani Wijaya.*waitlist" --lang en checkin "$ANI"
desk "checkin with --event" 10 "^SUDAH HADIR" --event $EVENT checkin "$(echo "$SITI" | tr -d - | tr A-Z a-z)"
desk "find" 0 "^$SITI +Siti Nurhaliza +Dinkes Banggai +terdaftar +ya$" find siti
also "find: headings" "^KODE +NAMA +INSTANSI +STATUS +HADIR HARI INI$"
desk "find, --lang en" 0 "^$SITI +Siti Nurhaliza +Dinkes Banggai +confirmed +yes$" --lang en find siti
also "find, --lang en: headings" "^CODE +NAME +ORGANIZATION +STATUS +IN TODAY$"
desk "find nobody" 0 '^Tidak ada yang cocok dengan "zzzz"\.$' find zzzz
export HADIR_LANG=en
desk "find nobody, HADIR_LANG=en" 0 '^Nobody matches "zzzz"\.$' find zzzz
desk "find nobody, --lang id over HADIR_LANG=en" 0 '^Tidak ada yang cocok' --lang id find zzzz
unset HADIR_LANG
desk "find: an Indonesian name unchanged" 0 \
    "^$KOMANG +Dr\. Ni Komang Ayu Suryaningsih, M\.Kes +Dinkes Gianyar +daftar tunggu +tidak$" find komang
desk "checkin: accents unchanged" 11 "^DITOLAK  José Müller · Universität Wien: " checkin "$JOSE"
desk "unix socket, --lang en" 0 "^IN  Budi Santoso · Puskesmas Luwuk: " --lang en --server "$TMP/h.sock" checkin "$BUDI"
cp "$TMP/all" "$TMP/checkin-en"

# Needs a hadird that honours accept-language: until then its check-in message is in
# English whatever the desk asks for, and this test fails.
cat "$TMP/checkin-id" "$TMP/checkin-en" >"$TMP/all"
check "server's check-in message in the desk's language (Selamat datang / Welcome!)" \
    sh -c 'grep -Eq "^HADIR  Siti Nurhaliza.*Selamat datang" "$1" &&
           grep -Eq "^IN  Budi Santoso.*Welcome!" "$2"' - "$TMP/checkin-id" "$TMP/checkin-en"

printf '%s\n\n  garbage!!\n%s\n?ani\r\n%s\nq\n%s\n' "$BUDI" "$TYPO" "$ANI" "$SITI" >"$TMP/in"
desk "scan" 0 "^DITOLAK  garbage!!" scan
lines=$(grep -Ec '^(HADIR|SUDAH HADIR|DITOLAK|GAGAL|TIDAK TERCATAT)  ' "$TMP/out")
if [ "$lines" -eq 4 ] && grep -q "^SUDAH HADIR  Budi" "$TMP/out" &&
    grep -Eq "RSUD Luwuk +daftar tunggu +tidak$" "$TMP/out" && ! grep -q Siti "$TMP/out"; then
    passed=$((passed + 1)); echo "ok   scan: one line per scan, stops at q"
else
    failed=$((failed + 1)); echo "FAIL scan: $lines outcome lines (expected 4)"; cat "$TMP/out"
fi
printf '%s\n%s\n?ani\n' "$BUDI" "$TYPO" >"$TMP/in"
desk "scan, --lang en" 0 "^ALREADY IN  Budi" --lang en scan
also "scan, --lang en: a refusal" "^STOP  "
also "scan, --lang en: a search" "RSUD Luwuk +waitlisted +no$"
printf '%s\n' "$SITI" >"$TMP/in"
desk "scan to end of input" 0 "^SUDAH HADIR" scan

desk "wrong token" 4 "^Kesalahan: " --token hadir_0000000000000000000000000000000000000000 checkin "$SITI"
desk "wrong token, --lang en" 4 "^error: .*token" --lang en --token hadir_0000000000000000000000000000000000000000 checkin "$SITI"
desk "wrong token, event given" 4 "^error: .*token" --lang en --token hadir_00000000 --event $EVENT checkin "$SITI"
desk "no token" 4 "^error: .*token" --lang en --token "" --event $EVENT checkin "$SITI"
desk "token limited to another event" 4 "^Kesalahan: " --event OTHER-EVENT checkin "$SITI"
desk "unreachable server" 3 " Mencoba lagi dalam 4 detik\.\.\.$" --server 127.0.0.1:1 checkin "$SITI"
also "unreachable server: why" "^Kesalahan: Cannot connect"
desk "missing socket, --lang en" 3 " Trying again in 4 s\.\.\.$" --lang en --server "$TMP/none.sock" checkin "$SITI"
also "missing socket, --lang en: why" "^error: Cannot connect"
desk "bad address" 3 "not host:port" --server nowhere checkin "$SITI"

# The server restarts while a desk waits for it: the desk says so, tries again, and the
# scan is recorded (here: Siti was already in) once the server is back.
kill "$HADIRD"
wait "$HADIRD" 2>/dev/null
(sleep 2 && exec "$HADIR_BIN/hadird" --listen "127.0.0.1:$PORT" --database "$TMP/hadir.sqlite" \
    >/dev/null 2>"$TMP/hadird2.log") &
PIDS="$PIDS $!"
desk "server back while the desk retries" 10 "Mencoba lagi dalam 1 detik" checkin "$SITI"
desk "usage: no command" 2 "^Penggunaan: hadir-desk"
desk "usage: checkin without a code" 2 "^Penggunaan: " checkin
desk "usage: unknown option" 2 "^Kesalahan: --frobnicate bukan opsi yang dikenal\.$" --frobnicate scan
desk "usage: unknown option, --lang en" 2 "^error: --frobnicate is not an option$" --frobnicate --lang en scan
desk "help" 0 "^--lang menentukan bahasa" --help
desk "help, --lang en" 0 "^--lang is the language" -h --lang en
desk "usage: unknown language" 2 \
    '^Kesalahan: --lang "fr" tidak dikenali\. Bahasa yang tersedia: id \(Bahasa Indonesia\) atau en \(English\)\.$' \
    --lang fr scan
export HADIR_LANG=en
desk "usage: unknown language, told in English" 2 \
    '^error: --lang "fr" is not a language .*: use id \(Bahasa Indonesia\) or en \(English\)\.$' --lang fr scan
export HADIR_LANG=de
desk "usage: unknown HADIR_LANG" 2 '^Kesalahan: HADIR_LANG "de" tidak dikenali\.' scan
desk "--lang en over an unknown HADIR_LANG" 0 "^usage: " --lang en --help
unset HADIR_LANG

# ------------------------------------------------------------------ a misbehaving peer
# safe_output NAME: the last output is UTF-8 with no control character but line ends, no
# C1 control, no bidi embedding, override or isolate, no U+2028 or U+2029.
safe_output() {
    if python3 -c '
import re, sys
text = open(sys.argv[1], "rb").read().decode("utf-8")
sys.exit(re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]", text) is not None)
' "$TMP/all"; then
        passed=$((passed + 1)); echo "ok   $1"
    else
        failed=$((failed + 1)); echo "FAIL $1:"; od -c "$TMP/all" | sed 's/^/     | /'
    fi
}

if command -v python3 >/dev/null 2>&1; then
    for mode in huge garbage http version close goaway silent field ping shutdown hostile metadata; do
        rm -f "$TMP/port"
        python3 "$HERE/fakepeer.py" $mode "$TMP/port" "$TMP/peer.log" &
        PEER=$!
        PIDS="$PIDS $PEER"
        i=0
        while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        PEER_SERVER=127.0.0.1:$(cat "$TMP/port")
        set -- --server "$PEER_SERVER" --event X --timeout 2 checkin AAA-AAAA
        case $mode in
        huge) desk "peer: huge frame refused" 3 "2147483647 bytes .*limit is 4194304" "$@" ;;
        garbage) desk "peer: garbage frame" 3 "not a valid hadir.v1.Frame" "$@" ;;
        http) desk "peer: not a Hadir server" 3 "broke the protocol" "$@" ;;
        version) desk "peer: protocol version 2" 3 "version 2" "$@" ;;
        close) desk "peer: closes mid-call" 3 "middle of a frame.*may or may not" "$@" ;;
        goaway) desk "peer: GoAway mid-call" 3 "fake peer gives up" "$@" ;;
        silent) desk "peer: silent, deadline" 3 "did not answer within 2000 ms" "$@"
                sleep 0.5
                if grep -q cancel "$TMP/peer.log"; then
                    passed=$((passed + 1)); echo "ok   peer: Cancel sent at the deadline"
                else
                    failed=$((failed + 1)); echo "FAIL peer: no Cancel at the deadline"
                fi ;;
        field) desk "peer: refusal with hadir-field" 1 "^Kesalahan: fake refusal \(isian: code\)$" "$@"
               desk "peer: refusal with hadir-field, --lang en" 1 \
                   "^error: fake refusal \(field: code\)$" --lang en "$@" ;;
        ping) desk "peer: Ping answered, reply in 1-byte pieces" 0 \
                  "^HADIR  Fake Person .* Fake Org: ping ok" "$@" ;;
        shutdown) desk "peer: GoAway SHUTDOWN lets the call finish" 0 "^HADIR  .*shutdown ok" "$@" ;;
        metadata)
            # The peer answers each call with its RequestHead's metadata as the message.
            desk "peer: accept-language: id by default, after authorization" 0 \
                "^HADIR  Fake Person .*: authorization=Bearer $HADIR_TOKEN; accept-language=id$" "$@"
            desk "peer: accept-language: en with --lang en" 0 \
                "^IN  Fake Person .*: authorization=Bearer $HADIR_TOKEN; accept-language=en$" --lang en "$@"
            export HADIR_LANG=en
            desk "peer: accept-language: en with HADIR_LANG=en" 0 "^IN  .*: authorization=.*; accept-language=en$" "$@"
            unset HADIR_LANG
            desk "peer: accept-language without a token" 0 "^HADIR  .*: accept-language=id$" --token "" "$@" ;;
        hostile)
            # Names, messages and fields with escape sequences are shown as escapes.
            desk "peer: hostile check-in shown escaped" 0 \
                '^HADIR  Evil\\x1b]52;c;cm0gLXJmIH4K\\x07 \\u202eName\\u2066 .+ Org\\u009b31m\\x7f.*: in\\x1b\[2J\\u2028ok' "$@"
            safe_output "peer: hostile check-in, nothing a terminal obeys"
            desk "peer: hostile refusal shown escaped" 1 \
                '^Kesalahan: refused\\x1b]0;pwned\\x07\\u009d \(isian: co\\x1b]0;x\\x07de\)$' \
                --server "$PEER_SERVER" --event X checkin REFUSE-1
            safe_output "peer: hostile refusal, nothing a terminal obeys"
            desk "peer: hostile find shown escaped" 0 \
                '^K7M\\x1b\[5m +Evil\\x1b]52;c;cm0gLXJmIH4K\\x07 \\u202eName\\u2066 +Org\\u009b31m\\x7f.* +terdaftar +ya' \
                --server "$PEER_SERVER" --event X find evil
            safe_output "peer: hostile find, nothing a terminal obeys"
            printf 'AAA-AAAA\nREFUSE\033]52;c;eA==\007\n?evil\n' >"$TMP/in"
            desk "peer: hostile scan shown escaped" 0 \
                '^GAGAL  REFUSE\\x1b]52;c;eA==\\x07: refused\\x1b]0;pwned' \
                --server "$PEER_SERVER" --event X scan
            safe_output "peer: hostile scan, nothing a terminal obeys" ;;
        esac
        kill $PEER 2>/dev/null
        wait $PEER 2>/dev/null
    done
else
    echo "skip misbehaving-peer tests: no python3"
fi

echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
