/*
 * system/block-aio.c: asynchronous block I/O (include/block.h): work runs
 * on glib's thread pool, its completion on the thread that polls.
 *
 * A BlockAioQueue is a GThreadPool with one thread at most, so the items
 * of one queue run one at a time in submission order (a SCSI unit's
 * commands and their sense data stay in order; a qcow2 node's metadata
 * has one writer).  Different queues run in parallel.  A finished item
 * goes onto its context's GAsyncQueue and the context's notify function
 * is called; the owner of the context (the machine's run loop) then polls
 * it and the done callbacks run there, under whatever the run loop holds
 * for device emulation.  inflight counts items submitted and not yet
 * done, so that a drain knows when to stop waiting.
 */
#include <glib.h>

#include "block.h"

struct BlockAioCtx {
    GAsyncQueue *done;          /* finished BlockAioItems */
    void (*notify)(void *);
    void *opaque;
    gint inflight;              /* atomic */
};

struct BlockAioQueue {
    BlockAioCtx *ctx;
    GThreadPool *pool;
};

typedef struct BlockAioItem {
    BlockAioWorkFn *work;
    BlockAioDoneFn *done;
    void *opaque;
    int ret;
    BlockAioCtx *ctx;
} BlockAioItem;

BlockAioCtx *blk_aio_ctx_new(void (*notify)(void *), void *opaque)
{
    BlockAioCtx *ctx = g_new0(BlockAioCtx, 1);

    ctx->done = g_async_queue_new();
    ctx->notify = notify;
    ctx->opaque = opaque;
    return ctx;
}

static void item_complete(BlockAioItem *it)
{
    it->done(it->opaque, it->ret);
    g_free(it);
}

unsigned blk_aio_ctx_poll(BlockAioCtx *ctx)
{
    BlockAioItem *it;
    unsigned n = 0;

    while ((it = g_async_queue_try_pop(ctx->done))) {
        item_complete(it);
        g_atomic_int_dec_and_test(&ctx->inflight);
        n++;
    }
    return n;
}

void blk_aio_ctx_drain(BlockAioCtx *ctx)
{
    while (g_atomic_int_get(&ctx->inflight) > 0) {
        BlockAioItem *it = g_async_queue_pop(ctx->done);

        item_complete(it);
        g_atomic_int_dec_and_test(&ctx->inflight);
    }
}

void blk_aio_ctx_free(BlockAioCtx *ctx)
{
    if (!ctx) {
        return;
    }
    blk_aio_ctx_drain(ctx);
    g_async_queue_unref(ctx->done);
    g_free(ctx);
}

/* a worker thread: the work, then the item to the context */
static void queue_run(gpointer data, gpointer user)
{
    BlockAioItem *it = data;
    BlockAioCtx *ctx = it->ctx;
    /* read before the push: once the item is out, a drain may end and the
       context be freed (a race ThreadSanitizer showed in test-block-aio) */
    void (*notify)(void *) = ctx->notify;
    void *opaque = ctx->opaque;

    it->ret = it->work(it->opaque);
    g_async_queue_push(ctx->done, it);
    if (notify) {
        notify(opaque);
    }
}

BlockAioQueue *blk_aio_queue_new(BlockAioCtx *ctx)
{
    BlockAioQueue *q = g_new0(BlockAioQueue, 1);

    q->ctx = ctx;
    if (ctx) {
        /* shared (non-exclusive) threads, one at a time for this queue;
           creating a non-exclusive pool cannot fail */
        q->pool = g_thread_pool_new(queue_run, q, 1, FALSE, NULL);
    }
    return q;
}

void blk_aio_queue_free(BlockAioQueue *q)
{
    if (!q) {
        return;
    }
    if (q->pool) {
        g_thread_pool_free(q->pool, FALSE, TRUE);
    }
    g_free(q);
}

void blk_aio_submit(BlockAioQueue *q, BlockAioWorkFn *work,
                    BlockAioDoneFn *done, void *opaque)
{
    BlockAioItem *it;

    if (!q->pool) {
        done(opaque, work(opaque));
        return;
    }
    it = g_new0(BlockAioItem, 1);
    it->work = work;
    it->done = done;
    it->opaque = opaque;
    it->ctx = q->ctx;
    g_atomic_int_inc(&q->ctx->inflight);
    g_thread_pool_push(q->pool, it, NULL);
}

/* ------------------------------------------------------------ plain I/O */

typedef struct BlockAioRw {
    BlockBackend *b;
    uint64_t off;
    void *buf;
    size_t len;
    int op;                     /* 0 read, 1 write, 2 flush */
    BlockAioDoneFn *done;
    void *opaque;
} BlockAioRw;

static int rw_work(void *opaque)
{
    BlockAioRw *r = opaque;

    switch (r->op) {
    case 0:
        return blk_pread(r->b, r->off, r->buf, r->len);
    case 1:
        return blk_pwrite(r->b, r->off, r->buf, r->len);
    default:
        return blk_flush(r->b);
    }
}

static void rw_done(void *opaque, int ret)
{
    BlockAioRw *r = opaque;

    r->done(r->opaque, ret);
    g_free(r);
}

static void rw_submit(BlockAioQueue *q, BlockBackend *b, int op,
                      uint64_t off, void *buf, size_t len,
                      BlockAioDoneFn *done, void *opaque)
{
    BlockAioRw *r = g_new(BlockAioRw, 1);

    *r = (BlockAioRw){ b, off, buf, len, op, done, opaque };
    blk_aio_submit(q, rw_work, rw_done, r);
}

void blk_aio_pread(BlockAioQueue *q, BlockBackend *b, uint64_t off,
                   void *buf, size_t len, BlockAioDoneFn *done,
                   void *opaque)
{
    rw_submit(q, b, 0, off, buf, len, done, opaque);
}

void blk_aio_pwrite(BlockAioQueue *q, BlockBackend *b, uint64_t off,
                    const void *buf, size_t len, BlockAioDoneFn *done,
                    void *opaque)
{
    rw_submit(q, b, 1, off, (void *)buf, len, done, opaque);
}

void blk_aio_flush(BlockAioQueue *q, BlockBackend *b, BlockAioDoneFn *done,
                   void *opaque)
{
    rw_submit(q, b, 2, 0, NULL, 0, done, opaque);
}
