/* hadir-desk -- check people in at a Hadir registration desk. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hadir/v1/admin.pb-c.h>
#include <hadir/v1/registrations.pb-c.h>

#include "hadir.h"
#include "messages.h"

enum { EXIT_IN = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_UNREACHABLE = 3, EXIT_AUTH = 4,
       EXIT_ALREADY_IN = 10, EXIT_STOP = 11 };

/* The language of everything printed, chosen once in main. */
static hadir_lang lang = HADIR_LANG_ID;

/* The server's address and the --tls-ca file, as said in the desk's own messages about
 * the connection; set once in main. */
static const char *server_address = HADIR_DEFAULT_SERVER, *tls_ca_file = "";

static const char *text(hadir_msg id) {
    return hadir_text(lang, id);
}

typedef struct desk {
    hadir_client *client;
    const char *event;
    int timeout_ms;
} desk;

static int exit_code(int status) {
    switch (status) {
    case HADIR_OK: return EXIT_IN;
    case HADIR_UNAVAILABLE: case HADIR_DEADLINE_EXCEEDED: return EXIT_UNREACHABLE;
    case HADIR_UNAUTHENTICATED: case HADIR_PERMISSION_DENIED: return EXIT_AUTH;
    default: return EXIT_REFUSED;
    }
}

/* Says so and ends hadir-desk. */
static void out_of_memory(void) {
    fprintf(stderr, "%s%s\n", text(MSG_ERROR_PREFIX), text(MSG_OUT_OF_MEMORY));
    exit(EXIT_REFUSED);
}

/* text, from the server or a scanner, made safe to print: control characters and bidi
 * overrides become visible escapes (see hadir_safe_text). Free it with free(). */
static char *safe(const char *text) {
    char *s = hadir_safe_text(text);
    if (s == NULL) out_of_memory();
    return s;
}

/* A new string: fmt (a text of the desk) formatted with up to three arguments, each
 * made safe to print. */
static char *format_safe(const char *fmt, const char *a, const char *b, const char *c) {
    char *sa = safe(a), *sb = safe(b), *sc = safe(c), *out;
    int n = snprintf(NULL, 0, fmt, sa, sb, sc);

    if (n < 0 || (out = malloc((size_t)n + 1)) == NULL) out_of_memory();
    snprintf(out, (size_t)n + 1, fmt, sa, sb, sc);
    free(sa);
    free(sb);
    free(sc);
    return out;
}

/* What went wrong with the connection, in the desk's language, when the library named
 * it (st->failure); NULL for the other failures, which st->message tells in English.
 * Free it with free(). */
static char *failure_text(const hadir_status *st) {
    const char *a = server_address;

    switch (st->failure) {
    case HADIR_FAILURE_TLS_REQUIRED:
        return format_safe(text(MSG_TLS_REQUIRED), a, NULL, NULL);
    case HADIR_FAILURE_TLS_NOT_OFFERED:
        return format_safe(text(MSG_TLS_NOT_OFFERED), a, NULL, NULL);
    case HADIR_FAILURE_TLS_PIN_MISMATCH:
        return format_safe(text(MSG_TLS_PIN_MISMATCH), a, st->tls_presented,
                           st->tls_expected);
    case HADIR_FAILURE_TLS_EXPIRED:
        return format_safe(text(MSG_TLS_EXPIRED), a, st->tls_expired_on, NULL);
    case HADIR_FAILURE_TLS_UNTRUSTED:
        return format_safe(text(MSG_TLS_UNTRUSTED), a, NULL, NULL);
    case HADIR_FAILURE_TLS_SETUP:
        return format_safe(text(MSG_TLS_SETUP), a, tls_ca_file, NULL);
    default:
        return NULL;
    }
}

/* Prints what went wrong, with the request field at fault if the server named one:
 * "error: [CODE: ]MESSAGE[ (field: FIELD)]" for word MSG_ERROR_PREFIX, or as a scan line
 * "WORD  [CODE: ]..." for MSG_NOT_RECORDED or MSG_ERROR; CODE cut to 60 bytes. */
