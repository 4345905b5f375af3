/*
 * hw-pci/virtio-9p-proto.c: the 9P2000.L server's messages, as Linux's
 * 9p client (net/9p/client.c, fs/9p) sends them; the wire layout is the
 * 9P2000.L description (diod's protocol.md) and Linux's
 * include/net/9p/9p.h: little-endian integers, strings as len[2] bytes,
 * a qid as type[1] version[4] path[8], every message
 * size[4] type[1] tag[2] body, an error as Rlerror ecode[4] (a Linux
 * errno).
 *
 * Everything from the guest is checked before it is used: the size field
 * against what the transport delivered and the negotiated msize, every
 * string against the message's end, every fid against the session's
 * table, counts against msize and the reply buffer.  A malformed request
 * gets Rlerror (EPROTO when it is cut short, EINVAL for a bad value) and
 * changes nothing.  Requests run to completion one at a time, so Tflush
 * has nothing left to abort and answers at once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <glib.h>

#include "virtio-9p-int.h"

/* message types (include/net/9p/9p.h) */
enum {
    P9_RLERROR = 7,
    P9_TSTATFS = 8,
    P9_TLOPEN = 12,
    P9_TLCREATE = 14,
    P9_TSYMLINK = 16,
    P9_TMKNOD = 18,
    P9_TRENAME = 20,
    P9_TREADLINK = 22,
    P9_TGETATTR = 24,
    P9_TSETATTR = 26,
    P9_TXATTRWALK = 30,
    P9_TXATTRCREATE = 32,
    P9_TREADDIR = 40,
    P9_TFSYNC = 50,
    P9_TLOCK = 52,
    P9_TGETLOCK = 54,
    P9_TLINK = 70,
    P9_TMKDIR = 72,
    P9_TRENAMEAT = 74,
    P9_TUNLINKAT = 76,
    P9_TVERSION = 100,
    P9_TAUTH = 102,
    P9_TATTACH = 104,
    P9_TFLUSH = 108,
    P9_TWALK = 110,
    P9_TREAD = 116,
    P9_TWRITE = 118,
    P9_TCLUNK = 120,
    P9_TREMOVE = 122,
};

#define P9_NOTAG 0xffff
#define P9_NOFID 0xffffffffu
#define P9_MAXWELEM 16
#define P9_MIN_MSIZE 4096
#define P9_RREAD_HDR 11 /* size type tag count */

/* the open flags of 9P2000.L (P9_DOTL_*, include/net/9p/9p.h), which the
   client translates its own into, and the host's.  O_DIRECT (040000) and
   O_NOATIME (01000000) are dropped: the server's buffers are not aligned
   for the one, and the other fails on files the emulator's user does not
   own; neither changes what the guest reads */
static const struct {
    uint32_t dotl;
    int host;
} dotl_flags[] = {
    { 00000100, O_CREAT },
    { 00000200, O_EXCL },
    { 00000400, O_NOCTTY },
    { 00001000, O_TRUNC },
    { 00002000, O_APPEND },
    { 00004000, O_NONBLOCK },
    { 00010000, O_DSYNC },
    { 00100000, O_LARGEFILE },
    { 00200000, O_DIRECTORY },
    { 00400000, O_NOFOLLOW },
    { 04000000, O_SYNC },
};

/* Tsetattr's valid bits */
enum {
    P9_SETATTR_MODE = 0x1,
    P9_SETATTR_UID = 0x2,
    P9_SETATTR_GID = 0x4,
    P9_SETATTR_SIZE = 0x8,
    P9_SETATTR_ATIME = 0x10,
    P9_SETATTR_MTIME = 0x20,
    P9_SETATTR_ATIME_SET = 0x80,
    P9_SETATTR_MTIME_SET = 0x100,
};
#define P9_GETATTR_BASIC 0x7ffull
#define P9_AT_REMOVEDIR 0x200
#define P9_LOCK_TYPE_UNLCK 2
#define P9_LOCK_SUCCESS 0

/* ------------------------------------------------------------ wire */

typedef struct Rd {
    const uint8_t *p;
    size_t len, off;
    bool bad;           /* read past the end */
    GPtrArray *strs;    /* strings handed out, freed after the handler */
} Rd;

typedef struct Wr {
    uint8_t *p;
    size_t cap, off;
    bool full;
} Wr;

static const uint8_t *rd_bytes(Rd *r, size_t n)
{
    if (r->bad || n > r->len - r->off) {
        r->bad = true;
        return NULL;
    }
    r->off += n;
    return r->p + r->off - n;
}

static uint64_t rd_le(Rd *r, size_t n)
{
    const uint8_t *b = rd_bytes(r, n);
    uint64_t v = 0;

    for (size_t i = 0; b && i < n; i++) {
        v |= (uint64_t)b[i] << (8 * i);
    }
    return v;
}

static uint8_t rd8(Rd *r) { return (uint8_t)rd_le(r, 1); }
static uint16_t rd16(Rd *r) { return (uint16_t)rd_le(r, 2); }
static uint32_t rd32(Rd *r) { return (uint32_t)rd_le(r, 4); }
static uint64_t rd64(Rd *r) { return rd_le(r, 8); }

/* a string: NUL-terminated copy (freed with the request), its length in
   *len; "" if cut short (r->bad is set) */
