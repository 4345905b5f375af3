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
 * Input is read by one thread per backend into a ring buffer; when the ring
 * is full new input is dropped (the guest is not reading its console, and
 * blocking the reader would also block the Ctrl-A x that ends it).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib.h>

#include "chardev.h"

#define CHARDEV_INBUF_SIZE 65536
#define CTRL_A 0x01

struct Chardev {
    ChardevKind kind;
    bool mux;
    int out_fd;          /* -1: output discarded */
    bool close_out_fd;
    int in_fd;           /* -1: no input */

    GMutex lock;         /* guards the ring and the escape state */
    GCond input_cond;
    uint8_t inbuf[CHARDEV_INBUF_SIZE];
    size_t in_head;      /* index of the oldest byte */
    size_t in_count;
    bool escape_pending; /* the previous byte was the escape (mux) */
    uint8_t escape;      /* Ctrl-A unless -echr said otherwise */

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

/* ------------------------------------------------------------ parsing */

typedef struct ChardevBackendName {
    const char *prefix; /* matched exactly, or as "prefix:" when has_arg */
    bool has_arg;
    ChardevKind kind;
    bool mux;
} ChardevBackendName;

static const ChardevBackendName chardev_backends[] = {
    { "stdio", false, CHARDEV_STDIO, false },
    { "mon:stdio", false, CHARDEV_STDIO, true },
    { "file", true, CHARDEV_FILE, false },
    { "null", false, CHARDEV_NULL, false },
    { "none", false, CHARDEV_NONE, false },
};

bool chardev_parse(const char *str, ChardevSpec *out, char **err)
{
    for (size_t i = 0; i < G_N_ELEMENTS(chardev_backends); i++) {
        const ChardevBackendName *b = &chardev_backends[i];
        size_t n = strlen(b->prefix);

        if (!b->has_arg && strcmp(str, b->prefix) == 0) {
            chardev_spec_clear(out);
            out->kind = b->kind;
            out->mux = b->mux;
            return true;
        }
        if (b->has_arg && strncmp(str, b->prefix, n) == 0 && str[n] == ':') {
            if (str[n + 1] == '\0') {
                *err = g_strdup_printf("'%s' needs a path after '%s:'", str,
                                       b->prefix);
                return false;
            }
            chardev_spec_clear(out);
            out->kind = b->kind;
            out->mux = b->mux;
            out->path = g_strdup(str + n + 1);
            return true;
        }
    }
    *err = g_strdup_printf("'%s' is not a supported character device (use "
                           "stdio, mon:stdio, file:PATH, null or none)", str);
    return false;
}

void chardev_spec_clear(ChardevSpec *spec)
{
    g_free(spec->path);
    spec->path = NULL;
    spec->kind = CHARDEV_NONE;
    spec->mux = false;
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

void chardev_write(Chardev *c, const void *buf, size_t len)
{
    if (c && c->out_fd >= 0) {
        chardev_write_fd(c->out_fd, buf, len);
    }
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
    chardev_puts(c, "\r\npowerjit: the monitor is not yet supported\r\n");
}

static const ChardevEscape chardev_escapes[] = {
    { 'h', "print this help", chardev_escape_help },
    { '?', NULL, chardev_escape_help },
    { 'x', "exit emulator", chardev_escape_quit },
    { 'c', "switch to the monitor (not yet supported)",
      chardev_escape_monitor },
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
    }
    if (c->in_count < CHARDEV_INBUF_SIZE) {
        c->inbuf[(c->in_head + c->in_count) % CHARDEV_INBUF_SIZE] = ch;
        c->in_count++;
    }
    return NULL;
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
        size_t before = c->in_count;
        esc = chardev_input_byte(c, buf[i]);
        if (c->in_count > 0) {
            g_cond_broadcast(&c->input_cond);
        }
        input |= c->in_count > before;
        g_mutex_unlock(&c->lock);
        if (esc) {
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
        c->in_head = (c->in_head + 1) % CHARDEV_INBUF_SIZE;
        c->in_count--;
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

static gpointer chardev_reader_thread(gpointer opaque)
{
    Chardev *c = opaque;
    uint8_t buf[256];

    for (;;) {
        struct pollfd fds[2] = {
            { .fd = c->in_fd, .events = POLLIN },
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
        ssize_t n = read(c->in_fd, buf, sizeof(buf));
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
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

Chardev *chardev_open(const ChardevSpec *spec, char **err)
{
    Chardev *c;
    int fd = -1;

    switch (spec->kind) {
    case CHARDEV_NONE:
        return NULL;
    case CHARDEV_FILE:
        fd = open(spec->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0) {
            *err = g_strdup_printf("cannot open '%s': %s", spec->path,
                                   strerror(errno));
            return NULL;
        }
        break;
    case CHARDEV_STDIO:
        fd = STDOUT_FILENO;
        break;
    case CHARDEV_NULL:
        break;
    }

    c = g_new0(Chardev, 1);
    c->kind = spec->kind;
    c->mux = spec->mux;
    c->escape = spec->escape ? spec->escape : CTRL_A;
    c->out_fd = fd;
    c->close_out_fd = spec->kind == CHARDEV_FILE;
    c->in_fd = -1;
    c->wake_pipe[0] = c->wake_pipe[1] = -1;
    g_mutex_init(&c->lock);
    g_cond_init(&c->input_cond);

    if (spec->kind == CHARDEV_STDIO) {
        chardev_set_raw_terminal(!spec->mux);
        c->in_fd = STDIN_FILENO;
        if (pipe2(c->wake_pipe, O_CLOEXEC) != 0) {
            *err = g_strdup_printf("cannot create a pipe: %s",
                                   strerror(errno));
            chardev_close(c);
            return NULL;
        }
        c->reader = g_thread_new("chardev-stdin", chardev_reader_thread, c);
    }
    return c;
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
        chardev_write_fd(c->wake_pipe[1], "x", 1);
        g_thread_join(c->reader);
    }
    for (int i = 0; i < 2; i++) {
        if (c->wake_pipe[i] >= 0) {
            close(c->wake_pipe[i]);
        }
    }
    if (c->close_out_fd) {
        close(c->out_fd);
    }
    if (c->kind == CHARDEV_STDIO) {
        chardev_restore_terminal();
    }
    g_cond_clear(&c->input_cond);
    g_mutex_clear(&c->lock);
    g_free(c);
}
