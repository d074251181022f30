/* hadir.h -- C client for the Hadir wire protocol (docs/PROTOCOL.md).
 *
 * A hadir_client talks to one hadird over TCP ("host:port", "[v6addr]:port"), plain or
 * with TLS (OpenSSL; see enum hadir_tls), or a Unix-domain socket (any address
 * containing a '/'; always plain). It connects on first use, sends its Hello, checks
 * the server's, and makes unary calls one at a time. After a lost connection, a GoAway
 * or an idle close, the next call opens a new connection.
 *
 * Ownership, in short:
 *   - hadir_client_new() and hadir_client_add_metadata() copy every string they are
 *     given; free the client with hadir_client_free().
 *   - A hadir_status owns its strings (message, field, tls_...). Start it as
 *     HADIR_STATUS_INIT; each call frees what a previous call left in it;
 *     hadir_status_clear() frees it.
 *   - A response from hadir_call() belongs to the caller: hadir_message_free().
 *     A response from hadir_call_raw() belongs to the caller: free().
 *   - hadir_safe_text() returns a new string for the caller to free().
 *   - Every free function accepts NULL.
 *
 * A client is not thread-safe: use one per thread, or lock around it.
 */
#ifndef HADIR_H
#define HADIR_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HADIR_PROTOCOL_VERSION 1
#define HADIR_AGENT "hadir-c/1"
#define HADIR_DEFAULT_SERVER "127.0.0.1:7400"
#define HADIR_DEFAULT_MAX_FRAME_SIZE 4194304u

/* gRPC status codes, as carried in Trailer.code (PROTOCOL.md section 11). */
enum hadir_code {
    HADIR_OK = 0,
    HADIR_CANCELLED = 1,
    HADIR_UNKNOWN = 2,
    HADIR_INVALID_ARGUMENT = 3,
    HADIR_DEADLINE_EXCEEDED = 4,
    HADIR_NOT_FOUND = 5,
    HADIR_ALREADY_EXISTS = 6,
    HADIR_PERMISSION_DENIED = 7,
    HADIR_RESOURCE_EXHAUSTED = 8,
    HADIR_FAILED_PRECONDITION = 9,
    HADIR_ABORTED = 10,
    HADIR_OUT_OF_RANGE = 11,
    HADIR_UNIMPLEMENTED = 12,
    HADIR_INTERNAL = 13,
    HADIR_UNAVAILABLE = 14,
    HADIR_DATA_LOSS = 15,
    HADIR_UNAUTHENTICATED = 16
};

/* What went wrong with a connection, in st.failure, for a program that says it in its
 * own words (st.message says it in English). HADIR_FAILURE_NONE for everything else,
 * including the other reasons a server cannot be reached ("Cannot connect to ..."). Each
 * comes with the status code HADIR_UNAVAILABLE. */
enum hadir_failure {
    HADIR_FAILURE_NONE = 0,
    /* The server takes TLS connections only, and this client spoke plain frames: it
     * answered with GoAway TLS_REQUIRED. Use TLS (hadir_options.tls). */
    HADIR_FAILURE_TLS_REQUIRED = 1,
    /* The TLS handshake failed before the server showed a certificate: it most likely
     * does not speak TLS (a plain server closes such a connection at once). */
    HADIR_FAILURE_TLS_NOT_OFFERED = 2,
    /* HADIR_TLS_PIN: the server's certificate is not the pinned one. st.tls_presented
     * and st.tls_expected hold the two fingerprints. */
    HADIR_FAILURE_TLS_PIN_MISMATCH = 3,
    /* The server's certificate has expired (the pinned one, or, with HADIR_TLS_SYSTEM
     * and HADIR_TLS_CA, one that is otherwise trusted). st.tls_expired_on holds the day. */
    HADIR_FAILURE_TLS_EXPIRED = 4,
    /* The server's certificate is not trusted: signed by an authority not trusted here,
     * made for another name or address, not yet valid, or (HADIR_TLS_PIN) the pinned
     * certificate not yet valid. */
    HADIR_FAILURE_TLS_UNTRUSTED = 5,
    /* TLS could not be set up on this side: the CA file of HADIR_TLS_CA cannot be read
     * or holds no certificate. Nothing was sent to the server. */
    HADIR_FAILURE_TLS_SETUP = 6
};

/* The outcome of a call. Failures of the connection itself are reported here too:
 * UNAVAILABLE when the server cannot be reached or the connection is lost (st.failure
 * says which TLS problem, if it was one), DEADLINE_EXCEEDED when the call's own deadline
 * passes. */
