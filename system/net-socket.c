/*
 * system/net-socket.c: -netdev socket, frames to another emulator over a
 * host socket, in QEMU's formats so either end may be QEMU:
 *
 *   listen=[HOST]:PORT   a TCP server (one peer at a time; the next one is
 *                        accepted when it goes away)
 *   connect=HOST:PORT    a TCP client (connected at start)
 *   mcast=GROUP:PORT[,localaddr=ADDR]   a UDP multicast group every member
 *                        of which sees every frame (looped back on this
 *                        host, so that several emulators here share it)
 *   udp=HOST:PORT,localaddr=HOST:PORT   UDP between two fixed ends
 *
 * On a TCP connection each frame is preceded by its length (4 bytes,
 * big-endian); over UDP a datagram is a frame.  Frames are written
 * without blocking: what the peer does not take yet waits in a buffer
 * (4 MiB at most; beyond it frames are dropped, as on a congested wire).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "system/net-internal.h"

#define SOCKET_WBUF_MAX (4u << 20)

typedef struct NetSocket {
    int listen_fd;          /* listen=, else -1 */
    int fd;                 /* the connection or the UDP socket, or -1 */
    bool stream;
    struct sockaddr_in dst; /* UDP: where frames go */
    GByteArray *rbuf;       /* TCP: a partial frame with its length */
    GByteArray *wbuf;       /* TCP: bytes the peer has not taken yet */
    uint8_t *dgram;         /* UDP: one datagram */
} NetSocket;

static const char *const socket_keys[] = {
    "id", "listen", "connect", "mcast", "udp", "localaddr", NULL,
};

static char *socket_err(const NetdevSpec *spec, const char *what,
                        const char *val)
{
    return g_strdup_printf("-netdev socket,id=%s: %s '%s'%s%s", spec->id,
                           what, val, errno ? ": " : "",
                           errno ? g_strerror(errno) : "");
}

/* HOST:PORT (HOST empty: any for a bind, localhost for a connect) */
static bool socket_addr(const char *str, bool bind_side,
                        struct sockaddr_in *sa)
{
    char *host = NULL;
    int port;
    bool ok;

    if (!net_parse_host_port(str, &host, &port)) {
        return false;
    }
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (!host[0]) {
        sa->sin_addr.s_addr = htonl(bind_side ? INADDR_ANY
                                              : INADDR_LOOPBACK);
        ok = true;
    } else if (inet_pton(AF_INET, host, &sa->sin_addr) == 1) {
        ok = true;
    } else {
        struct addrinfo hints = { .ai_family = AF_INET }, *res = NULL;

        ok = getaddrinfo(host, NULL, &hints, &res) == 0 && res;
        if (ok) {
            sa->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
        }
        if (res) {
            freeaddrinfo(res);
        }
    }
    g_free(host);
    return ok;
}

