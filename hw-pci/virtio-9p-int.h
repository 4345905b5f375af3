/*
 * hw-pci/virtio-9p-int.h: what the 9P message handlers (virtio-9p-proto.c)
 * and the local backend (virtio-9p-fs.c) share.
 *
 * A fid is an O_PATH | O_NOFOLLOW descriptor of the object it names (its
 * inode is pinned: a rename or a symlink swapped in under the same name
 * cannot make it name something else) plus its path from the share's
 * root, kept for the operations that need the parent and the name
 * (remove, rename, '..').  Every backend function returns 0 or a negative
 * Linux errno, which goes to the guest in Rlerror as it is (the host is
 * Linux too).
 */
#ifndef HW_PCI_VIRTIO_9P_INT_H
#define HW_PCI_VIRTIO_9P_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <glib.h>

#include "virtio-9p.h"

/* the most fids one session may hold (each holds a host descriptor) */
#define V9FS_MAX_FIDS 16384
/* xattr values (Linux's XATTR_SIZE_MAX) and names */
#define V9FS_XATTR_MAX (64 * 1024)
#define V9FS_NAME_MAX 255
/* what all xattr fids of a session may hold at once */
#define V9FS_XATTR_TOTAL (16 * 1024 * 1024)

typedef struct V9fsFid {
    V9fsServer *server;
    uint32_t fid;
    int fd;             /* O_PATH | O_NOFOLLOW of the object */
    char *path;         /* from the root: "" is the root, "a/b" */
    uint32_t uid;       /* the user the fid was attached for */
    mode_t type;        /* S_IFMT of the host object */
    int open_fd;        /* after Tlopen / Tlcreate; -1 before */
    /* an xattr fid (Txattrwalk: a value to read; Txattrcreate: a value
       to collect and set at Tclunk) */
    bool xattr, xattr_create;
    char *xname;
    uint8_t *xbuf;
    uint64_t xlen;      /* the value's size */
    uint64_t xcopied;   /* bytes written so far (create) */
    int xflags;
} V9fsFid;

struct V9fsServer {
    FsdevSpec spec;
    int root_fd;        /* O_PATH | O_DIRECTORY of the share */
    uint32_t msize;
    GHashTable *fids;   /* fid number -> V9fsFid * */
    uint64_t xattr_mem; /* the xattr fids' buffers */
};

/* 9P's qid: type[1] version[4] path[8] */
#define V9FS_QTDIR 0x80
#define V9FS_QTSYMLINK 0x02
#define V9FS_QTFILE 0x00

/* virtio-9p-fs.c */
int v9fs_fs_open_root(const char *path, int *fd);
/* a single path component the guest may name: not empty, no '/', no
   NUL, at most 255 bytes; "." and ".." only where allowed */
bool v9fs_name_ok(const char *name, size_t len, bool dots);
/* the object name names in directory from (".." goes up, never above
   the root): *fd is its O_PATH descriptor, *path its path */
int v9fs_fs_walk(V9fsServer *s, const V9fsFid *from, const char *name,
                 int *fd, char **path);
/* the attributes as the guest sees them (the security model's owner,
   mode and device number) */
int v9fs_fs_stat(V9fsServer *s, int fd, struct stat *st);
/* "/proc/self/fd/N": the pinned object by a path, for the calls that take
   no descriptor (never followed past it: N is an O_PATH of a non-symlink) */
void v9fs_proc_path(int fd, char buf[32]);
int v9fs_fs_chmod(V9fsServer *s, V9fsFid *f, mode_t mode);
int v9fs_fs_chown(V9fsServer *s, V9fsFid *f, uint32_t uid, uint32_t gid,
                  bool set_uid, bool set_gid);
/* O_PATH parent of a path below the root and its last component */
int v9fs_fs_parent(V9fsServer *s, const char *path, int *dfd,
                   const char **base);
/* create name in directory dfd: a regular file opened with flags (*ofd),
   a directory, a symlink to target, a node (mode's type, rdev); *fd the
   new object's O_PATH */
int v9fs_fs_create(V9fsServer *s, int dfd, const char *name, int flags,
                   mode_t mode, uint32_t uid, uint32_t gid, int *ofd,
                   int *fd);
int v9fs_fs_mkdir(V9fsServer *s, int dfd, const char *name, mode_t mode,
                  uint32_t uid, uint32_t gid, int *fd);
int v9fs_fs_symlink(V9fsServer *s, int dfd, const char *name,
                    const char *target, uint32_t uid, uint32_t gid, int *fd);
int v9fs_fs_mknod(V9fsServer *s, int dfd, const char *name, mode_t mode,
                  dev_t rdev, uint32_t uid, uint32_t gid, int *fd);
/* the target of a symlink (*out, g_free) */
int v9fs_fs_readlink(V9fsServer *s, V9fsFid *f, char **out);
/* xattrs as the guest may see them: get (value NULL: the size), list
   (the model's own user.virtfs.* hidden), set/remove */
ssize_t v9fs_fs_getxattr(V9fsServer *s, V9fsFid *f, const char *name,
                         void *value, size_t size);
ssize_t v9fs_fs_listxattr(V9fsServer *s, V9fsFid *f, char *list,
                          size_t size);
int v9fs_fs_setxattr(V9fsServer *s, V9fsFid *f, const char *name,
                     const void *value, size_t size, int flags);

#endif