static const char *rd_str(Rd *r, size_t *len)
{
    uint16_t n = rd16(r);
    const uint8_t *b = rd_bytes(r, n);
    char *s = b ? g_strndup((const char *)b, n) : g_strdup("");

    g_ptr_array_add(r->strs, s);
    if (len) {
        *len = b ? n : 0;
    }
    return s;
}

static void wr_le(Wr *w, uint64_t v, size_t n)
{
    if (w->full || n > w->cap - w->off) {
        w->full = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        w->p[w->off++] = (uint8_t)(v >> (8 * i));
    }
}

static void wr8(Wr *w, uint8_t v) { wr_le(w, v, 1); }
static void wr16(Wr *w, uint16_t v) { wr_le(w, v, 2); }
static void wr32(Wr *w, uint32_t v) { wr_le(w, v, 4); }
static void wr64(Wr *w, uint64_t v) { wr_le(w, v, 8); }

static void wr_bytes(Wr *w, const void *b, size_t n)
{
    if (w->full || n > w->cap - w->off) {
        w->full = true;
        return;
    }
    memcpy(w->p + w->off, b, n);
    w->off += n;
}

static void wr_str(Wr *w, const char *s)
{
    size_t n = strlen(s);

    if (n > 0xffff) {
        w->full = true;
        return;
    }
    wr16(w, (uint16_t)n);
    wr_bytes(w, s, n);
}

static uint8_t qid_type(mode_t m)
{
    return S_ISDIR(m) ? V9FS_QTDIR : S_ISLNK(m) ? V9FS_QTSYMLINK
                                                : V9FS_QTFILE;
}

static void wr_qid(Wr *w, const struct stat *st)
{
    wr8(w, qid_type(st->st_mode));
    wr32(w, 0); /* version: 0, the client keeps no cache by it */
    wr64(w, st->st_ino);
}

/* ------------------------------------------------------------ fids */

static V9fsFid *fid_get(V9fsServer *s, uint32_t fid)
{
    return g_hash_table_lookup(s->fids, GUINT_TO_POINTER(fid));
}

static void fid_free(gpointer p)
{
    V9fsFid *f = p;

    if (f->xbuf) {
        f->server->xattr_mem -= f->xlen;
    }
    if (f->fd >= 0) {
        close(f->fd);
    }
    if (f->open_fd >= 0) {
        close(f->open_fd);
    }
    g_free(f->path);
    g_free(f->xname);
    g_free(f->xbuf);
    g_free(f);
}

/* a new fid number (not in use) holding fd and path; NULL if the table is
   full (fd and path are then freed) */
static V9fsFid *fid_new(V9fsServer *s, uint32_t fid, int fd, char *path,
                        uint32_t uid, mode_t type)
{
    V9fsFid *f;

    if (g_hash_table_size(s->fids) >= V9FS_MAX_FIDS) {
        close(fd);
        g_free(path);
        return NULL;
    }
    f = g_new0(V9fsFid, 1);
    f->server = s;
    f->fid = fid;
    f->fd = fd;
    f->path = path;
    f->uid = uid;
    f->type = type;
    f->open_fd = -1;
    g_hash_table_replace(s->fids, GUINT_TO_POINTER(fid), f);
    return f;
}

static mode_t fd_type(int fd)
{
    struct stat st;

    if (fstatat(fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0) {
        return 0;
    }
    return st.st_mode & S_IFMT;
}

unsigned v9fs_fid_count(const V9fsServer *s)
{
    return g_hash_table_size(s->fids);
}

/* after a rename of old to new: the fids below it follow */
static void fids_renamed(V9fsServer *s, const char *old, const char *new)
{
    GHashTableIter it;
    gpointer v;
    size_t n = strlen(old);

    g_hash_table_iter_init(&it, s->fids);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        V9fsFid *f = v;

        if (strncmp(f->path, old, n) == 0 &&
            (f->path[n] == 0 || f->path[n] == '/')) {
            char *p = g_strconcat(new, f->path + n, NULL);

            g_free(f->path);
            f->path = p;
        }
    }
}

static char *join(const char *dir, const char *name)
{
    return *dir ? g_strdup_printf("%s/%s", dir, name) : g_strdup(name);
}

/* ------------------------------------------------------------ handlers */

typedef int (*P9Handler)(V9fsServer *s, Rd *r, Wr *w);

#define FID_OR(r, s, id, f)                                                 \
    V9fsFid *f = fid_get((s), (id));                                        \
    if ((r)->bad) {                                                         \
        return -EPROTO;                                                     \
    }                                                                       \
    if (!f) {                                                               \
        return -EBADF;                                                      \
    }

static bool ro(const V9fsServer *s)
{
    return s->spec.readonly;
}

static int h_version(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t msize = rd32(r);
    const char *version = rd_str(r, NULL);

    if (r->bad) {
        return -EPROTO;
    }
    if (msize < P9_MIN_MSIZE) {
        return -EINVAL;
    }
    /* a new session: every fid goes */
    g_hash_table_remove_all(s->fids);
    s->msize = MIN(msize, V9FS_MAX_MSIZE);
    wr32(w, s->msize);
    wr_str(w, strncmp(version, "9P2000.L", 8) == 0 ? "9P2000.L" : "unknown");
    return 0;
}

