/*
 * system/chardev.c: the console backends (include/chardev.h).
 *
 * stdio puts a terminal into raw mode so that the guest sees each key as it
 * is typed, and puts it back at exit however the emulator ends (atexit, or
 * chardev_restore_terminal() from a signal handler).  A plain "stdio" keeps
 * ISIG so Ctrl-C ends the emulator; "mon:stdio" (what -nographic selects)
 * passes Ctrl-C to the guest and takes Ctrl-A escapes instead, as QEMU's
 * multiplexer does.
 *
 * Input is read by one thread per backend into a ring buffer.  When the
 * ring is full the reader waits for the guest to drain it (input is never
 * dropped: a paste of megabytes arrives whole and in order); a mux stdio
 * keeps reading so that Ctrl-A x still ends an emulator whose guest does
 * not read its console, and drops what does not fit.
 *
 * A socket backend's reader also owns the connection: a server accepts a
 * client (at open with wait=on, else in the reader), reads until the
 * client goes away and accepts the next one; output while no client is
 * connected is dropped, as with QEMU.  Output is written through at once
 * and blocks the writer while the peer does not read (no byte is lost);
 * a pty is the exception: with nobody on the slave side its output is
 * dropped rather than blocking the guest.  logfile= gets a copy of all
 * output; a ringbuf keeps the newest size bytes in memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib.h>

#include "chardev-internal.h"
#include "chardev.h"
#include "socket.h"

/* the input ring: a backend that can be made to wait (a socket, a pipe)
   waits at CHARDEV_INBUF_SIZE; a mux stdio, which must keep reading for
   its escapes, grows its ring up to CHARDEV_INBUF_MAX and drops beyond */
#define CHARDEV_INBUF_SIZE 65536
#define CHARDEV_INBUF_MAX (64u << 20)
#define CTRL_A 0x01

struct Chardev {
    ChardevKind kind;
    bool mux;
    int out_fd;          /* -1: output discarded (socket: the client) */
    bool close_out_fd;
    int in_fd;           /* -1: no input (socket: the client) */
    bool close_in_fd;
    int listen_fd;       /* socket server, else -1 */
    bool drop_output;    /* pty: never block on output */
    int log_fd;          /* logfile=, else -1 */

    GMutex out_lock;     /* guards out_fd of a socket and the ringbuf */
    uint8_t *ring;       /* ringbuf: size bytes */
    uint64_t ring_size, ring_len, ring_head;

    GMutex lock;         /* guards the input ring and the escape state */
    GCond input_cond;
    GCond space_cond;    /* the guest drained input */
    uint8_t *inbuf;
    size_t in_cap;       /* bytes inbuf holds */
    size_t in_head;      /* index of the oldest byte */
    size_t in_count;
    bool closing;        /* chardev_close: the reader must not wait */
    bool escape_pending; /* the previous byte was the escape (mux) */
    uint8_t escape;      /* Ctrl-A unless -echr said otherwise */
    /* mux: Ctrl-A c gives the input to the monitor and back */
    ChardevMonitorFn monitor_fn;
    void *monitor_opaque;
    bool monitor_focus;
    /* the machine's start-up has decided whether a monitor shares this
       console (chardev_setup_done): until then Ctrl-A c waits for it */
    bool setup_done;
    GCond setup_cond;

    ChardevEventFn event_fn;
    void *event_opaque;

    GThread *reader;
    int wake_pipe[2];    /* written at close to stop the reader */
};

/*
 * The terminal is process-wide host state, not guest state: one saved copy
 * for the one stdin there is.
 */
static struct termios saved_termios;
static volatile sig_atomic_t termios_saved;

void chardev_restore_terminal(void)
{
    if (termios_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
        termios_saved = 0;
    }
}

static void chardev_set_raw_terminal(bool keep_signals)
{
    struct termios t;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &t) != 0) {
        return;
    }
    if (!termios_saved) {
        saved_termios = t;
        termios_saved = 1;
        atexit(chardev_restore_terminal);
    }
    /* every byte as typed, unchanged, no echo; output processing (NL to
       CR-NL) stays on so that guest text reads as it does on a terminal */
    t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL |
                   IXON);
    t.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!keep_signals) {
        t.c_lflag &= ~ISIG;
    }
    t.c_cflag = (t.c_cflag & ~(CSIZE | PARENB)) | CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

/* ------------------------------------------------------------ output */

static void chardev_write_fd(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return; /* a closed pipe or a full disk: the output is lost */
        }
        p += n;
        len -= (size_t)n;
    }
}

