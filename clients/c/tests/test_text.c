/* test_text.c -- hadir_safe_text(): server text made safe to print on a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hadir.h"

static int passed, failed;

#define CHECK(cond) do { if (cond) passed++; else { failed++; \
    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

#define FFFD "\xef\xbf\xbd"

/* Checks that hadir_safe_text(in) is exactly want; prints both when not. */
static void expect_at(int line, const char *in, const char *want) {
    char *got = hadir_safe_text(in);

    if (got != NULL && strcmp(got, want) == 0) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s:%d: hadir_safe_text(\"%s\")\n     got  \"%s\"\n"
                "     want \"%s\"\n", __FILE__, line, in ? "..." : "NULL",
                got ? got : "(NULL)", want);
    }
    free(got);
}
#define EXPECT(in, want) expect_at(__LINE__, in, want)

/* The same with an explicit length, from a buffer that has no byte past len (valgrind
 * reports any read beyond it). */
static void expect_len_at(int line, const char *in, size_t len, const char *want) {
    char *buf = malloc(len ? len : 1), *got;

    memcpy(buf, in, len);
    got = hadir_safe_text_len(buf, len);
    if (got != NULL && strcmp(got, want) == 0) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s:%d: hadir_safe_text_len(..., %zu)\n     got  \"%s\"\n"
                "     want \"%s\"\n", __FILE__, line, len, got ? got : "(NULL)", want);
    }
    free(got);
    free(buf);
}
#define EXPECT_LEN(in, len, want) expect_len_at(__LINE__, in, len, want)

static size_t put_utf8(char *o, unsigned long cp) {
    if (cp < 0x80) return o[0] = (char)cp, 1;
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6), o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12), o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | cp >> 18), o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3f)), o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* The code points the brief names, written down independently of text.c. */
static int forbidden(unsigned long cp) {
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* The length of the well-formed UTF-8 sequence at s (Unicode Table 3-7), or 0. */
static size_t well_formed(const unsigned char *s, size_t len) {
    static const unsigned char row[9][9] = { /* length, then low and high of each byte */
        {1, 0x00, 0x7f},
        {2, 0xc2, 0xdf, 0x80, 0xbf},
        {3, 0xe0, 0xe0, 0xa0, 0xbf, 0x80, 0xbf},
        {3, 0xe1, 0xec, 0x80, 0xbf, 0x80, 0xbf},
        {3, 0xed, 0xed, 0x80, 0x9f, 0x80, 0xbf},
        {3, 0xee, 0xef, 0x80, 0xbf, 0x80, 0xbf},
        {4, 0xf0, 0xf0, 0x90, 0xbf, 0x80, 0xbf, 0x80, 0xbf},
        {4, 0xf1, 0xf3, 0x80, 0xbf, 0x80, 0xbf, 0x80, 0xbf},
        {4, 0xf4, 0xf4, 0x80, 0x8f, 0x80, 0xbf, 0x80, 0xbf}};
    size_t r, i;

    for (r = 0; r < 9; r++) {
        for (i = 0; i < row[r][0] && i < len; i++)
            if (s[i] < row[r][1 + 2 * i] || s[i] > row[r][2 + 2 * i]) break;
        if (i == row[r][0]) return i;
    }
    return 0;
}

/* 1 when s is well-formed UTF-8 with no byte below 0x20, no DEL and no forbidden code
 * point: nothing in it a terminal would obey. */
static int printable(const char *text) {
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text), i = 0, n;

    while (i < len) {
        if ((n = well_formed(s + i, len - i)) == 0 || s[i] < 0x20 || s[i] == 0x7f) return 0;
        if (n == 2 && s[i] == 0xc2 && s[i + 1] <= 0x9f) return 0;
        if (n == 3 && s[i] == 0xe2 && s[i + 1] == 0x80 && s[i + 2] >= 0xa8 && s[i + 2] <= 0xae)
            return 0;
        if (n == 3 && s[i] == 0xe2 && s[i + 1] == 0x81 && s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9)
            return 0;
        i += n;
    }
    return 1;
}