static int h_auth(V9fsServer *s, Rd *r, Wr *w)
{
    (void)s, (void)r, (void)w;
    return -EOPNOTSUPP; /* no authentication: attach directly */
}

static int h_attach(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    struct stat st;
    int fd, e;

    rd32(r); /* afid */
    rd_str(r, NULL); /* uname */
    rd_str(r, NULL); /* aname: the export is the fsdev's path */
    uint32_t uid = rd32(r);
    if (r->bad) {
        return -EPROTO;
    }
    if (fid == P9_NOFID || fid_get(s, fid)) {
        return -EINVAL;
    }
    fd = dup(s->root_fd);
    if (fd < 0) {
        return -errno;
    }
    e = v9fs_fs_stat(s, fd, &st);
    if (e) {
        close(fd);
        return e;
    }
    if (!fid_new(s, fid, fd, g_strdup(""), uid == P9_NOFID ? 0 : uid,
                 S_IFDIR)) {
        return -EMFILE;
    }
    wr_qid(w, &st);
    return 0;
}

static int h_flush(V9fsServer *s, Rd *r, Wr *w)
{
    (void)s, (void)w;
    rd16(r); /* oldtag: already answered */
    return r->bad ? -EPROTO : 0;
}

static int h_walk(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r), newfid = rd32(r);
    uint16_t n = rd16(r);
    const char *names[P9_MAXWELEM];
    struct stat st[P9_MAXWELEM];
    int fd = -1, e = 0;
    unsigned done = 0;
    char *path;

    if (n > P9_MAXWELEM) {
        return r->bad ? -EPROTO : -EINVAL;
    }
    for (unsigned i = 0; i < n; i++) {
        size_t len;

        names[i] = rd_str(r, &len);
        if (!r->bad && !v9fs_name_ok(names[i], len, true)) {
            return -EINVAL;
        }
    }
    FID_OR(r, s, fid, f);
    if (newfid != fid && (newfid == P9_NOFID || fid_get(s, newfid))) {
        return -EINVAL;
    }
    if (f->xattr) {
        return -EINVAL;
    }
    V9fsFid cur = { .fd = f->fd, .path = f->path, .type = f->type };
    path = g_strdup(f->path);
    fd = dup(f->fd);
    if (fd < 0) {
        g_free(path);
        return -errno;
    }
    for (; done < n; done++) {
        int nfd;
        char *npath;

        cur.fd = fd;
        cur.path = path;
        e = v9fs_fs_walk(s, &cur, names[done], &nfd, &npath);
        if (!e) {
            e = v9fs_fs_stat(s, nfd, &st[done]);
            if (e) {
                close(nfd);
                g_free(npath);
            }
        }
        if (e) {
            break;
        }
        close(fd);
        g_free(path);
        fd = nfd;
        path = npath;
        cur.type = fd_type(fd);
    }
    if (done == 0 && n > 0) {
        close(fd);
        g_free(path);
        return e;
    }
    wr16(w, (uint16_t)done);
    for (unsigned i = 0; i < done; i++) {
        wr_qid(w, &st[i]);
    }
    if (done < n) {
        /* a partial walk: the qids so far, newfid not made */
        close(fd);
        g_free(path);
        return 0;
    }
    if (!fid_new(s, newfid, fd, path, f->uid, cur.type)) {
        return -EMFILE;
    }
    return 0;
}

static int h_getattr(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    struct stat st;
    int e;

    rd64(r); /* request_mask: the basic set is always there */
    FID_OR(r, s, fid, f);
    e = v9fs_fs_stat(s, f->fd, &st);
    if (e) {
        return e;
    }
    wr64(w, P9_GETATTR_BASIC);
    wr_qid(w, &st);
    wr32(w, st.st_mode);
    wr32(w, st.st_uid);
    wr32(w, st.st_gid);
    wr64(w, st.st_nlink);
    wr64(w, st.st_rdev);
    wr64(w, (uint64_t)st.st_size);
    wr64(w, (uint64_t)st.st_blksize);
    wr64(w, (uint64_t)st.st_blocks);
    wr64(w, (uint64_t)st.st_atim.tv_sec);
    wr64(w, (uint64_t)st.st_atim.tv_nsec);
    wr64(w, (uint64_t)st.st_mtim.tv_sec);
    wr64(w, (uint64_t)st.st_mtim.tv_nsec);
    wr64(w, (uint64_t)st.st_ctim.tv_sec);
    wr64(w, (uint64_t)st.st_ctim.tv_nsec);
    for (int i = 0; i < 4; i++) {
        wr64(w, 0); /* btime sec, nsec, gen, data_version */
    }
    return 0;
}

