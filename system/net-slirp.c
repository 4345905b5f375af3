/*
 * system/net-slirp.c: -netdev user, user-mode networking on libslirp
 * (Debian's library; its own TCP/IP stack, DHCP, DNS forwarding and TFTP
 * server), with QEMU's options and defaults: the guest network
 * 10.0.2.0/24, the host (gateway) at .2, the DNS at .3, DHCP leases from
 * .15, IPv6 fec0::/64.
 *
 * slirp is not thread-safe: every call into it is made under the
 * netdev's lock (net-internal.h), from the net thread (its sockets and
 * timers) or from the thread of a frontend's net_send (slirp_input).
 * Its timers are kept here and run by the net thread's dispatch.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libslirp.h>

#include "log.h"
#include "system/net-internal.h"

typedef struct SlirpTimer {
    SlirpTimerCb cb;
    void *cb_opaque;
    int64_t expire_ms;      /* -1: not armed */
} SlirpTimer;

typedef struct NetSlirp {
    Slirp *slirp;
    Netdev *nd;
    GPtrArray *timers;      /* SlirpTimer * */
    GArray *fds;            /* during fill: the net thread's array */
    char *strings[8];       /* the config's strings, owned */
    char **dnssearch;
} NetSlirp;

static const char *const user_keys[] = {
    "id", "net", "host", "restrict", "hostname", "dhcpstart", "dns",
    "dnssearch", "domainname", "tftp", "tftp-server-name", "bootfile",
    "hostfwd", "guestfwd", "ipv4", "ipv6", "ipv6-net", "ipv6-host",
    "ipv6-dns", "ipv6-prefix", "ipv6-prefixlen", NULL,
};

/* ------------------------------------------------------------ callbacks */

static ssize_t slirp_cb_send(const void *buf, size_t len, void *opaque)
{
    NetSlirp *s = opaque;

    net_backend_deliver(s->nd, buf, len);
    return (ssize_t)len;
}

static void slirp_cb_guest_error(const char *msg, void *opaque)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("slirp: %s\n", msg);
    }
}

static int64_t slirp_cb_clock(void *opaque)
{
    return net_clock_ns();
}

static void *slirp_cb_timer_new(SlirpTimerCb cb, void *cb_opaque,
                                void *opaque)
{
    NetSlirp *s = opaque;
    SlirpTimer *t = g_new0(SlirpTimer, 1);

    t->cb = cb;
    t->cb_opaque = cb_opaque;
    t->expire_ms = -1;
    g_ptr_array_add(s->timers, t);
    return t;
}

static void slirp_cb_timer_free(void *timer, void *opaque)
{
    NetSlirp *s = opaque;

    g_ptr_array_remove(s->timers, timer);
}

static void slirp_cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    NetSlirp *s = opaque;

    ((SlirpTimer *)timer)->expire_ms = expire_ms;
    net_stack_kick(s->nd->ns);
}

static void slirp_cb_fd(int fd, void *opaque)
{
}

static void slirp_cb_notify(void *opaque)
{
    NetSlirp *s = opaque;

    net_stack_kick(s->nd->ns);
}

static const SlirpCb slirp_callbacks = {
    .send_packet = slirp_cb_send,
    .guest_error = slirp_cb_guest_error,
    .clock_get_ns = slirp_cb_clock,
    .timer_new = slirp_cb_timer_new,
    .timer_free = slirp_cb_timer_free,
    .timer_mod = slirp_cb_timer_mod,
    .register_poll_fd = slirp_cb_fd,
    .unregister_poll_fd = slirp_cb_fd,
    .notify = slirp_cb_notify,
};

/* ------------------------------------------------------------ the loop */

static int slirp_add_poll(int fd, int events, void *opaque)
{
    NetSlirp *s = opaque;
    struct pollfd p = { .fd = fd };

    p.events = (short)(((events & SLIRP_POLL_IN) ? POLLIN : 0) |
                       ((events & SLIRP_POLL_OUT) ? POLLOUT : 0) |
                       ((events & SLIRP_POLL_PRI) ? POLLPRI : 0));
    g_array_append_val(s->fds, p);
    return (int)s->fds->len - 1;
}

