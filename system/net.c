/*
 * system/net.c: the netdev layer (include/net.h): the -netdev set of a
 * machine, the net thread that runs the backends, the queues between
 * backends and frontends, and the pcap dumps of -object filter-dump.
 *
 * One thread per machine runs every backend: it waits in poll() on the
 * fds the backends ask for (slirp's sockets, a socket or tap fd) and an
 * eventfd that net_send(), net_client_ready() and the backends write to
 * wake it, with the earliest backend timer as the timeout.  A vCPU never
 * waits for the host network: net_send() hands the frame to the backend
 * (slirp_input, a non-blocking write) and returns.
 *
 * Frames for the guest are queued per netdev and delivered by the net
 * thread, so a frontend's receive callback never runs inside a backend
 * call made by the frontend itself (slirp answers an ARP request from
 * inside slirp_input), and the frontend may take its own lock there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "system/net-internal.h"

struct NetClient {
    Netdev *nd;
    char *name;
    const NetClientOps *ops;
    void *opaque;
};

struct NetStack {
    GPtrArray *netdevs;     /* Netdev * */
    unsigned mac_index;     /* default MACs handed out */
    int wake_fd;            /* eventfd */
    GThread *thread;
    int quit;               /* atomic */
};

/* one pcap file (-object filter-dump) */
typedef struct NetDump {
    FILE *f;
    uint32_t maxlen;
} NetDump;

static const NetBackendType *const net_backend_types[] = {
    &net_backend_user,
    &net_backend_socket,
    &net_backend_tap,
};

/* QEMU 7.2's netdev types: the ones not in the table above are known (a
   "not supported" error rather than "unknown type") */
const char *const netdev_type_names[] = {
    "user", "socket", "tap", "bridge", "hubport", "l2tpv3", "vde",
    "vhost-user", "vhost-vdpa", "stream", "dgram", NULL,
};

