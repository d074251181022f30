/* client.c -- connection, Hello exchange and unary calls. See hadir.h. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "hadir.h"
#include "frame.h"

#define FRAME_LIMIT_CAP 268435456u /* the largest max_frame_size hadird accepts */
#define CANCEL_REASON "The client stopped waiting for this call."

struct hadir_client {
    char *server;
    Hadir__V1__MetadataEntry **md; /* sent with every call: authorization, then the */
    size_t n_md;                   /* entries of hadir_client_add_metadata() */
    int connect_timeout_ms;
    uint32_t max_frame_size; /* our own receive limit */
    int fd;                  /* -1 when not connected */
    uint32_t peer_max;       /* from the server's Hello */
    uint32_t next_stream;
    int going_away;          /* GoAway SHUTDOWN seen: no new calls here */
    hadir_decoder dec;
    size_t in_off, in_len;
    uint8_t in[16384];
};

static const char *code_names[] = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
    "UNAUTHENTICATED"};

const char *hadir_code_name(int code) {
    return code >= 0 && code <= 16 ? code_names[code] : "UNKNOWN";
}

void hadir_status_clear(hadir_status *st) {
    if (st == NULL) return;
    free(st->message);
    free(st->field);
    st->code = HADIR_OK;
    st->message = st->field = NULL;
}

static void disconnect(hadir_client *c) {
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    c->going_away = 0;
    c->in_off = c->in_len = 0;
    hadir_decoder_reset(&c->dec);
}

/* Sets st to code and a formatted message (which may use st->message) and returns
 * code. When c is given, first closes its connection, which is then unusable. */
static int fail(hadir_client *c, hadir_status *st, int code, const char *fmt, ...) {
    char buf[600];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (c) disconnect(c);
    hadir_status_clear(st);
    st->code = code;
    st->message = strdup(buf); /* NULL only when out of memory */
    return code;
}

/* Closes the connection, which is unusable, and reports why as UNAVAILABLE. */
#define drop(c, st, ...) fail(c, st, HADIR_UNAVAILABLE, __VA_ARGS__)

static char *dup_or_null(const char *s) {
    return s && *s ? strdup(s) : NULL;
}

/* Appends the text entry "key: prefix value" to the metadata of every call.
 * Returns 0, or -1 when out of memory. */
static int add_entry(hadir_client *c, const char *key, const char *prefix,
                     const char *value) {
    static const Hadir__V1__MetadataEntry init = HADIR__V1__METADATA_ENTRY__INIT;
    Hadir__V1__MetadataEntry **md = realloc(c->md, (c->n_md + 1) * sizeof(*md)), *e;

    if (md == NULL) return -1;
    c->md = md;
    if ((e = malloc(sizeof(*e))) == NULL) return -1;
    *e = init;
    e->key = strdup(key);
    e->value_case = HADIR__V1__METADATA_ENTRY__VALUE_TEXT;
    e->text = malloc(strlen(prefix) + strlen(value) + 1);
    if (e->key == NULL || e->text == NULL) {
        free(e->key);
        free(e->text);
        free(e);
        return -1;
    }
    sprintf(e->text, "%s%s", prefix, value);
    md[c->n_md++] = e;
    return 0;
}

hadir_client *hadir_client_new(const hadir_options *opts) {
    hadir_options none = {NULL, NULL, 0, 0};
    hadir_client *c = calloc(1, sizeof(*c));

    if (opts == NULL) opts = &none;
    if (c == NULL) return NULL;
    c->fd = -1;
    c->server = strdup(opts->server ? opts->server : HADIR_DEFAULT_SERVER);
    c->connect_timeout_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms
                                                         : 5000;
    c->max_frame_size = opts->max_frame_size ? opts->max_frame_size
                                             : HADIR_DEFAULT_MAX_FRAME_SIZE;
    if (c->server == NULL ||
        (opts->token && *opts->token &&
         add_entry(c, "authorization", "Bearer ", opts->token) < 0)) {
        hadir_client_free(c);
        return NULL;
    }
    return c;
}

/* A key hadir_client_add_metadata() accepts: lower-case ASCII letters, digits, '-', '_'
 * and '.'; not a binary ("-bin") key, and not one the library sets or the protocol
 * reserves (PROTOCOL.md section 8). */