static void chardev_ring_put(Chardev *c, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        c->ring[(c->ring_head + c->ring_len) % c->ring_size] = p[i];
        if (c->ring_len < c->ring_size) {
            c->ring_len++;
        } else {
            c->ring_head = (c->ring_head + 1) % c->ring_size;
        }
    }
}

void chardev_write(Chardev *c, const void *buf, size_t len)
{
    if (!c) {
        return;
    }
    if (c->log_fd >= 0) {
        chardev_write_fd(c->log_fd, buf, len);
    }
    if (c->kind == CHARDEV_RINGBUF) {
        g_mutex_lock(&c->out_lock);
        chardev_ring_put(c, buf, len);
        g_mutex_unlock(&c->out_lock);
    } else if (c->kind == CHARDEV_SOCKET) {
        g_mutex_lock(&c->out_lock);
        if (c->out_fd >= 0) {
            chardev_write_fd(c->out_fd, buf, len);
        }
        g_mutex_unlock(&c->out_lock);
    } else if (c->drop_output && c->out_fd >= 0) {
        /* non-blocking: what the pty cannot take now is lost */
        ssize_t n;
        do {
            n = write(c->out_fd, buf, len);
        } while (n < 0 && errno == EINTR);
    } else if (c->out_fd >= 0) {
        chardev_write_fd(c->out_fd, buf, len);
    }
}

size_t chardev_ringbuf_read(Chardev *c, uint8_t *buf, size_t max)
{
    size_t n = 0;

    if (!c || c->kind != CHARDEV_RINGBUF) {
        return 0;
    }
    g_mutex_lock(&c->out_lock);
    while (n < max && c->ring_len > 0) {
        buf[n++] = c->ring[c->ring_head];
        c->ring_head = (c->ring_head + 1) % c->ring_size;
        c->ring_len--;
    }
    g_mutex_unlock(&c->out_lock);
    return n;
}

static void chardev_puts(Chardev *c, const char *s)
{
    chardev_write(c, s, strlen(s));
}

/* ------------------------------------------------------------ input */

typedef struct ChardevEscape {
    char key;
    const char *help;
    void (*fn)(Chardev *c);
} ChardevEscape;

static void chardev_escape_help(Chardev *c);

static void chardev_escape_quit(Chardev *c)
{
    chardev_puts(c, "powerjit: terminated\r\n");
    if (c->event_fn) {
        c->event_fn(c->event_opaque, CHARDEV_EVENT_QUIT);
    } else {
        exit(0);
    }
}

static void chardev_escape_monitor(Chardev *c)
{
    /* input read while the machine is still starting (typed ahead, or a
       harness that writes at once) waits for the monitor to be attached */
    gint64 deadline = g_get_monotonic_time() + 30 * G_TIME_SPAN_SECOND;

    g_mutex_lock(&c->lock);
    while (!c->setup_done && !c->closing &&
           g_cond_wait_until(&c->setup_cond, &c->lock, deadline)) {
    }
    ChardevMonitorFn fn = c->monitor_fn;
    void *opaque = c->monitor_opaque;
    bool focus = false;
    if (fn) {
        c->monitor_focus = !c->monitor_focus;
        focus = c->monitor_focus;
    }
    g_mutex_unlock(&c->lock);
    if (!fn) {
        chardev_puts(c, "\r\npowerjit: no monitor on this console\r\n");
        return;
    }
    /* the monitor prints its banner and prompt when it gets the focus */
    fn(opaque, focus ? CHARDEV_MONITOR_FOCUS : CHARDEV_MONITOR_UNFOCUS);
}

static const ChardevEscape chardev_escapes[] = {
    { 'h', "print this help", chardev_escape_help },
    { '?', NULL, chardev_escape_help },
    { 'x', "exit emulator", chardev_escape_quit },
    { 'c', "switch between console and monitor", chardev_escape_monitor },
};

static void chardev_escape_help(Chardev *c)
{
    chardev_puts(c, "\r\n");
    for (size_t i = 0; i < G_N_ELEMENTS(chardev_escapes); i++) {
        if (chardev_escapes[i].help) {
            char *line = g_strdup_printf("C-a %c    %s\r\n",
                                         chardev_escapes[i].key,
                                         chardev_escapes[i].help);
            chardev_puts(c, line);
            g_free(line);
        }
    }
    chardev_puts(c, "C-a C-a  sends C-a\r\n");
}

/* a byte for the monitor: a pseudo-escape, run after unlocking with the
   byte in c->monitor_byte */
