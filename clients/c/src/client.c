/* client.c -- connection, TLS, Hello exchange and unary calls. See hadir.h. */
#include <arpa/inet.h>
#include <ctype.h>
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
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "hadir.h"
#include "frame.h"

#define FRAME_LIMIT_CAP 268435456u /* the largest max_frame_size hadird accepts */
#define CANCEL_REASON "The client stopped waiting for this call."
/* The type of the BIO that carries TLS records over c->fd: an index above those of
 * OpenSSL's own BIOs and below those BIO_get_new_index() hands out. */
#define HADIR_BIO_TYPE (0x7f | BIO_TYPE_SOURCE_SINK)

/* What the TLS handshake saw of the server's certificate, to explain a refusal. */
typedef struct tls_seen {
    int cert;                           /* the leaf was seen (HADIR_TLS_PIN) */
    char fingerprint[HADIR_TLS_PIN_SIZE];
    int expired;                        /* the leaf's notAfter has passed */
    char expired_on[16];                /* its notAfter, YYYY-MM-DD */
} tls_seen;

struct hadir_client {
    char *server;
    Hadir__V1__MetadataEntry **md; /* sent with every call: authorization, then the */
    size_t n_md;                   /* entries of hadir_client_add_metadata() */
    int connect_timeout_ms;
    uint32_t max_frame_size; /* our own receive limit */
    int tls;                 /* enum hadir_tls */
    char *tls_ca_file;
    char tls_pin[HADIR_TLS_PIN_SIZE];  /* normalized; "" when not HADIR_TLS_PIN */
    const char *tls_invalid; /* why the TLS options cannot work, or NULL */
    SSL_CTX *ssl_ctx;        /* made on the first TLS connection, kept for the next */
    BIO_METHOD *bio_method;  /* the BIO below each SSL: send(MSG_NOSIGNAL) and recv */
    SSL *ssl;                /* the connection's TLS; NULL when plain */
    int ssl_broken;          /* a fatal TLS error happened: no close_notify */
    int bio_eof;             /* the BIO read the end of the stream */
    tls_seen seen;
    char io_err[160];        /* why the last send or receive failed */
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

static const char *failure_names[] = {
    "none", "tls-required", "tls-not-offered", "tls-pin-mismatch",
    "tls-certificate-expired", "tls-untrusted", "tls-setup"};

const char *hadir_code_name(int code) {
    return code >= 0 && code <= 16 ? code_names[code] : "UNKNOWN";
}

const char *hadir_failure_name(int failure) {
    return failure >= 0 && failure <= HADIR_FAILURE_TLS_SETUP ? failure_names[failure]
                                                             : "unknown";
}

void hadir_status_clear(hadir_status *st) {
    if (st == NULL) return;
    free(st->message);
    free(st->field);
    free(st->tls_presented);
    free(st->tls_expected);
    free(st->tls_expired_on);
    st->code = HADIR_OK;
    st->message = st->field = NULL;
    st->failure = HADIR_FAILURE_NONE;
    st->tls_presented = st->tls_expected = st->tls_expired_on = NULL;
}

int hadir_tls_parse_pin(const char *text, char *out) {
    const char *s, *e;
    char hex[64];
    size_t n = 0;

    if (text == NULL) return 0;
    for (s = text; isspace((unsigned char)*s); s++) continue;
    for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]); e--) continue;
    if (e - s >= 7 && strncasecmp(s, "sha256:", 7) == 0) s += 7;
    for (; s < e; s++) {
        if (*s == ':' || *s == ' ') continue;
        if (!isxdigit((unsigned char)*s) || n == sizeof(hex)) return 0;
        hex[n++] = (char)tolower((unsigned char)*s);
    }
    if (n != sizeof(hex)) return 0;
    if (out) {
        memcpy(out, "sha256:", 7);
        memcpy(out + 7, hex, sizeof(hex));
        out[7 + sizeof(hex)] = '\0';
    }
    return 1;
}

/* Closes the connection. A TLS connection in good order is first told so
 * (close_notify), as far as the socket takes it without waiting. */