static int allowed_key(const char *key) {
    size_t len = strlen(key);

    if (len == 0 || strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789-_.") != len)
        return 0;
    return !(len >= 4 && strcmp(key + len - 4, "-bin") == 0) &&
           strcmp(key, "authorization") != 0 && strcmp(key, "grpc-timeout") != 0;
}

/* Printable ASCII (0x20-0x7E), as a text metadata value must be. */
static int printable_ascii(const char *s) {
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e) return 0;
    return 1;
}

int hadir_client_add_metadata(hadir_client *c, const char *key, const char *value,
                              hadir_status *st) {
    int r;

    if (st == NULL) {
        hadir_status tmp = HADIR_STATUS_INIT;
        r = hadir_client_add_metadata(c, key, value, &tmp);
        hadir_status_clear(&tmp);
        return r;
    }
    hadir_status_clear(st);
    if (key == NULL || !allowed_key(key))
        return fail(NULL, st, HADIR_INVALID_ARGUMENT, "The metadata key \"%.60s\" is not "
                    "allowed: use lower-case letters, digits, '-', '_' and '.', and not "
                    "authorization, grpc-timeout or a -bin key.", key ? key : "");
    if (value == NULL || !printable_ascii(value))
        return fail(NULL, st, HADIR_INVALID_ARGUMENT, "The value of the metadata key %s "
                    "must be printable ASCII.", key);
    if (add_entry(c, key, "", value) < 0)
        return fail(NULL, st, HADIR_RESOURCE_EXHAUSTED, "Out of memory.");
    return HADIR_OK;
}

void hadir_client_free(hadir_client *c) {
    size_t i;

    if (c == NULL) return;
    disconnect(c);
    free(c->server);
    for (i = 0; i < c->n_md; i++) {
        free(c->md[i]->key);
        free(c->md[i]->text);
        free(c->md[i]);
    }
    free(c->md);
    free(c);
}

void hadir_message_free(ProtobufCMessage *m) {
    if (m) protobuf_c_message_free_unpacked(m, NULL);
}

/* ---------------------------------------------------------------- low-level I/O */

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for events or the deadline (ms, < 0: none) passes.
 * Returns 1 ready, 0 deadline passed, -1 error (errno set). */
static int wait_fd(int fd, short events, long long deadline) {
    for (;;) {
        struct pollfd p;
        long long left = deadline < 0 ? -1 : deadline - now_ms();
        int r;

        if (deadline >= 0 && left < 0) left = 0;
        p.fd = fd;
        p.events = events;
        p.revents = 0;
        r = poll(&p, 1, left > 0x7fffffff ? 0x7fffffff : (int)left);
        if (r > 0) return 1;
        if (r == 0 && (deadline < 0 || now_ms() < deadline)) continue;
        if (r == 0) return 0;
        if (errno != EINTR) return -1;
    }
}

/* Writes all of buf. On failure the connection is closed and st says why. */
static int write_all(hadir_client *c, const uint8_t *buf, size_t len, long long deadline,
                     hadir_status *st) {
    while (len > 0) {
        ssize_t w = send(c->fd, buf, len, MSG_NOSIGNAL);
        int r;

        if (w > 0) {
            buf += w;
            len -= (size_t)w;
            continue;
        }
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if ((r = wait_fd(c->fd, POLLOUT, deadline)) > 0) continue;
            if (r == 0) errno = ETIMEDOUT;
        }
        return drop(c, st, "Lost the connection to %s while sending (%s). Check that "
                    "hadird is running, then try again.", c->server, strerror(errno));
    }
    return HADIR_OK;
}

static int send_frame(hadir_client *c, const Hadir__V1__Frame *f, long long deadline,
                      hadir_status *st) {
    size_t len;
    uint8_t *buf = hadir_frame_encode(f, &len);
    int r;

    if (buf == NULL) return fail(c, st, HADIR_RESOURCE_EXHAUSTED, "Out of memory.");
    r = write_all(c, buf, len, deadline, st);
    free(buf);
    return r;
}

/* Reads one frame into *out. Returns HADIR_OK; HADIR_DEADLINE_EXCEEDED when the
 * deadline passed first (connection intact, st untouched); or HADIR_UNAVAILABLE when
 * the connection was lost or broken (it is then closed, and st says why). */
