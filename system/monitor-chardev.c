/*
 * system/monitor-chardev.c: the character devices as the monitor lists
 * them (HMP `info chardev`, QMP `query-chardev`), in QEMU 7.2's terms.
 *
 * QEMU names a chardev by its label: the -chardev id, "serial0" for the
 * console of -serial/-nographic (a mux console is "serial0", filename
 * "mux", over "serial0-base"), "compat_monitorN" for each -monitor and
 * -qmp device, "gdb" for the gdbstub's.  Its filename says the backend:
 * "stdio", "file", "null", "ringbuf", "pty", "pipe", and for sockets
 * "unix:PATH" or "tcp:HOST:PORT" with ",server=on" for a listener,
 * prefixed "disconnected:" while no peer is connected.  "frontend-open"
 * says whether something (a device, a monitor, the console) uses it.
 *
 * The monitors, QMP servers and the gdbstub register their devices here
 * as they start (m->mon_chardevs), with a flag they keep saying whether a
 * client is connected; the rest comes from the configuration.  A monitor
 * of -mon chardev=ID (resolved into the chardev's listening address) is
 * listed as that -chardev, in use, as QEMU lists it.  What
 * differs from QEMU: the list is in creation order (QEMU's follows its
 * hash table), compat_monitor numbers follow the order of start-up
 * (-monitor before -qmp, not the command line's), QEMU's internal
 * "#chrNNN" of the gdbstub is not listed, a pty is "pty" without its
 * name, and an unused -chardev socket (which powerjit does not open)
 * reads "disconnected".
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "chardev.h"
#include "monitor.h"
#include "socket.h"
#include "spapr.h"

typedef struct MonChardev {
    char *label;
    ChardevSpec spec;
    const int *connected; /* atomic; NULL: not a socket */
    const void *owner;
} MonChardev;

struct MonChardevs {
    GMutex lock;
    GPtrArray *list; /* MonChardev * */
    unsigned next_monitor;
    GArray *passed_fds; /* int: the fd=N of the -chardevs monitors use */
};

static void mon_chardev_free(gpointer p)
{
    MonChardev *c = p;

    g_free(c->label);
    chardev_spec_clear(&c->spec);
    g_free(c);
}

/* the -chardev socket server whose address dev is: a -mon chardev=ID
   monitor listens there under that chardev's label, not as a
   compat_monitor of its own (NULL: a -monitor / -qmp device) */
static const char *mon_chardev_id(const SpaprMachine *m,
                                  const ChardevSpec *dev)
{
    const GPtrArray *l = m->cfg->chardevs;

    for (guint i = 0; dev->kind == CHARDEV_SOCKET && l && i < l->len; i++) {
        const ChardevSpec *s = g_ptr_array_index(l, i);
        if (s->kind != CHARDEV_SOCKET || !s->server || s->has_fd || !s->id) {
            continue;
        }
        if (s->path ? dev->path && strcmp(s->path, dev->path) == 0
                    : !dev->path && g_strcmp0(s->port, dev->port) == 0 &&
                          g_strcmp0(s->host ? s->host : "",
                                    dev->host ? dev->host : "") == 0) {
            return s->id;
        }
    }
    return NULL;
}

/* has a monitor registered the -chardev ID as its own? (r->lock held) */
static bool mon_chardev_taken(const MonChardevs *r, const char *id)
{
    for (guint i = 0; r && i < r->list->len; i++) {
        const MonChardev *c = g_ptr_array_index(r->list, i);
        if (strcmp(c->label, id) == 0) {
            return true;
        }
    }
    return false;
}

void monitor_chardev_register(SpaprMachine *m, const char *label,
                              const char *dev, const int *connected,
                              const void *owner)
{
    MonChardevs *r = m->mon_chardevs;
    MonChardev *c = g_new0(MonChardev, 1);
    char *err = NULL;

    if (!r) {
        r = m->mon_chardevs = g_new0(MonChardevs, 1);
        g_mutex_init(&r->lock);
        r->list = g_ptr_array_new_with_free_func(mon_chardev_free);
    }
    if (g_str_has_prefix(dev, "fd:")) {
        /* -chardev socket,fd=N: that -chardev is listed as itself, in
           use */
        int fd = atoi(dev + 3);
        g_free(c);
        g_mutex_lock(&r->lock);
        if (!r->passed_fds) {
            r->passed_fds = g_array_new(false, false, sizeof(int));
        }
        g_array_append_val(r->passed_fds, fd);
        g_mutex_unlock(&r->lock);
        return;
    }
    if (!chardev_parse(dev, &c->spec, &err) ||
        c->spec.kind == CHARDEV_NONE) {
        /* chardev:ID: that -chardev is the device (listed as itself) */
        g_free(err);
        chardev_spec_clear(&c->spec);
        g_free(c);
        if (!r->list->len && !r->passed_fds) {
            monitor_chardev_unregister(m, owner);
        }
        return;
    }
    if (label && strcmp(label, "gdb") == 0) {
        c->spec.server = true; /* -gdb tcp::PORT listens */
    }
    c->connected = connected;
    c->owner = owner;
    if (!label) {
        label = mon_chardev_id(m, &c->spec);
    }
    g_mutex_lock(&r->lock);
    c->label = label ? g_strdup(label)
                     : g_strdup_printf("compat_monitor%u", r->next_monitor++);
    g_ptr_array_add(r->list, c);
    g_mutex_unlock(&r->lock);
}

