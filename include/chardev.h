/*
 * system/chardev.c: character backends for guest consoles, in QEMU's
 * syntax: -serial stdio|mon:stdio|file:PATH|pipe:PATH|pty|null|none|
 * unix:PATH[,server=on][,wait=off]|tcp:[HOST]:PORT[,...]|chardev:ID, and
 * -chardev BACKEND,id=ID[,...] (system/chardev-parse.c) with the backends
 * stdio, file, pipe, pty, null, socket and ringbuf
 * (system/chardev-backend.c opens the host side of each).
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
    CHARDEV_FILE,  /* output to a file (truncated), no input */
    CHARDEV_PIPE,  /* PATH.in/PATH.out, or PATH both ways (FIFOs) */
    CHARDEV_PTY,   /* a new pseudo-terminal; its name is printed */
    CHARDEV_SOCKET, /* a stream socket, unix (path) or tcp (host, port) */
    CHARDEV_RINGBUF, /* output kept in a memory ring of size bytes */
} ChardevKind;

/* what -serial or -chardev asked for; every string is owned */
typedef struct ChardevSpec {
    ChardevKind kind;
    uint8_t escape; /* mux: the escape character (-echr); 0 means Ctrl-A */
    bool mux;      /* mon:stdio, mux=on: Ctrl-A escapes, Ctrl-C goes to the
                      guest */
    char *id;      /* -chardev id= (NULL for an anonymous -serial) */
    char *path;    /* file, pipe, a unix socket */
    char *host;    /* a tcp socket ("" or NULL: any / localhost) */
    char *port;
    bool server;   /* socket: listen (else connect) */
    bool wait;     /* socket server: wait for the first client at start */
    bool has_fd;   /* socket fd=N: a socket the parent passed, a listener
                      (server=on) or a connected stream (QEMU's
                      functional tests and libvirt hand over socketpairs) */
    int fd;
    bool no_signal; /* stdio signal=off: Ctrl-C goes to the guest */
    char *logfile; /* a copy of all output */
    bool logappend;
    bool append;   /* file append=on: keep what the file holds */
    uint64_t size; /* ringbuf */
} ChardevSpec;

/* events a backend reports to its owner */
typedef enum ChardevEvent {
    CHARDEV_EVENT_QUIT, /* Ctrl-A x: the user asked to end the emulator */
    CHARDEV_EVENT_INPUT, /* input was buffered (for an interrupt) */
} ChardevEvent;

typedef void (*ChardevEventFn)(void *opaque, ChardevEvent ev);

/* a mux's monitor gets the input bytes (0..255) while it has the focus,
   and these when Ctrl-A c moves the focus */
enum { CHARDEV_MONITOR_FOCUS = -1, CHARDEV_MONITOR_UNFOCUS = -2 };
typedef void (*ChardevMonitorFn)(void *opaque, int byte);

typedef struct Chardev Chardev;

/* parses a -serial value; false + message on error.  "chardev:ID" gives
   kind CHARDEV_NONE with id set: the caller resolves it. */
bool chardev_parse(const char *str, ChardevSpec *out, char **err);
/* parses a -chardev value (BACKEND,id=ID,...); false + message */
bool chardev_parse_opts(const char *str, ChardevSpec *out, char **err);
void chardev_spec_clear(ChardevSpec *spec);
void chardev_spec_copy(ChardevSpec *dst, const ChardevSpec *src);

/* opens the backend (CHARDEV_NONE gives NULL without an error) */
Chardev *chardev_open(const ChardevSpec *spec, char **err);
void chardev_close(Chardev *c);
void chardev_set_event_handler(Chardev *c, ChardevEventFn fn, void *opaque);
/* mux only: Ctrl-A c switches the input between the guest and fn */
void chardev_set_monitor(Chardev *c, ChardevMonitorFn fn, void *opaque);
/* start-up is over: a monitor shares this console now or never (Ctrl-A c
   read before this waits for it) */
void chardev_setup_done(Chardev *c);

/* writes all of buf (guest output) */
void chardev_write(Chardev *c, const void *buf, size_t len);
/* takes up to max bytes of buffered input without blocking */
size_t chardev_read(Chardev *c, uint8_t *buf, size_t max);
/* waits until input is buffered or timeout_ms passes; true if there is */
bool chardev_wait_input(Chardev *c, int timeout_ms);
/* input as if typed: goes through the escape processing of a mux backend */
void chardev_feed(Chardev *c, const uint8_t *buf, size_t len);
/* a ringbuf backend's output (oldest first), up to max bytes; 0 for
   other kinds */
size_t chardev_ringbuf_read(Chardev *c, uint8_t *buf, size_t max);
/* puts a terminal that stdio made raw back as it was (async-signal-safe;
   also runs at exit) */
void chardev_restore_terminal(void);

#endif