static void test_ordinary_text(void) {
    EXPECT("", "");
    EXPECT("Siti Nurhaliza", "Siti Nurhaliza");
    EXPECT("Dr. Ni Komang Ayu Suryaningsih, M.Kes", "Dr. Ni Komang Ayu Suryaningsih, M.Kes");
    EXPECT("Jos\xc3\xa9 M\xc3\xbcller", "Jos\xc3\xa9 M\xc3\xbcller"); /* José Müller */
    EXPECT("Ni Luh Putu Ary Pebriyanti, S.K.M. (Dinkes Prov. Bali) \xc2\xb7 K7M-4PQX",
           "Ni Luh Putu Ary Pebriyanti, S.K.M. (Dinkes Prov. Bali) \xc2\xb7 K7M-4PQX");
    EXPECT("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf"); /* Arabic */
    EXPECT("\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7",   /* Devanagari with ZWJ */
           "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7");
    EXPECT("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99 \xf0\x9f\x98\x80",    /* CJK, an emoji */
           "\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99 \xf0\x9f\x98\x80");
    EXPECT("a\xc2\xa0" "b\xc2\xa9", "a\xc2\xa0" "b\xc2\xa9"); /* U+00A0, U+00A9: not C1 */
    EXPECT(FFFD "\xf4\x8f\xbf\xbf", FFFD "\xf4\x8f\xbf\xbf"); /* U+FFFD, U+10FFFF */
    EXPECT("C:\\x1b is text", "C:\\x1b is text"); /* backslashes are left alone */
}

static void test_escape_sequences(void) {
    EXPECT("\x1b[2J\x1b[31mSiti", "\\x1b[2J\\x1b[31mSiti");
    EXPECT("Budi\x1b]52;c;cm0gLXJmIH4K\x07", "Budi\\x1b]52;c;cm0gLXJmIH4K\\x07"); /* OSC 52 */
    EXPECT("\x1b]52;c;aGk=\x1b\\x", "\\x1b]52;c;aGk=\\x1b\\x");         /* ended by ST */
    EXPECT("\x1b]0;title\x07", "\\x1b]0;title\\x07");
    EXPECT("\x1bP+q\x1b\\", "\\x1bP+q\\x1b\\");                           /* DCS */
    EXPECT("a\tb\nc\rd", "a\\x09b\\x0ac\\x0dd");
    EXPECT("\x01\x08\x1f", "\\x01\\x08\\x1f");
    EXPECT("bad\x7f\x7f", "bad\\x7f\\x7f");
    EXPECT(" ~", " ~");
}

static void test_c1(void) {
    EXPECT("\xc2\x9b" "31mred", "\\u009b31mred");             /* CSI */
    EXPECT("\xc2\x9d" "52;c;aGk=\xc2\x9c", "\\u009d52;c;aGk=\\u009c"); /* OSC ... ST */
    EXPECT("a\xc2\x85" "b", "a\\u0085b");                     /* NEL */
    EXPECT("\xc2\x80\xc2\x9f", "\\u0080\\u009f");
    EXPECT("\xc1\x9b" "x", FFFD FFFD "x");                    /* overlong CSI */
    EXPECT("\x9b" "31m", FFFD "31m");                         /* raw 8-bit CSI byte */
}

