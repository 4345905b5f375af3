/*
 * system/socket.c: listening sockets (include/socket.h).
 */
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib.h>

#include "socket.h"

static int socket_listen_unix(const char *path, char **unix_path, char **err)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd;

    if (!*path || strlen(path) >= sizeof(sun.sun_path)) {
        *err = g_strdup("bad socket path");
        return -1;
    }
    strcpy(sun.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    unlink(path);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
        listen(fd, 1) < 0) {
        *err = g_strdup_printf("cannot listen: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    *unix_path = g_strdup(path);
    return fd;
}

static int socket_listen_tcp(const char *hp, char **err)
{
    const char *colon = strrchr(hp, ':');
    char *host, *end;
    const char *port;
    unsigned long pnum;
    struct addrinfo hints = { .ai_family = AF_UNSPEC,
                              .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE }, *res = NULL;
    int one = 1, rc, fd;

    if (!colon) {
        *err = g_strdup("expected tcp::PORT, tcp:HOST:PORT or unix:PATH");
        return -1;
    }
    host = g_strndup(hp, (gsize)(colon - hp));
    port = colon + 1;
    pnum = strtoul(port, &end, 10);
    if (!*port || *end || pnum > 65535) {
        *err = g_strdup_printf("bad port '%s'", port);
        g_free(host);
        return -1;
    }
    rc = getaddrinfo(*host ? host : "0.0.0.0", port, &hints, &res);
    g_free(host);
    if (rc != 0) {
        *err = g_strdup(gai_strerror(rc));
        return -1;
    }
    fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) < 0 ||
        listen(fd, 1) < 0) {
        *err = g_strdup_printf("cannot listen: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

int socket_listen(const char *addr, char **unix_path, char **err)
{
    char *a = g_strndup(addr, strcspn(addr, ","));
    int fd;

    *unix_path = NULL;
    if (g_str_has_prefix(a, "unix:")) {
        fd = socket_listen_unix(a + 5, unix_path, err);
    } else if (g_str_has_prefix(a, "tcp:")) {
        fd = socket_listen_tcp(a + 4, err);
    } else {
        *err = g_strdup("expected tcp::PORT, tcp:HOST:PORT or unix:PATH");
        fd = -1;
    }
    g_free(a);
    return fd;
}
