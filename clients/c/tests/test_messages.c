/* test_messages.c -- hadir-desk's texts: every message in every language, with the
 * same printf arguments in each; the words and the TLS messages the same as the Swift
 * command line's. */
#include <stdio.h>
#include <string.h>

#include "messages.h"

static int passed, failed;

#define CHECK(cond) do { if (cond) passed++; else { failed++; \
    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

/* The conversions of printf format s, in order, one letter each ('*' for a width or
 * precision taken from the arguments): "%-10s %u%%" gives "su". */
static void conversions(const char *s, char *out, size_t size) {
    size_t n = 0;

    for (; *s; s++) {
        if (*s != '%') continue;
        for (s++; *s && strchr("-+ #0123456789.*hlLjzt", *s); s++)
            if (*s == '*' && n + 1 < size) out[n++] = '*';
        if (*s == '\0') break;
        if (*s != '%' && n + 1 < size) out[n++] = *s;
    }
    out[n] = '\0';
}

static void test_conversions(void) {
    char got[16];

    conversions("no placeholder", got, sizeof(got));
    CHECK(strcmp(got, "") == 0);
    conversions("100%% \"%s\" in %u s, %-*s, %ld", got, sizeof(got));
    CHECK(strcmp(got, "su*sd") == 0);
    conversions("cut %", got, sizeof(got));
    CHECK(strcmp(got, "") == 0);
}

static const char *lang_name(int l) {
    return l == HADIR_LANG_ID ? "Bahasa Indonesia" : "English";
}

/* Every message exists, not empty, in every language, with the same conversions as in
 * the first language. */
static void test_every_message(void) {
    char first[32], other[32];
    int id, l;

    for (id = 0; id < MSG_COUNT; id++) {
        const char *base = hadir_text((hadir_lang)0, (hadir_msg)id);
        for (l = 0; l < HADIR_LANG_COUNT; l++) {
            const char *t = hadir_text((hadir_lang)l, (hadir_msg)id);
            if (t != NULL && *t != '\0') {
                passed++;
            } else {
                failed++;
                fprintf(stderr, "FAIL message %d has no %s text\n", id, lang_name(l));
            }
            if (l == 0 || t == NULL || base == NULL) continue;
            conversions(base, first, sizeof(first));
            conversions(t, other, sizeof(other));
            if (strcmp(first, other) == 0) {
                passed++;
            } else {
                failed++;
                fprintf(stderr, "FAIL message %d: conversions \"%s\" in %s, \"%s\" in "
                        "%s\n", id, first, lang_name(0), other, lang_name(l));
            }
        }
    }
}

/* The words a clerk sees, the same as the Swift command line's; the language codes. */
static void test_desk_words(void) {
    static const struct { hadir_msg id; const char *id_text, *en_text; } want[] = {
        {MSG_LANG, "id", "en"},
        {MSG_IN, "HADIR", "IN"},
        {MSG_ALREADY_IN, "SUDAH HADIR", "ALREADY IN"},
        {MSG_STOP, "DITOLAK", "STOP"},
        {MSG_NOT_RECORDED, "TIDAK TERCATAT", "NOT RECORDED"},
        {MSG_ERROR, "GAGAL", "ERROR"},
        {MSG_HEAD_CODE, "KODE", "CODE"},
        {MSG_HEAD_NAME, "NAMA", "NAME"},
        {MSG_HEAD_ORG, "INSTANSI", "ORGANIZATION"},
        {MSG_HEAD_STATUS, "STATUS", "STATUS"},
        {MSG_HEAD_IN_TODAY, "HADIR HARI INI", "IN TODAY"},
        {MSG_CONFIRMED, "terdaftar", "confirmed"},
        {MSG_WAITLISTED, "daftar tunggu", "waitlisted"},
        {MSG_CANCELLED, "batal", "cancelled"},
        {MSG_YES, "ya", "yes"},
        {MSG_NO, "tidak", "no"}};
    size_t i;

    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const char *id_text = hadir_text(HADIR_LANG_ID, want[i].id);
        const char *en_text = hadir_text(HADIR_LANG_EN, want[i].id);
        CHECK(id_text != NULL && strcmp(id_text, want[i].id_text) == 0);
        CHECK(en_text != NULL && strcmp(en_text, want[i].en_text) == 0);
    }
}

