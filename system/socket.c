/*
 * system/socket.c: listening sockets, and sockets passed by the parent
 * process (include/socket.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

bool socket_fd_check(int fd, char **err)
{
    struct stat st;

    if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) {
        *err = g_strdup_printf("File descriptor '%d' is not a socket", fd);
        return false;
    }
    return true;
}

bool socket_fd_listening(int fd)
{
    int on = 0;
    socklen_t len = sizeof(on);

    return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 && on;
}

char *socket_fd_name(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char host[INET6_ADDRSTRLEN] = "";

    memset(&ss, 0, sizeof(ss));
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
        return g_strdup("unix:");
    }
    switch (ss.ss_family) {
    case AF_INET: {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
        return g_strdup_printf("tcp:%s:%u", host, ntohs(in->sin_port));
    }
    case AF_INET6: {
        const struct sockaddr_in6 *in = (const struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &in->sin6_addr, host, sizeof(host));
        return g_strdup_printf("tcp:[%s]:%u", host, ntohs(in->sin6_port));
    }
    default: {
        const struct sockaddr_un *un = (const struct sockaddr_un *)&ss;
        size_t n = len > offsetof(struct sockaddr_un, sun_path)
                       ? len - offsetof(struct sockaddr_un, sun_path)
                       : 0;
        /* a socketpair's address is empty; an abstract one starts with
           a NUL: shown empty too */
        return g_strdup_printf("unix:%.*s", (int)strnlen(un->sun_path, n),
                               un->sun_path);
    }
    }
}

int socket_from_fd(const char *addr, bool *listening, char **err)
{
    char *end;
    long n;

    if (!g_str_has_prefix(addr, "fd:")) {
        *err = g_strdup("expected fd:N");
        return -1;
    }
    errno = 0;
    n = strtol(addr + 3, &end, 10);
    if (errno || end == addr + 3 || (*end && *end != ',') || n < 0 ||
        n > INT_MAX) {
        *err = g_strdup_printf("Unable to parse FD number %s", addr + 3);
        return -1;
    }
    if (!socket_fd_check((int)n, err)) {
        return -1;
    }
    fcntl((int)n, F_SETFD, FD_CLOEXEC);
    *listening = socket_fd_listening((int)n);
    return (int)n;
}
