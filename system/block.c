/*
 * system/block.c: block backends (include/block.h): opening and locking
 * image files, the format drivers' table (raw here, qcow2 in
 * block-qcow2.c), format probing, and the snapshot=on overlay.
 *
 * A backend is the top BlockNode of a chain (system/block-int.h).
 * snapshot=on layers an in-memory overlay of 64 KiB chunks over the
 * read-only chain: the first write to a chunk copies it from the chain,
 * reads take the chunk from the overlay where there is one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "system/block-int.h"

#define SNAP_CHUNK (64u << 10)

struct BlockBackend {
    BlockNode *top;
    bool readonly;          /* the guest may not write */
    bool probed;
    GHashTable *overlay;    /* snapshot: chunk index -> SNAP_CHUNK bytes */
    GMutex overlay_lock;
    BlockStats *stats;      /* the drive's, or own_stats */
    BlockStats own_stats;
};

static const struct {
    const char *name;
    BlockCache cache;
} blk_caches[] = {
    { "writeback", BLOCK_CACHE_WRITEBACK },
    { "none", BLOCK_CACHE_NONE },
    { "writethrough", BLOCK_CACHE_WRITETHROUGH },
    { "directsync", BLOCK_CACHE_DIRECTSYNC },
    { "unsafe", BLOCK_CACHE_UNSAFE },
};

static const struct {
    const char *name;
    BlockFormat format;
    const BlockDriver *drv;
} blk_formats[] = {
    { "raw", BLOCK_FORMAT_RAW, &block_drv_raw },
    { "qcow2", BLOCK_FORMAT_QCOW2, &block_drv_qcow2 },
};

bool blk_parse_cache(const char *s, BlockCache *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(blk_caches); i++) {
        if (strcmp(s, blk_caches[i].name) == 0) {
            *out = blk_caches[i].cache;
            return true;
        }
    }
    return false;
}

bool blk_parse_format(const char *s, BlockFormat *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(blk_formats); i++) {
        if (strcmp(s, blk_formats[i].name) == 0) {
            *out = blk_formats[i].format;
            return true;
        }
    }
    return false;
}

const char *blk_format_name(BlockFormat f)
{
    for (size_t i = 0; i < G_N_ELEMENTS(blk_formats); i++) {
        if (blk_formats[i].format == f) {
            return blk_formats[i].name;
        }
    }
    return "probe";
}

/* the qcow2 magic (its specification: "QFI\xfb") */
static BlockFormat blk_probe_fd(int fd)
{
    unsigned char magic[4];

    if (pread(fd, magic, 4, 0) == 4 && memcmp(magic, "QFI\xfb", 4) == 0) {
        return BLOCK_FORMAT_QCOW2;
    }
    return BLOCK_FORMAT_RAW;
}

BlockFormat blk_probe_file(const char *file)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    BlockFormat f;

    if (fd < 0) {
        return BLOCK_FORMAT_RAW;
    }
    f = blk_probe_fd(fd);
    close(fd);
    return f;
}

/* the whole-file lock: a write lock for a writer, a read lock otherwise */
static bool blk_lock(int fd, bool write)
{
    struct flock fl = {
        .l_type = write ? F_WRLCK : F_RDLCK,
        .l_whence = SEEK_SET,
        .l_start = 0,
        .l_len = 0,
    };

    return fcntl(fd, F_OFD_SETLK, &fl) == 0;
}

