/*
 * Asynchronous block I/O (system/block-aio.c): work runs off the calling
 * thread, a queue's items run one at a time in submission order, done
 * callbacks run only on the thread that polls or drains, the notify
 * function is called for each finished item, and without a context the
 * work runs inline.  Also blk_aio_pread/pwrite/flush on a raw image.
 */
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "block.h"

typedef struct Seen {
    GMutex lock;
    GArray *order;      /* the work items' numbers, as they ran */
    gint running;       /* items of one queue running at once */
    gint max_running;
    gint notified;
    GThread *poller;
    unsigned done;
} Seen;

typedef struct Item {
    Seen *s;
    int n;
} Item;

static int item_work(void *opaque)
{
    Item *it = opaque;
    int now = g_atomic_int_add(&it->s->running, 1) + 1;

    if (now > g_atomic_int_get(&it->s->max_running)) {
        g_atomic_int_set(&it->s->max_running, now);
    }
    g_assert_true(g_thread_self() != it->s->poller);
    g_usleep(200);
    g_mutex_lock(&it->s->lock);
    g_array_append_val(it->s->order, it->n);
    g_mutex_unlock(&it->s->lock);
    g_atomic_int_add(&it->s->running, -1);
    return it->n * 2;
}

static void item_done(void *opaque, int ret)
{
    Item *it = opaque;

    g_assert_true(g_thread_self() == it->s->poller);
    g_assert_cmpint(ret, ==, it->n * 2);
    it->s->done++;
    g_free(it);
}

static void notify(void *opaque)
{
    Seen *s = opaque;

    g_atomic_int_inc(&s->notified);
}

static void test_order(void)
{
    Seen s = { 0 };
    BlockAioCtx *ctx;
    BlockAioQueue *q;

    g_mutex_init(&s.lock);
    s.order = g_array_new(FALSE, FALSE, sizeof(int));
    s.poller = g_thread_self();
    ctx = blk_aio_ctx_new(notify, &s);
    q = blk_aio_queue_new(ctx);
    for (int i = 0; i < 50; i++) {
        Item *it = g_new(Item, 1);

        *it = (Item){ &s, i };
        blk_aio_submit(q, item_work, item_done, it);
    }
    /* nothing completes on this thread before it polls */
    g_assert_cmpuint(s.done, ==, 0);
    blk_aio_ctx_drain(ctx);
    g_assert_cmpuint(s.done, ==, 50);
    /* a worker notifies just after it queued its item, so the last
       notify may come after the drain took that item: wait for it */
    for (int i = 0; i < 10000 && g_atomic_int_get(&s.notified) < 50; i++) {
        g_usleep(1000);
    }
    g_assert_cmpint(g_atomic_int_get(&s.notified), ==, 50);
    g_assert_cmpint(s.max_running, ==, 1);
    for (int i = 0; i < 50; i++) {
        g_assert_cmpint(g_array_index(s.order, int, i), ==, i);
    }
    g_assert_cmpuint(blk_aio_ctx_poll(ctx), ==, 0);
    blk_aio_queue_free(q);
    blk_aio_ctx_free(ctx);
    g_array_free(s.order, TRUE);
    g_mutex_clear(&s.lock);
}

/* polling picks up what finished, a freed queue's items still complete */
static void test_poll(void)
{
    Seen s = { 0 };
    BlockAioCtx *ctx;
    BlockAioQueue *q;
    unsigned got = 0;

    g_mutex_init(&s.lock);
    s.order = g_array_new(FALSE, FALSE, sizeof(int));
    s.poller = g_thread_self();
    ctx = blk_aio_ctx_new(notify, &s);
    q = blk_aio_queue_new(ctx);
    for (int i = 0; i < 5; i++) {
        Item *it = g_new(Item, 1);

        *it = (Item){ &s, i };
        blk_aio_submit(q, item_work, item_done, it);
    }
    blk_aio_queue_free(q);  /* waits for the work */
    g_assert_cmpint(g_atomic_int_get(&s.notified), ==, 5);
    got = blk_aio_ctx_poll(ctx);
    g_assert_cmpuint(got, ==, 5);
    g_assert_cmpuint(s.done, ==, 5);
    blk_aio_ctx_free(ctx);
    g_array_free(s.order, TRUE);
    g_mutex_clear(&s.lock);
}

typedef struct RwDone {
    int ret;
    int calls;
} RwDone;

static void rw_done(void *opaque, int ret)
{
    RwDone *d = opaque;

    d->ret = ret;
    d->calls++;
}

static void test_rw(void)
{
    char *dir = g_dir_make_tmp("powerjit-aio-XXXXXX", NULL);
    char *path = g_build_filename(dir, "d.img", NULL);
    char *err = NULL;
    uint8_t w[4096], r[4096];
    RwDone d = { 0 };
    BlockAioCtx *ctx = blk_aio_ctx_new(NULL, NULL);
    BlockAioQueue *q = blk_aio_queue_new(ctx);
    BlockAioQueue *iq = blk_aio_queue_new(NULL);
    BlockBackend *b;

    g_assert_true(g_file_set_contents(path, "", 0, NULL));
    g_assert_cmpint(truncate(path, 1 << 20), ==, 0);
    BlockOpenOpts o = { .file = path, .format = BLOCK_FORMAT_RAW };
    b = blk_open(&o, &err);
    g_assert_nonnull(b);
    for (unsigned i = 0; i < sizeof(w); i++) {
        w[i] = (uint8_t)(i * 13 + 5);
    }
    blk_aio_pwrite(q, b, 8192, w, sizeof(w), rw_done, &d);
    blk_aio_flush(q, b, rw_done, &d);
    blk_aio_pread(q, b, 8192, r, sizeof(r), rw_done, &d);
    blk_aio_ctx_drain(ctx);
    g_assert_cmpint(d.calls, ==, 3);
    g_assert_cmpint(d.ret, ==, 0);
    g_assert_true(memcmp(w, r, sizeof(w)) == 0);
    /* out of range: the error reaches done */
    blk_aio_pread(q, b, (1 << 20) - 512, r, 1024, rw_done, &d);
    blk_aio_ctx_drain(ctx);
    g_assert_cmpint(d.ret, <, 0);
    /* no context: done has run when submit returns */
    d.calls = 0;
    memset(r, 0, sizeof(r));
    blk_aio_pread(iq, b, 8192, r, sizeof(r), rw_done, &d);
    g_assert_cmpint(d.calls, ==, 1);
    g_assert_true(memcmp(w, r, sizeof(w)) == 0);
    blk_aio_queue_free(q);
    blk_aio_queue_free(iq);
    blk_aio_ctx_free(ctx);
    blk_close(b);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/block-aio/order", test_order);
    g_test_add_func("/block-aio/poll", test_poll);
    g_test_add_func("/block-aio/rw", test_rw);
    return g_test_run();
}
