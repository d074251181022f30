/* messages.c -- the texts of hadir-desk, one row per message, one column per language
 * (Bahasa Indonesia, English). See messages.h. */
#include "messages.h"

static const char *const texts[MSG_COUNT][HADIR_LANG_COUNT] = {
    [MSG_LANG] = {"id", "en"},
    [MSG_USAGE] = {
        "Penggunaan: hadir-desk [--server ALAMAT] [--token RAHASIA] [--event KODE]\n"
        "                       [--timeout DETIK] [--lang id|en]\n"
        "                       [--tls | --tls-pin sha256:HEKS | --tls-ca BERKAS]\n"
        "                       checkin KODE | find KATA... | scan\n"
        "\n"
        "  checkin KODE   mencatat kehadiran satu peserta untuk hari ini\n"
        "  find KATA...   mencari peserta berdasarkan sebagian nama atau instansi\n"
        "  scan           mencatat kehadiran setiap kode yang dibaca dari masukan\n"
        "                 standar, satu kode per baris (\"?kata\" untuk mencari;\n"
        "                 \"q\" atau akhir masukan untuk berhenti)\n"
        "\n"
        "Jika tidak diberikan, --server, --token dan --event diambil dari HADIR_SERVER\n"
        "(atau 127.0.0.1:7400), HADIR_TOKEN dan HADIR_EVENT; tanpa kegiatan, dipakai\n"
        "kegiatan yang ditetapkan untuk token.\n"
        "--lang menentukan bahasa hadir-desk dan bahasa pesan dari server: id (Bahasa\n"
        "Indonesia, bawaan) atau en (English); jika tidak diberikan, diambil dari\n"
        "HADIR_LANG.\n"
        "--tls menyambung dengan TLS dan mempercayai otoritas sertifikat komputer ini;\n"
        "--tls-pin sha256:HEKS hanya mempercayai sertifikat dengan sidik jari itu (yang\n"
        "dicetak hadird saat mulai dengan --tls auto); --tls-ca BERKAS mempercayai\n"
        "sertifikat yang ditandatangani otoritas dalam berkas PEM itu. Jika tidak\n"
        "diberikan, --tls-pin dan --tls-ca diambil dari HADIR_TLS_PIN dan HADIR_TLS_CA;\n"
        "sidik jari didahulukan, lalu berkas otoritas, lalu --tls. Soket Unix tetap\n"
        "tanpa TLS.\n"
        "Kode keluar: 0 tercatat hadir, 10 sudah hadir hari ini, 11 ditolak,\n"
        "1 permintaan ditolak server, 2 perintah tidak sesuai, 3 server tidak dapat\n"
        "dihubungi, terlalu lambat, atau sertifikat TLS-nya tidak dipercaya, 4 token\n"
        "tidak ada, tidak berlaku, atau tidak berwenang.\n",

        "usage: hadir-desk [--server ADDR] [--token SECRET] [--event CODE]\n"
        "                  [--timeout SECONDS] [--lang id|en]\n"
        "                  [--tls | --tls-pin sha256:HEX | --tls-ca FILE]\n"
        "                  checkin CODE | find WORDS... | scan\n"
        "\n"
        "  checkin CODE   check one person in for today\n"
        "  find WORDS...  find people by any part of their name or organization\n"
        "  scan           check in each code read from standard input, one per line\n"
        "                 (\"?words\" searches; \"q\" or end of input quits)\n"
        "\n"
        "--server, --token and --event default to HADIR_SERVER (else 127.0.0.1:7400),\n"
        "HADIR_TOKEN and HADIR_EVENT; without an event, the token's own event is used.\n"
        "--lang is the language of hadir-desk and of the server's messages: id (Bahasa\n"
        "Indonesia, the default) or en (English); it defaults to HADIR_LANG.\n"
        "--tls connects with TLS, trusting the certificate authorities of this machine;\n"
        "--tls-pin sha256:HEX trusts exactly the certificate with that fingerprint (the\n"
        "one hadird prints when it starts with --tls auto); --tls-ca FILE trusts\n"
        "certificates signed by the authority in that PEM file. --tls-pin and --tls-ca\n"
        "default to HADIR_TLS_PIN and HADIR_TLS_CA; a pin comes first, then a CA file,\n"
        "then --tls. A Unix socket stays plain.\n"
        "Exit: 0 checked in, 10 already checked in, 11 refused, 1 request refused,\n"
        "2 usage, 3 server unreachable, too slow, or its TLS certificate not trusted,\n"
        "4 token missing, bad or not allowed.\n"},
    /* the desk words, the same as the Swift command line's */
    [MSG_IN] = {"HADIR", "IN"},
    [MSG_ALREADY_IN] = {"SUDAH HADIR", "ALREADY IN"},
    [MSG_STOP] = {"DITOLAK", "STOP"},
    [MSG_NOT_RECORDED] = {"TIDAK TERCATAT", "NOT RECORDED"},
    [MSG_ERROR] = {"GAGAL", "ERROR"},
    [MSG_HEAD_CODE] = {"KODE", "CODE"},
    [MSG_HEAD_NAME] = {"NAMA", "NAME"},
    [MSG_HEAD_ORG] = {"INSTANSI", "ORGANIZATION"},
    [MSG_HEAD_STATUS] = {"STATUS", "STATUS"},
    [MSG_HEAD_IN_TODAY] = {"HADIR HARI INI", "IN TODAY"},
    [MSG_CONFIRMED] = {"terdaftar", "confirmed"},
    [MSG_WAITLISTED] = {"daftar tunggu", "waitlisted"},
    [MSG_CANCELLED] = {"batal", "cancelled"},
    [MSG_YES] = {"ya", "yes"},
    [MSG_NO] = {"tidak", "no"},
    /* sentences */
    [MSG_NOBODY] = {"Tidak ada yang cocok dengan \"%s\".", "Nobody matches \"%s\"."},
    [MSG_RETRY] = {"Mencoba lagi dalam %u detik...", "Trying again in %u s..."},
    [MSG_ERROR_PREFIX] = {"Kesalahan: ", "error: "},
    [MSG_FIELD] = {" (isian: %s)", " (field: %s)"},
    [MSG_OUT_OF_MEMORY] = {"memori tidak mencukupi.", "out of memory"},
    [MSG_NO_EVENT] = {
        "kegiatan belum ditentukan, dan token ini tidak terikat pada satu kegiatan. "
        "Silakan gunakan --event KODE atau isi HADIR_EVENT.",
        "no event given, and the token is not limited to one. Use --event CODE or set "
        "HADIR_EVENT."},
    [MSG_NEEDS_VALUE] = {"%s memerlukan sebuah nilai.", "%s needs a value"},
    [MSG_NOT_AN_OPTION] = {"%s bukan opsi yang dikenal.", "%s is not an option"},
    [MSG_BAD_LANG] = {
        "%s \"%s\" tidak dikenali. Bahasa yang tersedia: id (Bahasa Indonesia) atau en "
        "(English).",
        "%s \"%s\" is not a language hadir-desk speaks: use id (Bahasa Indonesia) or en "
        "(English)."},
    [MSG_BAD_TLS_PIN] = {
        "--tls-pin (atau HADIR_TLS_PIN) harus sha256: lalu 64 digit heksadesimal, seperti "
        "yang dicetak hadird saat mulai, bukan \"%s\".",
        "--tls-pin (or HADIR_TLS_PIN) must be sha256: and 64 hex digits, as hadird prints "
        "when it starts, not \"%s\"."},
    /* TLS, the same as the Swift command line's */
    [MSG_TLS_REQUIRED] = {
        "Server Hadir di %s hanya menerima sambungan TLS. Sambungkan dengan --tls-pin "
        "sha256:\xe2\x80\xa6 (sidik jari yang dicetak hadird saat mulai) atau dengan "
        "--tls.",
        "The Hadir server at %s takes TLS connections only. Connect with --tls-pin "
        "sha256:\xe2\x80\xa6 (the fingerprint hadird printed when it started) or with "
        "--tls."},
    [MSG_TLS_NOT_OFFERED] = {
        "Server Hadir di %s tidak menjawab dengan TLS: mungkin server itu tidak memakai "
        "TLS. Sambungkan tanpa --tls dan --tls-pin, atau tanyakan pengelolanya.",
        "The Hadir server at %s did not answer in TLS: it may not use TLS. Connect "
        "without --tls and --tls-pin, or ask its operator."},
    [MSG_TLS_PIN_MISMATCH] = {
        "Server Hadir di %s menunjukkan sertifikat %s, bukan yang disematkan %s. Jika "
        "sertifikat server dibuat ulang, sematkan sidik jari baru yang dicetak hadird; "
        "jika tidak, ini bukan server Anda: jangan disambungkan.",
        "The Hadir server at %s presented the certificate %s, not the pinned %s. If its "
        "certificate was made anew, pin the new fingerprint hadird printed; otherwise "
        "this is not your server: do not connect."},
    [MSG_TLS_EXPIRED] = {
        "Server Hadir di %s menunjukkan sertifikat yang kedaluwarsa pada %s. Minta "
        "pengelolanya memperbaruinya.",
        "The Hadir server at %s presented a certificate that expired on %s. Ask its "
        "operator to renew it."},
    [MSG_TLS_UNTRUSTED] = {
        "Server Hadir di %s menunjukkan sertifikat yang tidak dipercaya komputer ini "
        "(kedaluwarsa, ditandatangani pihak yang tidak dikenal, atau dibuat untuk nama "
        "lain). Untuk server dengan sertifikatnya sendiri, sematkan dengan --tls-pin.",
        "The Hadir server at %s presented a certificate this machine does not trust "
        "(expired, signed by an unknown authority, or made for another name). For a "
        "server with its own certificate, pin it with --tls-pin."},
    [MSG_TLS_SETUP] = {
        "TLS ke server Hadir di %s tidak dapat disiapkan: berkas otoritas sertifikat %s "
        "(--tls-ca atau HADIR_TLS_CA) tidak dapat dibaca atau tidak berisi sertifikat "
        "PEM.",
        "Cannot set up TLS to the Hadir server at %s: the certificate authority file %s "
        "(--tls-ca or HADIR_TLS_CA) cannot be read or holds no PEM certificate."},
};

const char *hadir_text(hadir_lang lang, hadir_msg id) {
    return texts[id][lang];
}
