/* test_messages.c -- hadir-desk's texts: every message in every language, with the
 * same printf arguments in each. */
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

int main(void) {
    test_conversions();
    test_every_message();
    test_desk_words();
    printf("test-messages: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
