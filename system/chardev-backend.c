/*
 * system/chardev-backend.c: opening the host side of the socket, pty and
 * pipe backends (system/chardev-internal.h).
 *
 * Sockets are stream sockets: unix (path=) or tcp (host=, port=; an empty
 * host listens on every address and connects to localhost, as QEMU does).
 * A unix server removes a stale socket file at its path first, so that a
 * rerun of the same command line works; it never removes anything that is
 * not a socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>

#include "chardev-internal.h"

char *chardev_socket_name(const ChardevSpec *spec)
{
    if (spec->path) {
        return g_strdup_printf("unix:%s", spec->path);
    }
    return g_strdup_printf("tcp:%s:%s", spec->host ? spec->host : "",
                           spec->port);
}

static bool chardev_unix_addr(const char *path, struct sockaddr_un *sa,
                              char **err)
{
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sa->sun_path)) {
        *err = g_strdup_printf("UNIX socket path '%s' is too long", path);
        return false;
    }
    strcpy(sa->sun_path, path);
    return true;
}

/* the addresses of a tcp socket; NULL + *err */
static struct addrinfo *chardev_tcp_addrs(const ChardevSpec *spec,
                                          bool passive, char **err)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = passive ? AI_PASSIVE : 0,
    };
    struct addrinfo *res = NULL;
    const char *host = spec->host && spec->host[0] ? spec->host
                       : passive                   ? NULL
                                                   : "localhost";
    int r = getaddrinfo(host, spec->port, &hints, &res);

    if (r != 0) {
        *err = g_strdup_printf("address resolution failed for %s:%s: %s",
                               host ? host : "", spec->port,
                               gai_strerror(r));
        return NULL;
    }
    return res;
}

int chardev_socket_listen(const ChardevSpec *spec, char **err)
{
    int fd = -1;

    if (spec->path) {
        struct sockaddr_un sa;
        struct stat st;

        if (!chardev_unix_addr(spec->path, &sa, err)) {
            return -1;
        }
        if (lstat(spec->path, &st) == 0 && S_ISSOCK(st.st_mode)) {
            unlink(spec->path);
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
            listen(fd, 1) != 0) {
            *err = g_strdup_printf("Failed to bind socket to %s: %s",
                                   spec->path, strerror(errno));
            if (fd >= 0) {
                close(fd);
            }
            return -1;
        }
        return fd;
    }

    struct addrinfo *res = chardev_tcp_addrs(spec, true, err), *ai;
    int saved = 0;
    if (!res) {
        return -1;
    }
    for (ai = res; ai; ai = ai->ai_next) {
        int one = 1;
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
            listen(fd, 1) == 0) {
            break;
        }
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        *err = g_strdup_printf("Failed to bind socket to port %s: %s",
                               spec->port, strerror(saved));
    }
    return fd;
}

int chardev_socket_connect(const ChardevSpec *spec, char **err)
{
    int fd = -1;
    char *name = chardev_socket_name(spec);

    if (spec->path) {
        struct sockaddr_un sa;
        if (!chardev_unix_addr(spec->path, &sa, err)) {
            g_free(name);
            return -1;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
            *err = g_strdup_printf("Failed to connect to '%s': %s", name,
                                   strerror(errno));
            close(fd);
            fd = -1;
        }
    } else {
        struct addrinfo *res = chardev_tcp_addrs(spec, false, err), *ai;
        int saved = ECONNREFUSED;
        for (ai = res; ai; ai = ai->ai_next) {
            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                        ai->ai_protocol);
            if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
                int one = 1;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
                break;
            }
            saved = errno;
            if (fd >= 0) {
                close(fd);
            }
            fd = -1;
        }
        if (res) {
            freeaddrinfo(res);
            if (fd < 0) {
                *err = g_strdup_printf("Failed to connect to '%s': %s",
                                       name, strerror(saved));
            }
        }
    }
    g_free(name);
    return fd;
}

int chardev_socket_accept(int listen_fd)
{
    for (;;) {
        int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd >= 0 || errno != EINTR) {
            return fd;
        }
    }
}

int chardev_pty_open(char **name, char **err)
{
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    const char *slave;

    if (fd < 0 || grantpt(fd) != 0 || unlockpt(fd) != 0 ||
        !(slave = ptsname(fd))) {
        *err = g_strdup_printf("cannot open a pseudo-terminal: %s",
                               strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    *name = g_strdup(slave);
    return fd;
}

bool chardev_pipe_open(const char *path, int *in_fd, int *out_fd,
                       char **err)
{
    char *in = g_strdup_printf("%s.in", path);
    char *out = g_strdup_printf("%s.out", path);

    /* O_RDWR: opening a FIFO neither blocks for the other end nor sees
       an end of file when a writer goes away */
    *in_fd = open(in, O_RDWR | O_CLOEXEC);
    *out_fd = open(out, O_RDWR | O_CLOEXEC);
    if (*in_fd < 0 || *out_fd < 0) {
        if (*in_fd >= 0) {
            close(*in_fd);
        }
        if (*out_fd >= 0) {
            close(*out_fd);
        }
        *in_fd = open(path, O_RDWR | O_CLOEXEC);
        if (*in_fd < 0) {
            *err = g_strdup_printf("Could not open '%s': %s", path,
                                   strerror(errno));
            g_free(in);
            g_free(out);
            return false;
        }
        *out_fd = fcntl(*in_fd, F_DUPFD_CLOEXEC, 0);
    }
    g_free(in);
    g_free(out);
    return true;
}
