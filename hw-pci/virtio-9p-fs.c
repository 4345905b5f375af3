/*
 * hw-pci/virtio-9p-fs.c: the local backend of virtio-9p, a host directory.
 *
 * The guest can never reach outside the shared directory:
 *   - a name from the guest is one component (v9fs_name_ok: no '/', no
 *     NUL, not empty); '.' and '..' are the server's own: '..' re-resolves
 *     the fid's parent path from the root and stays at the root there;
 *   - every lookup is openat2(dir, name, O_PATH | O_NOFOLLOW) with
 *     RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS: a
 *     symlink is an object the guest reads (readlink) and follows itself,
 *     never followed on the host, not even as a path's last component;
 *   - a fid holds the O_PATH descriptor of its object, so the calls that
 *     take a path (chmod, truncate, utimes, reopen for I/O, xattrs) go
 *     through /proc/self/fd/N of a non-symlink, which names that inode
 *     and nothing else; the ones that need a parent and a name (create,
 *     unlink, rename, link) take them as *at() calls on a directory
 *     descriptor with flags that do not follow the last component.
 *
 * The security models (QEMU's names and on-disk format, so that a share
 * works under both):
 *   none          the host's owners and modes as they are;
 *   passthrough   the same, and new objects are chowned to the guest's
 *                 user and group (which needs a privileged emulator);
 *   mapped-xattr  new objects are files 0600 / directories 0700 of the
 *                 emulator's user; the guest's uid, gid, mode (with its
 *                 type) and rdev live in user.virtfs.uid, .gid, .mode
 *                 (little-endian 32 bits) and .rdev (64 bits); a guest
 *                 symlink is a regular file holding the target, a device
 *                 node or fifo an empty regular file.  The guest never
 *                 sees nor sets user.virtfs.*.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <glib.h>

#include "virtio-9p-int.h"

#define XATTR_UID "user.virtfs.uid"
#define XATTR_GID "user.virtfs.gid"
#define XATTR_MODE "user.virtfs.mode"
#define XATTR_RDEV "user.virtfs.rdev"
#define XATTR_MAPPED_PREFIX "user.virtfs."

/* the host modes of objects made under mapped-xattr */
#define MAPPED_FILE_MODE 0600
#define MAPPED_DIR_MODE 0700

static const uint64_t resolve_flags =
    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;

static int openat2_beneath(int dfd, const char *name, int flags, mode_t mode)
{
    struct open_how how = {
        .flags = (uint64_t)(flags | O_CLOEXEC),
        .mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0,
        .resolve = resolve_flags,
    };
    long r;

    do {
        r = syscall(SYS_openat2, dfd, name, &how, sizeof(how));
    } while (r < 0 && errno == EAGAIN);
    return r < 0 ? -errno : (int)r;
}

static bool mapped(const V9fsServer *s)
{
    return s->spec.sm == FSDEV_SM_MAPPED_XATTR;
}

void v9fs_proc_path(int fd, char buf[32])
{
    snprintf(buf, 32, "/proc/self/fd/%d", fd);
}

int v9fs_fs_open_root(const char *path, int *fd)
{
    int r = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);

    if (r < 0) {
        return -errno;
    }
    *fd = r;
    return 0;
}

bool v9fs_name_ok(const char *name, size_t len, bool dots)
{
    if (len == 0 || len > V9FS_NAME_MAX || memchr(name, '/', len) ||
        memchr(name, 0, len)) {
        return false;
    }
    if (!dots && ((len == 1 && name[0] == '.') ||
                  (len == 2 && name[0] == '.' && name[1] == '.'))) {
        return false;
    }
    return true;
}

static char *path_join(const char *dir, const char *name)
{
    return *dir ? g_strdup_printf("%s/%s", dir, name) : g_strdup(name);
}

int v9fs_fs_parent(V9fsServer *s, const char *path, int *dfd,
                   const char **base)
{
    const char *slash = strrchr(path, '/');
    int r;

    if (!*path) {
        return -EBUSY; /* the root has no parent in the share */
    }
    if (!slash) {
        r = openat2_beneath(s->root_fd, ".", O_PATH | O_DIRECTORY, 0);
        *base = path;
    } else {
        char *dir = g_strndup(path, (gsize)(slash - path));

        r = openat2_beneath(s->root_fd, dir, O_PATH | O_DIRECTORY, 0);
        g_free(dir);
        *base = slash + 1;
    }
    if (r < 0) {
        return r;
    }
    *dfd = r;
    return 0;
}