static void chardev_feed_monitor(Chardev *c)
{
    (void)c;
}
static const ChardevEscape chardev_to_monitor = { 0, NULL,
                                                  chardev_feed_monitor };

/* called with c->lock held; returns the escape to run after unlocking */
static const ChardevEscape *chardev_input_byte(Chardev *c, uint8_t ch)
{
    if (c->mux) {
        if (c->escape_pending) {
            c->escape_pending = false;
            if (ch != c->escape) {
                for (size_t i = 0; i < G_N_ELEMENTS(chardev_escapes); i++) {
                    if (chardev_escapes[i].key == ch) {
                        return &chardev_escapes[i];
                    }
                }
                return NULL; /* unknown escapes are swallowed */
            }
        } else if (ch == c->escape) {
            c->escape_pending = true;
            return NULL;
        }
        if (c->monitor_focus) {
            return &chardev_to_monitor;
        }
    }
    if (c->in_count == c->in_cap && c->mux && c->in_cap < CHARDEV_INBUF_MAX) {
        /* grow, the oldest byte first */
        uint8_t *n = g_malloc(c->in_cap * 2);
        for (size_t i = 0; i < c->in_count; i++) {
            n[i] = c->inbuf[(c->in_head + i) % c->in_cap];
        }
        g_free(c->inbuf);
        c->inbuf = n;
        c->in_head = 0;
        c->in_cap *= 2;
    }
    if (c->in_count < c->in_cap) {
        c->inbuf[(c->in_head + c->in_count) % c->in_cap] = ch;
        c->in_count++;
    }
    return NULL;
}

/* a backend that can wait for the guest (not a mux stdio, which must read
   on for its escapes) and whose ring is full: tells the owner about the
   input there is and waits for room.  Called and returns with c->lock
   held. */
static void chardev_wait_room(Chardev *c, bool *input)
{
    while (!c->mux && c->in_count == c->in_cap && !c->closing) {
        g_mutex_unlock(&c->lock);
        if (*input && c->event_fn) {
            c->event_fn(c->event_opaque, CHARDEV_EVENT_INPUT);
        }
        *input = false;
        g_mutex_lock(&c->lock);
        gint64 deadline = g_get_monotonic_time() + 100 * 1000;
        if (c->in_count == c->in_cap && !c->closing) {
            g_cond_wait_until(&c->space_cond, &c->lock, deadline);
        }
    }
}

void chardev_feed(Chardev *c, const uint8_t *buf, size_t len)
{
    bool input = false;

    if (!c) {
        return;
    }
    for (size_t i = 0; i < len; i++) {
        const ChardevEscape *esc;

        g_mutex_lock(&c->lock);
        chardev_wait_room(c, &input);
        size_t before = c->in_count;
        esc = chardev_input_byte(c, buf[i]);
        if (c->in_count > 0) {
            g_cond_broadcast(&c->input_cond);
        }
        input |= c->in_count > before;
        g_mutex_unlock(&c->lock);
        if (esc == &chardev_to_monitor) {
            c->monitor_fn(c->monitor_opaque, buf[i]);
        } else if (esc) {
            esc->fn(c);
        }
    }
    /* once per chunk: the owner raises its device's interrupt */
    if (input && c->event_fn) {
        c->event_fn(c->event_opaque, CHARDEV_EVENT_INPUT);
    }
}

size_t chardev_read(Chardev *c, uint8_t *buf, size_t max)
{
    size_t n = 0;

    if (!c) {
        return 0;
    }
    g_mutex_lock(&c->lock);
    while (n < max && c->in_count > 0) {
        buf[n++] = c->inbuf[c->in_head];
        c->in_head = (c->in_head + 1) % c->in_cap;
        c->in_count--;
    }
    if (n) {
        g_cond_broadcast(&c->space_cond);
    }
    g_mutex_unlock(&c->lock);
    return n;
}

bool chardev_wait_input(Chardev *c, int timeout_ms)
{
    bool ready;

    if (!c) {
        g_usleep((gulong)timeout_ms * 1000);
        return false;
    }
    gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    g_mutex_lock(&c->lock);
    while (c->in_count == 0) {
        if (!g_cond_wait_until(&c->input_cond, &c->lock, deadline)) {
            break;
        }
    }
    ready = c->in_count > 0;
    g_mutex_unlock(&c->lock);
    return ready;
}

/* a socket client has gone: its output is dropped from now on */
static void chardev_socket_drop_client(Chardev *c)
{
    g_mutex_lock(&c->out_lock);
    if (c->out_fd >= 0) {
        close(c->out_fd);
    }
    c->out_fd = -1;
    c->in_fd = -1;
    g_mutex_unlock(&c->out_lock);
}