static void test_bidi_and_separators(void) {
    EXPECT("Ani \xe2\x80\xae" "ataD", "Ani \\u202eataD"); /* right-to-left override */
    EXPECT("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
           "\\u202a\\u202b\\u202c\\u202d");
    EXPECT("\xe2\x81\xa6" "x" "\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
           "\\u2066x\\u2067\\u2068\\u2069");
    EXPECT("one\xe2\x80\xa8two\xe2\x80\xa9three", "one\\u2028two\\u2029three");
    EXPECT("\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa",  /* their neighbours */
           "\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
    EXPECT("\xe2\x80\x8e\xe2\x80\x8f", "\xe2\x80\x8e\xe2\x80\x8f"); /* LRM, RLM: marks */
}

static void test_invalid_utf8(void) {
    EXPECT("\xff", FFFD);
    EXPECT("Jos\xe9 M\xfcller", "Jos" FFFD " M" FFFD "ller");  /* Latin-1, not UTF-8 */
    EXPECT("\x80\xbf", FFFD FFFD);                             /* stray continuations */
    EXPECT("\xc0\xaf", FFFD FFFD);                             /* overlong "/" */
    EXPECT("\xe0\x80\xaf", FFFD FFFD FFFD);                    /* overlong "/" */
    EXPECT("\xf0\x80\x80\xaf", FFFD FFFD FFFD FFFD);           /* overlong "/" */
    EXPECT("\xed\xa0\x80", FFFD FFFD FFFD);                    /* a surrogate */
    EXPECT("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);           /* above U+10FFFF */
    EXPECT("\xf5\xbf", FFFD FFFD);
    EXPECT("a\xe2\x80", "a" FFFD);                             /* cut short at the end */
    EXPECT("\xe2\x80" "A", FFFD "A");                          /* one per maximal subpart */
    EXPECT("\xf0\x9f\x98" "!", FFFD "!");
    EXPECT("\xe2\x80\x1b[0m", FFFD "\\x1b[0m");                /* the ESC is not swallowed */
    EXPECT("\xc2\xc2\x9b", FFFD "\\u009b");
}

static void test_null_and_lengths(void) {
    char *s = hadir_safe_text(NULL);

    CHECK(s != NULL && *s == '\0');
    free(s);
    s = hadir_safe_text_len(NULL, 5);
    CHECK(s != NULL && *s == '\0');
    free(s);
    EXPECT("Siti\0\x1b]52;c;aGk=\x07", "Siti");                   /* a C string ends */
    EXPECT_LEN("Siti\0\x1b]52;c;aGk=\x07", 17, "Siti\\x00\\x1b]52;c;aGk=\\x07");
    EXPECT_LEN("\0", 1, "\\x00");
    EXPECT_LEN("", 0, "");
    EXPECT_LEN("\xe2\x80\xae", 2, FFFD);                  /* nothing read past len */
    EXPECT_LEN("\xe2\x80\xae", 3, "\\u202e");
    EXPECT_LEN("Jos\xc3\xa9", 4, "Jos" FFFD);
}

/* The longest result: every byte a control character, four bytes each. */
static void test_worst_case(void) {
    char in[1001], *s;

    memset(in, 0x1b, 1000);
    in[1000] = '\0';
    s = hadir_safe_text(in);
    CHECK(s != NULL && strlen(s) == 4000 && strncmp(s + 3996, "\\x1b", 4) == 0);
    free(s);
    memset(in, 0xff, 1000);
    s = hadir_safe_text(in);
    CHECK(s != NULL && strlen(s) == 3000 && printable(s));
    free(s);
}

/* Every code point but the surrogates: the printable ones unchanged, the others as
 * their escape. All in one string, so that the test stays quick under valgrind. */
static void test_every_code_point(void) {
    size_t cap = 5 * 0x110000, n_in = 0, n_want = 0;
    char *in = malloc(cap), *want = malloc(4 * cap), *got;
    unsigned long cp;

    for (cp = 1; cp < 0x110000; cp++) {
        size_t n;
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        n = put_utf8(in + n_in, cp);
        if (!forbidden(cp)) memcpy(want + n_want, in + n_in, n), n_want += n;
        else if (cp < 0x80) n_want += (size_t)sprintf(want + n_want, "\\x%02lx", cp);
        else n_want += (size_t)sprintf(want + n_want, "\\u%04lx", cp);
        n_in += n;
    }
    in[n_in] = want[n_want] = '\0';
    got = hadir_safe_text(in);
    CHECK(got != NULL && strlen(got) == n_want && memcmp(got, want, n_want) == 0);
    CHECK(got != NULL && printable(got));
    free(got);
    free(in);
    free(want);
}

/* Every input of one or two bytes, and every three bytes starting with a lead byte that
 * needs care, each between '|': the result is always printable, keeps every '|', and
 * has no more than four bytes for each byte given. */
static void test_every_short_input(void) {
    static const unsigned char leads[] = {0xc2, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4};
    size_t cap = 256 * 2 + 65536 * 3 + sizeof(leads) * 65536 * 4 + 1, n = 0, bars = 0, i;
    char *in = malloc(cap), *got;
    unsigned a, b, l;

    for (a = 1; a < 256; a++) in[n++] = (char)a, in[n++] = '|';
    for (a = 1; a < 256; a++)
        for (b = 1; b < 256; b++)
            in[n++] = (char)a, in[n++] = (char)b, in[n++] = '|';
    for (l = 0; l < sizeof(leads); l++)
        for (a = 1; a < 256; a++)
            for (b = 1; b < 256; b++) {
                in[n++] = (char)leads[l], in[n++] = (char)a, in[n++] = (char)b;
                in[n++] = '|';
            }
    in[n] = '\0';
    for (i = 0; i < n; i++) bars += in[i] == '|';
    got = hadir_safe_text(in);
    CHECK(got != NULL && printable(got));
    CHECK(got != NULL && strlen(got) <= 4 * n);
    for (i = 0; got && got[i]; i++) bars -= got[i] == '|';
    CHECK(got != NULL && bars == 0);
    free(got);
    free(in);
}

int main(void) {
    test_ordinary_text();
    test_escape_sequences();
    test_c1();
    test_bidi_and_separators();
    test_invalid_utf8();
    test_null_and_lengths();
    test_worst_case();
    test_every_code_point();
    test_every_short_input();
    printf("test-text: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