static void disconnect(hadir_client *c) {
    if (c->ssl) {
        if (!c->ssl_broken && SSL_is_init_finished(c->ssl)) SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
        ERR_clear_error();
    }
    c->ssl = NULL;
    c->ssl_broken = c->bio_eof = 0;
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

/* Adds to st, already filled by fail(), which TLS failure it was and its facts. Returns
 * st->code. */
static int tls_failure(hadir_status *st, int failure, const char *presented,
                       const char *expected, const char *expired_on) {
    st->failure = failure;
    st->tls_presented = presented ? strdup(presented) : NULL;
    st->tls_expected = expected ? strdup(expected) : NULL;
    st->tls_expired_on = expired_on ? strdup(expired_on) : NULL;
    return st->code;
}

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
    hadir_options none = {0};
    hadir_client *c = calloc(1, sizeof(*c));

    if (opts == NULL) opts = &none;
    if (c == NULL) return NULL;
    c->fd = -1;
    c->server = strdup(opts->server ? opts->server : HADIR_DEFAULT_SERVER);
    c->connect_timeout_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms
                                                         : 5000;
    c->max_frame_size = opts->max_frame_size ? opts->max_frame_size
                                             : HADIR_DEFAULT_MAX_FRAME_SIZE;
    c->tls = opts->tls;
    if (c->tls < HADIR_TLS_NONE || c->tls > HADIR_TLS_PIN)
        c->tls_invalid = "The TLS mode is not one of HADIR_TLS_NONE, HADIR_TLS_SYSTEM, "
                         "HADIR_TLS_CA and HADIR_TLS_PIN.";
    else if (c->tls == HADIR_TLS_CA && (opts->tls_ca_file == NULL || !*opts->tls_ca_file))
        c->tls_invalid = "HADIR_TLS_CA needs the file of the trusted certificate "
                         "authorities (tls_ca_file).";
    else if (c->tls == HADIR_TLS_PIN && !hadir_tls_parse_pin(opts->tls_pin, c->tls_pin))
        c->tls_invalid = "The TLS pin is not a certificate fingerprint: it must be "
                         "sha256: and 64 hex digits, as hadird prints it when it starts.";
    if (c->tls == HADIR_TLS_CA && c->tls_invalid == NULL &&
        (c->tls_ca_file = strdup(opts->tls_ca_file)) == NULL) {
        hadir_client_free(c);
        return NULL;
    }
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
    free(c->tls_ca_file);
    SSL_CTX_free(c->ssl_ctx);
    BIO_meth_free(c->bio_method);
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

/* The outcome of an SSL_* call that returned r <= 0: IO_AGAIN with *want set to the
 * poll events to wait for, or IO_ERROR with c->io_err set (and, for a fatal TLS error,
 * c->ssl_broken). A close by the peer is IO_EOF. */
enum { IO_EOF = 0, IO_ERROR = -1, IO_AGAIN = -2 };

static void set_io_err(hadir_client *c, const char *text) {
    snprintf(c->io_err, sizeof(c->io_err), "%s", text);
}

static int ssl_outcome(hadir_client *c, int r, short *want) {
    int e = SSL_get_error(c->ssl, r);
    unsigned long err;

    switch (e) {
    case SSL_ERROR_WANT_READ: *want = POLLIN; return IO_AGAIN;
    case SSL_ERROR_WANT_WRITE: *want = POLLOUT; return IO_AGAIN;
    case SSL_ERROR_ZERO_RETURN: return IO_EOF;
    case SSL_ERROR_SYSCALL:
        c->ssl_broken = 1;
        set_io_err(c, errno ? strerror(errno) : "the connection ended");
        return IO_ERROR;
    default:
        c->ssl_broken = 1;
        err = ERR_peek_last_error();
        snprintf(c->io_err, sizeof(c->io_err), "TLS: %s",
                 err && ERR_reason_error_string(err) ? ERR_reason_error_string(err)
                                                     : "protocol error");
        return IO_ERROR;
    }
}

/* Sends up to len bytes, in TLS records when the connection has TLS. Returns the number
 * sent (> 0), IO_AGAIN (with *want: wait for those poll events, or 0: try again now) or
 * IO_ERROR (c->io_err says why). */
static ssize_t conn_send(hadir_client *c, const uint8_t *buf, size_t len, short *want) {
    ssize_t w;

    *want = POLLOUT;
    if (c->ssl) {
        int n = (int)(len > 0x40000000 ? 0x40000000 : len);
        ERR_clear_error();
        if ((n = SSL_write(c->ssl, buf, n)) > 0) return n;
        return ssl_outcome(c, n, want) == IO_AGAIN ? IO_AGAIN : IO_ERROR;
    }
    if ((w = send(c->fd, buf, len, MSG_NOSIGNAL)) > 0) return w;
    if (w < 0 && errno == EINTR) *want = 0;
    if (w < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        return IO_AGAIN;
    set_io_err(c, strerror(w < 0 ? errno : EPIPE));
    return IO_ERROR;
}

/* Receives up to len bytes, from TLS records when the connection has TLS. Returns the
 * number received (> 0), IO_EOF, IO_AGAIN (with *want as for conn_send) or IO_ERROR. */
static ssize_t conn_recv(hadir_client *c, uint8_t *buf, size_t len, short *want) {
    ssize_t n;

    *want = POLLIN;
    if (c->ssl) {
        int r;
        ERR_clear_error();
        if ((r = SSL_read(c->ssl, buf, (int)len)) > 0) return r;
        return ssl_outcome(c, r, want);
    }
    if ((n = recv(c->fd, buf, len, 0)) >= 0) return n;
    if (errno == EINTR) *want = 0;
    if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) return IO_AGAIN;
    set_io_err(c, strerror(errno));
    return IO_ERROR;
}

/* Writes all of buf. On failure the connection is closed and st says why. */
static int write_all(hadir_client *c, const uint8_t *buf, size_t len, long long deadline,
                     hadir_status *st) {
    while (len > 0) {
        short want;
        ssize_t w = conn_send(c, buf, len, &want);
        int r;

        if (w > 0) {
            buf += w;
            len -= (size_t)w;
            continue;
        }
        if (w == IO_AGAIN) {
            if (want == 0 || (r = wait_fd(c->fd, want, deadline)) > 0) continue;
            set_io_err(c, strerror(r == 0 ? ETIMEDOUT : errno));
        }
        return drop(c, st, "Lost the connection to %s while sending (%s). Check that "
                    "hadird is running, then try again.", c->server, c->io_err);
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
    short want = POLLIN;

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
        /* Bytes OpenSSL has already decrypted are not on the socket: no poll for them. */
        if (want != 0 && !(c->ssl && SSL_pending(c->ssl) > 0)) {
            if ((r = wait_fd(c->fd, want, deadline)) == 0) return HADIR_DEADLINE_EXCEEDED;
            if (r < 0)
                return drop(c, st, "Lost the connection to %s (%s).", c->server,
                            strerror(errno));
        }
        n = conn_recv(c, c->in, sizeof(c->in), &want);
        if (n > 0) {
            c->in_len = (size_t)n;
            want = POLLIN;
        } else if (n == IO_EOF && hadir_decoder_finish(&c->dec) < 0) {
            return drop(c, st, "%s closed the connection in the middle of a frame (%s).",
                        c->server, c->dec.err);
        } else if (n == IO_EOF) {
            return drop(c, st, "%s closed the connection.", c->server);
        } else if (n == IO_ERROR) {
            return drop(c, st, "Lost the connection to %s (%s).", c->server, c->io_err);
        }
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
 * TCP to host:port or [v6addr]:port, trying each address the name resolves to. For TCP,
 * host (of 256 bytes) receives the host name or address; for a socket, "". */
static int open_socket(hadir_client *c, long long deadline, char *host, hadir_status *st) {
    const char *s = c->server, *colon = strrchr(s, ':');
    struct addrinfo hints, local, *ai = NULL, *p = &local;
    struct sockaddr_un sun;
    int fd, r, one = 1;

    host[0] = '\0';
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
        if (colon == NULL || colon == s || colon[1] == '\0' || colon - s >= 256)
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

/* ---------------------------------------------------------------- TLS */

/* The BIO under each SSL: the socket, written with MSG_NOSIGNAL so that a server gone
 * away never raises SIGPIPE (OpenSSL's socket BIO uses write()). Its data is the client. */
static int bio_write(BIO *b, const char *buf, int len) {
    hadir_client *c = BIO_get_data(b);
    ssize_t n = send(c->fd, buf, (size_t)len, MSG_NOSIGNAL);

    BIO_clear_retry_flags(b);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        BIO_set_retry_write(b);
    return (int)n;
}

static int bio_read(BIO *b, char *buf, int len) {
    hadir_client *c = BIO_get_data(b);
    ssize_t n = recv(c->fd, buf, (size_t)len, 0);

    BIO_clear_retry_flags(b);
    if (n == 0) c->bio_eof = 1;
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        BIO_set_retry_read(b);
    return (int)n;
}

static long bio_ctrl(BIO *b, int cmd, long num, void *ptr) {
    hadir_client *c = BIO_get_data(b);

    (void)num;
    (void)ptr;
    switch (cmd) {
    case BIO_CTRL_FLUSH: return 1;
    case BIO_CTRL_EOF: return c ? c->bio_eof : 0;
    default: return 0;
    }
}

static int bio_create(BIO *b) {
    BIO_set_init(b, 1);
    return 1;
}

/* The fingerprint of certificate x, "sha256:" and 64 lower-case hex digits, into out
 * (HADIR_TLS_PIN_SIZE bytes). Returns 0 when it cannot be computed. */
static int fingerprint(X509 *x, char *out) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;

    if (!X509_digest(x, EVP_sha256(), md, &n) || n != 32) return 0;
    memcpy(out, "sha256:", 7);
    for (i = 0; i < n; i++) sprintf(out + 7 + 2 * i, "%02x", md[i]);
    return 1;
}

/* Records that certificate x has expired, and the day its validity ended. */
static void note_expired(hadir_client *c, X509 *x) {
    struct tm tm;

    c->seen.expired = 1;
    memset(&tm, 0, sizeof(tm));
    if (!ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm) ||
        strftime(c->seen.expired_on, sizeof(c->seen.expired_on), "%Y-%m-%d", &tm) == 0)
        snprintf(c->seen.expired_on, sizeof(c->seen.expired_on), "?");
}

/* HADIR_TLS_PIN: instead of OpenSSL's chain and name checks, trust the server's
 * certificate if and only if it is the pinned one and within its validity dates. */
static int pin_verify(X509_STORE_CTX *store, void *arg) {
    hadir_client *c = arg;
    X509 *leaf = X509_STORE_CTX_get0_cert(store);

    if (leaf == NULL || !fingerprint(leaf, c->seen.fingerprint)) {
        X509_STORE_CTX_set_error(store, X509_V_ERR_UNSPECIFIED);
        return 0;
    }
    c->seen.cert = 1;
    if (strcmp(c->seen.fingerprint, c->tls_pin) != 0) {
        X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
        return 0;
    }
    if (X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0) {
        note_expired(c, leaf);
        X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_HAS_EXPIRED);
        return 0;
    }
    if (X509_cmp_current_time(X509_get0_notBefore(leaf)) >= 0) {
        X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_NOT_YET_VALID);
        return 0;
    }
    X509_STORE_CTX_set_error(store, X509_V_OK);
    return 1;
}