static void socket_nonblock(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static bool socket_open(Netdev *nd, const NetdevSpec *spec, char **err)
{
    NetSocket *s = g_new0(NetSocket, 1);
    const char *listen_s = netdev_spec_get(spec, "listen");
    const char *connect_s = netdev_spec_get(spec, "connect");
    const char *mcast_s = netdev_spec_get(spec, "mcast");
    const char *udp_s = netdev_spec_get(spec, "udp");
    const char *local_s = netdev_spec_get(spec, "localaddr");
    struct sockaddr_in sa;
    int one = 1, modes;

    nd->priv = s;
    s->listen_fd = s->fd = -1;
    s->rbuf = g_byte_array_new();
    s->wbuf = g_byte_array_new();
    if (!netdev_spec_check(spec, socket_keys, err)) {
        return false;
    }
    modes = !!listen_s + !!connect_s + !!mcast_s + !!udp_s;
    if (modes != 1) {
        *err = g_strdup_printf("-netdev socket,id=%s: exactly one of "
                               "listen=, connect=, mcast= or udp= is "
                               "needed", spec->id);
        return false;
    }
    errno = 0;
    if (listen_s || connect_s) {
        s->stream = true;
        if (!socket_addr(listen_s ? listen_s : connect_s, listen_s != NULL,
                         &sa)) {
            *err = socket_err(spec, "bad address", listen_s ? listen_s
                                                            : connect_s);
            return false;
        }
        if (local_s) {
            *err = socket_err(spec, "localaddr= is for mcast= and udp=, "
                              "not", listen_s ? "listen" : "connect");
            return false;
        }
        if (listen_s) {
            s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            setsockopt(s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one,
                       sizeof(one));
            if (s->listen_fd < 0 ||
                bind(s->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
                listen(s->listen_fd, 1)) {
                *err = socket_err(spec, "cannot listen on", listen_s);
                return false;
            }
            socket_nonblock(s->listen_fd);
        } else {
            s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (s->fd < 0 ||
                connect(s->fd, (struct sockaddr *)&sa, sizeof(sa))) {
                *err = socket_err(spec, "cannot connect to", connect_s);
                return false;
            }
            socket_nonblock(s->fd);
        }
        return true;
    }
    /* UDP */
    s->dgram = g_malloc(NET_FRAME_MAX);
    s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s->fd < 0) {
        *err = socket_err(spec, "socket", mcast_s ? mcast_s : udp_s);
        return false;
    }
    setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (mcast_s) {
        struct ip_mreq mreq = { 0 };
        struct sockaddr_in any;

        if (!socket_addr(mcast_s, false, &s->dst) ||
            !IN_MULTICAST(ntohl(s->dst.sin_addr.s_addr))) {
            *err = socket_err(spec, "not a multicast GROUP:PORT", mcast_s);
            return false;
        }
        any = s->dst;
        any.sin_addr.s_addr = htonl(INADDR_ANY);
        mreq.imr_multiaddr = s->dst.sin_addr;
        mreq.imr_interface.s_addr = htonl(INADDR_ANY);
        if (local_s && inet_pton(AF_INET, local_s,
                                 &mreq.imr_interface) != 1) {
            *err = socket_err(spec, "bad localaddr", local_s);
            return false;
        }
        setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_LOOP, &one, sizeof(one));
        if (local_s) {
            setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_IF,
                       &mreq.imr_interface, sizeof(mreq.imr_interface));
        }
        if (bind(s->fd, (struct sockaddr *)&any, sizeof(any)) ||
            setsockopt(s->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
                       sizeof(mreq))) {
            *err = socket_err(spec, "cannot join", mcast_s);
            return false;
        }
    } else {
        struct sockaddr_in local;

        if (!socket_addr(udp_s, false, &s->dst)) {
            *err = socket_err(spec, "bad address", udp_s);
            return false;
        }
        if (!local_s || !socket_addr(local_s, true, &local)) {
            *err = socket_err(spec, "udp= needs localaddr=HOST:PORT, not",
                              local_s ? local_s : "");
            return false;
        }
        if (bind(s->fd, (struct sockaddr *)&local, sizeof(local))) {
            *err = socket_err(spec, "cannot bind", local_s);
            return false;
        }
    }
    socket_nonblock(s->fd);
    return true;
}

static void socket_close_conn(NetSocket *s)
{
    if (s->fd >= 0) {
        close(s->fd);
    }
    s->fd = -1;
    g_byte_array_set_size(s->rbuf, 0);
    g_byte_array_set_size(s->wbuf, 0);
}

static void socket_close(Netdev *nd)
{
    NetSocket *s = nd->priv;

    socket_close_conn(s);
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    g_byte_array_free(s->rbuf, TRUE);
    g_byte_array_free(s->wbuf, TRUE);
    g_free(s->dgram);
    g_free(s);
    nd->priv = NULL;
}