static void show_error(FILE *to, hadir_msg word, const char *code,
                       const hadir_status *st) {
    char cut[61];
    char *c, *m = failure_text(st);
    char *f = st->field ? safe(st->field) : NULL;

    if (m == NULL) m = safe(st->message ? st->message : hadir_code_name(st->code));
    snprintf(cut, sizeof(cut), "%s", code ? code : "");
    c = safe(cut);
    fprintf(to, word == MSG_ERROR_PREFIX ? "%s" : "%s  ", text(word));
    fprintf(to, "%s%s%s", c, code ? ": " : "", m);
    if (f) fprintf(to, text(MSG_FIELD), f);
    fputc('\n', to);
    free(c);
    free(m);
    free(f);
}

/* A unary call, made again on a new connection while the server cannot be reached: at
 * once, then after 1, 2 and 4 seconds (a server restarting, Wi-Fi coming back). Safe,
 * because CheckIn carries a request id and the other calls only read. A TLS problem
 * (st->failure) is not tried again: waiting does not change a certificate. */
static int call(desk *d, const char *method, const ProtobufCMessage *req,
                const ProtobufCMessageDescriptor *type, void *resp, hadir_status *st) {
    static const unsigned pauses[] = {0, 1, 2, 4};
    size_t attempt;
    int r = hadir_call(d->client, method, req, type, resp, d->timeout_ms, st);

    for (attempt = 0; r == HADIR_UNAVAILABLE && st->failure == HADIR_FAILURE_NONE &&
                      attempt < sizeof(pauses) / sizeof(pauses[0]);
         attempt++) {
        if (pauses[attempt] > 0) {
            char *m = safe(st->message ? st->message : hadir_code_name(st->code));
            fprintf(stderr, "%s ", m);
            fprintf(stderr, text(MSG_RETRY), pauses[attempt]);
            fputc('\n', stderr);
            free(m);
            sleep(pauses[attempt]);
        }
        hadir_status_clear(st);
        r = hadir_call(d->client, method, req, type, resp, d->timeout_ms, st);
    }
    return r;
}

/* A new random id for each scan, so that a repeated call is counted once. */
static void new_request_id(char out[64]) {
    static unsigned long counter;
    unsigned char b[16];
    FILE *f = fopen("/dev/urandom", "rb");
    size_t i;

    if (f && fread(b, 1, sizeof(b), f) == sizeof(b)) {
        for (i = 0; i < sizeof(b); i++) sprintf(out + 2 * i, "%02x", b[i]);
    } else { /* no /dev/urandom: the time, the process and a counter */
        sprintf(out, "%lx-%lx-%lx", (unsigned long)time(NULL), (unsigned long)getpid(),
                ++counter);
    }
    if (f) fclose(f);
}

static int checkin(desk *d, const char *code, int scanning) {
    Hadir__V1__CheckInRequest req = HADIR__V1__CHECK_IN_REQUEST__INIT;
    Hadir__V1__CheckInResponse *resp = NULL;
    hadir_status st = HADIR_STATUS_INIT;
    const Hadir__V1__Person *p;
    hadir_msg word = MSG_STOP;
    char id[64], *name, *org, *msg;
    int r;

    new_request_id(id);
    req.event_code = (char *)d->event;
    req.code = (char *)code;
    req.request_id = id;
    r = call(d, "/hadir.v1.Desk/CheckIn", &req.base,
             &hadir__v1__check_in_response__descriptor, &resp, &st);
    if (r != HADIR_OK) {
        if (scanning)
            show_error(stdout, exit_code(r) == EXIT_UNREACHABLE ? MSG_NOT_RECORDED
                       : MSG_ERROR, code, &st);
        else
            show_error(stderr, MSG_ERROR_PREFIX, NULL, &st);
        hadir_status_clear(&st);
        return exit_code(r);
    }
    r = EXIT_STOP;
    if (resp->status == HADIR__V1__CHECK_IN_STATUS__CHECK_IN_STATUS_CHECKED_IN)
        word = MSG_IN, r = EXIT_IN;
    if (resp->status == HADIR__V1__CHECK_IN_STATUS__CHECK_IN_STATUS_ALREADY_CHECKED_IN)
        word = MSG_ALREADY_IN, r = EXIT_ALREADY_IN;
    p = resp->registration ? resp->registration->person : NULL;
    name = safe(p ? p->name : code);
    org = safe(p ? p->organization : NULL);
    msg = safe(resp->message);
    if (*org) printf("%s  %s \xc2\xb7 %s: %s\n", text(word), name, org, msg);
    else printf("%s  %s: %s\n", text(word), name, msg);
    free(name);
    free(org);
    free(msg);
    hadir_message_free(&resp->base);
    return r;
}