static int read_frame(hadir_client *c, long long deadline, Hadir__V1__Frame **out,
                      hadir_status *st) {
    for (;;) {
        ssize_t n;
        size_t used;
        int r;

        if (c->in_off < c->in_len) {
            if (hadir_decoder_feed(&c->dec, c->in + c->in_off, c->in_len - c->in_off,
                                   &used, out) < 0)
                return drop(c, st, "%s broke the protocol: %s. The connection was "
                            "closed; is it a Hadir server of the same version?",
                            c->server, c->dec.err);
            c->in_off += used;
            if (*out) return HADIR_OK;
            continue;
        }
        c->in_off = c->in_len = 0;
        if ((r = wait_fd(c->fd, POLLIN, deadline)) == 0) return HADIR_DEADLINE_EXCEEDED;
        n = r < 0 ? -1 : recv(c->fd, c->in, sizeof(c->in), 0);
        if (n > 0)
            c->in_len = (size_t)n;
        else if (n == 0 && hadir_decoder_finish(&c->dec) < 0)
            return drop(c, st, "%s closed the connection in the middle of a frame (%s).",
                        c->server, c->dec.err);
        else if (n == 0)
            return drop(c, st, "%s closed the connection.", c->server);
        else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
            return drop(c, st, "Lost the connection to %s (%s).", c->server,
                        strerror(errno));
    }
}

/* ---------------------------------------------------------------- connecting */

static int connect_fd(int fd, const struct sockaddr *sa, socklen_t salen,
                      long long deadline) {
    int err = 0, r;
    socklen_t errlen = sizeof(err);

    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) return -1;
    if (connect(fd, sa, salen) == 0) return 0;
    if (errno != EINPROGRESS && errno != EINTR) return -1;
    if ((r = wait_fd(fd, POLLOUT, deadline)) <= 0) {
        if (r == 0) errno = ETIMEDOUT;
        return -1;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0) return -1;
    errno = err;
    return err ? -1 : 0;
}

/* Opens c->fd to the server: a Unix-domain socket when the address has a '/', else
 * TCP to host:port or [v6addr]:port, trying each address the name resolves to. */
static int open_socket(hadir_client *c, long long deadline, hadir_status *st) {
    const char *s = c->server, *colon = strrchr(s, ':');
    struct addrinfo hints, local, *ai = NULL, *p = &local;
    struct sockaddr_un sun;
    char host[256];
    int fd, r, one = 1;

    memset(&hints, 0, sizeof(hints));
    memset(&local, 0, sizeof(local));
    if (strchr(s, '/')) {
        if (strlen(s) >= sizeof(sun.sun_path))
            return fail(NULL, st, HADIR_UNAVAILABLE, "The socket path %s is too long "
                        "(at most %lu bytes).", s,
                        (unsigned long)sizeof(sun.sun_path) - 1);
        memset(&sun, 0, sizeof(sun));
        sun.sun_family = AF_UNIX;
        strcpy(sun.sun_path, s);
        local.ai_family = AF_UNIX;
        local.ai_socktype = SOCK_STREAM;
        local.ai_addr = (struct sockaddr *)&sun;
        local.ai_addrlen = sizeof(sun);
    } else {
        if (colon == NULL || colon == s || colon[1] == '\0' ||
            (size_t)(colon - s) >= sizeof(host))
            return fail(NULL, st, HADIR_UNAVAILABLE, "The server address \"%s\" is not "
                        "host:port or a socket path (e.g. 127.0.0.1:7400, [::1]:7400, "
                        "/run/hadir.sock).", s);
        r = s[0] == '[' && colon[-1] == ']'; /* [v6addr]:port */
        memcpy(host, s + r, (size_t)(colon - s) - 2 * (size_t)r);
        host[colon - s - 2 * r] = '\0';
        hints.ai_socktype = SOCK_STREAM;
        if ((r = getaddrinfo(host, colon + 1, &hints, &ai)) != 0)
            return fail(NULL, st, HADIR_UNAVAILABLE, "Cannot resolve the server address "
                        "%s (%s). Check --server or HADIR_SERVER.", s, gai_strerror(r));
        p = ai;
    }
    for (errno = ECONNREFUSED; p && c->fd < 0; p = p->ai_next) {
        if ((fd = socket(p->ai_family, p->ai_socktype, p->ai_protocol)) < 0) continue;
        if (connect_fd(fd, p->ai_addr, p->ai_addrlen, deadline) == 0) {
            if (p->ai_family != AF_UNIX)
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
            c->fd = fd;
        } else {
            r = errno;
            close(fd);
            errno = r;
        }
    }
    if (ai) freeaddrinfo(ai);
    if (c->fd >= 0) return HADIR_OK;
    return fail(NULL, st, HADIR_UNAVAILABLE, "Cannot connect to %s (%s). Check that "
                "hadird is running there and that the address is right.", s,
                strerror(errno));
}