static void socket_flush(NetSocket *s)
{
    while (s->fd >= 0 && s->wbuf->len) {
        ssize_t n = send(s->fd, s->wbuf->data, s->wbuf->len, MSG_NOSIGNAL);

        if (n > 0) {
            g_byte_array_remove_range(s->wbuf, 0, (guint)n);
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            return;
        } else {
            socket_close_conn(s);
        }
    }
}

static void socket_send(Netdev *nd, const uint8_t *buf, size_t len)
{
    NetSocket *s = nd->priv;

    if (s->fd < 0) {
        return;             /* no peer: the frame is lost, as on a wire */
    }
    if (!s->stream) {
        sendto(s->fd, buf, len, 0, (struct sockaddr *)&s->dst,
               sizeof(s->dst));
        return;
    }
    if (s->wbuf->len + len + 4 > SOCKET_WBUF_MAX) {
        return;
    }
    uint8_t hdr[4] = { (uint8_t)(len >> 24), (uint8_t)(len >> 16),
                       (uint8_t)(len >> 8), (uint8_t)len };
    g_byte_array_append(s->wbuf, hdr, 4);
    g_byte_array_append(s->wbuf, buf, (guint)len);
    socket_flush(s);
}

static void socket_fill(Netdev *nd, GArray *fds, int *timeout_ms)
{
    NetSocket *s = nd->priv;

    if (s->fd >= 0) {
        struct pollfd p = { .fd = s->fd, .events = POLLIN };

        if (s->wbuf->len) {
            p.events |= POLLOUT;
        }
        g_array_append_val(fds, p);
    } else if (s->listen_fd >= 0) {
        struct pollfd p = { .fd = s->listen_fd, .events = POLLIN };
        g_array_append_val(fds, p);
    }
}

/* whole frames out of the stream buffer */
static void socket_parse(Netdev *nd, NetSocket *s)
{
    guint off = 0;

    while (s->rbuf->len - off >= 4) {
        const uint8_t *p = s->rbuf->data + off;
        uint32_t len = (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];

        if (len == 0 || len > NET_FRAME_MAX) {
            socket_close_conn(s); /* not QEMU's format: drop the peer */
            return;
        }
        if (s->rbuf->len - off - 4 < len) {
            break;
        }
        net_backend_deliver(nd, p + 4, len);
        off += 4 + len;
    }
    g_byte_array_remove_range(s->rbuf, 0, off);
}

static void socket_dispatch(Netdev *nd, GArray *fds, guint first)
{
    NetSocket *s = nd->priv;
    struct pollfd *p;

    if (first >= fds->len) {
        return;
    }
    p = &g_array_index(fds, struct pollfd, first);
    if (p->fd == s->listen_fd && s->fd < 0) {
        if (p->revents & POLLIN) {
            s->fd = accept4(s->listen_fd, NULL, NULL,
                            SOCK_CLOEXEC | SOCK_NONBLOCK);
        }
        return;
    }
    if (p->fd != s->fd || s->fd < 0) {
        return;
    }
    if (p->revents & POLLOUT) {
        socket_flush(s);
    }
    if (!(p->revents & (POLLIN | POLLHUP | POLLERR)) || s->fd < 0) {
        return;
    }
    if (!s->stream) {
        for (int i = 0; i < 64; i++) {
            ssize_t n = recv(s->fd, s->dgram, NET_FRAME_MAX, 0);

            if (n <= 0) {
                break;
            }
            net_backend_deliver(nd, s->dgram, (size_t)n);
        }
        return;
    }
    for (;;) {
        uint8_t buf[65536];
        ssize_t n = recv(s->fd, buf, sizeof(buf), 0);

        if (n > 0) {
            g_byte_array_append(s->rbuf, buf, (guint)n);
            socket_parse(nd, s);
            if (s->fd < 0) {
                return;
            }
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            return;
        }
        socket_close_conn(s); /* the peer went away */
        return;
    }
}

const NetBackendType net_backend_socket = {
    .name = "socket",
    .open = socket_open,
    .close = socket_close,
    .send = socket_send,
    .fill = socket_fill,
    .dispatch = socket_dispatch,
};