static int h_setattr(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r), valid = rd32(r), mode = rd32(r), uid = rd32(r),
             gid = rd32(r);
    uint64_t size = rd64(r), as = rd64(r), an = rd64(r), ms = rd64(r),
             mn = rd64(r);
    char pp[32];
    int e = 0;

    (void)w;
    FID_OR(r, s, fid, f);
    if (ro(s)) {
        return -EROFS;
    }
    if (valid & P9_SETATTR_MODE) {
        e = v9fs_fs_chmod(s, f, mode);
    }
    if (!e && (valid & (P9_SETATTR_UID | P9_SETATTR_GID))) {
        e = v9fs_fs_chown(s, f, uid, gid, valid & P9_SETATTR_UID,
                          valid & P9_SETATTR_GID);
    }
    if (!e && (valid & P9_SETATTR_SIZE)) {
        if (!S_ISREG(f->type)) {
            e = S_ISDIR(f->type) ? -EISDIR : -EINVAL;
        } else if (size > INT64_MAX) {
            e = -EFBIG;
        } else {
            v9fs_proc_path(f->fd, pp);
            e = truncate(pp, (off_t)size) < 0 ? -errno : 0;
        }
    }
    if (!e && (valid & (P9_SETATTR_ATIME | P9_SETATTR_MTIME))) {
        struct timespec ts[2] = {
            { .tv_nsec = UTIME_OMIT }, { .tv_nsec = UTIME_OMIT },
        };

        if (valid & P9_SETATTR_ATIME) {
            ts[0].tv_nsec = UTIME_NOW;
            if (valid & P9_SETATTR_ATIME_SET) {
                if (an >= 1000000000) {
                    return -EINVAL;
                }
                ts[0].tv_sec = (time_t)as;
                ts[0].tv_nsec = (long)an;
            }
        }
        if (valid & P9_SETATTR_MTIME) {
            ts[1].tv_nsec = UTIME_NOW;
            if (valid & P9_SETATTR_MTIME_SET) {
                if (mn >= 1000000000) {
                    return -EINVAL;
                }
                ts[1].tv_sec = (time_t)ms;
                ts[1].tv_nsec = (long)mn;
            }
        }
        if (S_ISLNK(f->type)) {
            e = utimensat(f->fd, "", ts, AT_EMPTY_PATH |
                                             AT_SYMLINK_NOFOLLOW) < 0
                    ? -errno : 0;
        } else {
            v9fs_proc_path(f->fd, pp);
            e = utimensat(AT_FDCWD, pp, ts, 0) < 0 ? -errno : 0;
        }
    }
    return e;
}

static int dotl_to_host(uint32_t fl)
{
    int h = (int)(fl & 3);

    for (size_t i = 0; i < G_N_ELEMENTS(dotl_flags); i++) {
        if (fl & dotl_flags[i].dotl) {
            h |= dotl_flags[i].host;
        }
    }
    return h;
}

static bool writes(int flags)
{
    return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_TRUNC | O_CREAT));
}

static int h_lopen(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r), fl = rd32(r);
    int flags = dotl_to_host(fl) & ~(O_CREAT | O_EXCL | O_NOCTTY);
    struct stat st;
    char pp[32];
    int o, e;

    FID_OR(r, s, fid, f);
    if (f->open_fd >= 0 || f->xattr) {
        return -EINVAL;
    }
    if ((flags & O_ACCMODE) == 3) {
        flags &= ~O_ACCMODE; /* "no access": open for reading */
    }
    if (ro(s) && writes(flags)) {
        return -EROFS;
    }
    if (S_ISLNK(f->type)) {
        return -ELOOP;
    }
    /* fifos, sockets and device nodes are the guest kernel's own (fs/9p
       makes them special inodes and never opens them here); a host fifo
       opened here would block the vCPU until a writer came */
    if (!S_ISREG(f->type) && !S_ISDIR(f->type)) {
        return -ENXIO;
    }
    e = v9fs_fs_stat(s, f->fd, &st);
    if (e) {
        return e;
    }
    v9fs_proc_path(f->fd, pp);
    /* the pinned inode itself, reopened: the magic link is ours and
       names exactly it */
    o = open(pp, (flags & ~O_NOFOLLOW) | O_CLOEXEC);
    if (o < 0) {
        return -errno;
    }
    f->open_fd = o;
    wr_qid(w, &st);
    wr32(w, 0); /* iounit: the client's msize rules */
    return 0;
}

/* the directory fid dfid and a new name in it */
static int dir_and_name(V9fsServer *s, Rd *r, uint32_t dfid,
                        const char *name, size_t len, V9fsFid **d)
{
    if (r->bad) {
        return -EPROTO;
    }
    *d = fid_get(s, dfid);
    if (!*d) {
        return -EBADF;
    }
    if (!v9fs_name_ok(name, len, false)) {
        return -EINVAL;
    }
    if (!S_ISDIR((*d)->type)) {
        return -ENOTDIR;
    }
    return ro(s) ? -EROFS : 0;
}

static int reply_qid_of(V9fsServer *s, int fd, Wr *w)
{
    struct stat st;
    int e = v9fs_fs_stat(s, fd, &st);

    if (!e) {
        wr_qid(w, &st);
    }
    return e;
}

static int h_lcreate(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    size_t len;
    const char *name = rd_str(r, &len);
    uint32_t fl = rd32(r), mode = rd32(r), gid = rd32(r);
    V9fsFid *d;
    int e = dir_and_name(s, r, fid, name, len, &d), ofd, fd;

    if (e) {
        return e;
    }
    if (d->open_fd >= 0 || d->xattr) {
        return -EINVAL;
    }
    /* always a new file (O_EXCL): the client creates only after a
       failed walk, and an existing fifo or device is never opened */
    e = v9fs_fs_create(s, d->fd, name,
                       (dotl_to_host(fl) & ~(O_DIRECTORY | O_NOCTTY)) |
                           O_EXCL,
                       mode, d->uid, gid, &ofd, &fd);
    if (e) {
        return e;
    }
    e = reply_qid_of(s, fd, w);
    wr32(w, 0);
    /* the fid now stands for the new, open file */
    close(d->fd);
    d->fd = fd;
    d->open_fd = ofd;
    d->type = S_IFREG;
    char *p = join(d->path, name);
    g_free(d->path);
    d->path = p;
    return e;
}

