/*
 * system/block.c: raw block backends (include/block.h).
 *
 * An image is a file descriptor and its size, fixed at open (a raw image
 * does not grow).  snapshot=on layers an in-memory overlay of 64 KiB
 * chunks over the read-only file: the first write to a chunk copies it
 * from the file, reads take the chunk from the overlay where there is
 * one.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "block.h"

#define SNAP_CHUNK (64u << 10)

struct BlockBackend {
    char *file;
    int fd;
    uint64_t size;
    bool readonly;          /* the guest may not write */
    bool snapshot;
    bool probed;
    BlockCache cache;
    GHashTable *overlay;    /* snapshot: chunk index -> SNAP_CHUNK bytes */
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

BlockBackend *blk_open(const BlockOpenOpts *o, char **err)
{
    bool host_write = !o->readonly && !o->snapshot;
    int flags = (host_write ? O_RDWR : O_RDONLY) | O_CLOEXEC;
    struct stat st;
    BlockBackend *b;
    off_t end;
    int fd;

    if (host_write && (o->cache == BLOCK_CACHE_WRITETHROUGH ||
                       o->cache == BLOCK_CACHE_DIRECTSYNC)) {
        flags |= O_DSYNC;
    }
    fd = open(o->file, flags);
    if (fd < 0) {
        *err = g_strdup_printf("Could not open '%s': %s", o->file,
                               strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
        *err = g_strdup_printf("'%s' is not a regular file or block device",
                               o->file);
        close(fd);
        return NULL;
    }
    if (!blk_lock(fd, host_write)) {
        *err = g_strdup_printf("Failed to get \"%s\" lock on '%s': is "
                               "another process using the image?",
                               host_write ? "write" : "shared", o->file);
        close(fd);
        return NULL;
    }
    end = lseek(fd, 0, SEEK_END);
    if (end < 0) {
        *err = g_strdup_printf("'%s': cannot find its size: %s", o->file,
                               strerror(errno));
        close(fd);
        return NULL;
    }
    b = g_new0(BlockBackend, 1);
    b->file = g_strdup(o->file);
    b->fd = fd;
    b->size = (uint64_t)end;
    b->readonly = o->readonly;
    b->snapshot = o->snapshot;
    b->cache = o->cache;
    b->probed = o->probed;
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
    close(b->fd);
    if (b->overlay) {
        g_hash_table_destroy(b->overlay);
    }
    g_free(b->file);
    g_free(b);
}

uint64_t blk_size(const BlockBackend *b)
{
    return b->size;
}

bool blk_readonly(const BlockBackend *b)
{
    return b->readonly;
}

const char *blk_filename(const BlockBackend *b)
{
    return b->file;
}

static bool blk_range_ok(const BlockBackend *b, uint64_t off, size_t len)
{
    return off <= b->size && len <= b->size - off;
}

/* pread/pwrite until done (short transfers are retried; EOF is EIO) */
static int blk_file_io(int fd, uint64_t off, void *buf, size_t len,
                       bool write)
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

/* the overlay chunk holding chunk index idx, copied from the file first
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
    size_t n = (size_t)MIN((uint64_t)SNAP_CHUNK, b->size - off);
    *r = blk_file_io(b->fd, off, c, n, false);
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
    while (len) {
        uint64_t idx = off / SNAP_CHUNK;
        size_t in = (size_t)(off % SNAP_CHUNK);
        size_t n = MIN(len, SNAP_CHUNK - in);
        int r = 0;
        uint8_t *c = blk_snap_chunk(b, idx, write, &r);

        if (r < 0) {
            return r;
        }
        if (write) {
            memcpy(c + in, buf, n);
        } else if (c) {
            memcpy(buf, c + in, n);
        } else if ((r = blk_file_io(b->fd, off, buf, n, false)) < 0) {
            return r;
        }
        off += n;
        buf += n;
        len -= n;
    }
    return 0;
}

int blk_pread(BlockBackend *b, uint64_t off, void *buf, size_t len)
{
    if (!blk_range_ok(b, off, len)) {
        return -EINVAL;
    }
    if (b->overlay) {
        return blk_snap_io(b, off, buf, len, false);
    }
    return blk_file_io(b->fd, off, buf, len, false);
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
    if (b->overlay) {
        return blk_snap_io(b, off, (uint8_t *)buf, len, true);
    }
    return blk_file_io(b->fd, off, (void *)buf, len, true);
}

int blk_flush(BlockBackend *b)
{
    if (b->readonly || b->overlay || b->cache == BLOCK_CACHE_UNSAFE) {
        return 0;
    }
    return fdatasync(b->fd) < 0 ? -errno : 0;
}
