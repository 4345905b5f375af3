/*
 * virtio-9p: a host directory shared with the guest over 9P2000.L (the
 * Linux "9p" filesystem on the "9pnet_virtio" transport).  virtio 1.1
 * lists the device (id 9, "9P transport", section 5) without a section of
 * its own: one request queue, and a configuration space holding the mount
 * tag, as Linux's include/uapi/linux/virtio_9p.h lays it out.
 *
 *   system/options-fsdev.c   -fsdev and -virtfs: FsdevSpec
 *   hw-pci/virtio-9p.c       virtio-9p-pci: the queue and the tag
 *   hw-pci/virtio-9p-proto.c the 9P2000.L messages: parsing, checking,
 *                            the reply, one handler per message type
 *   hw-pci/virtio-9p-fs.c    the local backend: fids as O_PATH fds,
 *                            name resolution that never leaves the share,
 *                            the security models' view of owners and modes
 *
 * The server is a function from a request's bytes to a reply's bytes
 * (v9fs_handle), so that the unit tests drive it without a guest.
 */
#ifndef POWERJIT_VIRTIO_9P_H
#define POWERJIT_VIRTIO_9P_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

typedef enum FsdevSecurityModel {
    FSDEV_SM_NONE,          /* the host's owners and modes, chown errors
                               returned */
    FSDEV_SM_PASSTHROUGH,   /* new files get the guest user's owner */
    FSDEV_SM_MAPPED_XATTR,  /* the guest's owner, mode and device number
                               in the user.virtfs.* xattrs of the file */
} FsdevSecurityModel;

/* one -fsdev local (or the fsdev half of a -virtfs) */
typedef struct FsdevSpec {
    char *id;
    char *path;
    FsdevSecurityModel sm;
    bool readonly;
} FsdevSpec;

void fsdev_spec_free(gpointer p);
/* the -fsdev with that id in cfg->fsdevs (GPtrArray of FsdevSpec *) */
const FsdevSpec *fsdev_find(GPtrArray *fsdevs, const char *id);

/* ---------------------------------------------------------- server */

/* the largest message the server takes or sends (Tversion lowers it) */
#define V9FS_MAX_MSIZE (512 * 1024)
/* the header every message starts with: size[4] type[1] tag[2] */
#define V9FS_HDR 7

typedef struct V9fsServer V9fsServer;

/* a server for the directory of spec; NULL and *err if it cannot be
   opened (QEMU's words: "failed to open 'DIR': REASON") */
V9fsServer *v9fs_server_new(const FsdevSpec *spec, char **err);
void v9fs_server_free(V9fsServer *s);
/* forgets every fid (a device reset) */
void v9fs_server_reset(V9fsServer *s);
/* handles the request in req[0, req_len) and writes its reply into
   rep[0, rep_cap); returns the reply's length (0: rep_cap cannot hold even
   an error reply).  req_len is what the transport has; the message's own
   size field must fit in it. */
size_t v9fs_handle(V9fsServer *s, const uint8_t *req, size_t req_len,
                   uint8_t *rep, size_t rep_cap);
/* fids in use (for tests) */
unsigned v9fs_fid_count(const V9fsServer *s);

#endif
