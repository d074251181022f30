/* test_client.c -- hadir_client_add_metadata(): which entries a client accepts. What a
 * call then sends is checked against a fake server by tests/integration.sh.
 * TLS: the pins hadir_tls_parse_pin() reads and refuses, TLS options that cannot work,
 * and what a TLS client is told by peers forked here that do not answer in TLS (silent,
 * closing at once, a plain Hello, GoAway TLS_REQUIRED), by a CA file that cannot be
 * read, and on a Unix socket, which stays plain. Real TLS servers are in
 * tests/integration.sh. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hadir.h"
#include "frame.h"

static int passed, failed;

#define CHECK(cond) do { if (cond) passed++; else { failed++; \
    fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

/* Adds key: value and checks the status code; a refusal must say why. */
static void expect_at(int line, hadir_client *c, const char *key, const char *value,
                      int want) {
    hadir_status st = HADIR_STATUS_INIT;
    int got = hadir_client_add_metadata(c, key, value, &st);

    if (got == want && st.code == want && (want == HADIR_OK) == (st.message == NULL)) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s:%d: got %s (%s), want %s\n", __FILE__, line,
                hadir_code_name(got), st.message ? st.message : "no message",
                hadir_code_name(want));
    }
    hadir_status_clear(&st);
}
#define EXPECT(key, value, want) expect_at(__LINE__, c, key, value, want)

/* ---------------------------------------------------------------- pins */

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void pin_at(int line, const char *text, const char *want) {
    char out[HADIR_TLS_PIN_SIZE] = "untouched";
    int got = hadir_tls_parse_pin(text, out);

    if (want ? got == 1 && strcmp(out, want) == 0 && hadir_tls_parse_pin(text, NULL) == 1
             : got == 0 && strcmp(out, "untouched") == 0 && !hadir_tls_parse_pin(text, NULL)) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s:%d: pin \"%s\" gave %d \"%s\", want %s\n", __FILE__,
                line, text ? text : "(null)", got, out, want ? want : "a refusal");
    }
}
#define PIN(text, want) pin_at(__LINE__, text, want)

static void test_pins(void) {
    const char *want = "sha256:" HEX64;

    PIN("sha256:" HEX64, want);
    PIN(HEX64, want);                                  /* no prefix */
    PIN("SHA256:0123456789ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef", want);
    PIN("Sha256:" HEX64, want);
    PIN("  sha256:" HEX64 "\n", want);                 /* pasted with white space */
    /* as `openssl x509 -noout -fingerprint -sha256` prints it, after the "=" */
    PIN("01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:"
        "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF", want);
    PIN("sha256:01 23 45 67 89 ab cd ef 0123456789abcdef 0123456789abcdef"
        "0123456789abcdef", want);
    PIN("sha256::" HEX64, want);
    /* refused */
    PIN(NULL, NULL);
    PIN("", NULL);
    PIN("sha256:", NULL);
    PIN("sha256:" HEX64 "0", NULL);                    /* 65 digits */
    PIN("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", NULL);
    PIN("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg", NULL);
    PIN("sha1:" HEX64, NULL);
    PIN("sha256:sha256:" HEX64, NULL);
    PIN("sha256 Fingerprint=" HEX64, NULL);
    PIN("0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", NULL);
    PIN("sha256:0123456789abcdef-0123456789abcdef0123456789abcdef0123456789abcdef", NULL);
    PIN("sha256:0123456789abcdef\t0123456789abcdef0123456789abcdef0123456789abcdef", NULL);
    PIN("sha256:" HEX64 "\xc2\xa0", NULL);              /* a no-break space */
}

/* ---------------------------------------------------------------- statuses, options */

