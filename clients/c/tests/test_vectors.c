/* test_vectors.c -- every Tests/HadirWireTests/Vectors/NN-name.hex: the prefix matches
 * the payload, the payload decodes to the Frame of NN-name.txtpb (built here in code),
 * and encoding that Frame gives the same bytes. Usage: test-vectors VECTOR_DIR */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hadir/v1/admin.pb-c.h>
#include "frame.h"

/* Field-by-field equality of two messages, through protobuf-c's descriptors. */
static int msg_equal(const ProtobufCMessage *a, const ProtobufCMessage *b);

static int value_equal(ProtobufCType t, const void *a, const void *b) {
    switch (t) {
    case PROTOBUF_C_TYPE_STRING: {
        const char *x = *(char *const *)a, *y = *(char *const *)b;
        return strcmp(x ? x : "", y ? y : "") == 0;
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *x = a, *y = b;
        return x->len == y->len && (x->len == 0 || !memcmp(x->data, y->data, x->len));
    }
    case PROTOBUF_C_TYPE_MESSAGE:
        return msg_equal(*(ProtobufCMessage *const *)a, *(ProtobufCMessage *const *)b);
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
        return !memcmp(a, b, 8);
    case PROTOBUF_C_TYPE_BOOL:
        return *(const protobuf_c_boolean *)a == *(const protobuf_c_boolean *)b;
    default: /* 32-bit integers, enums, floats */
        return !memcmp(a, b, 4);
    }
}

static size_t value_size(ProtobufCType t) {
    switch (t) {
    case PROTOBUF_C_TYPE_STRING: case PROTOBUF_C_TYPE_MESSAGE: return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    default: return 4;
    }
}

static int msg_equal(const ProtobufCMessage *a, const ProtobufCMessage *b) {
    unsigned i;
    size_t k;

    if (a == NULL || b == NULL) return a == b;
    if (a->descriptor != b->descriptor) return 0;
    for (i = 0; i < a->descriptor->n_fields; i++) {
        const ProtobufCFieldDescriptor *fd = &a->descriptor->fields[i];
        const char *pa = (const char *)a + fd->offset, *pb = (const char *)b + fd->offset;
        const char *qa = (const char *)a + fd->quantifier_offset;
        const char *qb = (const char *)b + fd->quantifier_offset;

        if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)qa, sz = value_size(fd->type);
            if (n != *(const size_t *)qb) return 0;
            for (k = 0; k < n; k++)
                if (!value_equal(fd->type, *(char *const *)pa + k * sz,
                                 *(char *const *)pb + k * sz)) return 0;
        } else if (fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            int in_a = *(const uint32_t *)qa == fd->id, in_b = *(const uint32_t *)qb == fd->id;
            if (in_a != in_b || (in_a && !value_equal(fd->type, pa, pb))) return 0;
        } else if (!value_equal(fd->type, pa, pb)) {
            return 0;
        }
    }
    return 1;
}

/* Every message a vector may need, initialized. */
typedef struct expected {
    Hadir__V1__Frame f;
    Hadir__V1__Hello hello;
    Hadir__V1__RequestHead head;
    Hadir__V1__Message msg;
    Hadir__V1__HalfClose half;
    Hadir__V1__ResponseHead rhead;
    Hadir__V1__Trailer trailer;
    Hadir__V1__Cancel cancel;
    Hadir__V1__Ping ping;
    Hadir__V1__Pong pong;
    Hadir__V1__GoAway go_away;
    Hadir__V1__MetadataEntry md[2], *mdp[2];
    Hadir__V1__ServerInfo info;
    uint8_t data[64];
} expected;

static void body(expected *e, uint32_t stream, Hadir__V1__Frame__BodyCase c, void *m) {
    e->f.stream_id = stream;
    e->f.body_case = c;
    e->f.hello = m; /* every member of the body union is a pointer */
}