bool netdev_type_known(const char *type)
{
    for (size_t i = 0; netdev_type_names[i]; i++) {
        if (strcmp(type, netdev_type_names[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------ specs */

NetdevSpec *netdev_spec_new(const char *type, const char *id)
{
    NetdevSpec *s = g_new0(NetdevSpec, 1);

    s->type = g_strdup(type);
    s->id = g_strdup(id);
    s->keys = g_ptr_array_new_with_free_func(g_free);
    s->values = g_ptr_array_new_with_free_func(g_free);
    return s;
}

void netdev_spec_add(NetdevSpec *s, const char *key, const char *value)
{
    g_ptr_array_add(s->keys, g_strdup(key));
    g_ptr_array_add(s->values, g_strdup(value));
}

void netdev_spec_free(gpointer p)
{
    NetdevSpec *s = p;

    if (!s) {
        return;
    }
    g_free(s->type);
    g_free(s->id);
    g_ptr_array_free(s->keys, TRUE);
    g_ptr_array_free(s->values, TRUE);
    g_free(s);
}

const char *netdev_spec_get(const NetdevSpec *spec, const char *key)
{
    const char *v = NULL;

    for (guint i = 0; i < spec->keys->len; i++) {
        if (strcmp(g_ptr_array_index(spec->keys, i), key) == 0) {
            v = g_ptr_array_index(spec->values, i);
        }
    }
    return v;
}

bool netdev_spec_check(const NetdevSpec *spec, const char *const *allowed,
                       char **err)
{
    for (guint i = 0; i < spec->keys->len; i++) {
        const char *k = g_ptr_array_index(spec->keys, i);
        bool ok = false;

        for (size_t j = 0; allowed[j] && !ok; j++) {
            ok = strcmp(k, allowed[j]) == 0;
        }
        if (!ok) {
            *err = g_strdup_printf("-netdev %s,id=%s: Invalid parameter "
                                   "'%s'", spec->type, spec->id, k);
            return false;
        }
    }
    return true;
}

bool net_parse_host_port(const char *str, char **host, int *port)
{
    const char *colon = strrchr(str, ':');
    char *end;
    long p;

    if (!colon) {
        return false;
    }
    p = strtol(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end != '\0' || p < 0 || p > 65535) {
        return false;
    }
    *host = g_strndup(str, (gsize)(colon - str));
    *port = (int)p;
    return true;
}

int64_t net_clock_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void net_dump_spec_free(gpointer p)
{
    NetDumpSpec *d = p;

    g_free(d->id);
    g_free(d->netdev);
    g_free(d->file);
    g_free(d);
}

bool net_parse_mac(const char *str, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        char *end;
        unsigned long v;

        if (!g_ascii_isxdigit(str[0]) || !g_ascii_isxdigit(str[1])) {
            return false;
        }
        v = strtoul(str, &end, 16);
        if (end != str + 2) {
            return false;
        }
        mac[i] = (uint8_t)v;
        str += 2;
        if (i < 5) {
            if (*str != ':' && *str != '-') {
                return false;
            }
            str++;
        }
    }
    return *str == '\0';
}

void net_stack_next_mac(NetStack *ns, uint8_t mac[6])
{
    static const uint8_t base[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

    memcpy(mac, base, 6);
    mac[5] = (uint8_t)(base[5] + ns->mac_index++);
}

/* ------------------------------------------------------------ pcap */

/* the classic pcap format (tcpdump's): a file header, then per frame a
   record header with time, captured and original length */
static void net_dump_write(NetDump *d, const uint8_t *buf, size_t len)
{
    struct timespec ts;
    uint32_t caplen = len > d->maxlen ? d->maxlen : (uint32_t)len;
    uint32_t rec[4];

    clock_gettime(CLOCK_REALTIME, &ts);
    rec[0] = (uint32_t)ts.tv_sec;
    rec[1] = (uint32_t)(ts.tv_nsec / 1000);
    rec[2] = caplen;
    rec[3] = (uint32_t)len;
    if (fwrite(rec, sizeof(rec), 1, d->f) != 1 ||
        fwrite(buf, caplen, 1, d->f) != 1) {
        return;
    }
    fflush(d->f);
}

static void net_dump_frame(Netdev *nd, const uint8_t *buf, size_t len)
{
    for (guint i = 0; nd->dumps && i < nd->dumps->len; i++) {
        net_dump_write(g_ptr_array_index(nd->dumps, i), buf, len);
    }
}

static void net_dump_free(gpointer p)
{
    NetDump *d = p;

    fclose(d->f);
    g_free(d);
}

bool net_stack_add_dump(NetStack *ns, const char *netdev_id,
                        const char *file, uint32_t maxlen, char **err)
{
    Netdev *nd = net_stack_find(ns, netdev_id);
    /* magic, version 2.4, zone, sigfigs, snaplen, link type 1 (Ethernet) */
    uint32_t hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, maxlen, 1 };
    NetDump *d;
    FILE *f;

    if (!nd) {
        *err = g_strdup_printf("filter-dump: netdev '%s' not found",
                               netdev_id);
        return false;
    }
    f = fopen(file, "wb");
    if (!f) {
        *err = g_strdup_printf("filter-dump: cannot open '%s': %s", file,
                               g_strerror(errno));
        return false;
    }
    if (fwrite(hdr, sizeof(hdr), 1, f) != 1 || fflush(f) != 0) {
        *err = g_strdup_printf("filter-dump: cannot write '%s'", file);
        fclose(f);
        return false;
    }
    d = g_new0(NetDump, 1);
    d->f = f;
    d->maxlen = maxlen;
    g_mutex_lock(&nd->qlock);
    if (!nd->dumps) {
        nd->dumps = g_ptr_array_new_with_free_func(net_dump_free);
    }
    g_ptr_array_add(nd->dumps, d);
    g_mutex_unlock(&nd->qlock);
    return true;
}

/* ------------------------------------------------------------ frames */

void net_stack_kick(NetStack *ns)
{
    uint64_t one = 1;

    if (write(ns->wake_fd, &one, sizeof(one)) < 0) {
        /* the counter is saturated: the thread wakes anyway */
    }
}

void net_backend_deliver(Netdev *nd, const uint8_t *buf, size_t len)
{
    bool queued = false;

    g_mutex_lock(&nd->qlock);
    net_dump_frame(nd, buf, len);
    if (nd->client && g_queue_get_length(&nd->rxq) < NET_QUEUE_MAX) {
        g_queue_push_tail(&nd->rxq, g_bytes_new(buf, len));
        queued = true;
    } else if (nd->client) {
        nd->dropped++;
    }
    g_mutex_unlock(&nd->qlock);
    if (queued) {
        net_stack_kick(nd->ns);
    }
}

void net_send(NetClient *nc, const void *buf, size_t len)
{
    Netdev *nd = nc->nd;

    if (len == 0 || len > NET_FRAME_MAX) {
        return;
    }
    g_mutex_lock(&nd->qlock);
    net_dump_frame(nd, buf, len);
    g_mutex_unlock(&nd->qlock);
    g_mutex_lock(&nd->lock);
    nd->type->send(nd, buf, len);
    g_mutex_unlock(&nd->lock);
    /* the backend may have new fds to wait for (a guest's TCP connect) */
    net_stack_kick(nd->ns);
}

void net_client_ready(NetClient *nc)
{
    net_stack_kick(nc->nd->ns);
}

/* the net thread: frames to the frontend while it can take them.  The
   client is read under qlock, as net_client_attach() sets it: a frontend
   attaches on the main thread after the net thread has started (TSan saw
   the unlocked read race with that store).  The callbacks run unlocked,
   so that the frontend may send (net_send takes qlock) from them. */
static void net_deliver_queued(Netdev *nd)
{
    for (;;) {
        NetClient *nc;
        GBytes *b;
        gsize len;
        const uint8_t *data;

        g_mutex_lock(&nd->qlock);
        nc = nd->client;
        b = g_queue_is_empty(&nd->rxq) ? NULL : g_queue_peek_head(&nd->rxq);
        g_mutex_unlock(&nd->qlock);
        if (!b || !nc || !nc->ops->can_receive(nc->opaque)) {
            return;
        }
        g_mutex_lock(&nd->qlock);
        b = g_queue_pop_head(&nd->rxq);
        g_mutex_unlock(&nd->qlock);
        data = g_bytes_get_data(b, &len);
        nc->ops->receive(nc->opaque, data, len);
        g_bytes_unref(b);
    }
}

static gpointer net_thread(gpointer opaque)
{
    NetStack *ns = opaque;
    GArray *fds = g_array_new(FALSE, FALSE, sizeof(struct pollfd));
    guint *first = g_new0(guint, ns->netdevs->len);

    while (!__atomic_load_n(&ns->quit, __ATOMIC_ACQUIRE)) {
        struct pollfd wake = { .fd = ns->wake_fd, .events = POLLIN };
        int timeout = -1;

        for (guint i = 0; i < ns->netdevs->len; i++) {
            net_deliver_queued(g_ptr_array_index(ns->netdevs, i));
        }
        g_array_set_size(fds, 0);
        g_array_append_val(fds, wake);
        for (guint i = 0; i < ns->netdevs->len; i++) {
            Netdev *nd = g_ptr_array_index(ns->netdevs, i);

            first[i] = fds->len;
            g_mutex_lock(&nd->lock);
            nd->type->fill(nd, fds, &timeout);
            g_mutex_unlock(&nd->lock);
        }
        if (poll((struct pollfd *)fds->data, fds->len, timeout) < 0 &&
            errno != EINTR) {
            break;
        }
        if (g_array_index(fds, struct pollfd, 0).revents & POLLIN) {
            uint64_t v;

            if (read(ns->wake_fd, &v, sizeof(v)) < 0) {
                /* nothing was pending */
            }
        }
        for (guint i = 0; i < ns->netdevs->len; i++) {
            Netdev *nd = g_ptr_array_index(ns->netdevs, i);

            g_mutex_lock(&nd->lock);
            nd->type->dispatch(nd, fds, first[i]);
            g_mutex_unlock(&nd->lock);
        }
    }
    g_free(first);
    g_array_free(fds, TRUE);
    return NULL;
}

/* ------------------------------------------------------------ the set */

static const NetBackendType *net_backend_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(net_backend_types); i++) {
        if (strcmp(net_backend_types[i]->name, name) == 0) {
            return net_backend_types[i];
        }
    }
    return NULL;
}

static void netdev_free(Netdev *nd)
{
    if (nd->type && nd->priv) {
        nd->type->close(nd);
    }
    while (!g_queue_is_empty(&nd->rxq)) {
        g_bytes_unref(g_queue_pop_head(&nd->rxq));
    }
    if (nd->dumps) {
        g_ptr_array_free(nd->dumps, TRUE);
    }
    g_mutex_clear(&nd->lock);
    g_mutex_clear(&nd->qlock);
    if (nd->client) {
        g_free(nd->client->name);
        g_free(nd->client);
    }
    g_free(nd->id);
    g_free(nd);
}

NetStack *net_stack_new(const GPtrArray *specs, char **err)
{
    NetStack *ns = g_new0(NetStack, 1);

    ns->netdevs = g_ptr_array_new();
    ns->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (ns->wake_fd < 0) {
        *err = g_strdup_printf("network: eventfd: %s", g_strerror(errno));
        g_ptr_array_free(ns->netdevs, TRUE);
        g_free(ns);
        return NULL;
    }
    for (guint i = 0; specs && i < specs->len; i++) {
        const NetdevSpec *s = g_ptr_array_index(specs, i);
        Netdev *nd = g_new0(Netdev, 1);

        nd->ns = ns;
        nd->id = g_strdup(s->id);
        nd->type = net_backend_find(s->type);
        g_mutex_init(&nd->lock);
        g_mutex_init(&nd->qlock);
        g_queue_init(&nd->rxq);
        g_ptr_array_add(ns->netdevs, nd);
        if (!nd->type) {
            *err = g_strdup_printf("-netdev %s,id=%s: network backend "
                                   "'%s' is not supported by powerjit "
                                   "(user, socket and tap are)", s->type, s->id, s->type);
            net_stack_free(ns);
            return NULL;
        }
        if (!nd->type->open(nd, s, err)) {
            net_stack_free(ns);
            return NULL;
        }
    }
    if (ns->netdevs->len) {
        ns->thread = g_thread_new("net", net_thread, ns);
    }
    return ns;
}

void net_stack_stop(NetStack *ns)
{
    if (ns && ns->thread) {
        __atomic_store_n(&ns->quit, 1, __ATOMIC_RELEASE);
        net_stack_kick(ns);
        g_thread_join(ns->thread);
        ns->thread = NULL;
    }
}

void net_stack_free(NetStack *ns)
{
    if (!ns) {
        return;
    }
    net_stack_stop(ns);
    for (guint i = 0; i < ns->netdevs->len; i++) {
        netdev_free(g_ptr_array_index(ns->netdevs, i));
    }
    g_ptr_array_free(ns->netdevs, TRUE);
    close(ns->wake_fd);
    g_free(ns);
}

Netdev *net_stack_find(NetStack *ns, const char *id)
{
    for (guint i = 0; ns && i < ns->netdevs->len; i++) {
        Netdev *nd = g_ptr_array_index(ns->netdevs, i);

        if (strcmp(nd->id, id) == 0) {
            return nd;
        }
    }
    return NULL;
}

NetClient *net_client_attach(Netdev *nd, const char *name,
                             const NetClientOps *ops, void *opaque,
                             char **err)
{
    NetClient *nc;

    g_mutex_lock(&nd->qlock);
    if (nd->client) {
        *err = g_strdup_printf("netdev '%s' is already used by %s", nd->id,
                               nd->client->name);
        g_mutex_unlock(&nd->qlock);
        return NULL;
    }
    nc = g_new0(NetClient, 1);
    nc->nd = nd;
    nc->name = g_strdup(name);
    nc->ops = ops;
    nc->opaque = opaque;
    nd->client = nc;
    g_mutex_unlock(&nd->qlock);
    return nc;
}

void net_client_detach(NetClient *nc)
{
    Netdev *nd;

    if (!nc) {
        return;
    }
    nd = nc->nd;
    g_mutex_lock(&nd->qlock);
    nd->client = NULL;
    while (!g_queue_is_empty(&nd->rxq)) {
        g_bytes_unref(g_queue_pop_head(&nd->rxq));
    }
    g_mutex_unlock(&nd->qlock);
    g_free(nc->name);
    g_free(nc);
}