/* The TLS messages and the pin's usage error, word for word those of the Swift command
 * line (with ADDR, X and Y for what it puts in). */
static void test_tls_texts(void) {
    static const struct { hadir_msg id; const char *id_text, *en_text; } want[] = {
        {MSG_TLS_REQUIRED,
         "Server Hadir di ADDR hanya menerima sambungan TLS. Sambungkan dengan --tls-pin "
         "sha256:\xe2\x80\xa6 (sidik jari yang dicetak hadird saat mulai) atau dengan --tls.",
         "The Hadir server at ADDR takes TLS connections only. Connect with --tls-pin "
         "sha256:\xe2\x80\xa6 (the fingerprint hadird printed when it started) or with "
         "--tls."},
        {MSG_TLS_NOT_OFFERED,
         "Server Hadir di ADDR tidak menjawab dengan TLS: mungkin server itu tidak memakai "
         "TLS. Sambungkan tanpa --tls dan --tls-pin, atau tanyakan pengelolanya.",
         "The Hadir server at ADDR did not answer in TLS: it may not use TLS. Connect "
         "without --tls and --tls-pin, or ask its operator."},
        {MSG_TLS_PIN_MISMATCH,
         "Server Hadir di ADDR menunjukkan sertifikat X, bukan yang disematkan Y. Jika "
         "sertifikat server dibuat ulang, sematkan sidik jari baru yang dicetak hadird; "
         "jika tidak, ini bukan server Anda: jangan disambungkan.",
         "The Hadir server at ADDR presented the certificate X, not the pinned Y. If its "
         "certificate was made anew, pin the new fingerprint hadird printed; otherwise "
         "this is not your server: do not connect."},
        {MSG_TLS_EXPIRED,
         "Server Hadir di ADDR menunjukkan sertifikat yang kedaluwarsa pada X. Minta "
         "pengelolanya memperbaruinya.",
         "The Hadir server at ADDR presented a certificate that expired on X. Ask its "
         "operator to renew it."},
        {MSG_TLS_UNTRUSTED,
         "Server Hadir di ADDR menunjukkan sertifikat yang tidak dipercaya komputer ini "
         "(kedaluwarsa, ditandatangani pihak yang tidak dikenal, atau dibuat untuk nama "
         "lain). Untuk server dengan sertifikatnya sendiri, sematkan dengan --tls-pin.",
         "The Hadir server at ADDR presented a certificate this machine does not trust "
         "(expired, signed by an unknown authority, or made for another name). For a "
         "server with its own certificate, pin it with --tls-pin."}};
    char got[1024];
    size_t i;
    int l;

    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        for (l = 0; l < HADIR_LANG_COUNT; l++) {
            const char *expect = l == HADIR_LANG_ID ? want[i].id_text : want[i].en_text;
            snprintf(got, sizeof(got), hadir_text((hadir_lang)l, want[i].id), "ADDR", "X",
                     "Y");
            if (strcmp(got, expect) == 0) {
                passed++;
            } else {
                failed++;
                fprintf(stderr, "FAIL message %d in %s:\n  got  %s\n  want %s\n",
                        (int)want[i].id, lang_name(l), got, expect);
            }
        }
    }
    snprintf(got, sizeof(got), hadir_text(HADIR_LANG_EN, MSG_BAD_TLS_PIN), "X");
    CHECK(strcmp(got, "--tls-pin (or HADIR_TLS_PIN) must be sha256: and 64 hex digits, as "
                      "hadird prints when it starts, not \"X\".") == 0);
    snprintf(got, sizeof(got), hadir_text(HADIR_LANG_ID, MSG_BAD_TLS_PIN), "X");
    CHECK(strcmp(got, "--tls-pin (atau HADIR_TLS_PIN) harus sha256: lalu 64 digit "
                      "heksadesimal, seperti yang dicetak hadird saat mulai, bukan \"X\".") == 0);
}

int main(void) {
    test_conversions();
    test_every_message();
    test_desk_words();
    test_tls_texts();
    printf("test-messages: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