static int slirp_get_revents(int idx, void *opaque)
{
    NetSlirp *s = opaque;
    short r;

    if (idx < 0 || (guint)idx >= s->fds->len) {
        return 0;
    }
    r = g_array_index(s->fds, struct pollfd, idx).revents;
    return ((r & POLLIN) ? SLIRP_POLL_IN : 0) |
           ((r & POLLOUT) ? SLIRP_POLL_OUT : 0) |
           ((r & POLLPRI) ? SLIRP_POLL_PRI : 0) |
           ((r & POLLERR) ? SLIRP_POLL_ERR : 0) |
           ((r & POLLHUP) ? SLIRP_POLL_HUP : 0);
}

static void user_fill(Netdev *nd, GArray *fds, int *timeout_ms)
{
    NetSlirp *s = nd->priv;
    uint32_t t = *timeout_ms < 0 ? UINT32_MAX : (uint32_t)*timeout_ms;
    int64_t now = net_clock_ns() / 1000000;

    s->fds = fds;
    slirp_pollfds_fill(s->slirp, &t, slirp_add_poll, s);
    for (guint i = 0; i < s->timers->len; i++) {
        const SlirpTimer *tm = g_ptr_array_index(s->timers, i);

        if (tm->expire_ms >= 0) {
            int64_t d = tm->expire_ms - now;
            uint32_t dt = d < 0 ? 0 : d > 1000000 ? 1000000 : (uint32_t)d;
            t = dt < t ? dt : t;
        }
    }
    *timeout_ms = t == UINT32_MAX ? -1 : (int)t;
}

static void user_dispatch(Netdev *nd, GArray *fds, guint first)
{
    NetSlirp *s = nd->priv;
    int64_t now = net_clock_ns() / 1000000;

    s->fds = fds;
    slirp_pollfds_poll(s->slirp, 0, slirp_get_revents, s);
    /* a callback may arm or free timers: look again after each */
    for (bool again = true; again;) {
        again = false;
        for (guint i = 0; i < s->timers->len; i++) {
            SlirpTimer *tm = g_ptr_array_index(s->timers, i);

            if (tm->expire_ms >= 0 && tm->expire_ms <= now) {
                tm->expire_ms = -1;
                tm->cb(tm->cb_opaque);
                again = true;
                break;
            }
        }
    }
}

static void user_send(Netdev *nd, const uint8_t *buf, size_t len)
{
    NetSlirp *s = nd->priv;

    slirp_input(s->slirp, buf, (int)len);
}

/* ------------------------------------------------------------ options */

static char *user_err(const NetdevSpec *spec, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

static char *user_err(const NetdevSpec *spec, const char *fmt, ...)
{
    va_list ap;
    char *msg, *full;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    full = g_strdup_printf("-netdev user,id=%s: %s", spec->id, msg);
    g_free(msg);
    return full;
}

static bool parse_onoff(const char *v, bool *out)
{
    if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true") ||
        !strcmp(v, "y")) {
        *out = true;
    } else if (!strcmp(v, "off") || !strcmp(v, "no") ||
               !strcmp(v, "false") || !strcmp(v, "n")) {
        *out = false;
    } else {
        return false;
    }
    return true;
}

/* net=ADDR[/BITS|/MASK]; without a mask the address's class gives one,
   as QEMU does */
static bool parse_vnet(const char *v, struct in_addr *net,
                       struct in_addr *mask)
{
    const char *slash = strchr(v, '/');
    char *addr = slash ? g_strndup(v, (gsize)(slash - v)) : g_strdup(v);
    bool ok = inet_pton(AF_INET, addr, net) == 1;
    uint32_t a = ntohl(net->s_addr), m;

    g_free(addr);
    if (!ok) {
        return false;
    }
    if (slash) {
        char *end;
        long bits = strtol(slash + 1, &end, 10);

        if (*end == '\0' && slash[1] != '\0') {
            if (bits < 0 || bits > 32) {
                return false;
            }
            m = bits ? ~0u << (32 - bits) : 0;
        } else if (inet_pton(AF_INET, slash + 1, mask) == 1) {
            m = ntohl(mask->s_addr);
        } else {
            return false;
        }
    } else if (!(a & 0x80000000u)) {
        m = 0xff000000u;
    } else if ((a & 0xfff00000u) == 0xac100000u) {
        m = 0xfff00000u;
    } else if ((a & 0xc0000000u) == 0x80000000u) {
        m = 0xffff0000u;
    } else if ((a & 0xffff0000u) == 0xc0a80000u) {
        m = 0xffff0000u;
    } else {
        m = 0xffffff00u;
    }
    if (a & ~m) {
        return false;
    }
    net->s_addr = htonl(a);
    mask->s_addr = htonl(m);
    return true;
}

