/* hadir-desk -- check people in at a Hadir registration desk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hadir/v1/admin.pb-c.h>
#include <hadir/v1/registrations.pb-c.h>

#include "hadir.h"

enum { EXIT_IN = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_UNREACHABLE = 3, EXIT_AUTH = 4,
       EXIT_ALREADY_IN = 10, EXIT_STOP = 11 };

static const char *usage =
    "usage: hadir-desk [--server ADDR] [--token SECRET] [--event CODE]\n"
    "                  [--timeout SECONDS] checkin CODE | find WORDS... | scan\n"
    "\n"
    "  checkin CODE   check one person in for today\n"
    "  find WORDS...  find people by any part of their name or organization\n"
    "  scan           check in each code read from standard input, one per line\n"
    "                 (\"?words\" searches; \"q\" or end of input quits)\n"
    "\n"
    "--server, --token and --event default to HADIR_SERVER (else 127.0.0.1:7400),\n"
    "HADIR_TOKEN and HADIR_EVENT; without an event, the token's own event is used.\n"
    "Exit: 0 checked in, 10 already checked in, 11 refused, 1 request refused,\n"
    "2 usage, 3 server unreachable or too slow, 4 token missing, bad or not allowed.\n";

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

/* text, from the server or a scanner, made safe to print: control characters and bidi
 * overrides become visible escapes (see hadir_safe_text). Free it with free(). */
static char *safe(const char *text) {
    char *s = hadir_safe_text(text);
    if (s == NULL) {
        fputs("error: out of memory\n", stderr);
        exit(EXIT_REFUSED);
    }
    return s;
}

/* Prints what went wrong, with the request field at fault if the server named one:
 * "PREFIX[CODE: ]MESSAGE[ (field: FIELD)]", CODE cut to 60 bytes. */
static void show_error(FILE *to, const char *prefix, const char *code,
                       const hadir_status *st) {
    char cut[61];
    char *c, *m = safe(st->message ? st->message : hadir_code_name(st->code));
    char *f = st->field ? safe(st->field) : NULL;

    snprintf(cut, sizeof(cut), "%s", code ? code : "");
    c = safe(cut);
    fprintf(to, "%s%s%s%s", prefix, c, code ? ": " : "", m);
    if (f) fprintf(to, " (field: %s)", f);
    fputc('\n', to);
    free(c);
    free(m);
    free(f);
}

/* A unary call, made again on a new connection while the server cannot be reached: at
 * once, then after 1, 2 and 4 seconds (a server restarting, Wi-Fi coming back). Safe,
 * because CheckIn carries a request id and the other calls only read. */
