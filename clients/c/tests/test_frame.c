/* test_frame.c -- the framing layer: split input, many frames, limits, bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

static int passed, failed;

#define CHECK(cond) do { if (cond) passed++; else { failed++; \
    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

/* Appends the encoding of a Message frame on stream id with len bytes of data. */
static uint8_t *append_frame(uint8_t *buf, size_t *len, uint32_t id, size_t data_len) {
    Hadir__V1__Frame f = HADIR__V1__FRAME__INIT;
    Hadir__V1__Message m = HADIR__V1__MESSAGE__INIT;
    uint8_t *data = calloc(1, data_len + 1), *enc, *grown;
    size_t n;

    memset(data, 'a' + (int)(id % 26), data_len);
    m.data.data = data;
    m.data.len = data_len;
    f.stream_id = id;
    f.body_case = HADIR__V1__FRAME__BODY_MESSAGE;
    f.message = &m;
    enc = hadir_frame_encode(&f, &n);
    grown = realloc(buf, *len + n);
    memcpy(grown + *len, enc, n);
    *len += n;
    free(enc);
    free(data);
    return grown;
}

/* Feeds buf in pieces of at most step bytes (0: cut once at split). Returns the number
 * of frames decoded, which must be Message frames on streams 1, 2, 3...; -1 on a
 * decoder error, -2 on a wrong frame. */
static int feed(hadir_decoder *d, const uint8_t *buf, size_t len, size_t step,
                size_t split) {
    size_t off = 0;
    int frames = 0;

    while (off < len) {
        size_t n = step ? step : (off < split ? split - off : len - off), used;
        Hadir__V1__Frame *f;
        if (n > len - off) n = len - off;
        while (n > 0) {
            if (hadir_decoder_feed(d, buf + off, n, &used, &f) < 0) return -1;
            off += used;
            n -= used;
            if (f) {
                int ok = f->stream_id == (uint32_t)++frames &&
                         f->body_case == HADIR__V1__FRAME__BODY_MESSAGE;
                hadir__v1__frame__free_unpacked(f, NULL);
                if (!ok) return -2;
            }
        }
    }
    return frames;
}

static void test_split_everywhere(void) {
    uint8_t *buf = NULL;
    size_t len = 0, k;
    hadir_decoder d;
    int all_clean = 1, all_split = 1;

    buf = append_frame(buf, &len, 1, 0);
    buf = append_frame(buf, &len, 2, 200); /* two-byte length varints inside */
    buf = append_frame(buf, &len, 3, 5);
    hadir_decoder_init(&d, 1024);
    CHECK(feed(&d, buf, len, 1, 0) == 3);   /* byte by byte */
    CHECK(hadir_decoder_finish(&d) == 0);
    for (k = 0; k <= len; k++) {            /* cut in two at every boundary */
        all_split &= feed(&d, buf, len, 0, k) == 3 && hadir_decoder_finish(&d) == 0;
        all_clean &= d.payload == NULL;
    }
    CHECK(all_split);
    CHECK(all_clean);
    free(buf);
}

static void test_many_in_one_buffer(void) {
    uint8_t *buf = NULL;
    size_t len = 0;
    uint32_t i;
    hadir_decoder d;

    for (i = 1; i <= 1000; i++) buf = append_frame(buf, &len, i, i % 50);
    hadir_decoder_init(&d, 1024);
    CHECK(feed(&d, buf, len, len, 0) == 1000);
    CHECK(hadir_decoder_finish(&d) == 0);
    free(buf);
}

static void test_limit(void) {
    static const uint8_t huge[] = {0x7f, 0xff, 0xff, 0xff};
    static const uint8_t over[] = {0x00, 0x00, 0x04, 0x01};
    uint8_t *buf = NULL;
    size_t len = 0, used, data_len = 1000;
    Hadir__V1__Frame *f = NULL;
    hadir_decoder d;

    /* Refused from the prefix alone, before any payload is allocated or read. */
    hadir_decoder_init(&d, 4194304);
    CHECK(hadir_decoder_feed(&d, huge, 4, &used, &f) == -1 && f == NULL);
    CHECK(d.payload == NULL);
    CHECK(strstr(d.err, "2147483647") != NULL);
    hadir_decoder_init(&d, 1024);
    CHECK(hadir_decoder_feed(&d, over, 4, &used, &f) == -1 && d.payload == NULL);

    /* A payload of exactly the limit is accepted. */
    do {
        free(buf);
        buf = NULL;
        len = 0;
        buf = append_frame(buf, &len, 1, data_len++);
    } while (len - 4 < 1024);
    CHECK(len - 4 == 1024);
    hadir_decoder_init(&d, 1024);
    CHECK(feed(&d, buf, len, len, 0) == 1);
    hadir_decoder_init(&d, 1023);
    CHECK(feed(&d, buf, len, len, 0) == -1 && d.payload == NULL);
    free(buf);
}

static void test_truncated(void) {
    uint8_t *buf = NULL;
    size_t len = 0, used;
    Hadir__V1__Frame *f;
    hadir_decoder d;

    buf = append_frame(buf, &len, 1, 10);
    hadir_decoder_init(&d, 1024);
    CHECK(hadir_decoder_feed(&d, buf, 2, &used, &f) == 0 && used == 2 && f == NULL);
    CHECK(hadir_decoder_finish(&d) == -1 && strstr(d.err, "2 of the 4 length") != NULL);
    CHECK(hadir_decoder_feed(&d, buf + 2, len - 3, &used, &f) == 0 && f == NULL);
    CHECK(hadir_decoder_finish(&d) == -1 && strstr(d.err, "15 of the 16 payl") != NULL);
    hadir_decoder_reset(&d); /* frees the partial payload */
    CHECK(d.payload == NULL && hadir_decoder_finish(&d) == 0);
    free(buf);
}

static void test_garbage(void) {
    static const uint8_t junk[] = {0, 0, 0, 3, 0xff, 0xff, 0xff};
    static const uint8_t empty[] = {0, 0, 0, 0};
    static const uint8_t no_body[] = {0, 0, 0, 4, 0x08, 0x01, 0x78, 0x01}; /* field 15 */
    static const uint8_t http[] = "HTTP/1.1 400 Bad Request\r\n";
    size_t used;
    Hadir__V1__Frame *f;
    hadir_decoder d;

    hadir_decoder_init(&d, 1024);
    CHECK(hadir_decoder_feed(&d, junk, sizeof(junk), &used, &f) == -1 && f == NULL);
    CHECK(strstr(d.err, "not a valid") != NULL && d.payload == NULL);
    hadir_decoder_init(&d, 1024);
    CHECK(hadir_decoder_feed(&d, empty, sizeof(empty), &used, &f) == -1);
    CHECK(strstr(d.err, "no body") != NULL);
    hadir_decoder_init(&d, 1024);
    CHECK(hadir_decoder_feed(&d, no_body, sizeof(no_body), &used, &f) == -1);
    CHECK(strstr(d.err, "no body") != NULL);
    hadir_decoder_init(&d, 4194304);
    CHECK(hadir_decoder_feed(&d, http, sizeof(http) - 1, &used, &f) == -1);
    CHECK(d.payload == NULL && used == 4);
}

int main(void) {
    test_split_everywhere();
    test_many_in_one_buffer();
    test_limit();
    test_truncated();
    test_garbage();
    printf("test-frame: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