static void test_names_and_status(void) {
    hadir_status st = HADIR_STATUS_INIT;

    CHECK(strcmp(hadir_failure_name(HADIR_FAILURE_NONE), "none") == 0);
    CHECK(strcmp(hadir_failure_name(HADIR_FAILURE_TLS_REQUIRED), "tls-required") == 0);
    CHECK(strcmp(hadir_failure_name(HADIR_FAILURE_TLS_NOT_OFFERED), "tls-not-offered") == 0);
    CHECK(strcmp(hadir_failure_name(HADIR_FAILURE_TLS_PIN_MISMATCH), "tls-pin-mismatch") == 0);
    CHECK(strcmp(hadir_failure_name(HADIR_FAILURE_TLS_EXPIRED),
                 "tls-certificate-expired") == 0);
    CHECK(strcmp(hadir_failure_name(HADIR_FAILURE_TLS_UNTRUSTED), "tls-untrusted") == 0);
    CHECK(strcmp(hadir_failure_name(HADIR_FAILURE_TLS_SETUP), "tls-setup") == 0);
    CHECK(strcmp(hadir_failure_name(99), "unknown") == 0);
    CHECK(strcmp(hadir_failure_name(-1), "unknown") == 0);

    st.code = HADIR_UNAVAILABLE;
    st.message = strdup("m");
    st.failure = HADIR_FAILURE_TLS_PIN_MISMATCH;
    st.tls_presented = strdup("sha256:" HEX64);
    st.tls_expected = strdup("sha256:" HEX64);
    st.tls_expired_on = strdup("2020-02-01");
    hadir_status_clear(&st);
    CHECK(st.code == HADIR_OK && st.message == NULL && st.failure == HADIR_FAILURE_NONE &&
          st.tls_presented == NULL && st.tls_expected == NULL && st.tls_expired_on == NULL);
    hadir_status_clear(NULL);
}

/* TLS options that cannot work are refused before anything is sent. */
static void refused_at(int line, int tls, const char *ca, const char *pin) {
    hadir_options o = {0};
    hadir_status st = HADIR_STATUS_INIT;
    hadir_client *c;
    int r;

    o.server = "127.0.0.1:1";
    o.tls = tls;
    o.tls_ca_file = ca;
    o.tls_pin = pin;
    c = hadir_client_new(&o);
    r = hadir_client_connect(c, &st);
    if (c && r == HADIR_INVALID_ARGUMENT && st.code == r && st.message &&
        st.failure == HADIR_FAILURE_NONE) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s:%d: got %s (%s)\n", __FILE__, line, hadir_code_name(r),
                st.message ? st.message : "no message");
    }
    hadir_status_clear(&st);
    hadir_client_free(c);
}

static void test_bad_options(void) {
    refused_at(__LINE__, HADIR_TLS_PIN, NULL, NULL);
    refused_at(__LINE__, HADIR_TLS_PIN, NULL, "sha256:1234");
    refused_at(__LINE__, HADIR_TLS_CA, NULL, NULL);
    refused_at(__LINE__, HADIR_TLS_CA, "", NULL);
    refused_at(__LINE__, 7, NULL, NULL);
    refused_at(__LINE__, -1, NULL, NULL);
}

/* ---------------------------------------------------------------- peers */

enum peer_mode {
    PEER_SILENT,      /* never accepts: the handshake gets no answer */
    PEER_CLOSE,       /* reads what comes, then closes */
    PEER_HELLO_CLOSE, /* a plain server: its Hello, then a close on a TLS record */
    PEER_TLS_ONLY,    /* a TLS server to a plain client: GoAway TLS_REQUIRED, close */
    PEER_HELLO        /* a plain server that answers the Hello */
};

/* A listening socket: TCP on 127.0.0.1 (its address into addr), or Unix at path. */
static int listen_on(const char *path, char *addr, size_t size) {
    struct sockaddr_in in;
    struct sockaddr_un un;
    socklen_t len = sizeof(in);
    int fd = socket(path ? AF_UNIX : AF_INET, SOCK_STREAM, 0);

    memset(&in, 0, sizeof(in));
    memset(&un, 0, sizeof(un));
    if (path) {
        un.sun_family = AF_UNIX;
        snprintf(un.sun_path, sizeof(un.sun_path), "%s", path);
        if (bind(fd, (struct sockaddr *)&un, sizeof(un)) < 0) return -1;
        snprintf(addr, size, "%s", path);
    } else {
        in.sin_family = AF_INET;
        in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(fd, (struct sockaddr *)&in, sizeof(in)) < 0 ||
            getsockname(fd, (struct sockaddr *)&in, &len) < 0)
            return -1;
        snprintf(addr, size, "127.0.0.1:%u", (unsigned)ntohs(in.sin_port));
    }
    return listen(fd, 4) < 0 ? -1 : fd;
}

/* Sends one frame of the given body on stream 0. */
static void send_frame0(int fd, Hadir__V1__Frame *f) {
    size_t len;
    uint8_t *buf = hadir_frame_encode(f, &len);

    if (buf && send(fd, buf, len, MSG_NOSIGNAL) < 0) perror("peer: send");
    free(buf);
}