int hadir_client_connect(hadir_client *c, hadir_status *st) {
    long long deadline = now_ms() + c->connect_timeout_ms;
    Hadir__V1__Frame f = HADIR__V1__FRAME__INIT, *in = NULL;
    Hadir__V1__Hello hello = HADIR__V1__HELLO__INIT;
    int r;

    if (st == NULL) {
        hadir_status tmp = HADIR_STATUS_INIT;
        r = hadir_client_connect(c, &tmp);
        hadir_status_clear(&tmp);
        return r;
    }
    hadir_status_clear(st);
    if (c->fd >= 0) return HADIR_OK;
    if (open_socket(c, deadline, st) != HADIR_OK) return st->code;
    hadir_decoder_init(&c->dec, c->max_frame_size);
    c->next_stream = 1;
    c->peer_max = HADIR_DEFAULT_MAX_FRAME_SIZE;

    hello.protocol_version = HADIR_PROTOCOL_VERSION;
    hello.agent = HADIR_AGENT;
    hello.max_frame_size = c->max_frame_size;
    f.body_case = HADIR__V1__FRAME__BODY_HELLO;
    f.hello = &hello;

    if (send_frame(c, &f, deadline, st) != HADIR_OK) return st->code;
    if ((r = read_frame(c, deadline, &in, st)) == HADIR_DEADLINE_EXCEEDED)
        return drop(c, st, "%s accepted the connection but sent no Hello within %d ms; "
                    "is it a Hadir server?", c->server, c->connect_timeout_ms);
    if (r != HADIR_OK) return r;
    if (in->body_case == HADIR__V1__FRAME__BODY_GO_AWAY)
        r = drop(c, st, "%s refused the connection: %s", c->server, in->go_away->message);
    else if (in->body_case != HADIR__V1__FRAME__BODY_HELLO || in->stream_id != 0)
        r = drop(c, st, "%s did not begin with a Hello; is it a Hadir server?",
                 c->server);
    else if (in->hello->protocol_version != HADIR_PROTOCOL_VERSION)
        r = drop(c, st, "%s speaks protocol version %lu; this client speaks version %d. "
                 "Use a client that matches the server.", c->server,
                 (unsigned long)in->hello->protocol_version, HADIR_PROTOCOL_VERSION);
    if (r == HADIR_OK) {
        /* Accept what the server may send under its own limit (PROTOCOL.md 2.1). */
        uint32_t m = in->hello->max_frame_size;
        if (m > FRAME_LIMIT_CAP) m = FRAME_LIMIT_CAP;
        if (m > c->dec.max) c->dec.max = m;
        if (m) c->peer_max = m;
    }
    hadir__v1__frame__free_unpacked(in, NULL);
    return r;
}

/* ---------------------------------------------------------------- calls */

/* Handles a frame on stream 0. Returns HADIR_OK to go on, or HADIR_UNAVAILABLE when
 * the connection is over (it is then closed, and st says why). */
static int connection_frame(hadir_client *c, const Hadir__V1__Frame *f,
                            long long deadline, hadir_status *st) {
    Hadir__V1__Frame out = HADIR__V1__FRAME__INIT;
    Hadir__V1__Pong pong = HADIR__V1__PONG__INIT;

    switch (f->body_case) {
    case HADIR__V1__FRAME__BODY_PING:
        pong.payload = f->ping->payload;
        out.body_case = HADIR__V1__FRAME__BODY_PONG;
        out.pong = &pong;
        return send_frame(c, &out, deadline < 0 ? now_ms() + 5000 : deadline, st) ==
                       HADIR_OK ? HADIR_OK : HADIR_UNAVAILABLE;
    case HADIR__V1__FRAME__BODY_PONG:
        return HADIR_OK;
    case HADIR__V1__FRAME__BODY_GO_AWAY:
        if (f->go_away->code == HADIR__V1__GO_AWAY_CODE__GO_AWAY_CODE_SHUTDOWN) {
            c->going_away = 1; /* open calls finish; new ones go elsewhere */
            return HADIR_OK;
        }
        return drop(c, st, "%s closed the connection: %s", c->server,
                    f->go_away->message);
    default:
        return drop(c, st, "%s broke the protocol (frame type %d on stream 0); the "
                    "connection was closed.", c->server, (int)f->body_case);
    }
}