/* HADIR_TLS_SYSTEM and HADIR_TLS_CA: OpenSSL decides; this only notes an expired leaf
 * (its verification stops at the first problem, so the rest was in order). */
static int chain_verify(int ok, X509_STORE_CTX *store) {
    SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    hadir_client *c = ssl ? SSL_get_app_data(ssl) : NULL;

    if (!ok && c && X509_STORE_CTX_get_error(store) == X509_V_ERR_CERT_HAS_EXPIRED &&
        X509_STORE_CTX_get_error_depth(store) == 0 && X509_STORE_CTX_get_current_cert(store))
        note_expired(c, X509_STORE_CTX_get_current_cert(store));
    return ok;
}

/* The text of the last OpenSSL error, or fallback. */
static const char *ssl_error_text(const char *fallback) {
    unsigned long err = ERR_peek_last_error();
    const char *why = err ? ERR_reason_error_string(err) : NULL;
    return why ? why : fallback;
}

/* Makes c->ssl_ctx and c->bio_method, if not made yet. */
static int tls_setup(hadir_client *c, hadir_status *st) {
    SSL_CTX *ctx;

    if (c->ssl_ctx) return HADIR_OK;
    ERR_clear_error();
    if (c->bio_method == NULL) {
        if ((c->bio_method = BIO_meth_new(HADIR_BIO_TYPE, "hadir socket")) == NULL ||
            !BIO_meth_set_write(c->bio_method, bio_write) ||
            !BIO_meth_set_read(c->bio_method, bio_read) ||
            !BIO_meth_set_ctrl(c->bio_method, bio_ctrl) ||
            !BIO_meth_set_create(c->bio_method, bio_create)) {
            BIO_meth_free(c->bio_method);
            c->bio_method = NULL;
            return fail(NULL, st, HADIR_RESOURCE_EXHAUSTED, "Out of memory.");
        }
    }
    if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
        return fail(NULL, st, HADIR_RESOURCE_EXHAUSTED, "Cannot set up TLS (%s).",
                    ssl_error_text("out of memory"));
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* A close without close_notify is a close: the framing tells a cut frame anyway. */
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                          SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (c->tls == HADIR_TLS_PIN) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        SSL_CTX_set_cert_verify_callback(ctx, pin_verify, c);
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, chain_verify);
        if (c->tls == HADIR_TLS_SYSTEM) {
            SSL_CTX_set_default_verify_paths(ctx);
        } else if (!SSL_CTX_load_verify_locations(ctx, c->tls_ca_file, NULL)) {
            fail(NULL, st, HADIR_UNAVAILABLE, "Cannot set up TLS for %s: the certificate "
                 "authority file %s cannot be used (%s). Check that it is a readable PEM "
                 "file of certificates.", c->server, c->tls_ca_file,
                 ssl_error_text("no certificate in it"));
            SSL_CTX_free(ctx);
            ERR_clear_error();
            return tls_failure(st, HADIR_FAILURE_TLS_SETUP, NULL, NULL, NULL);
        }
    }
    c->ssl_ctx = ctx;
    return HADIR_OK;
}

