/*
 * system/chardev-internal.h: the host side of the backends
 * (system/chardev-backend.c), for system/chardev.c.  Every function
 * returns a file descriptor (O_CLOEXEC) or -1 with *err set to one line.
 */
#ifndef POWERJIT_CHARDEV_INTERNAL_H
#define POWERJIT_CHARDEV_INTERNAL_H

#include <stdbool.h>

#include "chardev.h"

/* a listening socket for a socket server (unix: the path is replaced) */
int chardev_socket_listen(const ChardevSpec *spec, char **err);
/* a connected socket for a socket client */
int chardev_socket_connect(const ChardevSpec *spec, char **err);
/* accepts one client on a listening socket (blocking) */
int chardev_socket_accept(int listen_fd);
/* a new pseudo-terminal's master side; *name is the slave's path */
int chardev_pty_open(char **name, char **err);
/* pipe:PATH: PATH.in and PATH.out if both exist, else PATH both ways */
bool chardev_pipe_open(const char *path, int *in_fd, int *out_fd,
                       char **err);
/* "unix:PATH" or "tcp:HOST:PORT", for messages (g_free it) */
char *chardev_socket_name(const ChardevSpec *spec);

#endif
