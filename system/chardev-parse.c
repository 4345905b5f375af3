/*
 * system/chardev-parse.c: the two spellings of a character backend
 * (include/chardev.h).
 *
 *   -serial  the legacy one-string form: stdio, mon:stdio, null, none, pty,
 *            file:PATH, pipe:PATH (the rest of the string, commas and all),
 *            unix:PATH[,server][,nowait|,wait=off], tcp:[HOST]:PORT[,...],
 *            chardev:ID (a -chardev, resolved by the caller);
 *   -chardev BACKEND,id=ID[,key=value...], QEMU's key=value list (",," is
 *            a literal comma; a bare key means key=on).
 *
 * Both land in one ChardevSpec.  Which keys a backend takes is a table
 * (chardev_backends[]), so a key that backend does not know is an error
 * naming both, as QEMU's "Parameter 'x' is unexpected".
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "chardev.h"
#include "socket.h"

/* the keys a backend accepts (besides id, logfile, logappend, mux) */
enum {
    CK_PATH = 1 << 0,
    CK_SIGNAL = 1 << 1,
    CK_SOCKET = 1 << 2, /* host, port, server, wait, telnet, nodelay,
                           ipv4, ipv6 */
    CK_SIZE = 1 << 3,
    CK_APPEND = 1 << 4,
};

typedef struct ChardevBackend {
    const char *name;
    ChardevKind kind;
    unsigned keys;
} ChardevBackend;

static const ChardevBackend chardev_backends[] = {
    { "null", CHARDEV_NULL, 0 },
    { "stdio", CHARDEV_STDIO, CK_SIGNAL },
    { "file", CHARDEV_FILE, CK_PATH | CK_APPEND },
    { "pipe", CHARDEV_PIPE, CK_PATH },
    { "pty", CHARDEV_PTY, 0 },
    { "socket", CHARDEV_SOCKET, CK_PATH | CK_SOCKET },
    { "ringbuf", CHARDEV_RINGBUF, CK_SIZE },
    { "memory", CHARDEV_RINGBUF, CK_SIZE }, /* QEMU's old name for it */
};

#define CHARDEV_RINGBUF_DEFAULT (64 * 1024)

void chardev_spec_clear(ChardevSpec *spec)
{
    g_free(spec->id);
    g_free(spec->path);
    g_free(spec->host);
    g_free(spec->port);
    g_free(spec->logfile);
    memset(spec, 0, sizeof(*spec));
}

void chardev_spec_copy(ChardevSpec *dst, const ChardevSpec *src)
{
    chardev_spec_clear(dst);
    *dst = *src;
    dst->id = g_strdup(src->id);
    dst->path = g_strdup(src->path);
    dst->host = g_strdup(src->host);
    dst->port = g_strdup(src->port);
    dst->logfile = g_strdup(src->logfile);
}

static bool chardev_bool(const char *key, const char *v, bool *out,
                         char **err)
{
    if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true")) {
        *out = true;
    } else if (!strcmp(v, "off") || !strcmp(v, "no") ||
               !strcmp(v, "false")) {
        *out = false;
    } else {
        *err = g_strdup_printf("Parameter '%s' expects 'on' or 'off'", key);
        return false;
    }
    return true;
}

static bool chardev_port_ok(const char *port)
{
    char *end;
    unsigned long v;

    if (!port || !isdigit((unsigned char)port[0])) {
        return false;
    }
    errno = 0;
    v = strtoul(port, &end, 10);
    return errno == 0 && *end == '\0' && v <= 65535;
}

/* one key=value of a socket, for both spellings; false + *err */
static bool chardev_socket_key(ChardevSpec *s, const char *key,
                               const char *v, char **err)
{
    bool b;

    if (!strcmp(key, "server")) {
        return chardev_bool(key, v, &s->server, err);
    }
    if (!strcmp(key, "wait")) {
        return chardev_bool(key, v, &s->wait, err);
    }
    if (!strcmp(key, "nowait")) { /* legacy flag */
        s->wait = false;
        return true;
    }
    if (!strcmp(key, "telnet") || !strcmp(key, "tn3270") ||
        !strcmp(key, "websocket")) {
        if (!chardev_bool(key, v, &b, err)) {
            return false;
        }
        if (b) {
            *err = g_strdup_printf("socket %s=on is not yet supported", key);
            return false;
        }
        return true;
    }
    if (!strcmp(key, "nodelay") || !strcmp(key, "ipv4") ||
        !strcmp(key, "ipv6")) {
        return chardev_bool(key, v, &b, err); /* no effect here */
    }
    if (!strcmp(key, "host")) {
        g_free(s->host);
        s->host = g_strdup(v);
        return true;
    }
    if (!strcmp(key, "port")) {
        g_free(s->port);
        s->port = g_strdup(v);
        return true;
    }
    if (!strcmp(key, "fd")) {
        char *end;
        long n;
        errno = 0;
        n = strtol(v, &end, 10);
        if (errno || end == v || *end || n < 0 || n > INT_MAX) {
            *err = g_strdup_printf("Unable to parse FD number %s", v);
            return false;
        }
        s->has_fd = true;
        s->fd = (int)n;
        return true;
    }
    if (!strcmp(key, "reconnect")) {
        *err = g_strdup("socket reconnect= is not yet supported");
        return false;
    }
    *err = g_strdup_printf("Parameter '%s' is unexpected", key);
    return false;
}