/* Why the TLS handshake failed, from what it saw of the certificate: closes the
 * connection and fills st. */
static int handshake_failed(hadir_client *c, hadir_status *st) {
    long verify = SSL_get_verify_result(c->ssl);
    unsigned long err = ERR_peek_last_error();
    const char *s = c->server, *why = ssl_error_text("unknown");
    tls_seen seen = c->seen;

    if (c->tls == HADIR_TLS_PIN && seen.cert && strcmp(seen.fingerprint, c->tls_pin)) {
        drop(c, st, "The Hadir server at %s presented the certificate %s, not the pinned "
             "%s. If its certificate was made anew, pin the new fingerprint hadird "
             "printed; otherwise this is not your server: do not connect.", s,
             seen.fingerprint, c->tls_pin);
        return tls_failure(st, HADIR_FAILURE_TLS_PIN_MISMATCH, seen.fingerprint,
                           c->tls_pin, NULL);
    }
    if (seen.expired) {
        drop(c, st, "The Hadir server at %s presented a certificate that expired on %s. "
             "Ask its operator to renew it.", s, seen.expired_on);
        return tls_failure(st, HADIR_FAILURE_TLS_EXPIRED, NULL, NULL, seen.expired_on);
    }
    if (seen.cert || verify != X509_V_OK) {
        drop(c, st, "The Hadir server at %s presented a certificate this machine does not "
             "trust (expired, signed by an unknown authority, or made for another name). "
             "For a server with its own certificate, pin it with --tls-pin. (OpenSSL: %s.)",
             s, X509_verify_cert_error_string(verify));
        return tls_failure(st, HADIR_FAILURE_TLS_UNTRUSTED, NULL, NULL, NULL);
    }
    if (ERR_GET_LIB(err) == ERR_LIB_SSL && ERR_GET_REASON(err) >= SSL_AD_REASON_OFFSET)
        /* a TLS alert from the server: it does speak TLS, but not with this client */
        return drop(c, st, "The Hadir server at %s ended the TLS handshake (%s). Check "
                    "that it and this client allow the same TLS versions.", s, why);
    drop(c, st, "The Hadir server at %s did not answer in TLS: it may not use TLS. "
         "Connect without --tls and --tls-pin, or ask its operator.", s);
    return tls_failure(st, HADIR_FAILURE_TLS_NOT_OFFERED, NULL, NULL, NULL);
}