static gpointer chardev_reader_thread(gpointer opaque)
{
    Chardev *c = opaque;
    uint8_t buf[4096];

    for (;;) {
        /* a socket server without a client waits for one */
        bool accepting = c->kind == CHARDEV_SOCKET && c->in_fd < 0;
        if (accepting && c->listen_fd < 0) {
            break; /* a client socket whose peer has gone */
        }
        struct pollfd fds[2] = {
            { .fd = accepting ? c->listen_fd : c->in_fd, .events = POLLIN },
            { .fd = c->wake_pipe[0], .events = POLLIN },
        };

        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (fds[1].revents) {
            break;
        }
        if (accepting) {
            int fd = chardev_socket_accept(c->listen_fd);
            if (fd >= 0) {
                g_mutex_lock(&c->out_lock);
                c->in_fd = c->out_fd = fd;
                g_mutex_unlock(&c->out_lock);
            }
            continue;
        }
        if (c->kind == CHARDEV_PTY && (fds[0].revents & POLLHUP) &&
            !(fds[0].revents & POLLIN)) {
            /* nobody has the slave open: look again later */
            g_usleep(100 * 1000);
            continue;
        }
        ssize_t n = read(c->in_fd, buf, sizeof(buf));
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n <= 0 && c->kind == CHARDEV_PTY) {
            g_usleep(100 * 1000); /* EIO: the slave was closed */
            continue;
        }
        if (n <= 0 && c->kind == CHARDEV_SOCKET) {
            chardev_socket_drop_client(c);
            continue;
        }
        if (n <= 0) {
            break; /* end of input: the console just stops delivering */
        }
        chardev_feed(c, buf, (size_t)n);
    }
    return NULL;
}

/* ------------------------------------------------------------ open/close */

static Chardev *chardev_new(const ChardevSpec *spec)
{
    Chardev *c = g_new0(Chardev, 1);

    c->kind = spec->kind;
    c->mux = spec->mux;
    c->escape = spec->escape ? spec->escape : CTRL_A;
    c->out_fd = -1;
    c->in_fd = -1;
    c->listen_fd = -1;
    c->log_fd = -1;
    c->wake_pipe[0] = c->wake_pipe[1] = -1;
    c->in_cap = CHARDEV_INBUF_SIZE;
    c->inbuf = g_malloc(c->in_cap);
    g_mutex_init(&c->lock);
    g_mutex_init(&c->out_lock);
    g_cond_init(&c->input_cond);
    g_cond_init(&c->space_cond);
    g_cond_init(&c->setup_cond);
    return c;
}

/* the host side of each backend; false + *err */
static bool chardev_open_backend(Chardev *c, const ChardevSpec *spec,
                                 char **err)
{
    char *name = NULL;
    int fd;

    switch (spec->kind) {
    case CHARDEV_NONE:
    case CHARDEV_NULL:
        return true;
    case CHARDEV_RINGBUF:
        c->ring_size = spec->size ? spec->size : 65536;
        c->ring = g_malloc(c->ring_size);
        return true;
    case CHARDEV_FILE:
        fd = open(spec->path, O_WRONLY | O_CREAT | O_CLOEXEC |
                  (spec->append ? O_APPEND : O_TRUNC), 0666);
        if (fd < 0) {
            *err = g_strdup_printf("cannot open '%s': %s", spec->path,
                                   strerror(errno));
            return false;
        }
        c->out_fd = fd;
        c->close_out_fd = true;
        return true;
    case CHARDEV_STDIO:
        chardev_set_raw_terminal(!spec->mux && !spec->no_signal);
        c->out_fd = STDOUT_FILENO;
        c->in_fd = STDIN_FILENO;
        return true;
    case CHARDEV_PIPE:
        if (!chardev_pipe_open(spec->path, &c->in_fd, &c->out_fd, err)) {
            return false;
        }
        c->close_in_fd = c->close_out_fd = true;
        return true;
    case CHARDEV_PTY:
        fd = chardev_pty_open(&name, err);
        if (fd < 0) {
            return false;
        }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        /* QEMU's words, which scripts look for */
        fprintf(stderr, "char device redirected to %s (label %s)\n", name,
                spec->id ? spec->id : "serial");
        g_free(name);
        c->in_fd = c->out_fd = fd;
        c->close_out_fd = true;
        c->drop_output = true;
        return true;
    case CHARDEV_SOCKET:
        if (spec->has_fd) {
            /* the parent's socket: it was checked at parse time; a
               listener accepts as a server does, anything else is the
               connection itself */
            fcntl(spec->fd, F_SETFD, FD_CLOEXEC);
            if (socket_fd_listening(spec->fd)) {
                c->listen_fd = spec->fd;
            } else {
                c->in_fd = c->out_fd = spec->fd;
            }
            return true;
        }
        if (!spec->server) {
            fd = chardev_socket_connect(spec, err);
            if (fd < 0) {
                return false;
            }
            c->in_fd = c->out_fd = fd;
            return true;
        }
        c->listen_fd = chardev_socket_listen(spec, err);
        if (c->listen_fd < 0) {
            return false;
        }
        if (spec->wait) {
            name = chardev_socket_name(spec);
            fprintf(stderr, "powerjit: waiting for connection on %s,"
                    "server=on\n", name);
            g_free(name);
            fd = chardev_socket_accept(c->listen_fd);
            if (fd < 0) {
                *err = g_strdup_printf("accept: %s", strerror(errno));
                return false;
            }
            c->in_fd = c->out_fd = fd;
        }
        return true;
    }
    return true;
}