static int call(desk *d, const char *method, const ProtobufCMessage *req,
                const ProtobufCMessageDescriptor *type, void *resp, hadir_status *st) {
    static const unsigned pauses[] = {0, 1, 2, 4};
    size_t attempt;
    int r = hadir_call(d->client, method, req, type, resp, d->timeout_ms, st);

    for (attempt = 0; r == HADIR_UNAVAILABLE && attempt < sizeof(pauses) / sizeof(pauses[0]);
         attempt++) {
        if (pauses[attempt] > 0) {
            char *m = safe(st->message ? st->message : hadir_code_name(st->code));
            fprintf(stderr, "%s Trying again in %u s...\n", m, pauses[attempt]);
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
    const char *word = "STOP";
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
            show_error(stdout, exit_code(r) == EXIT_UNREACHABLE ? "NOT RECORDED  "
                       : "ERROR  ", code, &st);
        else
            show_error(stderr, "error: ", NULL, &st);
        hadir_status_clear(&st);
        return exit_code(r);
    }
    r = EXIT_STOP;
    if (resp->status == HADIR__V1__CHECK_IN_STATUS__CHECK_IN_STATUS_CHECKED_IN)
        word = "IN", r = EXIT_IN;
    if (resp->status == HADIR__V1__CHECK_IN_STATUS__CHECK_IN_STATUS_ALREADY_CHECKED_IN)
        word = "ALREADY IN", r = EXIT_ALREADY_IN;
    p = resp->registration ? resp->registration->person : NULL;
    name = safe(p ? p->name : code);
    org = safe(p ? p->organization : NULL);
    msg = safe(resp->message);
    if (*org) printf("%s  %s \xc2\xb7 %s: %s\n", word, name, org, msg);
    else printf("%s  %s: %s\n", word, name, msg);
    free(name);
    free(org);
    free(msg);
    hadir_message_free(&resp->base);
    return r;
}

static int find(desk *d, const char *query, int scanning) {
    static const char *status[] = {"-", "confirmed", "waitlisted", "cancelled"};
    Hadir__V1__FindRequest req = HADIR__V1__FIND_REQUEST__INIT;
    Hadir__V1__FindResponse *resp = NULL;
    hadir_status st = HADIR_STATUS_INIT;
    int w[3] = {4, 4, 12}, r, k;
    char **cell, *shown; /* code, name, organization of each person, safe to print */
    size_t i;

    req.event_code = (char *)d->event;
    req.query = (char *)query;
    r = call(d, "/hadir.v1.Desk/Find", &req.base, &hadir__v1__find_response__descriptor,
             &resp, &st);
    if (r != HADIR_OK) {
        show_error(scanning ? stdout : stderr, scanning ? "ERROR  " : "error: ", NULL, &st);
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
        printf("Nobody matches \"%s\".\n", shown);
        free(shown);
    } else {
        printf("%-*s  %-*s  %-*s  %-10s  %s\n", w[0], "CODE", w[1], "NAME", w[2],
               "ORGANIZATION", "STATUS", "IN TODAY");
    }
    for (i = 0; i < resp->n_people; i++) {
        const Hadir__V1__Registration *g = resp->people[i]->registration;
        if (cell[3 * i] == NULL) continue;
        k = (unsigned)g->status < 4 ? (int)g->status : 0;
        printf("%-*s  %-*s  %-*s  %-10s  %s\n", w[0], cell[3 * i], w[1], cell[3 * i + 1],
               w[2], cell[3 * i + 2], status[k],
               resp->people[i]->checked_in_today ? "yes" : "no");
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
        show_error(stderr, "error: ", NULL, &st);
        hadir_status_clear(&st);
        return exit_code(r);
    }
    r = EXIT_IN;
    if (*info->caller_event_code == '\0') {
        fputs("error: no event given, and the token is not limited to one. Use --event "
              "CODE or set HADIR_EVENT.\n", stderr);
        r = EXIT_USAGE;
    } else if ((*event = strdup(info->caller_event_code)) == NULL) {
        r = EXIT_REFUSED;
    }
    hadir_message_free(&info->base);
    return r;
}

int main(int argc, char **argv) {
    hadir_options o = {NULL, NULL, 0, 0};
    desk d = {NULL, NULL, 10000};
    const char *cmd, *event = getenv("HADIR_EVENT"), *timeout = NULL;
    char *found = NULL, *query = NULL;
    int i, n = 0, r = EXIT_IN;
    size_t len = 1;

    o.server = getenv("HADIR_SERVER");
    o.token = getenv("HADIR_TOKEN");
    for (i = 1; i < argc; i++) { /* options anywhere; the rest moves to argv[0..n) */
        const char **opt = !strcmp(argv[i], "--server") ? &o.server
                         : !strcmp(argv[i], "--token") ? &o.token
                         : !strcmp(argv[i], "--event") ? &event
                         : !strcmp(argv[i], "--timeout") ? &timeout : NULL;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return EXIT_IN;
        }
        if (opt && i + 1 < argc) {
            *opt = argv[++i];
        } else if (opt || !strncmp(argv[i], "--", 2)) {
            fprintf(stderr, "error: %s %s\n\n%s", argv[i],
                    opt ? "needs a value" : "is not an option", usage);
            return EXIT_USAGE;
        } else {
            argv[n++] = argv[i];
        }
    }
    cmd = n ? argv[0] : "";
    if (timeout) d.timeout_ms = (int)(atof(timeout) * 1000);
    if (!((!strcmp(cmd, "checkin") && n == 2) || (!strcmp(cmd, "find") && n >= 2) ||
          (!strcmp(cmd, "scan") && n == 1)) || d.timeout_ms <= 0) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    if (o.server && *o.server == '\0') o.server = NULL;
    if ((d.client = hadir_client_new(&o)) == NULL) return EXIT_REFUSED;
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