void monitor_chardev_unregister(SpaprMachine *m, const void *owner)
{
    MonChardevs *r = m->mon_chardevs;

    if (!r) {
        return;
    }
    g_mutex_lock(&r->lock);
    for (guint i = r->list->len; i-- > 0;) {
        MonChardev *c = g_ptr_array_index(r->list, i);
        if (c->owner == owner) {
            g_ptr_array_remove_index(r->list, i);
        }
    }
    bool empty = r->list->len == 0;
    g_mutex_unlock(&r->lock);
    if (empty) {
        if (r->passed_fds) {
            g_array_free(r->passed_fds, true);
        }
        g_ptr_array_free(r->list, true);
        g_mutex_clear(&r->lock);
        g_free(r);
        m->mon_chardevs = NULL;
    }
}

/* QEMU's filename of a backend; connected: -1 not known (no peer for a
   listener), 0 no peer, 1 a peer */
static char *chardev_filename(const ChardevSpec *s, int connected)
{
    switch (s->kind) {
    case CHARDEV_STDIO:
        return g_strdup("stdio");
    case CHARDEV_FILE:
        return g_strdup("file");
    case CHARDEV_NULL:
        return g_strdup("null");
    case CHARDEV_PTY:
        return g_strdup("pty");
    case CHARDEV_PIPE:
        return g_strdup("pipe");
    case CHARDEV_RINGBUF:
        return g_strdup("ringbuf");
    case CHARDEV_SOCKET: {
        if (s->has_fd) {
            /* QEMU names a passed socket by its own address: "unix:" for
               a socketpair */
            bool listening = socket_fd_listening(s->fd);
            char *name = socket_fd_name(s->fd), *f;
            f = g_strdup_printf("%s%s", name, listening ? ",server=on" : "");
            g_free(name);
            return f;
        }
        GString *f = g_string_new(connected == 1 ? "" : "disconnected:");
        if (s->path) {
            g_string_append_printf(f, "unix:%s", s->path);
        } else {
            g_string_append_printf(f, "tcp:%s:%s",
                                   s->host && *s->host ? s->host
                                   : s->server         ? "0.0.0.0"
                                                       : "localhost",
                                   s->port ? s->port : "");
        }
        if (s->server) {
            g_string_append(f, ",server=on");
        }
        return g_string_free(f, false);
    }
    default:
        return g_strdup("null");
    }
}

/* is the -chardev ID used by a device, the console or a monitor? */
static bool chardev_used(const SpaprMachine *m, const char *id)
{
    const SpaprConfig *cfg = m->cfg;
    char *want = g_strdup_printf("chardev=%s", id);
    bool used = cfg->console.id && strcmp(cfg->console.id, id) == 0;

    for (guint i = 0; !used && cfg->devices && i < cfg->devices->len; i++) {
        const char *d = g_ptr_array_index(cfg->devices, i);
        const char *p = strstr(d, want);
        size_t n = strlen(want);
        used = p && (p == d || p[-1] == ',') && (p[n] == '\0' || p[n] == ',');
    }
    g_free(want);
    return used;
}

static void add(GPtrArray *out, const char *label, char *filename, bool open)
{
    MonChardevInfo *i = g_new0(MonChardevInfo, 1);

    i->label = g_strdup(label);
    i->filename = filename;
    i->frontend_open = open;
    g_ptr_array_add(out, i);
}

static void info_free(gpointer p)
{
    MonChardevInfo *i = p;

    g_free(i->label);
    g_free(i->filename);
    g_free(i);
}

GPtrArray *monitor_chardev_list(SpaprMachine *m)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(info_free);
    const SpaprConfig *cfg = m->cfg;
    MonChardevs *r = m->mon_chardevs;

    for (guint i = 0; cfg->chardevs && i < cfg->chardevs->len; i++) {
        const ChardevSpec *s = g_ptr_array_index(cfg->chardevs, i);
        bool used = chardev_used(m, s->id), taken;
        if (r) {
            g_mutex_lock(&r->lock);
            taken = mon_chardev_taken(r, s->id);
            g_mutex_unlock(&r->lock);
            if (taken) {
                continue; /* listed below, with its connection */
            }
        }
        if (r && s->has_fd) {
            g_mutex_lock(&r->lock);
            for (guint k = 0; r->passed_fds && k < r->passed_fds->len; k++) {
                used |= g_array_index(r->passed_fds, int, k) == s->fd;
            }
            g_mutex_unlock(&r->lock);
        }
        add(out, s->id, chardev_filename(s, 0), used);
    }
    if (m->console && !cfg->console.id) {
        if (cfg->console.mux) {
            add(out, "serial0", g_strdup("mux"), true);
            add(out, "serial0-base", chardev_filename(&cfg->console, 1),
                true);
        } else {
            add(out, "serial0", chardev_filename(&cfg->console, 1), true);
        }
    }
    if (r) {
        g_mutex_lock(&r->lock);
        for (guint i = 0; i < r->list->len; i++) {
            MonChardev *c = g_ptr_array_index(r->list, i);
            int conn = c->connected
                           ? (__atomic_load_n(c->connected, __ATOMIC_RELAXED) >=
                              0)
                           : 1;
            add(out, c->label, chardev_filename(&c->spec, conn), true);
        }
        g_mutex_unlock(&r->lock);
    }
    return out;
}