/* Makes the TCP connection c->fd a TLS connection to host, before the deadline. */
static int tls_handshake(hadir_client *c, const char *host, long long deadline,
                         hadir_status *st) {
    unsigned char addr[sizeof(struct in6_addr)];
    int is_address = inet_pton(AF_INET, host, addr) == 1 ||
                     inet_pton(AF_INET6, host, addr) == 1;
    BIO *bio;
    X509 *leaf;

    if (tls_setup(c, st) != HADIR_OK) {
        disconnect(c);
        return st->code;
    }
    memset(&c->seen, 0, sizeof(c->seen));
    if ((c->ssl = SSL_new(c->ssl_ctx)) == NULL || (bio = BIO_new(c->bio_method)) == NULL)
        return fail(c, st, HADIR_RESOURCE_EXHAUSTED, "Out of memory.");
    BIO_set_data(bio, c);
    SSL_set_bio(c->ssl, bio, bio);
    SSL_set_app_data(c->ssl, c);
    /* SNI and name checks take host names; an address is checked as an address. */
    if (!is_address && !SSL_set_tlsext_host_name(c->ssl, host))
        return fail(c, st, HADIR_RESOURCE_EXHAUSTED, "Out of memory.");
    if (c->tls != HADIR_TLS_PIN &&
        !(is_address ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), host)
                     : SSL_set1_host(c->ssl, host)))
        return fail(c, st, HADIR_RESOURCE_EXHAUSTED, "Out of memory.");

    for (;;) {
        short want = 0;
        int r;

        ERR_clear_error();
        if ((r = SSL_connect(c->ssl)) == 1) break;
        if (ssl_outcome(c, r, &want) != IO_AGAIN) return handshake_failed(c, st);
        if ((r = wait_fd(c->fd, want, deadline)) == 0)
            return drop(c, st, "%s accepted the connection but did not finish the TLS "
                        "handshake within %d ms; does it take TLS connections?",
                        c->server, c->connect_timeout_ms);
        if (r < 0)
            return drop(c, st, "Lost the connection to %s during the TLS handshake (%s).",
                        c->server, strerror(errno));
    }
    /* The pin once more, on the certificate the connection ended up with. */
    if (c->tls == HADIR_TLS_PIN &&
        ((leaf = SSL_get0_peer_certificate(c->ssl)) == NULL ||
         !fingerprint(leaf, c->seen.fingerprint) ||
         strcmp(c->seen.fingerprint, c->tls_pin) != 0)) {
        c->seen.cert = 1;
        return handshake_failed(c, st);
    }
    return HADIR_OK;
}