static int h_symlink(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    size_t len, tlen;
    const char *name = rd_str(r, &len);
    const char *target = rd_str(r, &tlen);
    uint32_t gid = rd32(r);
    V9fsFid *d;
    int e = dir_and_name(s, r, fid, name, len, &d), fd;

    if (e) {
        return e;
    }
    if (tlen == 0 || tlen >= 4096 || memchr(target, 0, tlen)) {
        return -EINVAL;
    }
    e = v9fs_fs_symlink(s, d->fd, name, target, d->uid, gid, &fd);
    if (e) {
        return e;
    }
    e = reply_qid_of(s, fd, w);
    close(fd);
    return e;
}

static int h_mknod(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    size_t len;
    const char *name = rd_str(r, &len);
    uint32_t mode = rd32(r), major = rd32(r), minor = rd32(r),
             gid = rd32(r);
    V9fsFid *d;
    int e = dir_and_name(s, r, fid, name, len, &d), fd;

    if (e) {
        return e;
    }
    if (!S_ISCHR(mode) && !S_ISBLK(mode) && !S_ISFIFO(mode) &&
        !S_ISSOCK(mode) && !S_ISREG(mode)) {
        return -EINVAL;
    }
    e = v9fs_fs_mknod(s, d->fd, name, mode, makedev(major, minor), d->uid,
                      gid, &fd);
    if (e) {
        return e;
    }
    e = reply_qid_of(s, fd, w);
    close(fd);
    return e;
}

static int h_mkdir(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    size_t len;
    const char *name = rd_str(r, &len);
    uint32_t mode = rd32(r), gid = rd32(r);
    V9fsFid *d;
    int e = dir_and_name(s, r, fid, name, len, &d), fd;

    if (e) {
        return e;
    }
    e = v9fs_fs_mkdir(s, d->fd, name, mode, d->uid, gid, &fd);
    if (e) {
        return e;
    }
    e = reply_qid_of(s, fd, w);
    close(fd);
    return e;
}

static int h_readlink(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    char *t;
    int e;

    FID_OR(r, s, fid, f);
    e = v9fs_fs_readlink(s, f, &t);
    if (!e) {
        wr_str(w, t);
        g_free(t);
    }
    return e;
}

static int h_rename(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r), dfid = rd32(r);
    size_t len;
    const char *name = rd_str(r, &len);
    const char *base;
    V9fsFid *d;
    int e = dir_and_name(s, r, dfid, name, len, &d), pfd;

    (void)w;
    if (e) {
        return e;
    }
    V9fsFid *f = fid_get(s, fid);
    if (!f) {
        return -EBADF;
    }
    e = v9fs_fs_parent(s, f->path, &pfd, &base);
    if (e) {
        return e;
    }
    if (renameat(pfd, base, d->fd, name) < 0) {
        e = -errno;
    }
    close(pfd);
    if (!e) {
        char *old = g_strdup(f->path), *new = join(d->path, name);

        fids_renamed(s, old, new);
        g_free(old);
        g_free(new);
    }
    return e;
}

static int h_renameat(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t ofid = rd32(r);
    size_t olen, nlen;
    const char *oname = rd_str(r, &olen);
    uint32_t nfid = rd32(r);
    const char *nname = rd_str(r, &nlen);
    V9fsFid *od, *nd;
    int e = dir_and_name(s, r, ofid, oname, olen, &od);

    (void)w;
    if (!e) {
        e = dir_and_name(s, r, nfid, nname, nlen, &nd);
    }
    if (e) {
        return e;
    }
    if (renameat(od->fd, oname, nd->fd, nname) < 0) {
        return -errno;
    }
    char *old = join(od->path, oname), *new = join(nd->path, nname);
    fids_renamed(s, old, new);
    g_free(old);
    g_free(new);
    return 0;
}

static int h_unlinkat(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    size_t len;
    const char *name = rd_str(r, &len);
    uint32_t flags = rd32(r);
    V9fsFid *d;
    int e = dir_and_name(s, r, fid, name, len, &d);

    (void)w;
    if (e) {
        return e;
    }
    if (flags & ~(uint32_t)P9_AT_REMOVEDIR) {
        return -EINVAL;
    }
    return unlinkat(d->fd, name, flags ? AT_REMOVEDIR : 0) < 0 ? -errno : 0;
}

static int h_link(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t dfid = rd32(r), fid = rd32(r);
    size_t len;
    const char *name = rd_str(r, &len);
    const char *base;
    V9fsFid *d;
    int e = dir_and_name(s, r, dfid, name, len, &d), pfd;

    (void)w;
    if (e) {
        return e;
    }
    V9fsFid *f = fid_get(s, fid);
    if (!f) {
        return -EBADF;
    }
    if (S_ISDIR(f->type)) {
        return -EPERM;
    }
    /* by parent and name, the last component not followed */
    e = v9fs_fs_parent(s, f->path, &pfd, &base);
    if (e) {
        return e;
    }
    if (linkat(pfd, base, d->fd, name, 0) < 0) {
        e = -errno;
    }
    close(pfd);
    return e;
}

