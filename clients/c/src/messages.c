/* messages.c -- the texts of hadir-desk, one row per message, one column per language
 * (Bahasa Indonesia, English). See messages.h. */
#include "messages.h"

static const char *const texts[MSG_COUNT][HADIR_LANG_COUNT] = {
    [MSG_LANG] = {"id", "en"},
    [MSG_USAGE] = {
        "Penggunaan: hadir-desk [--server ALAMAT] [--token RAHASIA] [--event KODE]\n"
        "                       [--timeout DETIK] [--lang id|en]\n"
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
        "Kode keluar: 0 tercatat hadir, 10 sudah hadir hari ini, 11 ditolak,\n"
        "1 permintaan ditolak server, 2 perintah tidak sesuai, 3 server tidak dapat\n"
        "dihubungi atau terlalu lambat, 4 token tidak ada, tidak berlaku, atau tidak\n"
        "berwenang.\n",

        "usage: hadir-desk [--server ADDR] [--token SECRET] [--event CODE]\n"
        "                  [--timeout SECONDS] [--lang id|en]\n"
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
        "Exit: 0 checked in, 10 already checked in, 11 refused, 1 request refused,\n"
        "2 usage, 3 server unreachable or too slow, 4 token missing, bad or not\n"
        "allowed.\n"},
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
};

const char *hadir_text(hadir_lang lang, hadir_msg id) {
    return texts[id][lang];
}