/* ---------------------------------------------------------------- the Hello exchange */

int hadir_client_connect(hadir_client *c, hadir_status *st) {
    long long deadline = now_ms() + c->connect_timeout_ms;
    Hadir__V1__Frame f = HADIR__V1__FRAME__INIT, *in = NULL;
    Hadir__V1__Hello hello = HADIR__V1__HELLO__INIT;
    char host[256];
    int r;

    if (st == NULL) {
        hadir_status tmp = HADIR_STATUS_INIT;
        r = hadir_client_connect(c, &tmp);
        hadir_status_clear(&tmp);
        return r;
    }
    hadir_status_clear(st);
    if (c->fd >= 0) return HADIR_OK;
    if (c->tls_invalid) return fail(NULL, st, HADIR_INVALID_ARGUMENT, "%s", c->tls_invalid);
    if (open_socket(c, deadline, host, st) != HADIR_OK) return st->code;
    /* TLS over TCP; a Unix socket never leaves the machine and stays plain. */
    if (c->tls != HADIR_TLS_NONE && host[0] &&
        tls_handshake(c, host, deadline, st) != HADIR_OK)
        return st->code;
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
    if (in->body_case == HADIR__V1__FRAME__BODY_GO_AWAY &&
        in->go_away->code == HADIR__V1__GO_AWAY_CODE__GO_AWAY_CODE_TLS_REQUIRED) {
        drop(c, st, "The Hadir server at %s takes TLS connections only. Connect with "
             "--tls-pin sha256:\xe2\x80\xa6 (the fingerprint hadird printed when it "
             "started) or with --tls.", c->server);
        r = tls_failure(st, HADIR_FAILURE_TLS_REQUIRED, NULL, NULL, NULL);
    } else if (in->body_case == HADIR__V1__FRAME__BODY_GO_AWAY)
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
