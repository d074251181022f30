#!/bin/sh
# hadir-desk end to end, under valgrind: against a real hadird set up with the Swift
# hadir command line, then against a misbehaving peer (tests/fakepeer.py), then over TLS
# (hadird --tls auto and --tls-cert, and openssl s_server for certificates hadird would
# not serve).
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
    for f in "$TMP"/hadird*.log; do [ -f "$f" ] && sed 's/^/  hadird | /' "$f" >&2; done
    exit 1
}

# desk NAME EXIT PATTERN [ARGS...]: runs hadir-desk under valgrind, with standard input
# from $TMP/in, and expects exit status EXIT, output matching the extended regular
# expression PATTERN, and a silent valgrind.
desk() {
    name=$1 want=$2 pattern=$3
    shift 3
    started=$(date +%s)
    # shellcheck disable=SC2086
    $VALGRIND --log-file="$TMP/vg" "$DESK" "$@" <"$TMP/in" >"$TMP/out" 2>"$TMP/err"
    got=$?
    took=$(($(date +%s) - started))
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

# ------------------------------------------------------------------ TLS
# start_hadird NAME ARGS...: starts hadird on a free port of 127.0.0.1 with ARGS, its
# standard output in $TMP/NAME.out and its log in $TMP/hadird-NAME.log; sets STARTED
# (its process id) and STARTED_PORT.
start_hadird() {
    name=$1
    shift
    for attempt in 1 2 3; do
        "$HADIR_BIN/hadird" --listen 127.0.0.1:0 "$@" >"$TMP/$name.out" 2>"$TMP/hadird-$name.log" &
        STARTED=$!
        i=0
        while [ $i -lt 300 ] && kill -0 $STARTED 2>/dev/null; do
            grep -qs 'listening on' "$TMP/hadird-$name.log" && break
            sleep 0.1
            i=$((i + 1))
        done
        grep -qs 'listening on' "$TMP/hadird-$name.log" && break
        kill $STARTED 2>/dev/null
        sleep 2
    done
    PIDS="$PIDS $STARTED"
    STARTED_PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$TMP/hadird-$name.log" | head -n 1)
    [ -n "$STARTED_PORT" ] || die "hadird $* did not say which port it listens on"
}

# at_once NAME: the last desk run did not try again (which would take 7 s of pauses)
# and ended by itself within 6 s, valgrind included: a TLS problem is told at once, and
# nothing hangs.
at_once() {
    check "$1" sh -c '[ "$1" -le 6 ] && ! grep -Eq "Mencoba lagi|Trying again" "$2"' - "$took" "$TMP/all"
}

PLAIN_SERVER=127.0.0.1:$PORT
start_hadird tls --tls auto --socket "$TMP/tls.sock" --database "$TMP/tls.sqlite"
TLS_HADIRD=$STARTED
FP=$(sed -n 's/^TLS fingerprint: //p' "$TMP/tls.out" | head -n 1)
echo "$FP" | grep -Eq '^sha256:[0-9a-f]{64}$' || die "hadird --tls auto printed no fingerprint"
export HADIR_SERVER=127.0.0.1:$STARTED_PORT
TLS_SERVER=$HADIR_SERVER

# Set up through the Unix socket, which stays plain.
TLS_ADMIN=$(cat "$TMP/tls.sqlite.admin-token") || die "no admin token file for the TLS hadird"
hadir_tls() { HADIR_TOKEN=$TLS_ADMIN "$HADIR_BIN/hadir" --server "$TMP/tls.sock" "$@"; }
hadir_tls event create $EVENT --title "Kick-off Meeting ILP Kabupaten Banggai" \
    --first-day "$YESTERDAY" --last-day "$TOMORROW" --capacity 5 \
    --time-zone Asia/Makassar >/dev/null || die "hadir event create (TLS hadird) failed"
TSITI=$(hadir_tls register --event $EVENT --name "Siti Nurhaliza" --organization "Dinkes Banggai" --json |
    json_field code)
TBUDI=$(hadir_tls register --event $EVENT --name "Budi Santoso" --organization "Puskesmas Luwuk" --json |
    json_field code)
TSECRET=$(hadir_tls token create --name "desk tls" --role desk --event $EVENT --json |
    json_field secret)
[ -n "$TSITI" ] && [ -n "$TBUDI" ] && [ -n "$TSECRET" ] ||
    die "setting up the TLS hadird through the hadir command line failed"
export HADIR_TOKEN=$TSECRET
WRONG_PIN=sha256:$(printf '%064d' 0)
# the fingerprint as `openssl x509 -fingerprint` prints it: upper case, with colons
FP_COLONS=$(echo "${FP#sha256:}" | tr a-f A-F | sed 's/../&:/g; s/:$//')

desk "tls: pinned checkin" 0 "^HADIR  Siti Nurhaliza · Dinkes Banggai: .*Selamat datang" \
    --tls-pin "$FP" checkin "$TSITI"
desk "tls: pinned find, --lang en" 0 "^$TSITI +Siti Nurhaliza +Dinkes Banggai +confirmed +yes$" \
    --lang en --tls-pin "$FP" find siti
printf '%s\n%s\n?budi\n' "$TBUDI" "$TSITI" >"$TMP/in"
desk "tls: pinned scan, three calls on one connection" 0 "^HADIR  Budi Santoso" --tls-pin "$FP" scan
also "tls: pinned scan: already in" "^SUDAH HADIR  Siti Nurhaliza"
also "tls: pinned scan: a search" "Puskesmas Luwuk +terdaftar +ya$"
export HADIR_TLS_PIN=$FP_COLONS
desk "tls: HADIR_TLS_PIN as openssl prints it" 10 "^SUDAH HADIR  Siti" checkin "$TSITI"
desk "tls: HADIR_TLS_PIN before --tls-ca" 10 "^SUDAH HADIR  Siti" --tls-ca "$TMP/none.pem" checkin "$TSITI"
desk "tls: --tls-pin before HADIR_TLS_PIN" 3 "bukan yang disematkan $WRONG_PIN" --tls-pin "$WRONG_PIN" checkin "$TSITI"
unset HADIR_TLS_PIN
desk "tls: --tls-pin before --tls-ca and --tls" 10 "^SUDAH HADIR  Siti" --tls --tls-ca "$TMP/none.pem" \
    --tls-pin "sha256:$FP_COLONS" checkin "$TSITI"

desk "tls: wrong pin" 3 \
    "^Kesalahan: Server Hadir di $TLS_SERVER menunjukkan sertifikat $FP, bukan yang disematkan $WRONG_PIN\. Jika sertifikat server dibuat ulang" \
    --tls-pin "$WRONG_PIN" checkin "$TSITI"
at_once "tls: wrong pin: told at once"
desk "tls: wrong pin, --lang en" 3 \
    "^error: The Hadir server at $TLS_SERVER presented the certificate $FP, not the pinned $WRONG_PIN\. .*do not connect\.$" \
    --lang en --tls-pin "$WRONG_PIN" checkin "$TSITI"
printf '%s\n' "$TSITI" >"$TMP/in"
desk "tls: wrong pin, scan" 0 "^TIDAK TERCATAT  $TSITI: Server Hadir di .* bukan yang disematkan" \
    --event $EVENT --tls-pin "$WRONG_PIN" scan

desk "tls: plain desk at a TLS port" 3 \
    "^Kesalahan: Server Hadir di $TLS_SERVER hanya menerima sambungan TLS\. Sambungkan dengan --tls-pin sha256:… \(sidik jari yang dicetak hadird saat mulai\) atau dengan --tls\.$" \
    checkin "$TSITI"
at_once "tls: plain desk at a TLS port: told at once"
desk "tls: plain desk at a TLS port, --lang en" 3 \
    "^error: The Hadir server at $TLS_SERVER takes TLS connections only\. Connect with --tls-pin sha256:… \(the fingerprint hadird printed when it started\) or with --tls\.$" \
    --lang en checkin "$TSITI"

desk "tls: --tls-pin at a plain port" 3 \
    "^Kesalahan: Server Hadir di $PLAIN_SERVER tidak menjawab dengan TLS: mungkin server itu tidak memakai TLS\. Sambungkan tanpa --tls dan --tls-pin, atau tanyakan pengelolanya\.$" \
    --server "$PLAIN_SERVER" --token "$SECRET" --tls-pin "$FP" checkin "$SITI"
at_once "tls: --tls-pin at a plain port: told at once"
desk "tls: --tls at a plain port, --lang en" 3 \
    "^error: The Hadir server at $PLAIN_SERVER did not answer in TLS: it may not use TLS\. Connect without --tls and --tls-pin, or ask its operator\.$" \
    --lang en --server "$PLAIN_SERVER" --token "$SECRET" --tls checkin "$SITI"

desk "tls: --tls refuses a self-signed certificate" 3 \
    "^Kesalahan: Server Hadir di $TLS_SERVER menunjukkan sertifikat yang tidak dipercaya komputer ini \(kedaluwarsa, ditandatangani pihak yang tidak dikenal, atau dibuat untuk nama lain\)\. Untuk server dengan sertifikatnya sendiri, sematkan dengan --tls-pin\.$" \
    --tls checkin "$TSITI"
at_once "tls: --tls refuses a self-signed certificate: told at once"
desk "tls: --tls refuses a self-signed certificate, --lang en" 3 \
    "^error: The Hadir server at $TLS_SERVER presented a certificate this machine does not trust \(expired, signed by an unknown authority, or made for another name\)\. For a server with its own certificate, pin it with --tls-pin\.$" \
    --lang en --tls checkin "$TSITI"
export HADIR_TLS_CA="$TMP/none.pem"
desk "tls: HADIR_TLS_CA before --tls, a missing file" 3 \
    "^Kesalahan: TLS ke server Hadir di $TLS_SERVER tidak dapat disiapkan: berkas otoritas sertifikat $TMP/none\.pem" \
    --tls checkin "$TSITI"
desk "tls: a missing CA file, --lang en" 3 \
    "^error: Cannot set up TLS to the Hadir server at $TLS_SERVER: the certificate authority file $TMP/none\.pem" \
    --lang en checkin "$TSITI"
unset HADIR_TLS_CA
desk "tls: a Unix socket stays plain" 10 "^SUDAH HADIR  Siti" --server "$TMP/tls.sock" --tls-pin "$WRONG_PIN" checkin "$TSITI"

desk "tls: usage: bad pin" 2 \
    '^Kesalahan: --tls-pin \(atau HADIR_TLS_PIN\) harus sha256: lalu 64 digit heksadesimal, seperti yang dicetak hadird saat mulai, bukan "sha256:1234"\.$' \
    --tls-pin sha256:1234 checkin "$TSITI"
also "tls: usage: bad pin, then the help" "^Penggunaan: hadir-desk"
desk "tls: usage: bad pin, --lang en" 2 \
    '^error: --tls-pin \(or HADIR_TLS_PIN\) must be sha256: and 64 hex digits, as hadird prints when it starts, not "nonsense"\.$' \
    --lang en --tls-pin nonsense checkin "$TSITI"
export HADIR_TLS_PIN="sha256:$FP"
desk "tls: usage: bad HADIR_TLS_PIN" 2 '^Kesalahan: --tls-pin \(atau HADIR_TLS_PIN\) .*bukan "sha256:sha256:' checkin "$TSITI"
unset HADIR_TLS_PIN
desk "tls: usage: --tls-pin without a value" 2 "^Kesalahan: --tls-pin memerlukan sebuah nilai\.$" checkin "$TSITI" --tls-pin
desk "tls: usage: an empty --tls-ca, --lang en" 2 "^error: --tls-ca needs a value$" --lang en --tls-ca "" checkin "$TSITI"
desk "help: TLS" 0 "^--tls-pin sha256:HEKS hanya mempercayai sertifikat" --help
desk "help: TLS, --lang en" 0 "^--tls-pin sha256:HEX trusts exactly the certificate" --lang en --help

if command -v openssl >/dev/null 2>&1; then
    check "tls: hadird's fingerprint is openssl's" sh -c \
        '[ "$(openssl x509 -noout -fingerprint -sha256 -in "$1" | sed "s/.*=//")" = "$2" ]' \
        - "$TMP/tls.sqlite-tls-cert.pem" "$FP_COLONS"

    # A test authority, and certificates it signs (for 127.0.0.1 and localhost unless
    # said otherwise) with the given dates, through `openssl ca`, which takes any dates.
    PKI=$TMP/pki
    mkdir "$PKI" || die "cannot make $PKI"
    : >"$PKI/index.txt"
    echo 01 >"$PKI/serial"
    {
        echo "[req]"
        echo "distinguished_name = dn"
        echo "[dn]"
        echo "[ca]"
        echo "default_ca = test_ca"
        echo "[test_ca]"
        echo "database = $PKI/index.txt"
        echo "new_certs_dir = $PKI"
        echo "serial = $PKI/serial"
        echo "default_md = sha256"
        echo "policy = any_name"
        echo "unique_subject = no"
        echo "[any_name]"
        echo "commonName = supplied"
        echo "[authority]"
        echo "basicConstraints = critical,CA:TRUE"
        echo "keyUsage = critical,keyCertSign,cRLSign"
        echo "subjectKeyIdentifier = hash"
        echo "[server]"
        echo "basicConstraints = CA:FALSE"
        echo "subjectAltName = IP:127.0.0.1,DNS:localhost"
        echo "[other_name]"
        echo "basicConstraints = CA:FALSE"
        echo "subjectAltName = DNS:other.example"
    } >"$PKI/openssl.cnf"
    pki() { openssl "$@" >>"$PKI/log" 2>&1 || die "openssl $1 failed: $(tail -n 5 "$PKI/log")"; }
    # authority NAME
    authority() {
        pki req -config "$PKI/openssl.cnf" -x509 -extensions authority -days 30 -newkey ec \
            -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=Hadir test $1" \
            -keyout "$PKI/$1.key" -out "$PKI/$1.pem"
    }
    # certificate NAME AUTHORITY EXTENSIONS START END (dates as YYYYMMDDHHMMSSZ)
    certificate() {
        pki req -config "$PKI/openssl.cnf" -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
            -nodes -subj "/CN=$1" -keyout "$PKI/$1.key" -out "$PKI/$1.csr"
        pki ca -config "$PKI/openssl.cnf" -batch -notext -cert "$PKI/$2.pem" -keyfile "$PKI/$2.key" \
            -extensions "$3" -startdate "$4" -enddate "$5" -in "$PKI/$1.csr" -out "$PKI/$1.pem"
        chmod 600 "$PKI/$1.key"
    }
    fingerprint() { openssl x509 -noout -fingerprint -sha256 -in "$PKI/$1.pem" | sed 's/.*=//'; }
    A_DAY_AGO=$(date -u -d yesterday +%Y%m%d%H%M%SZ)
    IN_30_DAYS=$(date -u -d '30 days' +%Y%m%d%H%M%SZ)
    authority ca
    authority other-ca
    certificate good ca server "$A_DAY_AGO" "$IN_30_DAYS"
    certificate expired ca server 20200101000000Z 20200201000000Z
    certificate early ca server "$(date -u -d '10 days' +%Y%m%d%H%M%SZ)" "$(date -u -d '40 days' +%Y%m%d%H%M%SZ)"
    certificate elsewhere ca other_name "$A_DAY_AGO" "$IN_30_DAYS"

    # hadird with a certificate of the test authority, on the same database.
    kill "$TLS_HADIRD"
    wait "$TLS_HADIRD" 2>/dev/null
    start_hadird ca --tls-cert "$PKI/good.pem" --tls-key "$PKI/good.key" --database "$TMP/tls.sqlite"
    export HADIR_SERVER=127.0.0.1:$STARTED_PORT
    desk "tls: --tls-ca" 10 "^SUDAH HADIR  Siti Nurhaliza" --tls-ca "$PKI/ca.pem" checkin "$TSITI"
    export HADIR_TLS_CA="$PKI/ca.pem"
    desk "tls: HADIR_TLS_CA, a host name, --lang en" 10 "^ALREADY IN  Siti Nurhaliza" --lang en \
        --server "localhost:$STARTED_PORT" checkin "$TSITI"
    unset HADIR_TLS_CA
    desk "tls: --tls refuses a certificate of an unknown authority" 3 \
        "^Kesalahan: Server Hadir di 127\.0\.0\.1:$STARTED_PORT menunjukkan sertifikat yang tidak dipercaya" \
        --tls checkin "$TSITI"
    desk "tls: --tls-ca of another authority" 3 "^error: The Hadir server at .* does not trust" \
        --lang en --tls-ca "$PKI/other-ca.pem" checkin "$TSITI"
    desk "tls: --tls-pin of a CA-signed certificate" 10 "^SUDAH HADIR" --tls-pin "$(fingerprint good)" checkin "$TSITI"

    # Certificates hadird would not serve, shown by openssl s_server: only the handshake
    # matters.
    # s_server NAME: serves the certificate NAME on a free port; sets S_PID and S_SERVER.
    s_server() {
        rm -f "$TMP/s_server.out"
        openssl s_server -accept 127.0.0.1:0 -www -cert "$PKI/$1.pem" -key "$PKI/$1.key" \
            </dev/null >"$TMP/s_server.out" 2>&1 &
        S_PID=$!
        PIDS="$PIDS $S_PID"
        i=0
        while [ $i -lt 100 ] && ! grep -qs '^ACCEPT' "$TMP/s_server.out"; do sleep 0.1; i=$((i + 1)); done
        S_SERVER=$(sed -n 's/^ACCEPT \(127\.0\.0\.1:[0-9][0-9]*\)$/\1/p' "$TMP/s_server.out")
        [ -n "$S_SERVER" ] || die "openssl s_server did not start: $(cat "$TMP/s_server.out")"
    }
    s_server expired
    desk "tls: pinned, expired" 3 \
        "^Kesalahan: Server Hadir di $S_SERVER menunjukkan sertifikat yang kedaluwarsa pada 2020-02-01\. Minta pengelolanya memperbaruinya\.$" \
        --server "$S_SERVER" --tls-pin "$(fingerprint expired)" checkin "$TSITI"
    at_once "tls: pinned, expired: told at once"
    desk "tls: pinned, expired, --lang en" 3 \
        "^error: The Hadir server at $S_SERVER presented a certificate that expired on 2020-02-01\. Ask its operator to renew it\.$" \
        --lang en --server "$S_SERVER" --tls-pin "$(fingerprint expired)" checkin "$TSITI"
    desk "tls: --tls-ca, expired" 3 "^error: .* presented a certificate that expired on 2020-02-01\." \
        --lang en --server "$S_SERVER" --tls-ca "$PKI/ca.pem" checkin "$TSITI"
    desk "tls: expired, another pin" 3 "presented the certificate sha256:[0-9a-f]{64}, not the pinned $FP\." \
        --lang en --server "$S_SERVER" --tls-pin "$FP" checkin "$TSITI"
    kill "$S_PID"
    wait "$S_PID" 2>/dev/null
    s_server early
    desk "tls: pinned, not valid yet" 3 "^error: The Hadir server at $S_SERVER presented a certificate this machine does not trust" \
        --lang en --server "$S_SERVER" --tls-pin "$(fingerprint early)" checkin "$TSITI"
    kill "$S_PID"
    wait "$S_PID" 2>/dev/null
    s_server elsewhere
    desk "tls: --tls-ca, made for another name" 3 "^Kesalahan: Server Hadir di $S_SERVER menunjukkan sertifikat yang tidak dipercaya" \
        --server "$S_SERVER" --tls-ca "$PKI/ca.pem" checkin "$TSITI"
    kill "$S_PID"
    wait "$S_PID" 2>/dev/null
else
    echo "skip TLS tests with certificates of a test authority: no openssl"
fi

echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
