/* messages.h -- every text hadir-desk prints, in each language it speaks. The texts
 * live in one table in messages.c, one column per language, so that no message exists
 * in one language only (tests/test_messages.c checks it). */
#ifndef HADIR_MESSAGES_H
#define HADIR_MESSAGES_H

typedef enum hadir_lang {
    HADIR_LANG_ID, /* Bahasa Indonesia, the default */
    HADIR_LANG_EN, /* English */
    HADIR_LANG_COUNT
} hadir_lang;

/* Texts marked (fmt) are printf formats; each language's version takes the same
 * arguments in the same order. */
typedef enum hadir_msg {
    MSG_LANG,          /* the language's code: "id", "en" (--lang, HADIR_LANG, and the
                          accept-language sent to the server) */
    MSG_USAGE,         /* the help text, ending in a newline */
    MSG_IN,            /* the words that begin a check-in or scan line */
    MSG_ALREADY_IN,
    MSG_STOP,
    MSG_NOT_RECORDED,
    MSG_ERROR,
    MSG_HEAD_CODE,     /* the headings of find */
    MSG_HEAD_NAME,
    MSG_HEAD_ORG,
    MSG_HEAD_STATUS,
    MSG_HEAD_IN_TODAY,
    MSG_CONFIRMED,     /* registration statuses */
    MSG_WAITLISTED,
    MSG_CANCELLED,
    MSG_YES,           /* in today or not */
    MSG_NO,
    MSG_NOBODY,        /* (fmt) the search words */
    MSG_RETRY,         /* (fmt) the seconds until the next try */
    MSG_ERROR_PREFIX,  /* begins an error message on standard error */
    MSG_FIELD,         /* (fmt) the request field the server named */
    MSG_OUT_OF_MEMORY,
    MSG_NO_EVENT,
    MSG_NEEDS_VALUE,   /* (fmt) the option */
    MSG_NOT_AN_OPTION, /* (fmt) the argument */
    MSG_BAD_LANG,      /* (fmt) "--lang" or "HADIR_LANG", then the value given */
    MSG_BAD_TLS_PIN,   /* (fmt) the pin given */
    /* what went wrong with TLS (hadir_status.failure); the first argument of each is
       the server's address */
    MSG_TLS_REQUIRED,     /* (fmt) address */
    MSG_TLS_NOT_OFFERED,  /* (fmt) address */
    MSG_TLS_PIN_MISMATCH, /* (fmt) address, presented fingerprint, pinned fingerprint */
    MSG_TLS_EXPIRED,      /* (fmt) address, the day it expired (YYYY-MM-DD) */
    MSG_TLS_UNTRUSTED,    /* (fmt) address */
    MSG_TLS_SETUP,        /* (fmt) address, the file of --tls-ca or HADIR_TLS_CA */
    MSG_COUNT
} hadir_msg;

/* The text of message id in lang: a static string. */
const char *hadir_text(hadir_lang lang, hadir_msg id);

#endif