static int h_remove(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    const char *base;
    int e, pfd;

    (void)w;
    FID_OR(r, s, fid, f);
    if (ro(s)) {
        e = -EROFS;
    } else {
        e = v9fs_fs_parent(s, f->path, &pfd, &base);
        if (!e) {
            if (unlinkat(pfd, base, S_ISDIR(f->type) ? AT_REMOVEDIR : 0) <
                0) {
                e = -errno;
            }
            close(pfd);
        }
    }
    /* Tremove clunks the fid whatever happened */
    g_hash_table_remove(s->fids, GUINT_TO_POINTER(fid));
    return e;
}

static int h_statfs(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    struct statfs sf;

    FID_OR(r, s, fid, f);
    if (fstatfs(f->fd, &sf) < 0) {
        return -errno;
    }
    wr32(w, (uint32_t)sf.f_type);
    wr32(w, (uint32_t)sf.f_bsize);
    wr64(w, sf.f_blocks);
    wr64(w, sf.f_bfree);
    wr64(w, sf.f_bavail);
    wr64(w, sf.f_files);
    wr64(w, sf.f_ffree);
    wr64(w, (uint32_t)sf.f_fsid.__val[0] |
                (uint64_t)(uint32_t)sf.f_fsid.__val[1] << 32);
    wr32(w, (uint32_t)sf.f_namelen);
    return 0;
}

static int h_fsync(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r), datasync = rd32(r);

    (void)w;
    FID_OR(r, s, fid, f);
    if (f->open_fd < 0) {
        return -EBADF;
    }
    return (datasync ? fdatasync(f->open_fd) : fsync(f->open_fd)) < 0
               ? -errno : 0;
}

/* POSIX locks: the guest kernel takes them locally first (fs/9p's
   v9fs_file_do_lock); across guests nothing is shared, so, as in QEMU,
   the server grants every lock and reports no conflicting one */
static int h_lock(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    uint8_t type = rd8(r);

    rd32(r); /* flags */
    rd64(r); /* start */
    rd64(r); /* length */
    rd32(r); /* proc_id */
    rd_str(r, NULL);
    FID_OR(r, s, fid, f);
    if (type > P9_LOCK_TYPE_UNLCK) {
        return -EINVAL;
    }
    wr8(w, P9_LOCK_SUCCESS);
    return 0;
}

static int h_getlock(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    uint8_t type = rd8(r);
    uint64_t start = rd64(r), length = rd64(r);
    uint32_t proc_id = rd32(r);
    const char *client = rd_str(r, NULL);

    FID_OR(r, s, fid, f);
    if (type > P9_LOCK_TYPE_UNLCK) {
        return -EINVAL;
    }
    wr8(w, P9_LOCK_TYPE_UNLCK);
    wr64(w, start);
    wr64(w, length);
    wr32(w, proc_id);
    wr_str(w, client);
    return 0;
}

/* the most data a Rread / Rreaddir may carry */
static uint32_t io_max(const V9fsServer *s, const Wr *w)
{
    size_t room = MIN((size_t)s->msize, w->cap);

    return room > P9_RREAD_HDR ? (uint32_t)(room - P9_RREAD_HDR) : 0;
}

static int h_read(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    uint64_t off = rd64(r);
    uint32_t count = rd32(r);
    ssize_t n;

    FID_OR(r, s, fid, f);
    count = MIN(count, io_max(s, w));
    if (f->xattr && !f->xattr_create) {
        n = off < f->xlen ? (ssize_t)MIN((uint64_t)count, f->xlen - off) : 0;
        wr32(w, (uint32_t)n);
        wr_bytes(w, f->xbuf + (n ? off : 0), (size_t)n);
        return 0;
    }
    if (f->open_fd < 0 || f->xattr) {
        return -EBADF;
    }
    if (off > INT64_MAX) {
        return -EINVAL;
    }
    /* the data straight into the reply, after its count */
    do {
        n = pread(f->open_fd, w->p + w->off + 4, count, (off_t)off);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return -errno;
    }
    wr32(w, (uint32_t)n);
    w->off += (size_t)n;
    return 0;
}

static int h_write(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    uint64_t off = rd64(r);
    uint32_t count = rd32(r);
    const uint8_t *data = rd_bytes(r, count);
    ssize_t n;

    FID_OR(r, s, fid, f);
    if (f->xattr_create) {
        if (off != f->xcopied || count > f->xlen - f->xcopied) {
            return -EINVAL;
        }
        memcpy(f->xbuf + off, data, count);
        f->xcopied += count;
        wr32(w, count);
        return 0;
    }
    if (f->open_fd < 0 || f->xattr) {
        return -EBADF;
    }
    if (ro(s)) {
        return -EROFS;
    }
    if (off > INT64_MAX) {
        return -EINVAL;
    }
    do {
        n = pwrite(f->open_fd, data, count, (off_t)off);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return -errno;
    }
    wr32(w, (uint32_t)n);
    return 0;
}

