/*
 * system/chardev.c: character backends for guest consoles, in the subset of
 * QEMU's -serial syntax that people use: stdio, mon:stdio, file:PATH, null,
 * none.
 *
 * Output is written through at once (no buffering to lose at exit).  Input
 * arrives on a reader thread into a ring buffer that the guest drains
 * through H_GET_TERM_CHAR; the reader also interprets the Ctrl-A escapes of
 * a multiplexed ("mon:") stdio so that Ctrl-A x works even while the guest
 * never reads its console.
 */
#ifndef POWERJIT_CHARDEV_H
#define POWERJIT_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ChardevKind {
    CHARDEV_NONE,  /* no device at all (-serial none, -nodefaults) */
    CHARDEV_NULL,  /* a device whose output is discarded */
    CHARDEV_STDIO,
    CHARDEV_FILE,
} ChardevKind;

typedef struct ChardevSpec {
    ChardevKind kind;
    bool mux;      /* mon:stdio: Ctrl-A escapes, Ctrl-C goes to the guest */
    char *path;    /* CHARDEV_FILE: owned */
    uint8_t escape; /* mux: the escape character (-echr); 0 means Ctrl-A */
} ChardevSpec;

/* events a backend reports to its owner */
typedef enum ChardevEvent {
    CHARDEV_EVENT_QUIT, /* Ctrl-A x: the user asked to end the emulator */
    CHARDEV_EVENT_INPUT, /* input was buffered (for an interrupt) */
} ChardevEvent;

typedef void (*ChardevEventFn)(void *opaque, ChardevEvent ev);

typedef struct Chardev Chardev;

/* parses a -serial value; false + message on error */
bool chardev_parse(const char *str, ChardevSpec *out, char **err);
void chardev_spec_clear(ChardevSpec *spec);

/* opens the backend (CHARDEV_NONE gives NULL without an error) */
Chardev *chardev_open(const ChardevSpec *spec, char **err);
void chardev_close(Chardev *c);
void chardev_set_event_handler(Chardev *c, ChardevEventFn fn, void *opaque);

/* writes all of buf (guest output) */
void chardev_write(Chardev *c, const void *buf, size_t len);
/* takes up to max bytes of buffered input without blocking */
size_t chardev_read(Chardev *c, uint8_t *buf, size_t max);
/* waits until input is buffered or timeout_ms passes; true if there is */
bool chardev_wait_input(Chardev *c, int timeout_ms);
/* input as if typed: goes through the escape processing of a mux backend */
void chardev_feed(Chardev *c, const uint8_t *buf, size_t len);
/* puts a terminal that stdio made raw back as it was (async-signal-safe;
   also runs at exit) */
void chardev_restore_terminal(void);

#endif