typedef struct hadir_status {
    int code;      /* enum hadir_code */
    char *message; /* for people; NULL on success unless the server sent one */
    char *field;   /* the "hadir-field" trailer entry (the field at fault), or NULL */
    int failure;   /* enum hadir_failure */
    char *tls_presented;  /* HADIR_FAILURE_TLS_PIN_MISMATCH: the fingerprint of the
                             server's certificate, "sha256:" and 64 lower-case hex digits */
    char *tls_expected;   /* HADIR_FAILURE_TLS_PIN_MISMATCH: the pin, in the same form */
    char *tls_expired_on; /* HADIR_FAILURE_TLS_EXPIRED: the last day of the certificate's
                             validity, "YYYY-MM-DD" (UTC) */
} hadir_status;

#define HADIR_STATUS_INIT {0, NULL, NULL, 0, NULL, NULL, NULL}

/* How a TCP connection is made safe (hadir_options.tls). A Unix-domain socket never
 * leaves the machine: it is always plain, whatever the mode. */
enum hadir_tls {
    /* Plain frames, no TLS (the default). */
    HADIR_TLS_NONE = 0,
    /* TLS, trusting the certificate authorities of this machine (OpenSSL's default
     * paths), and checking that the certificate is made for the server's host name (also
     * sent as SNI) or IP address. */
    HADIR_TLS_SYSTEM = 1,
    /* TLS, trusting certificates signed by the authorities in the PEM file
     * hadir_options.tls_ca_file, and checking the host name or IP address as above. */
    HADIR_TLS_CA = 2,
    /* TLS, trusting exactly the certificate whose SHA-256 fingerprint (over its DER
     * bytes) is hadir_options.tls_pin, whatever names it carries and whoever signed it
     * (a server with a self-signed certificate, as hadird --tls auto makes one), as long
     * as it is within its validity dates. */
    HADIR_TLS_PIN = 3
};

/* Zero every member for the defaults. */
typedef struct hadir_options {
    const char *server;         /* NULL: HADIR_DEFAULT_SERVER */
    const char *token;          /* bearer secret; NULL or "": send no authorization */
    int connect_timeout_ms;     /* connect, TLS handshake and Hello exchange; <= 0: 5000 */
    uint32_t max_frame_size;    /* largest frame payload accepted; 0: 4 MiB. Raised to
                                   the server's announced limit, up to 256 MiB */
    int tls;                    /* enum hadir_tls; 0 (HADIR_TLS_NONE): plain frames */
    const char *tls_ca_file;    /* HADIR_TLS_CA: PEM file of the trusted authorities */
    const char *tls_pin;        /* HADIR_TLS_PIN: the server certificate's fingerprint, in
                                   any form hadir_tls_parse_pin() accepts, e.g. the
                                   "sha256:..." hadird prints when it starts */
} hadir_options;

typedef struct hadir_client hadir_client;

/* Returns a new client, not yet connected, or NULL when out of memory. opts may be NULL.
 * Nothing in opts is kept: strings are copied. TLS options that cannot work (an unknown
 * mode, HADIR_TLS_CA without a file, HADIR_TLS_PIN without a valid pin) make every
 * connection attempt fail with HADIR_INVALID_ARGUMENT; check a pin first with
 * hadir_tls_parse_pin(). */
hadir_client *hadir_client_new(const hadir_options *opts);

/* Adds a text entry to the metadata sent with every call of c, after the
 * authorization entry; e.g. "accept-language" "id" asks hadird for its messages in
 * Indonesian. The key must be lower-case ASCII letters, digits, '-', '_' or '.', and not
 * "authorization" (see hadir_options.token), "grpc-timeout" (reserved) or a "-bin"
 * key; the value printable ASCII (0x20-0x7E). Both are copied. Returns HADIR_OK,
 * HADIR_INVALID_ARGUMENT for a key or value not allowed (nothing is added), or
 * HADIR_RESOURCE_EXHAUSTED when out of memory, and fills st unless it is NULL. */
int hadir_client_add_metadata(hadir_client *c, const char *key, const char *value,
                              hadir_status *st);

/* Closes the connection, if any, and frees the client. Accepts NULL. */
void hadir_client_free(hadir_client *c);

/* Connects now, if not connected: useful to report an unreachable server early.
 * Calls connect by themselves when needed. Over TCP with TLS, the handshake and the
 * check of the server's certificate come first, within connect_timeout_ms. Returns the
 * status code (HADIR_OK, or HADIR_UNAVAILABLE with the reason and, for a TLS problem,
 * st.failure) and fills st unless it is NULL. */
