/*
 * system/net-tap.c: -netdev tap,id=ID[,ifname=NAME],script=no,downscript=no
 * — frames to a host tap interface (Linux's /dev/net/tun with IFF_TAP,
 * no packet information header).  Setting the interface up, addressing or
 * bridging it is the host's business: QEMU's ifup/ifdown scripts are not
 * run, so script= and downscript= must be "no" (QEMU's default runs
 * /etc/qemu-ifup, which would need root and a bridge anyway).  Where the
 * host has no /dev/net/tun or forbids it, the start fails in one line.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "system/net-internal.h"

typedef struct NetTap {
    int fd;
    uint8_t *buf;
} NetTap;

static const char *const tap_keys[] = {
    "id", "ifname", "script", "downscript", "vhost", "queues", NULL,
};

static bool tap_open(Netdev *nd, const NetdevSpec *spec, char **err)
{
    NetTap *t = g_new0(NetTap, 1);
    const char *ifname = netdev_spec_get(spec, "ifname");
    const char *script = netdev_spec_get(spec, "script");
    const char *down = netdev_spec_get(spec, "downscript");
    const char *vhost = netdev_spec_get(spec, "vhost");
    const char *queues = netdev_spec_get(spec, "queues");
    struct ifreq ifr = { 0 };

    nd->priv = t;
    t->fd = -1;
    if (!netdev_spec_check(spec, tap_keys, err)) {
        return false;
    }
    if (!script || strcmp(script, "no") || !down || strcmp(down, "no")) {
        *err = g_strdup_printf("-netdev tap,id=%s: powerjit runs no ifup "
                               "scripts: give script=no,downscript=no and "
                               "set the interface up on the host",
                               spec->id);
        return false;
    }
    if ((vhost && strcmp(vhost, "off")) || (queues && strcmp(queues, "1"))) {
        *err = g_strdup_printf("-netdev tap,id=%s: vhost= and queues= "
                               "other than off and 1 are not supported",
                               spec->id);
        return false;
    }
    if (ifname && strlen(ifname) >= IFNAMSIZ) {
        *err = g_strdup_printf("-netdev tap,id=%s: interface name '%s' is "
                               "too long", spec->id, ifname);
        return false;
    }
    t->fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (t->fd < 0) {
        *err = g_strdup_printf("-netdev tap,id=%s: could not open "
                               "/dev/net/tun: %s", spec->id,
                               g_strerror(errno));
        return false;
    }
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (ifname) {
        strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    }
    if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
        *err = g_strdup_printf("-netdev tap,id=%s: could not configure "
                               "/dev/net/tun (%s): %s", spec->id,
                               ifname ? ifname : "a new tap",
                               g_strerror(errno));
        return false;
    }
    t->buf = g_malloc(NET_FRAME_MAX);
    return true;
}

static void tap_close(Netdev *nd)
{
    NetTap *t = nd->priv;

    if (t->fd >= 0) {
        close(t->fd);
    }
    g_free(t->buf);
    g_free(t);
    nd->priv = NULL;
}

static void tap_send(Netdev *nd, const uint8_t *buf, size_t len)
{
    NetTap *t = nd->priv;

    /* a full tap queue drops the frame, as a wire would */
    if (write(t->fd, buf, len) < 0) {
        return;
    }
}

static void tap_fill(Netdev *nd, GArray *fds, int *timeout_ms)
{
    NetTap *t = nd->priv;
    struct pollfd p = { .fd = t->fd, .events = POLLIN };

    g_array_append_val(fds, p);
}

static void tap_dispatch(Netdev *nd, GArray *fds, guint first)
{
    NetTap *t = nd->priv;

    if (first >= fds->len ||
        !(g_array_index(fds, struct pollfd, first).revents & POLLIN)) {
        return;
    }
    for (int i = 0; i < 64; i++) {
        ssize_t n = read(t->fd, t->buf, NET_FRAME_MAX);

        if (n <= 0) {
            break;
        }
        net_backend_deliver(nd, t->buf, (size_t)n);
    }
}

const NetBackendType net_backend_tap = {
    .name = "tap",
    .open = tap_open,
    .close = tap_close,
    .send = tap_send,
    .fill = tap_fill,
    .dispatch = tap_dispatch,
};