/* Builds the Frame of vector number n, as its .txtpb says. Returns 0 if none. */
static int build(expected *e, int n) {
    static uint8_t trace[] = {0x01, 0x02, 0xff};
    expected init = {HADIR__V1__FRAME__INIT, HADIR__V1__HELLO__INIT,
        HADIR__V1__REQUEST_HEAD__INIT, HADIR__V1__MESSAGE__INIT, HADIR__V1__HALF_CLOSE__INIT,
        HADIR__V1__RESPONSE_HEAD__INIT, HADIR__V1__TRAILER__INIT, HADIR__V1__CANCEL__INIT,
        HADIR__V1__PING__INIT, HADIR__V1__PONG__INIT, HADIR__V1__GO_AWAY__INIT,
        {HADIR__V1__METADATA_ENTRY__INIT, HADIR__V1__METADATA_ENTRY__INIT}, {NULL, NULL},
        HADIR__V1__SERVER_INFO__INIT, {0}};

    *e = init;
    switch (n) {
    case 1: case 8:
        e->hello.protocol_version = 1;
        e->hello.agent = n == 1 ? "hadir-c/1" : "hadird/0.1.0";
        e->hello.max_frame_size = 4194304;
        body(e, 0, HADIR__V1__FRAME__BODY_HELLO, &e->hello);
        return 1;
    case 2:
        e->head.method = "/hadir.v1.Admin/GetServerInfo";
        body(e, 1, HADIR__V1__FRAME__BODY_REQUEST_HEAD, &e->head);
        return 1;
    case 3:
        body(e, 1, HADIR__V1__FRAME__BODY_MESSAGE, &e->msg);
        return 1;
    case 4:
        body(e, 1, HADIR__V1__FRAME__BODY_HALF_CLOSE, &e->half);
        return 1;
    case 5: case 15:
        e->trailer.code = n == 5 ? 0 : 16;
        e->trailer.message = n == 5 ? "" : "missing token";
        body(e, n == 5 ? 1 : 2, HADIR__V1__FRAME__BODY_TRAILER, &e->trailer);
        return 1;
    case 6: case 13:
        e->go_away.code = n == 6 ? HADIR__V1__GO_AWAY_CODE__GO_AWAY_CODE_FRAME_TOO_LARGE
                                 : HADIR__V1__GO_AWAY_CODE__GO_AWAY_CODE_SHUTDOWN;
        e->go_away.message = n == 6 ? "frame too large" : "shutting down";
        body(e, 0, HADIR__V1__FRAME__BODY_GO_AWAY, &e->go_away);
        return 1;
    case 7:
        e->ping.payload = 42;
        body(e, 0, HADIR__V1__FRAME__BODY_PING, &e->ping);
        return 1;
    case 12:
        e->pong.payload = 42;
        body(e, 0, HADIR__V1__FRAME__BODY_PONG, &e->pong);
        return 1;
    case 9:
        body(e, 1, HADIR__V1__FRAME__BODY_RESPONSE_HEAD, &e->rhead);
        return 1;
    case 10:
        e->info.name = "hadird";
        e->info.version = "0.1.0";
        e->info.protocol_version = 1;
        e->info.uptime_seconds = 300;
        e->msg.data.len = hadir__v1__server_info__pack(&e->info, e->data);
        e->msg.data.data = e->data;
        body(e, 1, HADIR__V1__FRAME__BODY_MESSAGE, &e->msg);
        return 1;
    case 11:
        e->head.method = "/hadir.v1.Events/ListEvents";
        e->md[0].key = "authorization";
        e->md[0].value_case = HADIR__V1__METADATA_ENTRY__VALUE_TEXT;
        e->md[0].text = "Bearer hadir_k7m2q9x4v8r3t6w2p5n9b4c7d2f8g3h6j9k2m5a4";
        e->md[1].key = "trace-bin";
        e->md[1].value_case = HADIR__V1__METADATA_ENTRY__VALUE_BINARY;
        e->md[1].binary.data = trace;
        e->md[1].binary.len = sizeof(trace);
        e->mdp[0] = &e->md[0];
        e->mdp[1] = &e->md[1];
        e->head.metadata = e->mdp;
        e->head.n_metadata = 2;
        e->head.timeout_micros = 5000000;
        body(e, 2, HADIR__V1__FRAME__BODY_REQUEST_HEAD, &e->head);
        return 1;
    case 14:
        e->cancel.reason = "deadline passed";
        body(e, 2, HADIR__V1__FRAME__BODY_CANCEL, &e->cancel);
        return 1;
    }
    return 0;
}

