/*
 * system/socket.c: listening sockets in QEMU's chardev address syntax,
 * for the gdbstub and the monitors.
 */
#ifndef POWERJIT_SOCKET_H
#define POWERJIT_SOCKET_H

/* addr: tcp:[HOST]:PORT or unix:PATH, optionally followed by ,OPTION...
   (server, nowait, wait=off...: a listener never waits for its first
   client).  Returns the listening fd; *unix_path (g_free, unlink) names
   the socket file of a unix: address.  -1 and *err on error. */
int socket_listen(const char *addr, char **unix_path, char **err);

#endif
