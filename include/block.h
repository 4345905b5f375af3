/*
 * system/block.c: block backends, the host side of a -drive: a raw image
 * file (or block device) read and written at byte offsets.
 *
 * Durability: blk_flush() is fdatasync() (cache=writeback, the default,
 * and cache=none, which is not O_DIRECT here); cache=writethrough and
 * cache=directsync open the image O_DSYNC, so every write is on the disk
 * when it returns; cache=unsafe makes blk_flush() a no-op.
 *
 * Formats: raw and qcow2 (system/block-qcow2.c: versions 2 and 3, read
 * and write, backing chains of raw or qcow2 images, compressed clusters
 * read).  blk_size() is the virtual disk's size, fixed at open.
 *
 * Locking: a writable image takes an open-file-description write lock on
 * the whole file, a read-only one (and every backing file) a read lock,
 * so a second powerjit (or a QEMU, whose byte-range locks conflict with
 * it) cannot write it at the same time.  snapshot=on keeps the guest's
 * writes in memory (the files are opened read-only and never change).
 *
 * All calls are synchronous and run on the caller's thread; they may be
 * made from several threads at once (a backend serialises what needs it).
 */
#ifndef POWERJIT_BLOCK_H
#define POWERJIT_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BlockBackend BlockBackend;

typedef enum BlockCache {
    BLOCK_CACHE_WRITEBACK,
    BLOCK_CACHE_NONE,
    BLOCK_CACHE_WRITETHROUGH,
    BLOCK_CACHE_DIRECTSYNC,
    BLOCK_CACHE_UNSAFE,
} BlockCache;

typedef enum BlockFormat {
    BLOCK_FORMAT_PROBE,     /* by the file's magic: qcow2, else raw */
    BLOCK_FORMAT_RAW,
    BLOCK_FORMAT_QCOW2,
} BlockFormat;

typedef struct BlockOpenOpts {
    const char *file;
    BlockFormat format;
    bool readonly;
    bool snapshot;
    BlockCache cache;
    bool probed;        /* raw by guess (no format=): as QEMU, the guest
                           may not write an image header into block 0 */
} BlockOpenOpts;

/* the cache= value, or false */
bool blk_parse_cache(const char *s, BlockCache *out);
/* format= ("raw", "qcow2"), or false */
bool blk_parse_format(const char *s, BlockFormat *out);
const char *blk_format_name(BlockFormat f);
/* what a file's first bytes say it is: QCOW2, or RAW (also when it
   cannot be read: opening it then says why) */
BlockFormat blk_probe_file(const char *file);
/* opens and locks the image; NULL + *err (naming the file) on failure */
BlockBackend *blk_open(const BlockOpenOpts *o, char **err);
void blk_close(BlockBackend *b);
uint64_t blk_size(const BlockBackend *b);       /* bytes */
bool blk_readonly(const BlockBackend *b);       /* the guest may not write */
const char *blk_filename(const BlockBackend *b);
/* 0 or -errno; a range past the end is -EINVAL (reads and writes stay
   inside the image) */
int blk_pread(BlockBackend *b, uint64_t off, void *buf, size_t len);
int blk_pwrite(BlockBackend *b, uint64_t off, const void *buf, size_t len);
/* what the guest wrote is on stable storage when this returns 0 */
int blk_flush(BlockBackend *b);

#endif
