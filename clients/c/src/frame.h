/* frame.h -- Hadir framing: a 4-byte big-endian length N, then N bytes of one
 * serialized hadir.v1.Frame (PROTOCOL.md section 2). Internal to the library. */
#ifndef HADIR_FRAME_H
#define HADIR_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <hadir/v1/frame.pb-c.h>

/* Serializes f, length prefix included, into a new malloc'd buffer of *len bytes.
 * Returns NULL when out of memory. */
uint8_t *hadir_frame_encode(const Hadir__V1__Frame *f, size_t *len);

/* Incremental decoder: feed it bytes as they arrive, in pieces of any size. The
 * payload buffer is allocated only after the prefix has been checked against max. */
typedef struct hadir_decoder {
    uint32_t max;        /* largest payload accepted */
    uint8_t prefix[4];
    size_t prefix_len;   /* prefix bytes received, 0..4 */
    uint32_t need;       /* payload length, once the prefix is complete */
    uint32_t have;       /* payload bytes received */
    uint8_t *payload;    /* non-NULL while a payload is being received */
    char err[160];       /* why the last failing call failed */
} hadir_decoder;

void hadir_decoder_init(hadir_decoder *d, uint32_t max);

/* Frees a partly received frame and starts again between frames. */
void hadir_decoder_reset(hadir_decoder *d);

/* Consumes bytes from buf[0..len), stopping after one complete frame, and stores the
 * number consumed in *used. *out is then the frame (free it with
 * hadir__v1__frame__free_unpacked) or NULL if more bytes are needed. Returns 0, or -1
 * with d->err set when the input is not a valid frame; the stream is then unusable. */
int hadir_decoder_feed(hadir_decoder *d, const uint8_t *buf, size_t len, size_t *used,
                       Hadir__V1__Frame **out);

/* At end of input: returns 0 if it fell between frames, else -1 with d->err set. */
int hadir_decoder_finish(hadir_decoder *d);

#endif
