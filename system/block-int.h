/*
 * system/block-int.h: the inside of the block layer, shared by
 * system/block.c (backends, nodes, probing, locking, the snapshot
 * overlay) and the format drivers (block-qcow2.c).
 *
 * A BlockNode is one image file read through one format driver: raw
 * maps guest offsets to file offsets one to one, qcow2 through its
 * cluster tables (and to a backing node where a cluster is not
 * allocated).  A BlockBackend (include/block.h) owns the top node of a
 * chain.  Node calls are synchronous and run on whichever thread calls
 * them; a driver that keeps metadata in memory serialises its own calls
 * (BlockNode.lock).
 */
#ifndef POWERJIT_BLOCK_INT_H
#define POWERJIT_BLOCK_INT_H

#include <glib.h>

#include "block.h"

/* backing chains longer than this are refused (and so are loops) */
#define BLOCK_MAX_CHAIN 16

typedef struct BlockNode BlockNode;

typedef struct BlockDriver {
    const char *name;
    /* reads the format's metadata from n->fd; sets n->size and
       n->state; false + *err (one line) for an image it cannot use */
    bool (*open)(BlockNode *n, int depth, char **err);
    /* ranges are inside n->size (the caller checks); 0 or -errno */
    int (*pread)(BlockNode *n, uint64_t off, void *buf, size_t len);
    int (*pwrite)(BlockNode *n, uint64_t off, const void *buf, size_t len);
    /* metadata the driver still holds reaches the file (then the core
       fdatasyncs it); may be NULL */
    int (*flush)(BlockNode *n);
    /* the range's data may be dropped (reads then give zeros or the old
       bytes); may be NULL: discarding does nothing */
    int (*discard)(BlockNode *n, uint64_t off, uint64_t len);
    void (*close)(BlockNode *n);
} BlockDriver;

struct BlockNode {
    const BlockDriver *drv;
    char *file;
    int fd;
    uint64_t size;          /* the virtual disk's size in bytes */
    bool writable;          /* opened read-write (and write-locked) */
    BlockCache cache;
    void *state;            /* the driver's */
    GMutex lock;            /* held around every driver call */
};

extern const BlockDriver block_drv_raw;
extern const BlockDriver block_drv_qcow2;

/* opens path with the given format (BLOCK_FORMAT_PROBE: by its magic,
   for backing files without a backing_fmt), locks it (a write lock when
   writable, a shared one otherwise) and reads its metadata; depth is its
   place in a backing chain (0 for the top) */
BlockNode *blk_node_open(const char *path, BlockFormat fmt, bool writable,
                         BlockCache cache, int depth, char **err);
void blk_node_close(BlockNode *n);
/* locked driver calls; the range must be inside n->size */
int blk_node_pread(BlockNode *n, uint64_t off, void *buf, size_t len);
int blk_node_pwrite(BlockNode *n, uint64_t off, const void *buf,
                    size_t len);
int blk_node_flush(BlockNode *n);

/* pread/pwrite until done (short transfers are retried; EOF is -EIO) */
int blk_file_io(int fd, uint64_t off, void *buf, size_t len, bool write);

#endif
