/* test_client.c -- hadir_client_add_metadata(): which entries a client accepts. What a
 * call then sends is checked against a fake server by tests/integration.sh. */
#include <stdio.h>
#include <string.h>

#include "hadir.h"

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

int main(void) {
    hadir_options o = {"127.0.0.1:1", "hadir_secret", 0, 0};
    hadir_client *c = hadir_client_new(&o);

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

    printf("test-client: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