/* The peer, in a child process: serves one connection on lfd as mode says. */
static pid_t start_peer(int lfd, enum peer_mode mode) {
    Hadir__V1__Frame f = HADIR__V1__FRAME__INIT;
    Hadir__V1__Hello hello = HADIR__V1__HELLO__INIT;
    Hadir__V1__GoAway away = HADIR__V1__GO_AWAY__INIT;
    unsigned char buf[4096];
    pid_t pid;
    int fd;

    if (mode == PEER_SILENT || (pid = fork()) != 0) return mode == PEER_SILENT ? 0 : pid;
    fd = accept(lfd, NULL, NULL);
    hello.protocol_version = HADIR_PROTOCOL_VERSION;
    hello.agent = "test-peer";
    f.body_case = HADIR__V1__FRAME__BODY_HELLO;
    f.hello = &hello;
    switch (mode) {
    case PEER_CLOSE:
        if (recv(fd, buf, sizeof(buf), 0) < 0) perror("peer: recv");
        break;
    case PEER_HELLO_CLOSE: /* as hadird: its Hello goes out before it sees the client */
        send_frame0(fd, &f);
        if (recv(fd, buf, 1, 0) != 1 || buf[0] != 0x16) fprintf(stderr, "peer: no TLS\n");
        break;
    case PEER_TLS_ONLY:
        if (recv(fd, buf, sizeof(buf), 0) < 1 || buf[0] == 0x16)
            fprintf(stderr, "peer: no plain Hello\n");
        away.code = HADIR__V1__GO_AWAY_CODE__GO_AWAY_CODE_TLS_REQUIRED;
        away.message = "This Hadir server takes TLS connections only.";
        f.body_case = HADIR__V1__FRAME__BODY_GO_AWAY;
        f.go_away = &away;
        send_frame0(fd, &f);
        break;
    default: /* PEER_HELLO */
        send_frame0(fd, &f);
        while (recv(fd, buf, sizeof(buf), 0) > 0) continue;
        break;
    }
    close(fd);
    _exit(0);
}

static long long ms_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Connects a client with TLS mode tls (pinned to HEX64, or trusting ca) to a peer in
 * mode, and checks the outcome: code want, failure kind, and a message containing
 * text; all within a few seconds. */
static void peer_at(int line, enum peer_mode mode, const char *unix_path, int tls,
                    const char *ca, int want, int failure, const char *text) {
    char addr[128];
    hadir_options o = {0};
    hadir_status st = HADIR_STATUS_INIT;
    hadir_client *c = NULL;
    int lfd = listen_on(unix_path, addr, sizeof(addr)), r = -1, status;
    long long start = ms_now(), took;
    pid_t pid = lfd < 0 ? 0 : start_peer(lfd, mode);

    o.server = addr;
    o.connect_timeout_ms = 400;
    o.tls = tls;
    o.tls_pin = "sha256:" HEX64;
    o.tls_ca_file = ca;
    if (lfd >= 0 && pid >= 0 && (c = hadir_client_new(&o)) != NULL)
        r = hadir_client_connect(c, &st);
    took = ms_now() - start;
    hadir_client_free(c); /* the peer sees the close */
    if (pid > 0) waitpid(pid, &status, 0);
    if (lfd >= 0) close(lfd);
    if (unix_path) unlink(unix_path);
    if (r == want && st.code == want && st.failure == failure && took < 5000 &&
        (text == NULL || (st.message && strstr(st.message, text)))) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL %s:%d: got %s, failure %s, in %lld ms (%s)\n", __FILE__,
                line, hadir_code_name(r), hadir_failure_name(st.failure), took,
                st.message ? st.message : "no message");
    }
    hadir_status_clear(&st);
}
#define PEER(mode, tls, want, failure, text) \
    peer_at(__LINE__, mode, NULL, tls, NULL, want, failure, text)