static int find(desk *d, const char *query, int scanning) {
    const char *status[4], *head[5];
    Hadir__V1__FindRequest req = HADIR__V1__FIND_REQUEST__INIT;
    Hadir__V1__FindResponse *resp = NULL;
    hadir_status st = HADIR_STATUS_INIT;
    int w[4], r, k; /* column widths: code, name, organization, status */
    char **cell, *shown; /* code, name, organization of each person, safe to print */
    size_t i;

    status[0] = "-", status[1] = text(MSG_CONFIRMED), status[2] = text(MSG_WAITLISTED);
    status[3] = text(MSG_CANCELLED);
    head[0] = text(MSG_HEAD_CODE), head[1] = text(MSG_HEAD_NAME);
    head[2] = text(MSG_HEAD_ORG), head[3] = text(MSG_HEAD_STATUS);
    head[4] = text(MSG_HEAD_IN_TODAY);
    for (k = 0; k < 4; k++) w[k] = (int)strlen(head[k]);
    for (k = 1; k < 4; k++)
        if ((int)strlen(status[k]) > w[3]) w[3] = (int)strlen(status[k]);

    req.event_code = (char *)d->event;
    req.query = (char *)query;
    r = call(d, "/hadir.v1.Desk/Find", &req.base, &hadir__v1__find_response__descriptor,
             &resp, &st);
    if (r != HADIR_OK) {
        show_error(scanning ? stdout : stderr, scanning ? MSG_ERROR : MSG_ERROR_PREFIX,
                   NULL, &st);
        hadir_status_clear(&st);
        return exit_code(r);
    }
    if ((cell = calloc(3 * resp->n_people + 1, sizeof(*cell))) == NULL) {
        hadir_message_free(&resp->base);
        return EXIT_REFUSED;
    }
    for (i = 0; i < resp->n_people; i++) { /* safe text and column widths */
        const Hadir__V1__Registration *g = resp->people[i]->registration;
        if (g == NULL || g->person == NULL) continue;
        cell[3 * i] = safe(g->code);
        cell[3 * i + 1] = safe(g->person->name);
        cell[3 * i + 2] = safe(g->person->organization);
        for (k = 0; k < 3; k++)
            if ((int)strlen(cell[3 * i + k]) > w[k]) w[k] = (int)strlen(cell[3 * i + k]);
    }
    if (resp->n_people == 0) {
        shown = safe(query);
        printf(text(MSG_NOBODY), shown);
        putchar('\n');
        free(shown);
    } else {
        printf("%-*s  %-*s  %-*s  %-*s  %s\n", w[0], head[0], w[1], head[1], w[2],
               head[2], w[3], head[3], head[4]);
    }
    for (i = 0; i < resp->n_people; i++) {
        const Hadir__V1__Registration *g = resp->people[i]->registration;
        if (cell[3 * i] == NULL) continue;
        k = (unsigned)g->status < 4 ? (int)g->status : 0;
        printf("%-*s  %-*s  %-*s  %-*s  %s\n", w[0], cell[3 * i], w[1], cell[3 * i + 1],
               w[2], cell[3 * i + 2], w[3], status[k],
               text(resp->people[i]->checked_in_today ? MSG_YES : MSG_NO));
    }
    for (i = 0; i < 3 * resp->n_people; i++) free(cell[i]);
    free(cell);
    hadir_message_free(&resp->base);
    return EXIT_IN;
}

