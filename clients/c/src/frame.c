/* frame.c -- Hadir framing. See frame.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

uint8_t *hadir_frame_encode(const Hadir__V1__Frame *f, size_t *len) {
    size_t n = hadir__v1__frame__get_packed_size(f);
    uint8_t *buf;

    if (n > UINT32_MAX || (buf = malloc(4 + n)) == NULL) return NULL;
    buf[0] = (uint8_t)(n >> 24);
    buf[1] = (uint8_t)(n >> 16);
    buf[2] = (uint8_t)(n >> 8);
    buf[3] = (uint8_t)n;
    hadir__v1__frame__pack(f, buf + 4);
    *len = 4 + n;
    return buf;
}

void hadir_decoder_init(hadir_decoder *d, uint32_t max) {
    memset(d, 0, sizeof(*d));
    d->max = max;
}

void hadir_decoder_reset(hadir_decoder *d) {
    free(d->payload);
    hadir_decoder_init(d, d->max);
}

int hadir_decoder_feed(hadir_decoder *d, const uint8_t *buf, size_t len, size_t *used,
                       Hadir__V1__Frame **out) {
    Hadir__V1__Frame *f;
    size_t i = 0, n;

    *out = NULL;
    while (d->prefix_len < 4 && i < len) d->prefix[d->prefix_len++] = buf[i++];
    *used = i;
    if (d->prefix_len < 4) return 0;

    if (d->payload == NULL) {
        d->need = (uint32_t)d->prefix[0] << 24 | (uint32_t)d->prefix[1] << 16 |
                  (uint32_t)d->prefix[2] << 8 | (uint32_t)d->prefix[3];
        if (d->need > d->max) {
            snprintf(d->err, sizeof(d->err),
                     "a frame of %lu bytes was announced; the limit is %lu bytes",
                     (unsigned long)d->need, (unsigned long)d->max);
            return -1;
        }
        if ((d->payload = malloc(d->need ? d->need : 1)) == NULL) {
            snprintf(d->err, sizeof(d->err), "out of memory for a frame of %lu bytes",
                     (unsigned long)d->need);
            return -1;
        }
        d->have = 0;
    }
    n = d->need - d->have;
    if (n > len - i) n = len - i;
    if (n > 0) memcpy(d->payload + d->have, buf + i, n);
    d->have += (uint32_t)n;
    *used = i + n;
    if (d->have < d->need) return 0;

    f = hadir__v1__frame__unpack(NULL, d->need, d->payload);
    n = d->need;
    hadir_decoder_reset(d);
    if (f == NULL) {
        snprintf(d->err, sizeof(d->err),
                 "a frame of %lu bytes is not a valid hadir.v1.Frame", (unsigned long)n);
        return -1;
    }
    if (f->body_case == HADIR__V1__FRAME__BODY__NOT_SET) {
        hadir__v1__frame__free_unpacked(f, NULL);
        snprintf(d->err, sizeof(d->err), "a frame of %lu bytes has no body",
                 (unsigned long)n);
        return -1;
    }
    *out = f;
    return 0;
}

int hadir_decoder_finish(hadir_decoder *d) {
    if (d->prefix_len == 0) return 0;
    if (d->prefix_len < 4)
        snprintf(d->err, sizeof(d->err), "only %lu of the 4 length bytes arrived",
                 (unsigned long)d->prefix_len);
    else
        snprintf(d->err, sizeof(d->err), "only %lu of the %lu payload bytes arrived",
                 (unsigned long)d->have, (unsigned long)d->need);
    return -1;
}