static void test_peers(void) {
    const char *tmp = getenv("TMPDIR");
    char path[128];

    /* a socket path must fit in 108 bytes */
    if (tmp == NULL || *tmp == '\0' || strlen(tmp) > 64) tmp = "/tmp";
    snprintf(path, sizeof(path), "%s/hadir-test-client-%ld.sock", tmp, (long)getpid());
    PEER(PEER_SILENT, HADIR_TLS_PIN, HADIR_UNAVAILABLE, HADIR_FAILURE_NONE,
         "did not finish the TLS handshake within 400 ms");
    PEER(PEER_CLOSE, HADIR_TLS_PIN, HADIR_UNAVAILABLE, HADIR_FAILURE_TLS_NOT_OFFERED,
         "did not answer in TLS: it may not use TLS. Connect without --tls and "
         "--tls-pin, or ask its operator.");
    PEER(PEER_HELLO_CLOSE, HADIR_TLS_PIN, HADIR_UNAVAILABLE, HADIR_FAILURE_TLS_NOT_OFFERED,
         "The Hadir server at 127.0.0.1:");
    PEER(PEER_HELLO_CLOSE, HADIR_TLS_SYSTEM, HADIR_UNAVAILABLE,
         HADIR_FAILURE_TLS_NOT_OFFERED, "did not answer in TLS");
    PEER(PEER_TLS_ONLY, HADIR_TLS_NONE, HADIR_UNAVAILABLE, HADIR_FAILURE_TLS_REQUIRED,
         "takes TLS connections only. Connect with --tls-pin sha256:\xe2\x80\xa6 (the "
         "fingerprint hadird printed when it started) or with --tls.");
    PEER(PEER_HELLO, HADIR_TLS_NONE, HADIR_OK, HADIR_FAILURE_NONE, NULL);
    peer_at(__LINE__, PEER_SILENT, NULL, HADIR_TLS_CA, "/nonexistent/ca.pem",
            HADIR_UNAVAILABLE, HADIR_FAILURE_TLS_SETUP, "/nonexistent/ca.pem");
    peer_at(__LINE__, PEER_SILENT, NULL, HADIR_TLS_CA, "/dev/null", HADIR_UNAVAILABLE,
            HADIR_FAILURE_TLS_SETUP, "/dev/null");
    /* A Unix socket stays plain, whatever the TLS options. */
    peer_at(__LINE__, PEER_HELLO, path, HADIR_TLS_PIN, NULL, HADIR_OK, HADIR_FAILURE_NONE,
            NULL);
    peer_at(__LINE__, PEER_HELLO, path, HADIR_TLS_SYSTEM, NULL, HADIR_OK,
            HADIR_FAILURE_NONE, NULL);
}

int main(void) {
    hadir_options o = {0};
    hadir_client *c;

    o.server = "127.0.0.1:1";
    o.token = "hadir_secret";
    c = hadir_client_new(&o);

    CHECK(c != NULL);
    EXPECT("accept-language", "id", HADIR_OK);
    EXPECT("x-desk.name_2", "Desk 1 (lobby) ~!", HADIR_OK);
    EXPECT("x-empty", "", HADIR_OK);
    /* keys: lower-case ASCII, not binary, not set by the library or reserved */
    EXPECT("Accept-Language", "id", HADIR_INVALID_ARGUMENT);
    EXPECT("", "id", HADIR_INVALID_ARGUMENT);
    EXPECT(NULL, "id", HADIR_INVALID_ARGUMENT);
    EXPECT("x key", "id", HADIR_INVALID_ARGUMENT);
    EXPECT("x:key", "id", HADIR_INVALID_ARGUMENT);
    EXPECT("x\nkey", "id", HADIR_INVALID_ARGUMENT);
    EXPECT("photo-bin", "id", HADIR_INVALID_ARGUMENT);
    EXPECT("authorization", "Bearer x", HADIR_INVALID_ARGUMENT);
    EXPECT("grpc-timeout", "1S", HADIR_INVALID_ARGUMENT);
    /* values: printable ASCII only */
    EXPECT("accept-language", NULL, HADIR_INVALID_ARGUMENT);
    EXPECT("accept-language", "id\r\nx-evil: 1", HADIR_INVALID_ARGUMENT);
    EXPECT("accept-language", "\x1b]52;c;eA==\x07", HADIR_INVALID_ARGUMENT);
    EXPECT("accept-language", "del\x7f", HADIR_INVALID_ARGUMENT);
    EXPECT("accept-language", "tab\there", HADIR_INVALID_ARGUMENT);
    EXPECT("x-name", "Jos\xc3\xa9", HADIR_INVALID_ARGUMENT);
    /* no status wanted */
    CHECK(hadir_client_add_metadata(c, "x-more", "1", NULL) == HADIR_OK);
    CHECK(hadir_client_add_metadata(c, "X", "1", NULL) == HADIR_INVALID_ARGUMENT);
    hadir_client_free(c);

    test_pins();
    test_names_and_status();
    test_bad_options();
    test_peers();

    printf("test-client: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