static int scan(desk *d) {
    char *line = NULL, *s, *e;
    size_t cap = 0;

    while (getline(&line, &cap, stdin) >= 0) {
        for (s = line; *s == ' ' || *s == '\t'; s++) continue;
        for (e = s + strlen(s); e > s && strchr(" \t\r\n", e[-1]); e--) continue;
        *e = '\0';
        if ((s[0] == 'q' || s[0] == 'Q') && s[1] == '\0') break;
        if (*s == '?') find(d, s + 1, 1);
        else if (*s) checkin(d, s, 1);
        fflush(stdout);
    }
    free(line);
    return EXIT_IN;
}

/* The event the token is limited to, from Admin/GetServerInfo. Returns an exit code. */
static int own_event(desk *d, char **event) {
    Hadir__V1__GetServerInfoRequest req = HADIR__V1__GET_SERVER_INFO_REQUEST__INIT;
    Hadir__V1__ServerInfo *info = NULL;
    hadir_status st = HADIR_STATUS_INIT;
    int r = call(d, "/hadir.v1.Admin/GetServerInfo", &req.base,
                 &hadir__v1__server_info__descriptor, &info, &st);

    if (r != HADIR_OK) {
        show_error(stderr, MSG_ERROR_PREFIX, NULL, &st);
        hadir_status_clear(&st);
        return exit_code(r);
    }
    r = EXIT_IN;
    if (*info->caller_event_code == '\0') {
        fprintf(stderr, "%s%s\n", text(MSG_ERROR_PREFIX), text(MSG_NO_EVENT));
        r = EXIT_USAGE;
    } else if ((*event = strdup(info->caller_event_code)) == NULL) {
        r = EXIT_REFUSED;
    }
    hadir_message_free(&info->base);
    return r;
}

/* Sets *out to the language whose code is s; returns 0 when there is none. */
static int pick_lang(const char *s, hadir_lang *out) {
    int l;

    for (l = 0; l < HADIR_LANG_COUNT; l++)
        if (strcmp(s, hadir_text((hadir_lang)l, MSG_LANG)) == 0) {
            *out = (hadir_lang)l;
            return 1;
        }
    return 0;
}

/* A wrong command line: "error: " and the message id formatted with the arguments, then
 * the help text, on standard error. Returns the exit status. */