/* a socket is complete: a path or a port, not both; server=on waits for
   its client by default (QEMU's wait=on) */
static bool chardev_socket_check(ChardevSpec *s, char **err)
{
    if (s->has_fd && (s->path || s->host || s->port)) {
        *err = g_strdup("None or one of 'path', 'fd' or 'host' option "
                        "required.");
        return false;
    }
    if (s->has_fd) {
        return socket_fd_check(s->fd, err);
    }
    if (s->path && (s->host || s->port)) {
        *err = g_strdup("socket: give either path= or host=/port=, not "
                        "both");
        return false;
    }
    if (!s->path && !s->port) {
        *err = g_strdup("socket: path= or port= is required");
        return false;
    }
    if (s->path && !s->path[0]) {
        *err = g_strdup("socket: empty path");
        return false;
    }
    if (s->port && !chardev_port_ok(s->port)) {
        *err = g_strdup_printf("socket: invalid port '%s'", s->port);
        return false;
    }
    return true;
}

/* splits a key=value list (",," a literal comma, a bare key is key=on) */
static char **chardev_split(const char *str)
{
    GPtrArray *items = g_ptr_array_new();
    GString *cur = g_string_new(NULL);

    for (const char *p = str;; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p++;
        } else if (*p == ',' || *p == '\0') {
            g_ptr_array_add(items, g_string_free(cur, FALSE));
            cur = g_string_new(NULL);
            if (*p == '\0') {
                break;
            }
        } else {
            g_string_append_c(cur, *p);
        }
    }
    g_string_free(cur, TRUE);
    g_ptr_array_add(items, NULL);
    return (char **)g_ptr_array_free(items, FALSE);
}

bool chardev_parse_opts(const char *str, ChardevSpec *out, char **err)
{
    char **items = chardev_split(str);
    const ChardevBackend *be = NULL;
    ChardevSpec s = { 0 };
    bool ok = true;
    char *e = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(chardev_backends); i++) {
        if (!strcmp(items[0], chardev_backends[i].name)) {
            be = &chardev_backends[i];
        }
    }
    if (!items[0][0] || strchr(items[0], '=')) {
        *err = g_strdup("chardev: the backend type must come first");
        g_strfreev(items);
        return false;
    }
    if (!be) {
        *err = g_strdup_printf("'%s' is not a supported chardev backend (use "
                               "null, stdio, file, pipe, pty, socket or "
                               "ringbuf)", items[0]);
        g_strfreev(items);
        return false;
    }
    s.kind = be->kind;
    s.wait = true;
    s.size = CHARDEV_RINGBUF_DEFAULT;
    for (size_t i = 1; ok && items[i]; i++) {
        char *eq = strchr(items[i], '=');
        char *key = eq ? g_strndup(items[i], (gsize)(eq - items[i]))
                       : g_strdup(items[i]);
        const char *v = eq ? eq + 1 : "on";
        bool b;

        if (!key[0]) {
            /* an empty item (a trailing comma) */
        } else if (!strcmp(key, "id")) {
            g_free(s.id);
            s.id = g_strdup(v);
        } else if (!strcmp(key, "logfile")) {
            g_free(s.logfile);
            s.logfile = g_strdup(v);
        } else if (!strcmp(key, "logappend")) {
            ok = chardev_bool(key, v, &s.logappend, &e);
        } else if (!strcmp(key, "mux")) {
            ok = chardev_bool(key, v, &s.mux, &e);
        } else if ((be->keys & CK_PATH) && !strcmp(key, "path")) {
            g_free(s.path);
            s.path = g_strdup(v);
        } else if ((be->keys & CK_APPEND) && !strcmp(key, "append")) {
            ok = chardev_bool(key, v, &s.append, &e);
        } else if ((be->keys & CK_SIGNAL) && !strcmp(key, "signal")) {
            ok = chardev_bool(key, v, &b, &e);
            s.no_signal = !b;
        } else if ((be->keys & CK_SIZE) && !strcmp(key, "size")) {
            char *end;
            errno = 0;
            s.size = g_ascii_strtoull(v, &end, 0);
            if (errno || *end || s.size == 0 || (s.size & (s.size - 1)) ||
                s.size > (1u << 30)) {
                e = g_strdup_printf("ringbuf size '%s' must be a power of "
                                    "two up to 1G", v);
                ok = false;
            }
        } else if (be->keys & CK_SOCKET) {
            ok = chardev_socket_key(&s, key, v, &e);
        } else {
            e = g_strdup_printf("Parameter '%s' is unexpected for a %s "
                                "chardev", key, be->name);
            ok = false;
        }
        g_free(key);
    }
    g_strfreev(items);
    if (ok && !s.id) {
        e = g_strdup("chardev: Parameter 'id' is missing");
        ok = false;
    }
    if (ok && s.id && !s.id[0]) {
        e = g_strdup("chardev: empty id");
        ok = false;
    }
    if (ok && (be->keys & CK_PATH) && !(be->keys & CK_SOCKET) &&
        (!s.path || !s.path[0])) {
        e = g_strdup_printf("chardev: %s needs path=", be->name);
        ok = false;
    }
    if (ok && be->kind == CHARDEV_SOCKET) {
        ok = chardev_socket_check(&s, &e);
    }
    if (!ok) {
        *err = g_strdup_printf("chardev '%s': %s", s.id ? s.id : str, e);
        g_free(e);
        chardev_spec_clear(&s);
        return false;
    }
    chardev_spec_clear(out);
    *out = s;
    return true;
}

