/*
 * system/socket.c: listening sockets in QEMU's chardev address syntax,
 * for the gdbstub and the monitors.
 */
#ifndef POWERJIT_SOCKET_H
#define POWERJIT_SOCKET_H

#include <stdbool.h>

/* addr: tcp:[HOST]:PORT or unix:PATH, optionally followed by ,OPTION...
   (server, nowait, wait=off...: a listener never waits for its first
   client).  Returns the listening fd; *unix_path (g_free, unlink) names
   the socket file of a unix: address.  -1 and *err on error. */
int socket_listen(const char *addr, char **unix_path, char **err);

/* -chardev socket,fd=N: a socket the parent process left open for us.
   socket_fd_check: N is an open socket (else false + *err, QEMU's text);
   socket_fd_listening: it is a listener (else a connected stream);
   socket_fd_name: "unix:PATH" (PATH empty for a socketpair) or
   "tcp:HOST:PORT", its own address as QEMU's info chardev shows it. */
bool socket_fd_check(int fd, char **err);
bool socket_fd_listening(int fd);
char *socket_fd_name(int fd);
/* fd:N[,...]: the descriptor of socket_fd_check's N (close-on-exec set
   from now on), *listening as above; -1 + *err */
int socket_from_fd(const char *addr, bool *listening, char **err);

#endif