/* Reads a .hex file into a new buffer; returns NULL if it is not hex. */
static uint8_t *read_hex(const char *path, size_t *len) {
    FILE *fp = fopen(path, "r");
    uint8_t *buf = NULL;
    int c, hi = -1;

    *len = 0;
    if (fp == NULL) return NULL;
    while ((c = fgetc(fp)) != EOF) {
        const char *digits = "0123456789abcdef", *d = strchr(digits, c);
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        if (c == 0 || d == NULL) { free(buf); buf = NULL; hi = -1; break; }
        if (hi < 0) { hi = (int)(d - digits); continue; }
        if (*len % 256 == 0) {
            uint8_t *grown = realloc(buf, *len + 256);
            if (!grown) { free(buf); buf = NULL; break; }
            buf = grown;
        }
        buf[(*len)++] = (uint8_t)(hi << 4 | (int)(d - digits));
        hi = -1;
    }
    fclose(fp);
    if (hi >= 0) { free(buf); buf = NULL; }
    return buf;
}

/* Checks one vector; returns NULL, or what failed. */
static const char *check_vector(const char *dir, const char *name) {
    static char err[sizeof(((hadir_decoder *)0)->err)];
    char path[1024];
    expected e;
    uint8_t *wire, *mine = NULL, *again = NULL;
    size_t len, mine_len = 0, again_len = 0, used = 0;
    Hadir__V1__Frame *f = NULL;
    hadir_decoder d;
    const char *why = NULL;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if ((wire = read_hex(path, &len)) == NULL) return "not readable as hex";
    hadir_decoder_init(&d, 4194304);
    if (len < 4 || ((size_t)wire[0] << 24 | (size_t)wire[1] << 16 |
                    (size_t)wire[2] << 8 | wire[3]) != len - 4)
        why = "the length prefix does not match the payload";
    else if (!build(&e, atoi(name)))
        why = "no expected Frame is built for this vector in test_vectors.c";
    else if (hadir_decoder_feed(&d, wire, len, &used, &f) != 0 || f == NULL || used != len)
        why = d.err[0] ? strcpy(err, d.err) : "the decoder did not return one frame";
    else if (!msg_equal(&f->base, &e.f.base))
        why = "the decoded Frame differs from the expected one";
    else if ((mine = hadir_frame_encode(&e.f, &mine_len)) == NULL ||
             mine_len != len || memcmp(mine, wire, len) != 0)
        why = "encoding the expected Frame gives other bytes";
    else if ((again = hadir_frame_encode(f, &again_len)) == NULL ||
             again_len != len || memcmp(again, wire, len) != 0)
        why = "re-encoding the decoded Frame gives other bytes";
    hadir__v1__frame__free_unpacked(f, NULL);
    hadir_decoder_reset(&d);
    free(wire);
    free(mine);
    free(again);
    return why;
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "../../Tests/HadirWireTests/Vectors";
    DIR *dp = opendir(dir);
    struct dirent *de;
    int passed = 0, failed = 0;

    if (dp == NULL) {
        fprintf(stderr, "test-vectors: cannot open %s\n", dir);
        return 1;
    }
    while ((de = readdir(dp)) != NULL) {
        size_t n = strlen(de->d_name);
        const char *why;
        if (n < 5 || strcmp(de->d_name + n - 4, ".hex") != 0) continue;
        if ((why = check_vector(dir, de->d_name)) == NULL) {
            passed++;
        } else {
            fprintf(stderr, "FAIL %s: %s\n", de->d_name, why);
            failed++;
        }
    }
    closedir(dp);
    printf("test-vectors: %d passed, %d failed\n", passed, failed);
    return failed || passed == 0;
}