/* Before a call: handles what arrived while idle (Ping, GoAway, a close), then makes
 * sure a usable connection is open. */
static int prepare(hadir_client *c, hadir_status *st) {
    Hadir__V1__Frame *f = NULL;

    while (c->fd >= 0 && !c->going_away) {
        hadir_status idle = HADIR_STATUS_INIT;
        int r = read_frame(c, now_ms(), &f, &idle);
        if (r == HADIR_OK && f->stream_id == 0) connection_frame(c, f, -1, &idle);
        hadir__v1__frame__free_unpacked(f, NULL);
        f = NULL;
        hadir_status_clear(&idle);
        if (r != HADIR_OK) break;
    }
    if (c->going_away || c->next_stream == UINT32_MAX) disconnect(c);
    return hadir_client_connect(c, st);
}

static int server_is_broken(const Hadir__V1__Frame *f) {
    switch (f->body_case) {
    case HADIR__V1__FRAME__BODY_RESPONSE_HEAD:
    case HADIR__V1__FRAME__BODY_MESSAGE:
    case HADIR__V1__FRAME__BODY_TRAILER:
    case HADIR__V1__FRAME__BODY_CANCEL:
        return 0;
    default:
        return 1;
    }
}

static int trailer(const Hadir__V1__Trailer *t, int have_message, hadir_status *st) {
    size_t i;

    hadir_status_clear(st);
    st->code = t->code > 16 ? HADIR_UNKNOWN : (int)t->code;
    st->message = dup_or_null(t->message);
    for (i = 0; i < t->n_metadata; i++) {
        const Hadir__V1__MetadataEntry *e = t->metadata[i];
        if (strcmp(e->key, "hadir-field") == 0 && st->field == NULL &&
            e->value_case == HADIR__V1__METADATA_ENTRY__VALUE_TEXT)
            st->field = dup_or_null(e->text);
    }
    if (st->code == HADIR_OK && !have_message)
        return fail(NULL, st, HADIR_INTERNAL, "The server ended the call without a "
                    "response.");
    if (st->code != HADIR_OK && st->message == NULL)
        st->message = strdup(hadir_code_name(st->code));
    return st->code;
}