/* an address in the guest network: a full address, or (QEMU allows it)
   a host part given alone is not accepted; def = net | low */
static bool parse_in_net(const char *v, struct in_addr net,
                         struct in_addr mask, struct in_addr *out)
{
    if (inet_pton(AF_INET, v, out) != 1) {
        return false;
    }
    return (out->s_addr & mask.s_addr) == net.s_addr;
}

/* hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT */
static bool user_hostfwd(NetSlirp *s, const NetdevSpec *spec,
                         const char *rule, struct in_addr guest_default,
                         char **err)
{
    const char *why = NULL;
    char *p = g_strdup(rule), *q, *dash;
    struct in_addr haddr = { .s_addr = INADDR_ANY }, gaddr = guest_default;
    long hport = -1, gport = -1;
    int udp = 0;

    /* protocol */
    q = strchr(p, ':');
    if (!q) {
        why = "Bad protocol name";
        goto fail;
    }
    *q++ = '\0';
    if (!strcmp(p, "udp")) {
        udp = 1;
    } else if (strcmp(p, "tcp") && p[0] != '\0') {
        why = "Bad protocol name";
        goto fail;
    }
    /* host address and port */
    dash = strchr(q, '-');
    if (!dash) {
        why = "Missing guest address";
        goto fail;
    }
    *dash++ = '\0';
    {
        char *c = strrchr(q, ':'), *end;

        if (!c) {
            why = "Missing host port";
            goto fail;
        }
        *c++ = '\0';
        if (q[0] && inet_pton(AF_INET, q, &haddr) != 1) {
            why = "Bad host address";
            goto fail;
        }
        hport = strtol(c, &end, 10);
        if (!c[0] || *end || hport < 0 || hport > 65535) {
            why = "Bad host port";
            goto fail;
        }
        c = strrchr(dash, ':');
        if (!c) {
            why = "Missing guest port";
            goto fail;
        }
        *c++ = '\0';
        if (dash[0] && inet_pton(AF_INET, dash, &gaddr) != 1) {
            why = "Bad guest address";
            goto fail;
        }
        gport = strtol(c, &end, 10);
        if (!c[0] || *end || gport < 1 || gport > 65535) {
            why = "Bad guest port";
            goto fail;
        }
    }
    g_free(p);
    if (slirp_add_hostfwd(s->slirp, udp, haddr, (int)hport, gaddr,
                          (int)gport) < 0) {
        *err = user_err(spec, "Could not set up host forwarding rule '%s'",
                        rule);
        return false;
    }
    return true;

fail:
    g_free(p);
    *err = user_err(spec, "Invalid host forwarding rule '%s' (%s)", rule,
                    why);
    return false;
}

/* guestfwd=[tcp]:SERVER:PORT-cmd:COMMAND (a chardev target is not
   offered) */
static bool user_guestfwd(NetSlirp *s, const NetdevSpec *spec,
                          const char *rule, char **err)
{
    char *p = g_strdup(rule), *q = p, *dash, *c, *end;
    struct in_addr addr;
    long port;
    bool ok = false;

    if (!strncmp(q, "tcp:", 4)) {
        q += 4;
    } else if (q[0] == ':') {
        q += 1;
    }
    dash = strchr(q, '-');
    if (!dash) {
        goto done;
    }
    *dash++ = '\0';
    c = strrchr(q, ':');
    if (!c) {
        goto done;
    }
    *c++ = '\0';
    port = strtol(c, &end, 10);
    if (inet_pton(AF_INET, q, &addr) != 1 || !c[0] || *end || port < 1 ||
        port > 65535) {
        goto done;
    }
    if (strncmp(dash, "cmd:", 4) != 0) {
        g_free(p);
        *err = user_err(spec, "guestfwd '%s': only the cmd:COMMAND form is "
                        "supported (not a chardev)", rule);
        return false;
    }
    if (slirp_add_exec(s->slirp, dash + 4, &addr, (int)port) < 0) {
        g_free(p);
        *err = user_err(spec, "Conflicting/invalid host:port in guest "
                        "forwarding rule '%s'", rule);
        return false;
    }
    ok = true;
done:
    g_free(p);
    if (!ok) {
        *err = user_err(spec, "Invalid guest forwarding rule '%s'", rule);
    }
    return ok;
}