static int h_clunk(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    int e = 0;

    (void)w;
    FID_OR(r, s, fid, f);
    if (f->xattr_create) {
        /* the value is set now that it is complete (size 0: removed) */
        if (f->xcopied != f->xlen) {
            e = -EINVAL;
        } else {
            e = v9fs_fs_setxattr(s, f, f->xname, f->xlen ? f->xbuf : NULL,
                                 f->xlen, f->xflags);
        }
    }
    g_hash_table_remove(s->fids, GUINT_TO_POINTER(fid));
    return e;
}

/* linux_dirent64 as getdents64 fills it */
struct host_dirent {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int h_readdir(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    uint64_t off = rd64(r);
    uint32_t count = rd32(r);
    size_t start, bufsz;
    char *buf;
    long n;

    FID_OR(r, s, fid, f);
    if (f->open_fd < 0 || !S_ISDIR(f->type)) {
        return -EBADF;
    }
    count = MIN(count, io_max(s, w));
    if (off > INT64_MAX || lseek(f->open_fd, (off_t)off, SEEK_SET) < 0) {
        return off > INT64_MAX ? -EINVAL : -errno;
    }
    bufsz = MAX((size_t)count, 4096);
    buf = g_malloc(bufsz);
    n = syscall(SYS_getdents64, f->open_fd, buf, bufsz);
    if (n < 0) {
        int e = -errno;
        g_free(buf);
        return e;
    }
    wr32(w, 0); /* count, filled in below */
    start = w->off;
    for (long i = 0; i < n;) {
        struct host_dirent *d = (struct host_dirent *)(buf + i);
        size_t len = strlen(d->d_name);
        uint8_t qt = d->d_type == DT_DIR ? V9FS_QTDIR
                     : d->d_type == DT_LNK ? V9FS_QTSYMLINK : V9FS_QTFILE;

        /* qid[13] offset[8] type[1] name[s] */
        if (w->off - start + 24 + len > count) {
            break;
        }
        wr8(w, qt);
        wr32(w, 0);
        wr64(w, d->d_ino);
        wr64(w, (uint64_t)d->d_off);
        wr8(w, d->d_type);
        wr16(w, (uint16_t)len);
        wr_bytes(w, d->d_name, len);
        i += d->d_reclen;
    }
    g_free(buf);
    uint32_t got = (uint32_t)(w->off - start);
    for (int i = 0; i < 4; i++) {
        w->p[start - 4 + i] = (uint8_t)(got >> (8 * i));
    }
    return 0;
}

static int h_xattrwalk(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r), newfid = rd32(r);
    size_t len;
    const char *name = rd_str(r, &len);
    ssize_t n;
    uint8_t *buf;

    FID_OR(r, s, fid, f);
    if (newfid == P9_NOFID || (newfid != fid && fid_get(s, newfid)) ||
        len > V9FS_NAME_MAX || memchr(name, 0, len) || f->xattr) {
        return -EINVAL;
    }
    n = len ? v9fs_fs_getxattr(s, f, name, NULL, 0)
            : v9fs_fs_listxattr(s, f, NULL, 0);
    if (n < 0) {
        return (int)n;
    }
    if (n > V9FS_XATTR_MAX) {
        return -E2BIG;
    }
    if (s->xattr_mem + (uint64_t)n > V9FS_XATTR_TOTAL) {
        return -ENOMEM;
    }
    buf = g_malloc((size_t)n + 1);
    if (n) {
        n = len ? v9fs_fs_getxattr(s, f, name, buf, (size_t)n)
                : v9fs_fs_listxattr(s, f, (char *)buf, (size_t)n);
        if (n < 0) {
            g_free(buf);
            return (int)n;
        }
    }
    int fd = dup(f->fd);
    if (fd < 0) {
        g_free(buf);
        return -errno;
    }
    V9fsFid *x = fid_new(s, newfid, fd, g_strdup(f->path), f->uid, f->type);
    if (!x) {
        g_free(buf);
        return -EMFILE;
    }
    x->xattr = true;
    x->xbuf = buf;
    x->xlen = (uint64_t)n;
    s->xattr_mem += x->xlen;
    wr64(w, (uint64_t)n);
    return 0;
}

static int h_xattrcreate(V9fsServer *s, Rd *r, Wr *w)
{
    uint32_t fid = rd32(r);
    size_t len;
    const char *name = rd_str(r, &len);
    uint64_t size = rd64(r);
    uint32_t flags = rd32(r);

    (void)w;
    FID_OR(r, s, fid, f);
    if (len == 0 || len > V9FS_NAME_MAX || memchr(name, 0, len) ||
        size > V9FS_XATTR_MAX || (flags & ~(uint32_t)(XATTR_CREATE |
                                                      XATTR_REPLACE)) ||
        f->xattr || f->open_fd >= 0) {
        return -EINVAL;
    }
    if (ro(s)) {
        return -EROFS;
    }
    if (s->xattr_mem + size > V9FS_XATTR_TOTAL) {
        return -ENOMEM;
    }
    /* the fid becomes the value being written */
    f->xattr = f->xattr_create = true;
    f->xname = g_strdup(name);
    f->xbuf = g_malloc0(size + 1);
    f->xlen = size;
    s->xattr_mem += size;
    f->xcopied = 0;
    f->xflags = (int)flags;
    return 0;
}