int hadir_call_raw(hadir_client *c, const char *method, const uint8_t *request,
                   size_t request_len, uint8_t **response, size_t *response_len,
                   int timeout_ms, hadir_status *st) {
    long long deadline = timeout_ms > 0 ? now_ms() + timeout_ms : -1;
    Hadir__V1__Frame f = HADIR__V1__FRAME__INIT, *in = NULL;
    Hadir__V1__RequestHead head = HADIR__V1__REQUEST_HEAD__INIT;
    Hadir__V1__Message msg = HADIR__V1__MESSAGE__INIT;
    Hadir__V1__HalfClose half = HADIR__V1__HALF_CLOSE__INIT;
    Hadir__V1__Cancel cancel = HADIR__V1__CANCEL__INIT;
    uint8_t *data = NULL;
    size_t data_len = 0;
    uint32_t id;
    int r;

    if (st == NULL) {
        hadir_status tmp = HADIR_STATUS_INIT;
        r = hadir_call_raw(c, method, request, request_len, response, response_len,
                           timeout_ms, &tmp);
        hadir_status_clear(&tmp);
        return r;
    }
    *response = NULL;
    *response_len = 0;
    if (prepare(c, st) != HADIR_OK) return st->code;
    if (request_len + 16 > c->peer_max)
        return fail(NULL, st, HADIR_RESOURCE_EXHAUSTED, "The request is %lu bytes; %s "
                    "accepts frames of at most %lu bytes.", (unsigned long)request_len,
                    c->server, (unsigned long)c->peer_max);

    /* RequestHead (with the metadata and the deadline), Message, HalfClose */
    id = c->next_stream++;
    head.method = (char *)method;
    head.timeout_micros = timeout_ms > 0 ? (uint64_t)timeout_ms * 1000 : 0;
    head.metadata = c->md;
    head.n_metadata = c->n_md;
    msg.data.data = (uint8_t *)request;
    msg.data.len = request_len;
    f.stream_id = id;
    f.body_case = HADIR__V1__FRAME__BODY_REQUEST_HEAD;
    f.request_head = &head;
    r = send_frame(c, &f, deadline, st);
    f.body_case = HADIR__V1__FRAME__BODY_MESSAGE;
    f.message = &msg;
    if (r == HADIR_OK) r = send_frame(c, &f, deadline, st);
    f.body_case = HADIR__V1__FRAME__BODY_HALF_CLOSE;
    f.half_close = &half;
    if (r == HADIR_OK) r = send_frame(c, &f, deadline, st);
    if (r != HADIR_OK) return r;

    for (;;) {
        r = read_frame(c, deadline, &in, st);
        if (r == HADIR_DEADLINE_EXCEEDED) {
            cancel.reason = CANCEL_REASON;
            f.body_case = HADIR__V1__FRAME__BODY_CANCEL;
            f.cancel = &cancel;
            send_frame(c, &f, now_ms() + 1000, st);
            free(data);
            return fail(NULL, st, HADIR_DEADLINE_EXCEEDED, "%s did not answer within "
                        "%d ms; the call was cancelled. The server may be busy or the "
                        "network slow: try again.", c->server, timeout_ms);
        }
        if (r != HADIR_OK) break;
        if (in->stream_id == 0) {
            r = connection_frame(c, in, deadline, st);
        } else if (server_is_broken(in)) {
            r = drop(c, st, "%s broke the protocol (frame type %d on stream %lu); the "
                     "connection was closed.", c->server, (int)in->body_case,
                     (unsigned long)in->stream_id);
        } else if (in->stream_id != id) {
            /* a late frame of an abandoned call: ignored */
        } else if (in->body_case == HADIR__V1__FRAME__BODY_MESSAGE) {
            free(data);
            data_len = in->message->data.len;
            if ((data = malloc(data_len ? data_len : 1)) == NULL)
                r = drop(c, st, "Out of memory for a response of %lu bytes.",
                         (unsigned long)data_len);
            else if (data_len)
                memcpy(data, in->message->data.data, data_len);
        } else if (in->body_case == HADIR__V1__FRAME__BODY_TRAILER) {
            r = trailer(in->trailer, data != NULL, st);
            hadir__v1__frame__free_unpacked(in, NULL);
            if (c->going_away) disconnect(c);
            if (r == HADIR_OK) {
                *response = data;
                *response_len = data_len;
            } else {
                free(data);
            }
            return r;
        } else if (in->body_case == HADIR__V1__FRAME__BODY_CANCEL) {
            r = fail(NULL, st, HADIR_CANCELLED, "%s", *in->cancel->reason ?
                     in->cancel->reason : "The server cancelled the call.");
            hadir__v1__frame__free_unpacked(in, NULL);
            free(data);
            return r;
        }
        hadir__v1__frame__free_unpacked(in, NULL);
        in = NULL;
        if (r != HADIR_OK) break;
    }
    free(data);
    if (st->message == NULL) return fail(NULL, st, st->code, "The connection was lost.");
    return fail(NULL, st, st->code, "%s%s The call may or may not have taken effect.",
                st->message, strchr(".!?", st->message[strlen(st->message) - 1]) ? ""
                : ".");
}

int hadir_call(hadir_client *c, const char *method, const ProtobufCMessage *request,
               const ProtobufCMessageDescriptor *response_type,
               ProtobufCMessage **response, int timeout_ms, hadir_status *st) {
    size_t len, out_len = 0;
    uint8_t *buf, *out = NULL;
    int r;

    if (st == NULL) {
        hadir_status tmp = HADIR_STATUS_INIT;
        r = hadir_call(c, method, request, response_type, response, timeout_ms, &tmp);
        hadir_status_clear(&tmp);
        return r;
    }
    *response = NULL;
    len = protobuf_c_message_get_packed_size(request);
    if ((buf = malloc(len ? len : 1)) == NULL)
        return fail(NULL, st, HADIR_RESOURCE_EXHAUSTED, "Out of memory.");
    protobuf_c_message_pack(request, buf);
    r = hadir_call_raw(c, method, buf, len, &out, &out_len, timeout_ms, st);
    free(buf);
    if (r == HADIR_OK) {
        *response = protobuf_c_message_unpack(response_type, NULL, out_len, out);
        if (*response == NULL)
            r = fail(NULL, st, HADIR_INTERNAL, "The response of %s did not decode as %s; "
                     "are the client and server built from the same .proto files?",
                     method, response_type->name);
    }
    free(out);
    return r;
}
