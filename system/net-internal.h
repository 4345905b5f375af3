/*
 * system/net-internal.h: what the netdev layer (system/net.c) and its
 * backends (net-slirp.c, net-socket.c, net-tap.c) share.
 *
 * A backend is a row of net_backend_types[] (net.c).  Its state is
 * Netdev.priv.  Everything it does runs under Netdev.lock: open and
 * close, send (a frame from the guest, on the caller's thread), and on
 * the net thread fill (the fds to wait for, the time of its next timer)
 * and dispatch (after the wait).  A frame for the guest goes through
 * net_backend_deliver(), which only queues it: frontends are called with
 * no lock of the layer held (include/net.h).
 */
#ifndef POWERJIT_NET_INTERNAL_H
#define POWERJIT_NET_INTERNAL_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "net.h"

typedef struct NetBackendType {
    const char *name;
    /* false + *err (one line): bad options, a host resource missing */
    bool (*open)(Netdev *nd, const NetdevSpec *spec, char **err);
    void (*close)(Netdev *nd);
    /* a frame from the guest */
    void (*send)(Netdev *nd, const uint8_t *buf, size_t len);
    /* net thread: appends struct pollfd entries to fds and lowers
       *timeout_ms (-1: no timeout) to its next deadline */
    void (*fill)(Netdev *nd, GArray *fds, int *timeout_ms);
    /* net thread, after poll(): fds[first...] are the entries its fill
       added (revents set); runs due timers */
    void (*dispatch)(Netdev *nd, GArray *fds, guint first);
} NetBackendType;

struct Netdev {
    NetStack *ns;
    char *id;
    const NetBackendType *type;
    void *priv;
    GMutex lock;            /* the backend's state */
    NetClient *client;      /* the frontend, or NULL */

    GMutex qlock;           /* guards client, rxq and the dumps */
    GQueue rxq;             /* GBytes *: frames for the guest */
    uint64_t dropped;       /* frames the full queue refused */
    GPtrArray *dumps;       /* struct NetDump * (filter-dump) */
};

/* a frame for the guest from nd's backend (any thread, nd->lock held or
   not): queued, and the net thread woken to deliver it */
void net_backend_deliver(Netdev *nd, const uint8_t *buf, size_t len);
/* wakes the net thread (its fd set changed) */
void net_stack_kick(NetStack *ns);
/* the value of key in spec (the last one given), or NULL */
const char *netdev_spec_get(const NetdevSpec *spec, const char *key);
/* the keys of spec that are not in allowed (NULL-terminated): false +
   *err "Invalid parameter 'K'" for the first */
bool netdev_spec_check(const NetdevSpec *spec, const char *const *allowed,
                       char **err);
/* "host:port" (host may be empty or absent; port a number 0..65535) */
bool net_parse_host_port(const char *str, char **host, int *port);
/* monotonic time in ns */
int64_t net_clock_ns(void);

extern const NetBackendType net_backend_user;
extern const NetBackendType net_backend_socket;
extern const NetBackendType net_backend_tap;

#endif