int blk_file_io(int fd, uint64_t off, void *buf, size_t len, bool write)
{
    uint8_t *p = buf;

    while (len) {
        ssize_t n = write ? pwrite(fd, p, len, (off_t)off)
                          : pread(fd, p, len, (off_t)off);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return -errno;
        }
        if (n == 0) {
            return -EIO;
        }
        p += n;
        off += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

/* ------------------------------------------------------------ raw */

static bool raw_open(BlockNode *n, int depth, char **err)
{
    off_t end = lseek(n->fd, 0, SEEK_END);

    if (end < 0) {
        *err = g_strdup_printf("'%s': cannot find its size: %s", n->file,
                               strerror(errno));
        return false;
    }
    n->size = (uint64_t)end;
    return true;
}

static int raw_pread(BlockNode *n, uint64_t off, void *buf, size_t len)
{
    return blk_file_io(n->fd, off, buf, len, false);
}

static int raw_pwrite(BlockNode *n, uint64_t off, const void *buf,
                      size_t len)
{
    return blk_file_io(n->fd, off, (void *)buf, len, true);
}

/* a hole punched into the file (fallocate(2): the range then reads as
   zeros, the size stays); a file system or device that cannot punch
   keeps the data, which a discard allows */
static int raw_discard(BlockNode *n, uint64_t off, uint64_t len)
{
    if (fallocate(n->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                  (off_t)off, (off_t)len) < 0 &&
        errno != EOPNOTSUPP && errno != ENOSYS && errno != ENODEV) {
        return -errno;
    }
    return 0;
}

const BlockDriver block_drv_raw = {
    .name = "raw",
    .open = raw_open,
    .pread = raw_pread,
    .pwrite = raw_pwrite,
    .discard = raw_discard,
};

/* ------------------------------------------------------------ nodes */

BlockNode *blk_node_open(const char *path, BlockFormat fmt, bool writable,
                         BlockCache cache, int depth, char **err)
{
    int flags = (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC;
    struct stat st;
    BlockNode *n;
    int fd;

    if (writable && (cache == BLOCK_CACHE_WRITETHROUGH ||
                     cache == BLOCK_CACHE_DIRECTSYNC)) {
        flags |= O_DSYNC;
    }
    fd = open(path, flags);
    if (fd < 0) {
        *err = g_strdup_printf("Could not open '%s': %s", path,
                               strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
        *err = g_strdup_printf("'%s' is not a regular file or block device",
                               path);
        close(fd);
        return NULL;
    }
    if (!blk_lock(fd, writable)) {
        *err = g_strdup_printf("Failed to get \"%s\" lock on '%s': is "
                               "another process using the image?",
                               writable ? "write" : "shared", path);
        close(fd);
        return NULL;
    }
    if (fmt == BLOCK_FORMAT_PROBE) {
        fmt = blk_probe_fd(fd);
    }
    n = g_new0(BlockNode, 1);
    g_mutex_init(&n->lock);
    n->file = g_strdup(path);
    n->fd = fd;
    n->writable = writable;
    n->cache = cache;
    for (size_t i = 0; i < G_N_ELEMENTS(blk_formats); i++) {
        if (blk_formats[i].format == fmt) {
            n->drv = blk_formats[i].drv;
        }
    }
    if (!n->drv->open(n, depth, err)) {
        blk_node_close(n);
        return NULL;
    }
    return n;
}

void blk_node_close(BlockNode *n)
{
    if (!n) {
        return;
    }
    if (n->drv && n->drv->close) {
        n->drv->close(n);
    }
    close(n->fd);
    g_mutex_clear(&n->lock);
    g_free(n->file);
    g_free(n);
}

int blk_node_pread(BlockNode *n, uint64_t off, void *buf, size_t len)
{
    int r;

    g_mutex_lock(&n->lock);
    r = n->drv->pread(n, off, buf, len);
    g_mutex_unlock(&n->lock);
    return r;
}

int blk_node_pwrite(BlockNode *n, uint64_t off, const void *buf, size_t len)
{
    int r;

    g_mutex_lock(&n->lock);
    r = n->drv->pwrite(n, off, buf, len);
    g_mutex_unlock(&n->lock);
    return r;
}

int blk_node_flush(BlockNode *n)
{
    int r = 0;

    if (!n->writable || n->cache == BLOCK_CACHE_UNSAFE) {
        return 0;
    }
    if (n->drv->flush) {
        g_mutex_lock(&n->lock);
        r = n->drv->flush(n);
        g_mutex_unlock(&n->lock);
    }
    if (r == 0 && fdatasync(n->fd) < 0) {
        r = -errno;
    }
    return r;
}

/* ------------------------------------------------------------ backends */

BlockBackend *blk_open(const BlockOpenOpts *o, char **err)
{
    bool host_write = !o->readonly && !o->snapshot;
    BlockNode *top = blk_node_open(o->file, o->format, host_write, o->cache,
                                   0, err);
    BlockBackend *b;

    if (!top) {
        return NULL;
    }
    b = g_new0(BlockBackend, 1);
    b->top = top;
    b->readonly = o->readonly;
    b->probed = o->probed;
    b->stats = o->stats ? o->stats : &b->own_stats;
    g_mutex_init(&b->overlay_lock);
    if (o->snapshot) {
        b->overlay = g_hash_table_new_full(g_int64_hash, g_int64_equal,
                                           g_free, g_free);
    }
    return b;
}

void blk_close(BlockBackend *b)
{
    if (!b) {
        return;
    }
    blk_node_close(b->top);
    if (b->overlay) {
        g_hash_table_destroy(b->overlay);
    }
    g_mutex_clear(&b->overlay_lock);
    g_free(b);
}

uint64_t blk_size(const BlockBackend *b)
{
    return b->top->size;
}

bool blk_readonly(const BlockBackend *b)
{
    return b->readonly;
}

const char *blk_filename(const BlockBackend *b)
{
    return b->top->file;
}

static bool blk_range_ok(const BlockBackend *b, uint64_t off, size_t len)
{
    return off <= b->top->size && len <= b->top->size - off;
}

/* the overlay chunk holding chunk index idx, copied from the chain first
   if create and it is not there yet; NULL if absent (or on error: *r) */
static uint8_t *blk_snap_chunk(BlockBackend *b, uint64_t idx, bool create,
                               int *r)
{
    gint64 key = (gint64)idx;
    uint8_t *c = g_hash_table_lookup(b->overlay, &key);

    if (c || !create) {
        return c;
    }
    c = g_malloc0(SNAP_CHUNK);
    uint64_t off = idx * SNAP_CHUNK;
    size_t n = (size_t)MIN((uint64_t)SNAP_CHUNK, b->top->size - off);
    *r = blk_node_pread(b->top, off, c, n);
    if (*r < 0) {
        g_free(c);
        return NULL;
    }
    g_hash_table_insert(b->overlay, g_memdup2(&key, sizeof(key)), c);
    return c;
}

static int blk_snap_io(BlockBackend *b, uint64_t off, uint8_t *buf,
                       size_t len, bool write)
{
    int r = 0;

    g_mutex_lock(&b->overlay_lock);
    while (len) {
        uint64_t idx = off / SNAP_CHUNK;
        size_t in = (size_t)(off % SNAP_CHUNK);
        size_t n = MIN(len, SNAP_CHUNK - in);
        uint8_t *c = blk_snap_chunk(b, idx, write, &r);

        if (r < 0) {
            break;
        }
        if (write) {
            memcpy(c + in, buf, n);
        } else if (c) {
            memcpy(buf, c + in, n);
        } else if ((r = blk_node_pread(b->top, off, buf, n)) < 0) {
            break;
        }
        off += n;
        buf += n;
        len -= n;
    }
    g_mutex_unlock(&b->overlay_lock);
    return r;
}

/* ------------------------------------------------------------ accounting */

static void stat_add(uint64_t *c, uint64_t v)
{
    __atomic_fetch_add(c, v, __ATOMIC_RELAXED);
}

static void stat_max(uint64_t *c, uint64_t v)
{
    uint64_t old = __atomic_load_n(c, __ATOMIC_RELAXED);

    while (old < v && !__atomic_compare_exchange_n(c, &old, v, true,
                                                   __ATOMIC_RELAXED,
                                                   __ATOMIC_RELAXED)) {
    }
}

const BlockStats *blk_stats(const BlockBackend *b)
{
    return b->stats;
}

int64_t blk_acct_start(void)
{
    return g_get_monotonic_time();
}

void blk_acct_done(BlockBackend *b, BlockAcctType t, uint64_t bytes,
                   int64_t start, bool ok)
{
    if (!ok) {
        stat_add(&b->stats->failed[t], 1);
        return;
    }
    stat_add(&b->stats->ops[t], 1);
    stat_add(&b->stats->bytes[t], bytes);
    stat_add(&b->stats->total_ns[t],
             (uint64_t)(g_get_monotonic_time() - start) * 1000);
}

void blk_acct_invalid(BlockBackend *b, BlockAcctType t)
{
    stat_add(&b->stats->invalid[t], 1);
}

/* ------------------------------------------------------------ I/O */

int blk_pread(BlockBackend *b, uint64_t off, void *buf, size_t len)
{
    if (!blk_range_ok(b, off, len)) {
        return -EINVAL;
    }
    if (b->overlay) {
        return blk_snap_io(b, off, buf, len, false);
    }
    return blk_node_pread(b->top, off, buf, len);
}

int blk_pwrite(BlockBackend *b, uint64_t off, const void *buf, size_t len)
{
    if (b->readonly) {
        return -EROFS;
    }
    if (!blk_range_ok(b, off, len)) {
        return -EINVAL;
    }
    /* a probed raw image must not start to look like a qcow2 one, which
       the next probe would then trust (QEMU restricts block 0 alike) */
    if (b->probed && off == 0 && len >= 4 &&
        memcmp(buf, "QFI\xfb", 4) == 0) {
        return -EPERM;
    }
    int r = b->overlay ? blk_snap_io(b, off, (uint8_t *)buf, len, true)
                       : blk_node_pwrite(b->top, off, buf, len);
    if (r == 0) {
        stat_max(&b->stats->wr_highest_offset, off + len);
    }
    return r;
}

int blk_discard(BlockBackend *b, uint64_t off, uint64_t len)
{
    int r = 0;

    if (b->readonly) {
        return -EROFS;
    }
    if (off > b->top->size || len > b->top->size - off) {
        return -EINVAL;
    }
    /* -snapshot: the overlay keeps what the guest wrote; nothing to drop
       in the image, which the guest never changes */
    if (b->overlay || !b->top->drv->discard || len == 0) {
        return 0;
    }
    g_mutex_lock(&b->top->lock);
    r = b->top->drv->discard(b->top, off, len);
    g_mutex_unlock(&b->top->lock);
    if (r == 0) {
        stat_add(&b->stats->discard_nb_ok, 1);
        stat_add(&b->stats->discard_bytes_ok, len);
    } else {
        stat_add(&b->stats->discard_nb_failed, 1);
    }
    return r;
}

int blk_write_zeroes(BlockBackend *b, uint64_t off, uint64_t len)
{
    static const uint8_t zeros[65536];
    int r = 0;

    if (off > blk_size(b) || len > blk_size(b) - off) {
        return -EINVAL;
    }
    while (len && r == 0) {
        size_t n = (size_t)MIN(len, (uint64_t)sizeof(zeros));

        r = blk_pwrite(b, off, zeros, n);
        off += n;
        len -= n;
    }
    return r;
}

int blk_flush(BlockBackend *b)
{
    if (b->readonly || b->overlay) {
        return 0;
    }
    return blk_node_flush(b->top);
}