int hadir_client_connect(hadir_client *c, hadir_status *st);

/* One unary call: sends request (a message of the method's request type), waits at
 * most timeout_ms (<= 0: no deadline) and, on HADIR_OK, stores the response, decoded as
 * response_type, in *response. On failure *response is NULL. Returns the status code
 * and fills st (unless NULL). method is the full path, e.g. "/hadir.v1.Desk/CheckIn".
 *
 *     Hadir__V1__ServerInfo *info = NULL;
 *     Hadir__V1__GetServerInfoRequest req = HADIR__V1__GET_SERVER_INFO_REQUEST__INIT;
 *     hadir_status st = HADIR_STATUS_INIT;
 *     if (hadir_call(c, "/hadir.v1.Admin/GetServerInfo", &req.base,
 *                    &hadir__v1__server_info__descriptor,
 *                    (ProtobufCMessage **)&info, 5000, &st) == HADIR_OK)
 *         printf("%s %s\n", info->name, info->version);
 *     else
 *         fprintf(stderr, "error: %s\n", st.message);
 *     hadir_message_free((ProtobufCMessage *)info);
 *     hadir_status_clear(&st);
 */
int hadir_call(hadir_client *c, const char *method, const ProtobufCMessage *request,
               const ProtobufCMessageDescriptor *response_type,
               ProtobufCMessage **response, int timeout_ms, hadir_status *st);

/* The same with serialized messages. On HADIR_OK, *response is a malloc'd buffer of
 * *response_len bytes (possibly 0) for the caller to free(); otherwise NULL. */
int hadir_call_raw(hadir_client *c, const char *method, const uint8_t *request,
                   size_t request_len, uint8_t **response, size_t *response_len,
                   int timeout_ms, hadir_status *st);

/* Frees a response of hadir_call(). Accepts NULL. */
void hadir_message_free(ProtobufCMessage *m);

/* Frees the strings in st and resets it to HADIR_STATUS_INIT. Accepts NULL. */
void hadir_status_clear(hadir_status *st);

/* "OK", "CANCELLED", ... "UNAUTHENTICATED"; "UNKNOWN" for a code out of range. */
const char *hadir_code_name(int code);

/* "none", "tls-required", "tls-not-offered", "tls-pin-mismatch",
 * "tls-certificate-expired", "tls-untrusted", "tls-setup" for an enum hadir_failure
 * (the names the Swift client gives them); "unknown" for any other value. */
const char *hadir_failure_name(int failure);

/* The size of a fingerprint as hadir_tls_parse_pin() writes it: "sha256:", 64 hex
 * digits and the NUL. */
#define HADIR_TLS_PIN_SIZE 72

/* Reads a certificate fingerprint as a person types or pastes it: 64 hex digits, in
 * either case, with or without a "sha256:" prefix (in any case), with colons or spaces
 * between the digits (as `openssl x509 -noout -fingerprint -sha256` prints them) and
 * white space around it. On success returns 1 and, unless out is NULL, writes
 * "sha256:" and the 64 digits in lower case to out; otherwise returns 0. */
int hadir_tls_parse_pin(const char *text, char *out);

/* Text from the server (names, organizations, codes, messages, st.message, st.field)
 * made safe to print on a terminal: a new string for the caller to free(), or NULL only
 * when out of memory. NULL text gives "" (a new string all the same).
 *
 * Ordinary UTF-8 text, in any script, is copied byte for byte. What a terminal would
 * obey instead of showing becomes a visible escape of plain ASCII:
 *   - C0 controls (0x00-0x1F, ESC, tab and newline included) and DEL: "\x1b", "\x7f";
 *   - C1 controls (U+0080-U+009F), the bidi embeddings, overrides and isolates
 *     (U+202A-U+202E, U+2066-U+2069) and U+2028, U+2029: "\u009b", "\u202e";
 * and each invalid UTF-8 sequence (a stray byte, an overlong form, a surrogate, a
 * sequence cut short; one replacement per maximal subpart) becomes U+FFFD.
 * So the result is one line with no control character. Backslashes are not escaped: it
 * is for reading, not for decoding back.
 *
 *     char *name = hadir_safe_text(person->name);
 *     if (name) printf("IN  %s\n", name);
 *     free(name);
 */
char *hadir_safe_text(const char *text);

/* The same for len bytes that may hold NUL bytes (shown as "\x00"), e.g. a string from
 * another protobuf library that keeps its length. NULL text gives "". */
char *hadir_safe_text_len(const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* HADIR_H */