static int usage_error(int id, ...) {
    va_list ap;

    fputs(text(MSG_ERROR_PREFIX), stderr);
    va_start(ap, id);
    vfprintf(stderr, text((hadir_msg)id), ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", text(MSG_USAGE));
    return EXIT_USAGE;
}

/* The value of environment variable name, or NULL when it is unset or empty. */
static const char *env(const char *name) {
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

int main(int argc, char **argv) {
    hadir_options o = {0};
    desk d = {NULL, NULL, 10000};
    const char *cmd, *event = getenv("HADIR_EVENT"), *timeout = NULL, *language = NULL;
    const char *env_lang = getenv("HADIR_LANG"), *bad_lang = NULL, *wrong = NULL;
    const char *pin = NULL, *ca = NULL;
    char *found = NULL, *query = NULL, *shown;
    hadir_msg wrong_msg = MSG_NOT_AN_OPTION;
    int i, n = 0, help = 0, tls = 0, r = EXIT_IN;
    size_t len = 1;

    o.server = getenv("HADIR_SERVER");
    o.token = getenv("HADIR_TOKEN");
    for (i = 1; i < argc; i++) { /* options anywhere; the rest moves to argv[0..n) */
        const char **opt = !strcmp(argv[i], "--server") ? &o.server
                         : !strcmp(argv[i], "--token") ? &o.token
                         : !strcmp(argv[i], "--event") ? &event
                         : !strcmp(argv[i], "--timeout") ? &timeout
                         : !strcmp(argv[i], "--lang") ? &language
                         : !strcmp(argv[i], "--tls-pin") ? &pin
                         : !strcmp(argv[i], "--tls-ca") ? &ca : NULL;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            help = 1;
        } else if (!strcmp(argv[i], "--tls")) {
            tls = 1;
        } else if (opt && i + 1 < argc) {
            *opt = argv[++i];
        } else if (opt || !strncmp(argv[i], "--", 2)) {
            if (wrong == NULL) { /* the first one is reported */
                wrong = argv[i];
                wrong_msg = opt ? MSG_NEEDS_VALUE : MSG_NOT_AN_OPTION;
            }
        } else {
            argv[n++] = argv[i];
        }
    }
    /* The language first, as every message depends on it: --lang, else HADIR_LANG, else
     * Indonesian. A value that is not a language's code is told in the language chosen
     * so far. */
    if (env_lang && *env_lang && !pick_lang(env_lang, &lang) && language == NULL)
        bad_lang = "HADIR_LANG";
    if (language && !pick_lang(language, &lang)) bad_lang = "--lang";
    if (bad_lang || (wrong && !help)) {
        shown = safe(bad_lang ? (language ? language : env_lang) : wrong);
        r = bad_lang ? usage_error(MSG_BAD_LANG, bad_lang, shown)
                     : usage_error(wrong_msg, shown);
        free(shown);
        return r;
    }
    if (help) {
        fputs(text(MSG_USAGE), stdout);
        return EXIT_IN;
    }
    /* How to trust the server, as the Swift command line decides it: --tls-pin (else
     * HADIR_TLS_PIN), else --tls-ca (else HADIR_TLS_CA), else --tls. */
    if (pin == NULL) pin = env("HADIR_TLS_PIN");
    if (ca == NULL) ca = env("HADIR_TLS_CA");
    if (pin && !hadir_tls_parse_pin(pin, NULL)) {
        shown = safe(pin);
        r = usage_error(MSG_BAD_TLS_PIN, shown);
        free(shown);
        return r;
    }
    if (pin == NULL && ca && *ca == '\0') /* --tls-ca "" */
        return usage_error(MSG_NEEDS_VALUE, "--tls-ca");
    o.tls = pin ? HADIR_TLS_PIN : ca ? HADIR_TLS_CA : tls ? HADIR_TLS_SYSTEM : HADIR_TLS_NONE;
    o.tls_pin = pin;
    o.tls_ca_file = ca;
    if (ca) tls_ca_file = ca;
    cmd = n ? argv[0] : "";
    if (timeout) d.timeout_ms = (int)(atof(timeout) * 1000);
    if (!((!strcmp(cmd, "checkin") && n == 2) || (!strcmp(cmd, "find") && n >= 2) ||
          (!strcmp(cmd, "scan") && n == 1)) || d.timeout_ms <= 0) {
        fputs(text(MSG_USAGE), stderr);
        return EXIT_USAGE;
    }
    if (o.server && *o.server == '\0') o.server = NULL;
    if (o.server) server_address = o.server;
    d.client = hadir_client_new(&o);
    /* so that the server's messages come in the desk's language */
    if (d.client == NULL || hadir_client_add_metadata(d.client, "accept-language",
                                                      text(MSG_LANG), NULL) != HADIR_OK) {
        hadir_client_free(d.client);
        out_of_memory();
    }
    if (event && *event) d.event = event;
    else if ((r = own_event(&d, &found)) == EXIT_IN) d.event = found;

    if (r == EXIT_IN && !strcmp(cmd, "checkin")) {
        r = checkin(&d, argv[1], 0);
    } else if (r == EXIT_IN && !strcmp(cmd, "find")) {
        for (i = 1; i < n; i++) len += strlen(argv[i]) + 1;
        if ((query = calloc(1, len)) == NULL) r = EXIT_REFUSED;
        for (i = 1; query && i < n; i++) strcat(strcat(query, i > 1 ? " " : ""), argv[i]);
        if (query) r = find(&d, query, 0);
    } else if (r == EXIT_IN) {
        r = scan(&d);
    }
    free(query);
    free(found);
    hadir_client_free(d.client);
    return r;
}
