/* text.c -- server text made safe to print on a terminal. See hadir.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hadir.h"

/* The length of the UTF-8 sequence at s[0..len), with its code point in *cp; or, when it
 * is not valid (overlong, a surrogate, above U+10FFFF, cut short), 0 with the length of
 * the bytes to replace in *bad: the longest start of a valid sequence, at least one byte
 * (Unicode's "maximal subpart", as in WHATWG's decoder). */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp, size_t *bad) {
    unsigned char lo = 0x80, hi = 0xbf;
    size_t need, i;
    uint32_t c = s[0];

    if (c < 0x80) return *cp = c, 1;
    if (c >= 0xc2 && c <= 0xdf) need = 1, c &= 0x1f;
    else if (c >= 0xe0 && c <= 0xef) need = 2, c &= 0x0f;
    else if (c >= 0xf0 && c <= 0xf4) need = 3, c &= 0x07;
    else return *bad = 1, 0;
    if (s[0] == 0xe0) lo = 0xa0;      /* overlong */
    else if (s[0] == 0xed) hi = 0x9f; /* surrogates */
    else if (s[0] == 0xf0) lo = 0x90; /* overlong */
    else if (s[0] == 0xf4) hi = 0x8f; /* above U+10FFFF */
    for (i = 1; i <= need; i++, lo = 0x80, hi = 0xbf) {
        if (i >= len || s[i] < lo || s[i] > hi) return *bad = i, 0;
        c = c << 6 | (s[i] & 0x3f);
    }
    return *cp = c, need + 1;
}

/* Code points a terminal obeys instead of showing, beyond C0 and DEL. */
static int is_forbidden(uint32_t cp) {
    return (cp >= 0x80 && cp <= 0x9f)        /* C1 controls: CSI, OSC, ST, NEL... */
        || (cp >= 0x202a && cp <= 0x202e)    /* bidi embeddings and overrides */
        || (cp >= 0x2066 && cp <= 0x2069)    /* bidi isolates */
        || cp == 0x2028 || cp == 0x2029;     /* line and paragraph separators */
}

char *hadir_safe_text_len(const char *text, size_t len) {
    const unsigned char *s = (const unsigned char *)text;
    char *out, *o;
    size_t i = 0, n, bad;
    uint32_t cp;

    if (s == NULL) len = 0;
    if (len > (SIZE_MAX - 1) / 4) return NULL; /* "\xHH" for each byte at most */
    if ((o = out = malloc(4 * len + 1)) == NULL) return NULL;
    while (i < len) {
        if (s[i] < 0x20 || s[i] == 0x7f) {
            o += sprintf(o, "\\x%02x", s[i]);
            i++;
        } else if ((n = utf8_decode(s + i, len - i, &cp, &bad)) == 0) {
            memcpy(o, "\xef\xbf\xbd", 3); /* U+FFFD */
            o += 3;
            i += bad;
        } else if (is_forbidden(cp)) {
            o += sprintf(o, "\\u%04lx", (unsigned long)cp);
            i += n;
        } else {
            memcpy(o, s + i, n);
            o += n;
            i += n;
        }
    }
    *o = '\0';
    return out;
}

char *hadir_safe_text(const char *text) {
    return hadir_safe_text_len(text, text ? strlen(text) : 0);
}
