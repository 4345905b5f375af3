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
 * The blk_p* calls are synchronous and run on the caller's thread; they
 * may be made from several threads at once (a backend serialises what
 * needs it).
 *
 * Asynchronous I/O (system/block-aio.c): a device submits work to its
 * BlockAioQueue; a worker thread (glib's thread pool) runs it, one item of
 * a queue at a time and in order; the item's done callback then runs on
 * the thread that polls the machine's BlockAioCtx (the run loop, where
 * device emulation runs, see hw-spapr/spapr.c), which the context's
 * notify function is called to wake.  The work function must touch only
 * what it was given (host buffers, the backend), never guest memory or
 * device registers: DMA happens before submission and in done.
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

/*
 * I/O accounting, as QEMU's query-blockstats reports it: the devices
 * count the guest's requests (one operation a request, however many
 * pieces it moves in), the backend what reached the image (the highest
 * offset written, discards).  Counters are updated atomically (vCPU and
 * block worker threads) and read without a lock.
 */
typedef enum BlockAcctType {
    BLOCK_ACCT_READ,
    BLOCK_ACCT_WRITE,
    BLOCK_ACCT_FLUSH,
    BLOCK_ACCT_UNMAP,
    BLOCK_ACCT__MAX,
} BlockAcctType;

typedef struct BlockStats {
    uint64_t bytes[BLOCK_ACCT__MAX];
    uint64_t ops[BLOCK_ACCT__MAX];
    uint64_t failed[BLOCK_ACCT__MAX];
    uint64_t invalid[BLOCK_ACCT__MAX];   /* refused before any I/O */
    uint64_t total_ns[BLOCK_ACCT__MAX];  /* the successful ones */
    uint64_t wr_highest_offset;          /* end of the highest write */
    uint64_t discard_nb_ok, discard_nb_failed, discard_bytes_ok;
} BlockStats;

typedef struct BlockOpenOpts {
    const char *file;
    BlockFormat format;
    bool readonly;
    bool snapshot;
    BlockCache cache;
    bool probed;        /* raw by guess (no format=): as QEMU, the guest
                           may not write an image header into block 0 */
    BlockStats *stats;  /* the drive's counters (outlive the backend);
                           NULL: the backend keeps its own */
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
/* the guest no longer needs [off, off + len): raw files get a hole (the
   range reads as zeros after it), qcow2 images and -snapshot keep the
   data (allowed: a discard promises nothing about what reads return) */
int blk_discard(BlockBackend *b, uint64_t off, uint64_t len);
/* [off, off + len) reads as zeros after it (written out) */
int blk_write_zeroes(BlockBackend *b, uint64_t off, uint64_t len);

/* the backend's counters */
const BlockStats *blk_stats(const BlockBackend *b);
/* a device's request of type t for bytes: blk_acct_start when it
   begins (a timestamp), blk_acct_done when it ends (ok: it succeeded) */
int64_t blk_acct_start(void);
void blk_acct_done(BlockBackend *b, BlockAcctType t, uint64_t bytes,
                   int64_t start, bool ok);
/* a request refused before any I/O (a range outside the image) */
void blk_acct_invalid(BlockBackend *b, BlockAcctType t);

/* ---- asynchronous I/O */
typedef struct BlockAioCtx BlockAioCtx;
typedef struct BlockAioQueue BlockAioQueue;
typedef int BlockAioWorkFn(void *opaque);           /* a worker thread */
typedef void BlockAioDoneFn(void *opaque, int ret); /* the polling thread */

/* notify(opaque) is called from a worker thread each time work finishes
   (it must be thread-safe; it typically kicks the run loop) */
BlockAioCtx *blk_aio_ctx_new(void (*notify)(void *), void *opaque);
/* drains, then frees (every queue must be freed first) */
void blk_aio_ctx_free(BlockAioCtx *ctx);
/* runs the done callbacks of the work finished so far; their number */
unsigned blk_aio_ctx_poll(BlockAioCtx *ctx);
/* waits for all submitted work and runs its done callbacks (reset, exit,
   unit tests) */
void blk_aio_ctx_drain(BlockAioCtx *ctx);

/* ctx NULL: no worker, blk_aio_submit runs work and done inline */
BlockAioQueue *blk_aio_queue_new(BlockAioCtx *ctx);
/* waits for the queue's work to finish (its done callbacks still run at
   the next poll or drain of the context) */
void blk_aio_queue_free(BlockAioQueue *q);
/* ret = work(opaque) on a worker, then done(opaque, ret) on the polling
   thread */
void blk_aio_submit(BlockAioQueue *q, BlockAioWorkFn *work,
                    BlockAioDoneFn *done, void *opaque);

/* convenience for a device that only reads and writes: blk_pread /
   blk_pwrite / blk_flush on a worker, done(opaque, 0 or -errno) after */
void blk_aio_pread(BlockAioQueue *q, BlockBackend *b, uint64_t off,
                   void *buf, size_t len, BlockAioDoneFn *done,
                   void *opaque);
void blk_aio_pwrite(BlockAioQueue *q, BlockBackend *b, uint64_t off,
                    const void *buf, size_t len, BlockAioDoneFn *done,
                    void *opaque);
void blk_aio_flush(BlockAioQueue *q, BlockBackend *b, BlockAioDoneFn *done,
                   void *opaque);

#endif