int v9fs_fs_walk(V9fsServer *s, const V9fsFid *from, const char *name,
                 int *fd, char **path)
{
    int r;

    if (!S_ISDIR(from->type)) {
        return -ENOTDIR;
    }
    if (strcmp(name, ".") == 0) {
        r = openat2_beneath(from->fd, ".", O_PATH | O_NOFOLLOW, 0);
        *path = g_strdup(from->path);
    } else if (strcmp(name, "..") == 0) {
        /* the parent by its path from the root; the root's is itself */
        const char *slash = strrchr(from->path, '/');
        char *up = slash ? g_strndup(from->path,
                                     (gsize)(slash - from->path))
                         : g_strdup("");

        r = openat2_beneath(s->root_fd, *up ? up : ".",
                            O_PATH | O_NOFOLLOW | O_DIRECTORY, 0);
        *path = up;
    } else {
        r = openat2_beneath(from->fd, name, O_PATH | O_NOFOLLOW, 0);
        *path = path_join(from->path, name);
    }
    if (r < 0) {
        g_free(*path);
        *path = NULL;
        return r;
    }
    *fd = r;
    return 0;
}

/* ------------------------------------------------------------ mapped */

static bool get_le(const char *pp, const char *name, void *v, size_t n)
{
    uint8_t b[8];
    uint64_t x = 0;

    if (getxattr(pp, name, b, n) != (ssize_t)n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        x |= (uint64_t)b[i] << (8 * i);
    }
    if (n == 4) {
        *(uint32_t *)v = (uint32_t)x;
    } else {
        *(uint64_t *)v = x;
    }
    return true;
}

static int set_le(const char *pp, const char *name, uint64_t x, size_t n)
{
    uint8_t b[8];

    for (size_t i = 0; i < n; i++) {
        b[i] = (uint8_t)(x >> (8 * i));
    }
    return setxattr(pp, name, b, n, 0) < 0 ? -errno : 0;
}

/* the guest's view kept in the xattrs of fd's object (uid/gid ~0: keep) */
static int mapped_set(int fd, uint32_t uid, uint32_t gid, uint32_t mode,
                      bool set_mode, uint64_t rdev, bool set_rdev)
{
    char pp[32];
    int r = 0;

    v9fs_proc_path(fd, pp);
    if (uid != UINT32_MAX) {
        r = set_le(pp, XATTR_UID, uid, 4);
    }
    if (!r && gid != UINT32_MAX) {
        r = set_le(pp, XATTR_GID, gid, 4);
    }
    if (!r && set_mode) {
        r = set_le(pp, XATTR_MODE, mode, 4);
    }
    if (!r && set_rdev) {
        r = set_le(pp, XATTR_RDEV, rdev, 8);
    }
    return r;
}