/* -serial unix:PATH[,opts] / tcp:[HOST]:PORT[,opts] */
static bool chardev_parse_legacy_socket(const char *str, bool is_unix,
                                        ChardevSpec *s, char **err)
{
    char **items = chardev_split(str);
    bool ok = true;
    char *e = NULL;

    s->kind = CHARDEV_SOCKET;
    s->wait = true;
    if (is_unix) {
        s->path = g_strdup(items[0]);
    } else {
        char *colon = strrchr(items[0], ':');
        if (!colon) {
            e = g_strdup("expected HOST:PORT");
            ok = false;
        } else {
            s->host = g_strndup(items[0], (gsize)(colon - items[0]));
            s->port = g_strdup(colon + 1);
        }
    }
    for (size_t i = 1; ok && items[i]; i++) {
        char *eq = strchr(items[i], '=');
        char *key = eq ? g_strndup(items[i], (gsize)(eq - items[i]))
                       : g_strdup(items[i]);
        if (key[0]) {
            ok = chardev_socket_key(s, key, eq ? eq + 1 : "on", &e);
        }
        g_free(key);
    }
    g_strfreev(items);
    if (ok) {
        ok = chardev_socket_check(s, &e);
    }
    if (!ok) {
        *err = g_strdup_printf("'%s': %s", str, e);
        g_free(e);
    }
    return ok;
}

typedef struct ChardevLegacy {
    const char *prefix; /* matched exactly, or as "prefix:" when has_arg */
    bool has_arg;
    ChardevKind kind;
    bool mux;
} ChardevLegacy;

static const ChardevLegacy chardev_legacy[] = {
    { "stdio", false, CHARDEV_STDIO, false },
    { "mon:stdio", false, CHARDEV_STDIO, true },
    { "null", false, CHARDEV_NULL, false },
    { "none", false, CHARDEV_NONE, false },
    { "pty", false, CHARDEV_PTY, false },
    { "file", true, CHARDEV_FILE, false },
    { "pipe", true, CHARDEV_PIPE, false },
    { "unix", true, CHARDEV_SOCKET, false },
    { "tcp", true, CHARDEV_SOCKET, false },
    { "chardev", true, CHARDEV_NONE, false },
};

bool chardev_parse(const char *str, ChardevSpec *out, char **err)
{
    for (size_t i = 0; i < G_N_ELEMENTS(chardev_legacy); i++) {
        const ChardevLegacy *b = &chardev_legacy[i];
        size_t n = strlen(b->prefix);
        ChardevSpec s = { 0 };

        if (!b->has_arg && strcmp(str, b->prefix) == 0) {
            chardev_spec_clear(out);
            out->kind = b->kind;
            out->mux = b->mux;
            return true;
        }
        if (!b->has_arg || strncmp(str, b->prefix, n) != 0 ||
            str[n] != ':') {
            continue;
        }
        const char *arg = str + n + 1;
        if (arg[0] == '\0') {
            *err = g_strdup_printf("'%s' needs %s after '%s:'", str,
                                   !strcmp(b->prefix, "chardev") ? "an id"
                                   : !strcmp(b->prefix, "tcp")
                                       ? "HOST:PORT" : "a path",
                                   b->prefix);
            return false;
        }
        if (b->kind == CHARDEV_SOCKET) {
            if (!chardev_parse_legacy_socket(arg, b->prefix[0] == 'u', &s,
                                             err)) {
                chardev_spec_clear(&s);
                return false;
            }
        } else if (!strcmp(b->prefix, "chardev")) {
            s.kind = CHARDEV_NONE;
            s.id = g_strdup(arg);
        } else {
            s.kind = b->kind;
            s.path = g_strdup(arg);
        }
        chardev_spec_clear(out);
        *out = s;
        return true;
    }
    *err = g_strdup_printf("'%s' is not a supported character device (use "
                           "stdio, mon:stdio, file:PATH, pipe:PATH, pty, "
                           "unix:PATH, tcp:HOST:PORT, chardev:ID, null or "
                           "none)", str);
    return false;
}