static const struct {
    uint8_t type;
    P9Handler fn;
} p9_handlers[] = {
    { P9_TSTATFS, h_statfs },       { P9_TLOPEN, h_lopen },
    { P9_TLCREATE, h_lcreate },     { P9_TSYMLINK, h_symlink },
    { P9_TMKNOD, h_mknod },         { P9_TRENAME, h_rename },
    { P9_TREADLINK, h_readlink },   { P9_TGETATTR, h_getattr },
    { P9_TSETATTR, h_setattr },     { P9_TXATTRWALK, h_xattrwalk },
    { P9_TXATTRCREATE, h_xattrcreate }, { P9_TREADDIR, h_readdir },
    { P9_TFSYNC, h_fsync },         { P9_TLOCK, h_lock },
    { P9_TGETLOCK, h_getlock },     { P9_TLINK, h_link },
    { P9_TMKDIR, h_mkdir },         { P9_TRENAMEAT, h_renameat },
    { P9_TUNLINKAT, h_unlinkat },   { P9_TVERSION, h_version },
    { P9_TAUTH, h_auth },           { P9_TATTACH, h_attach },
    { P9_TFLUSH, h_flush },         { P9_TWALK, h_walk },
    { P9_TREAD, h_read },           { P9_TWRITE, h_write },
    { P9_TCLUNK, h_clunk },         { P9_TREMOVE, h_remove },
};

static size_t put_header(uint8_t *rep, size_t len, uint8_t type,
                         uint16_t tag)
{
    for (int i = 0; i < 4; i++) {
        rep[i] = (uint8_t)(len >> (8 * i));
    }
    rep[4] = type;
    rep[5] = (uint8_t)tag;
    rep[6] = (uint8_t)(tag >> 8);
    return len;
}

static size_t put_error(uint8_t *rep, size_t cap, uint16_t tag, int err)
{
    const size_t len = V9FS_HDR + 4;

    if (cap < len) {
        return 0;
    }
    for (int i = 0; i < 4; i++) {
        rep[V9FS_HDR + i] = (uint8_t)((uint32_t)err >> (8 * i));
    }
    return put_header(rep, len, P9_RLERROR, tag);
}

size_t v9fs_handle(V9fsServer *s, const uint8_t *req, size_t req_len,
                   uint8_t *rep, size_t rep_cap)
{
    uint32_t size;
    uint8_t type;
    uint16_t tag;
    P9Handler fn = NULL;
    int e;

    if (req_len < V9FS_HDR) {
        return put_error(rep, rep_cap, P9_NOTAG, EPROTO);
    }
    size = (uint32_t)req[0] | (uint32_t)req[1] << 8 |
           (uint32_t)req[2] << 16 | (uint32_t)req[3] << 24;
    type = req[4];
    tag = (uint16_t)(req[5] | req[6] << 8);
    if (size < V9FS_HDR || size > req_len || size > MAX(s->msize, 8192u)) {
        return put_error(rep, rep_cap, tag, EPROTO);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(p9_handlers); i++) {
        if (p9_handlers[i].type == type) {
            fn = p9_handlers[i].fn;
        }
    }
    if (!fn) {
        return put_error(rep, rep_cap, tag, EOPNOTSUPP);
    }
    if (rep_cap < V9FS_HDR + 4) {
        return 0;
    }
    Rd r = { .p = req, .len = size, .off = V9FS_HDR,
             .strs = g_ptr_array_new_with_free_func(g_free) };
    Wr w = { .p = rep, .cap = MIN(rep_cap, (size_t)MAX(s->msize, 8192u)),
             .off = V9FS_HDR };
    e = fn(s, &r, &w);
    g_ptr_array_free(r.strs, true);
    if (!e && w.full) {
        e = -ERANGE;
    }
    if (e) {
        return put_error(rep, rep_cap, tag, -e);
    }
    return put_header(rep, w.off, (uint8_t)(type + 1), tag);
}

/* ------------------------------------------------------------ server */

V9fsServer *v9fs_server_new(const FsdevSpec *spec, char **err)
{
    V9fsServer *s;
    int fd, e = v9fs_fs_open_root(spec->path, &fd);

    if (e) {
        *err = g_strdup_printf("cannot initialize fsdev '%s': failed to "
                               "open '%s': %s", spec->id, spec->path,
                               g_strerror(-e));
        return NULL;
    }
    /* each fid holds a descriptor: the soft limit (often 1024) up to the
       hard one, as a guest with a 9p root keeps many fids */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    s = g_new0(V9fsServer, 1);
    s->spec.id = g_strdup(spec->id);
    s->spec.path = g_strdup(spec->path);
    s->spec.sm = spec->sm;
    s->spec.readonly = spec->readonly;
    s->root_fd = fd;
    s->msize = 8192;
    s->fids = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                    fid_free);
    return s;
}

void v9fs_server_reset(V9fsServer *s)
{
    g_hash_table_remove_all(s->fids);
    s->msize = 8192;
}

void v9fs_server_free(V9fsServer *s)
{
    if (!s) {
        return;
    }
    g_hash_table_destroy(s->fids);
    close(s->root_fd);
    g_free(s->spec.id);
    g_free(s->spec.path);
    g_free(s);
}