int v9fs_fs_stat(V9fsServer *s, int fd, struct stat *st)
{
    if (fstatat(fd, "", st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0) {
        return -errno;
    }
    if (mapped(s) && !S_ISLNK(st->st_mode)) {
        char pp[32];
        uint32_t v;
        uint64_t d;

        v9fs_proc_path(fd, pp);
        if (get_le(pp, XATTR_UID, &v, 4)) {
            st->st_uid = v;
        }
        if (get_le(pp, XATTR_GID, &v, 4)) {
            st->st_gid = v;
        }
        if (get_le(pp, XATTR_MODE, &v, 4)) {
            st->st_mode = v;
        }
        if (get_le(pp, XATTR_RDEV, &d, 8)) {
            st->st_rdev = d;
        }
    }
    return 0;
}

int v9fs_fs_chmod(V9fsServer *s, V9fsFid *f, mode_t mode)
{
    char pp[32];

    if (S_ISLNK(f->type)) {
        return -EOPNOTSUPP; /* Linux has no lchmod */
    }
    v9fs_proc_path(f->fd, pp);
    if (mapped(s)) {
        struct stat st;
        int r = v9fs_fs_stat(s, f->fd, &st);

        return r ? r : mapped_set(f->fd, UINT32_MAX, UINT32_MAX,
                                  (st.st_mode & S_IFMT) | (mode & 07777),
                                  true, 0, false);
    }
    return chmod(pp, mode & 07777) < 0 ? -errno : 0;
}

int v9fs_fs_chown(V9fsServer *s, V9fsFid *f, uint32_t uid, uint32_t gid,
                  bool set_uid, bool set_gid)
{
    if (mapped(s)) {
        if (S_ISLNK(f->type)) {
            return -EOPNOTSUPP;
        }
        return mapped_set(f->fd, set_uid ? uid : UINT32_MAX,
                          set_gid ? gid : UINT32_MAX, 0, false, 0, false);
    }
    if (fchownat(f->fd, "", set_uid ? uid : (uid_t)-1,
                 set_gid ? gid : (gid_t)-1,
                 AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0) {
        return -errno;
    }
    return 0;
}

/* after a create: the owner (passthrough) or the guest's view (mapped);
   on failure the new object is removed again */
static int post_create(V9fsServer *s, int dfd, const char *name, int fd,
                       bool dir, mode_t mode, dev_t rdev, uint32_t uid,
                       uint32_t gid)
{
    int r = 0;

    if (mapped(s)) {
        r = mapped_set(fd, uid, gid, mode, true, rdev,
                       S_ISCHR(mode) || S_ISBLK(mode));
    } else if (s->spec.sm == FSDEV_SM_PASSTHROUGH) {
        if (fchownat(fd, "", uid, gid,
                     AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0) {
            r = -errno;
        }
    }
    if (r) {
        unlinkat(dfd, name, dir ? AT_REMOVEDIR : 0);
    }
    return r;
}

int v9fs_fs_create(V9fsServer *s, int dfd, const char *name, int flags,
                   mode_t mode, uint32_t uid, uint32_t gid, int *ofd,
                   int *fd)
{
    mode_t hmode = mapped(s) ? MAPPED_FILE_MODE : (mode & 07777);
    int o = openat2_beneath(dfd, name, flags | O_CREAT | O_NOFOLLOW, hmode);
    int p, r;

    if (o < 0) {
        return o;
    }
    p = openat2_beneath(dfd, name, O_PATH | O_NOFOLLOW, 0);
    if (p < 0) {
        close(o);
        return p;
    }
    r = post_create(s, dfd, name, p, false, S_IFREG | (mode & 07777), 0,
                    uid, gid);
    if (r) {
        close(o);
        close(p);
        return r;
    }
    *ofd = o;
    *fd = p;
    return 0;
}

int v9fs_fs_mkdir(V9fsServer *s, int dfd, const char *name, mode_t mode,
                  uint32_t uid, uint32_t gid, int *fd)
{
    int p, r;

    if (mkdirat(dfd, name, mapped(s) ? MAPPED_DIR_MODE : (mode & 07777)) <
        0) {
        return -errno;
    }
    p = openat2_beneath(dfd, name, O_PATH | O_NOFOLLOW | O_DIRECTORY, 0);
    if (p < 0) {
        return p;
    }
    r = post_create(s, dfd, name, p, true, S_IFDIR | (mode & 07777), 0, uid,
                    gid);
    if (r) {
        close(p);
        return r;
    }
    *fd = p;
    return 0;
}

/* mapped-xattr's stand-in for a symlink or node: a new empty 0600 file,
   with content (the target) if any */
static int mapped_file(int dfd, const char *name, const char *content,
                       int *fd)
{
    int o = openat2_beneath(dfd, name,
                            O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW,
                            MAPPED_FILE_MODE);
    size_t len = content ? strlen(content) : 0, done = 0;
    int p;

    if (o < 0) {
        return o;
    }
    while (done < len) {
        ssize_t n = write(o, content + done, len - done);

        if (n <= 0) {
            int e = n < 0 ? -errno : -EIO;

            close(o);
            unlinkat(dfd, name, 0);
            return e;
        }
        done += (size_t)n;
    }
    close(o);
    p = openat2_beneath(dfd, name, O_PATH | O_NOFOLLOW, 0);
    if (p < 0) {
        return p;
    }
    *fd = p;
    return 0;
}

int v9fs_fs_symlink(V9fsServer *s, int dfd, const char *name,
                    const char *target, uint32_t uid, uint32_t gid, int *fd)
{
    int p, r;

    if (mapped(s)) {
        r = mapped_file(dfd, name, target, &p);
    } else if (symlinkat(target, dfd, name) < 0) {
        r = -errno;
    } else {
        r = openat2_beneath(dfd, name, O_PATH | O_NOFOLLOW, 0);
        p = r;
        r = r < 0 ? r : 0;
    }
    if (r) {
        return r;
    }
    r = post_create(s, dfd, name, p, false, S_IFLNK | 0777, 0, uid, gid);
    if (r) {
        close(p);
        return r;
    }
    *fd = p;
    return 0;
}

int v9fs_fs_mknod(V9fsServer *s, int dfd, const char *name, mode_t mode,
                  dev_t rdev, uint32_t uid, uint32_t gid, int *fd)
{
    int p, r;

    if (mapped(s)) {
        r = mapped_file(dfd, name, NULL, &p);
    } else if (mknodat(dfd, name, mode, rdev) < 0) {
        r = -errno;
    } else {
        r = openat2_beneath(dfd, name, O_PATH | O_NOFOLLOW, 0);
        p = r;
        r = r < 0 ? r : 0;
    }
    if (r) {
        return r;
    }
    r = post_create(s, dfd, name, p, false, mode, rdev, uid, gid);
    if (r) {
        close(p);
        return r;
    }
    *fd = p;
    return 0;
}

int v9fs_fs_readlink(V9fsServer *s, V9fsFid *f, char **out)
{
    char buf[4097];
    ssize_t n;

    if (S_ISLNK(f->type)) {
        n = readlinkat(f->fd, "", buf, sizeof(buf) - 1);
    } else {
        struct stat st;
        char pp[32];
        int o, r = v9fs_fs_stat(s, f->fd, &st);

        if (r) {
            return r;
        }
        if (!mapped(s) || !S_ISLNK(st.st_mode) || !S_ISREG(f->type)) {
            return -EINVAL;
        }
        v9fs_proc_path(f->fd, pp);
        o = open(pp, O_RDONLY | O_CLOEXEC);
        if (o < 0) {
            return -errno;
        }
        n = read(o, buf, sizeof(buf) - 1);
        close(o);
    }
    if (n < 0) {
        return -errno;
    }
    if ((size_t)n >= sizeof(buf) - 1) {
        return -ENAMETOOLONG;
    }
    buf[n] = 0;
    *out = g_strdup(buf);
    return 0;
}

/* ------------------------------------------------------------ xattrs */

static bool hidden_xattr(const V9fsServer *s, const char *name)
{
    return mapped(s) && g_str_has_prefix(name, XATTR_MAPPED_PREFIX);
}

ssize_t v9fs_fs_getxattr(V9fsServer *s, V9fsFid *f, const char *name,
                         void *value, size_t size)
{
    char pp[32];
    ssize_t n;

    if (hidden_xattr(s, name)) {
        return -ENODATA;
    }
    if (S_ISLNK(f->type)) {
        return -ENODATA; /* user xattrs do not exist on symlinks */
    }
    v9fs_proc_path(f->fd, pp);
    n = getxattr(pp, name, value, size);
    return n < 0 ? -errno : n;
}

ssize_t v9fs_fs_listxattr(V9fsServer *s, V9fsFid *f, char *list, size_t size)
{
    char pp[32];
    char *all;
    ssize_t n, out = 0;

    if (S_ISLNK(f->type)) {
        return 0;
    }
    v9fs_proc_path(f->fd, pp);
    n = listxattr(pp, NULL, 0);
    if (n <= 0) {
        return n < 0 ? -errno : 0;
    }
    all = g_malloc((size_t)n);
    n = listxattr(pp, all, (size_t)n);
    if (n < 0) {
        g_free(all);
        return -errno;
    }
    for (ssize_t i = 0; i < n;) {
        size_t len = strnlen(all + i, (size_t)(n - i));

        if (!hidden_xattr(s, all + i)) {
            if (list) {
                if ((size_t)out + len + 1 > size) {
                    g_free(all);
                    return -ERANGE;
                }
                memcpy(list + out, all + i, len + 1);
            }
            out += (ssize_t)len + 1;
        }
        i += (ssize_t)len + 1;
    }
    g_free(all);
    return out;
}

int v9fs_fs_setxattr(V9fsServer *s, V9fsFid *f, const char *name,
                     const void *value, size_t size, int flags)
{
    char pp[32];
    int r;

    if (hidden_xattr(s, name)) {
        return -EACCES;
    }
    if (S_ISLNK(f->type)) {
        return -EPERM;
    }
    v9fs_proc_path(f->fd, pp);
    r = value ? setxattr(pp, name, value, size, flags) : removexattr(pp, name);
    return r < 0 ? -errno : 0;
}