Chardev *chardev_open(const ChardevSpec *spec, char **err)
{
    Chardev *c;

    if (spec->kind == CHARDEV_NONE) {
        return NULL;
    }
    c = chardev_new(spec);
    if (!chardev_open_backend(c, spec, err)) {
        chardev_close(c);
        return NULL;
    }
    if (spec->logfile) {
        c->log_fd = open(spec->logfile, O_WRONLY | O_CREAT | O_CLOEXEC |
                         (spec->logappend ? O_APPEND : O_TRUNC), 0666);
        if (c->log_fd < 0) {
            *err = g_strdup_printf("cannot open logfile '%s': %s",
                                   spec->logfile, strerror(errno));
            chardev_close(c);
            return NULL;
        }
    }
    if (c->in_fd >= 0 || c->listen_fd >= 0) {
        if (pipe2(c->wake_pipe, O_CLOEXEC) != 0) {
            *err = g_strdup_printf("cannot create a pipe: %s",
                                   strerror(errno));
            chardev_close(c);
            return NULL;
        }
        c->reader = g_thread_new("chardev-in", chardev_reader_thread, c);
    }
    return c;
}

void chardev_set_monitor(Chardev *c, ChardevMonitorFn fn, void *opaque)
{
    if (c) {
        g_mutex_lock(&c->lock);
        c->monitor_fn = fn;
        c->monitor_opaque = opaque;
        c->monitor_focus = false;
        g_mutex_unlock(&c->lock);
    }
}

void chardev_setup_done(Chardev *c)
{
    if (c) {
        g_mutex_lock(&c->lock);
        c->setup_done = true;
        g_cond_broadcast(&c->setup_cond);
        g_mutex_unlock(&c->lock);
    }
}

void chardev_set_event_handler(Chardev *c, ChardevEventFn fn, void *opaque)
{
    if (c) {
        c->event_fn = fn;
        c->event_opaque = opaque;
    }
}

void chardev_close(Chardev *c)
{
    if (!c) {
        return;
    }
    if (c->reader) {
        g_mutex_lock(&c->lock);
        c->closing = true;
        g_cond_broadcast(&c->space_cond);
        g_cond_broadcast(&c->setup_cond);
        g_mutex_unlock(&c->lock);
        chardev_write_fd(c->wake_pipe[1], "x", 1);
        g_thread_join(c->reader);
    }
    for (int i = 0; i < 2; i++) {
        if (c->wake_pipe[i] >= 0) {
            close(c->wake_pipe[i]);
        }
    }
    if (c->kind == CHARDEV_SOCKET) {
        if (c->out_fd >= 0) {
            close(c->out_fd);
        }
    } else {
        if (c->close_out_fd && c->out_fd >= 0) {
            close(c->out_fd);
        }
        if (c->close_in_fd && c->in_fd >= 0 && c->in_fd != c->out_fd) {
            close(c->in_fd);
        }
    }
    if (c->listen_fd >= 0) {
        close(c->listen_fd);
    }
    if (c->log_fd >= 0) {
        close(c->log_fd);
    }
    if (c->kind == CHARDEV_STDIO) {
        chardev_restore_terminal();
    }
    g_cond_clear(&c->input_cond);
    g_cond_clear(&c->space_cond);
    g_cond_clear(&c->setup_cond);
    g_mutex_clear(&c->lock);
    g_mutex_clear(&c->out_lock);
    g_free(c->inbuf);
    g_free(c->ring);
    g_free(c);
}