static const char *user_str(NetSlirp *s, int slot, const char *v)
{
    g_free(s->strings[slot]);
    s->strings[slot] = g_strdup(v);
    return s->strings[slot];
}

static bool user_open(Netdev *nd, const NetdevSpec *spec, char **err)
{
    NetSlirp *s = g_new0(NetSlirp, 1);
    SlirpConfig cfg = { .version = 4, .in_enabled = true,
                        .in6_enabled = true };
    struct in_addr net, mask, host, dhcp, dns;
    const char *v;
    bool b;

    nd->priv = s;
    s->nd = nd;
    s->timers = g_ptr_array_new_with_free_func(g_free);
    if (!netdev_spec_check(spec, user_keys, err)) {
        return false;
    }
    inet_pton(AF_INET, "10.0.2.0", &net);
    inet_pton(AF_INET, "255.255.255.0", &mask);
    if ((v = netdev_spec_get(spec, "net")) && !parse_vnet(v, &net, &mask)) {
        *err = user_err(spec, "Invalid net= '%s' (ADDR/BITS or "
                        "ADDR/MASK, a network address)", v);
        return false;
    }
    host.s_addr = net.s_addr | htonl(2);
    dhcp.s_addr = net.s_addr | htonl(15);
    dns.s_addr = net.s_addr | htonl(3);
    if ((v = netdev_spec_get(spec, "host")) &&
        !parse_in_net(v, net, mask, &host)) {
        *err = user_err(spec, "host= '%s' is not an address in the guest "
                        "network", v);
        return false;
    }
    if ((v = netdev_spec_get(spec, "dhcpstart")) &&
        !parse_in_net(v, net, mask, &dhcp)) {
        *err = user_err(spec, "dhcpstart= '%s' is not an address in the "
                        "guest network", v);
        return false;
    }
    if ((v = netdev_spec_get(spec, "dns")) &&
        !parse_in_net(v, net, mask, &dns)) {
        *err = user_err(spec, "dns= '%s' is not an address in the guest "
                        "network", v);
        return false;
    }
    if (host.s_addr == dhcp.s_addr || dns.s_addr == dhcp.s_addr) {
        *err = user_err(spec, "the DHCP start address must differ from the "
                        "host and DNS addresses");
        return false;
    }
    cfg.vnetwork = net;
    cfg.vnetmask = mask;
    cfg.vhost = host;
    cfg.vdhcp_start = dhcp;
    cfg.vnameserver = dns;
    if ((v = netdev_spec_get(spec, "restrict"))) {
        if (!parse_onoff(v, &b)) {
            *err = user_err(spec, "restrict= expects on or off");
            return false;
        }
        cfg.restricted = b;
    }
    if ((v = netdev_spec_get(spec, "ipv4"))) {
        if (!parse_onoff(v, &cfg.in_enabled)) {
            *err = user_err(spec, "ipv4= expects on or off");
            return false;
        }
    }
    if ((v = netdev_spec_get(spec, "ipv6"))) {
        if (!parse_onoff(v, &cfg.in6_enabled)) {
            *err = user_err(spec, "ipv6= expects on or off");
            return false;
        }
    }
    if (!cfg.in_enabled && !cfg.in6_enabled) {
        *err = user_err(spec, "IPv4 and IPv6 cannot both be disabled");
        return false;
    }
    /* IPv6: fec0::/64, the host ::2, the DNS ::3 unless given */
    inet_pton(AF_INET6, "fec0::", &cfg.vprefix_addr6);
    cfg.vprefix_len = 64;
    {
        const char *pfx = netdev_spec_get(spec, "ipv6-net");
        char *addr6 = NULL;

        if (!pfx) {
            pfx = netdev_spec_get(spec, "ipv6-prefix");
        }
        if (pfx) {
            const char *slash = strchr(pfx, '/');

            addr6 = slash ? g_strndup(pfx, (gsize)(slash - pfx))
                          : g_strdup(pfx);
            if (slash) {
                cfg.vprefix_len = (uint8_t)atoi(slash + 1);
            }
            if (inet_pton(AF_INET6, addr6, &cfg.vprefix_addr6) != 1) {
                g_free(addr6);
                *err = user_err(spec, "Invalid IPv6 prefix '%s'", pfx);
                return false;
            }
            g_free(addr6);
        }
        if ((v = netdev_spec_get(spec, "ipv6-prefixlen"))) {
            cfg.vprefix_len = (uint8_t)atoi(v);
        }
        if (cfg.vprefix_len < 1 || cfg.vprefix_len > 126) {
            *err = user_err(spec, "Invalid IPv6 prefix length");
            return false;
        }
        cfg.vhost6 = cfg.vprefix_addr6;
        cfg.vhost6.s6_addr[15] |= 2;
        cfg.vnameserver6 = cfg.vprefix_addr6;
        cfg.vnameserver6.s6_addr[15] |= 3;
        if ((v = netdev_spec_get(spec, "ipv6-host")) &&
            inet_pton(AF_INET6, v, &cfg.vhost6) != 1) {
            *err = user_err(spec, "Invalid ipv6-host '%s'", v);
            return false;
        }
        if ((v = netdev_spec_get(spec, "ipv6-dns")) &&
            inet_pton(AF_INET6, v, &cfg.vnameserver6) != 1) {
            *err = user_err(spec, "Invalid ipv6-dns '%s'", v);
            return false;
        }
    }
    if ((v = netdev_spec_get(spec, "hostname"))) {
        cfg.vhostname = user_str(s, 0, v);
    }
    if ((v = netdev_spec_get(spec, "tftp"))) {
        if (!g_file_test(v, G_FILE_TEST_IS_DIR)) {
            *err = user_err(spec, "tftp= '%s' is not a directory", v);
            return false;
        }
        cfg.tftp_path = user_str(s, 1, v);
    }
    if ((v = netdev_spec_get(spec, "tftp-server-name"))) {
        cfg.tftp_server_name = user_str(s, 2, v);
    }
    if ((v = netdev_spec_get(spec, "bootfile"))) {
        cfg.bootfile = user_str(s, 3, v);
    }
    if ((v = netdev_spec_get(spec, "domainname"))) {
        cfg.vdomainname = user_str(s, 4, v);
    }
    if ((v = netdev_spec_get(spec, "dnssearch"))) {
        s->dnssearch = g_strsplit(v, ":", -1);
        cfg.vdnssearch = (const char **)s->dnssearch;
    }
    s->slirp = slirp_new(&cfg, &slirp_callbacks, s);
    if (!s->slirp) {
        *err = user_err(spec, "libslirp refused the configuration");
        return false;
    }
    for (guint i = 0; i < spec->keys->len; i++) {
        const char *k = g_ptr_array_index(spec->keys, i);
        const char *val = g_ptr_array_index(spec->values, i);

        if (!strcmp(k, "hostfwd") &&
            !user_hostfwd(s, spec, val, dhcp, err)) {
            return false;
        }
        if (!strcmp(k, "guestfwd") && !user_guestfwd(s, spec, val, err)) {
            return false;
        }
    }
    return true;
}

static void user_close(Netdev *nd)
{
    NetSlirp *s = nd->priv;

    if (s->slirp) {
        slirp_cleanup(s->slirp);
    }
    g_ptr_array_free(s->timers, TRUE);
    for (size_t i = 0; i < G_N_ELEMENTS(s->strings); i++) {
        g_free(s->strings[i]);
    }
    g_strfreev(s->dnssearch);
    g_free(s);
    nd->priv = NULL;
}

const NetBackendType net_backend_user = {
    .name = "user",
    .open = user_open,
    .close = user_close,
    .send = user_send,
    .fill = user_fill,
    .dispatch = user_dispatch,
};
