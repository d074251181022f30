/* test_vectors.c -- every Tests/HadirWireTests/Vectors/NN-name.hex: the prefix matches
 * the payload, the payload decodes to the Frame of NN-name.txtpb (built here in code),
 * and encoding that Frame gives the same bytes. Usage: test-vectors VECTOR_DIR */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hadir/v1/admin.pb-c.h>
#include "frame.h"

/* Field-by-field equality through protobuf-c's descriptors, for the field types that
 * frame.proto and admin.proto use: 32- and 64-bit integers, enums, strings, bytes,
 * messages, repeated messages and oneofs. */
static int msg_equal(const ProtobufCMessage *a, const ProtobufCMessage *b);

static int value_equal(ProtobufCType t, const void *a, const void *b) {
    const ProtobufCBinaryData *x = a, *y = b;

    switch (t) {
    case PROTOBUF_C_TYPE_STRING:
        return strcmp(*(char *const *)a, *(char *const *)b) == 0;
    case PROTOBUF_C_TYPE_BYTES:
        return x->len == y->len && (x->len == 0 || !memcmp(x->data, y->data, x->len));
    case PROTOBUF_C_TYPE_MESSAGE:
        return msg_equal(*(ProtobufCMessage *const *)a, *(ProtobufCMessage *const *)b);
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_INT64:
        return !memcmp(a, b, 8);
    default:
        return !memcmp(a, b, 4);
    }
}

static int msg_equal(const ProtobufCMessage *a, const ProtobufCMessage *b) {
    unsigned i;
    size_t k;

    if (a == NULL || b == NULL || a->descriptor != b->descriptor) return a == b;
    for (i = 0; i < a->descriptor->n_fields; i++) {
        const ProtobufCFieldDescriptor *fd = &a->descriptor->fields[i];
        const char *pa = (const char *)a + fd->offset, *pb = (const char *)b + fd->offset;
        const uint32_t *qa = (const void *)((const char *)a + fd->quantifier_offset);
        const uint32_t *qb = (const void *)((const char *)b + fd->quantifier_offset);

        if (fd->label == PROTOBUF_C_LABEL_REPEATED) { /* of messages */
            size_t n = *(const size_t *)(const void *)qa;
            if (n != *(const size_t *)(const void *)qb) return 0;
            for (k = 0; k < n; k++)
                if (!msg_equal((*(ProtobufCMessage **const *)pa)[k],
                               (*(ProtobufCMessage **const *)pb)[k])) return 0;
        } else if (fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            if ((*qa == fd->id) != (*qb == fd->id)) return 0;
            if (*qa == fd->id && !value_equal(fd->type, pa, pb)) return 0;
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

static int body(expected *e, uint32_t stream, Hadir__V1__Frame__BodyCase c, void *m) {
    e->f.stream_id = stream;
    e->f.body_case = c;
    e->f.hello = m; /* every member of the body union is a pointer */
    return 1;
}

/* Builds the Frame of vector number n, as its .txtpb says. Returns 0 if none. */
static int build(expected *e, int n) {
    static uint8_t trace[] = {0x01, 0x02, 0xff};
    expected init = {HADIR__V1__FRAME__INIT, HADIR__V1__HELLO__INIT,
        HADIR__V1__REQUEST_HEAD__INIT, HADIR__V1__MESSAGE__INIT,
        HADIR__V1__HALF_CLOSE__INIT, HADIR__V1__RESPONSE_HEAD__INIT,
        HADIR__V1__TRAILER__INIT, HADIR__V1__CANCEL__INIT,
        HADIR__V1__PING__INIT, HADIR__V1__PONG__INIT, HADIR__V1__GO_AWAY__INIT,
        {HADIR__V1__METADATA_ENTRY__INIT, HADIR__V1__METADATA_ENTRY__INIT}, {NULL, NULL},
        HADIR__V1__SERVER_INFO__INIT, {0}};

    *e = init;
    switch (n) {
    case 1: case 8:
        e->hello.protocol_version = 1;
        e->hello.agent = n == 1 ? "hadir-c/1" : "hadird/0.1.0";
        e->hello.max_frame_size = 4194304;
        return body(e, 0, HADIR__V1__FRAME__BODY_HELLO, &e->hello);
    case 2:
        e->head.method = "/hadir.v1.Admin/GetServerInfo";
        return body(e, 1, HADIR__V1__FRAME__BODY_REQUEST_HEAD, &e->head);
    case 3:
        return body(e, 1, HADIR__V1__FRAME__BODY_MESSAGE, &e->msg);
    case 4:
        return body(e, 1, HADIR__V1__FRAME__BODY_HALF_CLOSE, &e->half);
    case 5: case 15:
        e->trailer.code = n == 5 ? 0 : 16;
        e->trailer.message = n == 5 ? "" : "missing token";
        return body(e, n == 5 ? 1 : 2, HADIR__V1__FRAME__BODY_TRAILER, &e->trailer);
    case 6: case 13:
        e->go_away.code = n == 6 ? HADIR__V1__GO_AWAY_CODE__GO_AWAY_CODE_FRAME_TOO_LARGE
                                 : HADIR__V1__GO_AWAY_CODE__GO_AWAY_CODE_SHUTDOWN;
        e->go_away.message = n == 6 ? "frame too large" : "shutting down";
        return body(e, 0, HADIR__V1__FRAME__BODY_GO_AWAY, &e->go_away);
    case 7:
        e->ping.payload = 42;
        return body(e, 0, HADIR__V1__FRAME__BODY_PING, &e->ping);
    case 12:
        e->pong.payload = 42;
        return body(e, 0, HADIR__V1__FRAME__BODY_PONG, &e->pong);
    case 9:
        return body(e, 1, HADIR__V1__FRAME__BODY_RESPONSE_HEAD, &e->rhead);
    case 10:
        e->info.name = "hadird";
        e->info.version = "0.1.0";
        e->info.protocol_version = 1;
        e->info.uptime_seconds = 300;
        e->msg.data.len = hadir__v1__server_info__pack(&e->info, e->data);
        e->msg.data.data = e->data;
        return body(e, 1, HADIR__V1__FRAME__BODY_MESSAGE, &e->msg);
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
        return body(e, 2, HADIR__V1__FRAME__BODY_REQUEST_HEAD, &e->head);
    case 14:
        e->cancel.reason = "deadline passed";
        return body(e, 2, HADIR__V1__FRAME__BODY_CANCEL, &e->cancel);
    }
    return 0;
}

static int hex_digit(int c) {
    return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* Reads a .hex file into a new buffer; returns NULL if it is not hex. */
static uint8_t *read_hex(const char *path, size_t *len) {
    char text[8192];
    FILE *fp = fopen(path, "r");
    size_t n = fp ? fread(text, 1, sizeof(text), fp) : 0, i;
    uint8_t *buf;

    if (fp) fclose(fp);
    while (n > 0 && isspace((unsigned char)text[n - 1])) n--;
    if (n == 0 || n % 2 || n == sizeof(text) || (buf = malloc(n / 2)) == NULL)
        return NULL;
    for (i = 0; i < n; i += 2) {
        int hi = hex_digit((unsigned char)text[i]);
        int lo = hex_digit((unsigned char)text[i + 1]);
        if (hi < 0 || lo < 0) {
            free(buf);
            return NULL;
        }
        buf[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    *len = n / 2;
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
    else if (hadir_decoder_feed(&d, wire, len, &used, &f) || f == NULL || used != len)
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
