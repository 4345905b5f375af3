/*
 * system/tsan.c: makes GLib's locks visible to ThreadSanitizer
 * (./configure --enable-tsan; empty otherwise).
 *
 * GLib implements GMutex and GCond on Linux with futexes of its own, not
 * with pthread mutexes, so TSan, which learns happens-before from the
 * pthread calls it intercepts, sees no lock at all: every access made under
 * a GMutex by two threads looked like a race (the XICS, the block layer,
 * the machine lock...).  In the TSan build these definitions take the
 * place of GLib's (a symbol of the executable wins over the shared
 * library's, for GLib's own calls too): each calls GLib's through
 * dlsym(RTLD_NEXT) and tells TSan what the lock means: acquiring after the
 * lock is taken, releasing before it is given up, and both around a wait
 * on a condition variable, which drops and retakes the mutex.  GLib
 * calls its own functions directly (Debian links it -Bsymbolic-functions),
 * so the locks inside GAsyncQueue and GThreadPool stay hidden: for those
 * the hand-over itself is told, an item pushed is released and the thread
 * that pops it (or the pool worker it is given to) acquires it.  Nothing
 * is suppressed: races outside a lock or a hand-over still show, but for
 * those on guest RAM (tsan_guest_memory, include/tsan.h), which are the
 * guest's.
 */
#ifdef __SANITIZE_THREAD__
#include <dlfcn.h>
#include <stdlib.h>

#include <glib.h>

#include "tsan.h"

void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
/* TSan's dynamic annotation (its runtime defines it): reports whose
   address lies in [mem, mem + size) are left out */
void AnnotateBenignRaceSized(const char *file, int line,
                             const volatile void *mem, unsigned long size,
                             const char *desc);

void tsan_guest_memory(const void *base, size_t len)
{
    AnnotateBenignRaceSized(__FILE__, __LINE__, base, len, "guest RAM");
}

static void *real(const char *name)
{
    void *fn = dlsym(RTLD_NEXT, name);

    if (!fn) {
        abort(); /* no GLib under us: nothing can work */
    }
    return fn;
}

typedef void (*MutexFn)(GMutex *);
typedef gboolean (*TryFn)(GMutex *);
typedef void (*WaitFn)(GCond *, GMutex *);
typedef gboolean (*WaitUntilFn)(GCond *, GMutex *, gint64);

/* GLib's own function, looked up once (any thread may be first: atomic) */
#define REAL(fn, type) \
    static type real_##fn; \
    if (!__atomic_load_n(&real_##fn, __ATOMIC_ACQUIRE)) { \
        __atomic_store_n(&real_##fn, (type)real(#fn), __ATOMIC_RELEASE); \
    }

void g_mutex_lock(GMutex *m)
{
    REAL(g_mutex_lock, MutexFn);
    real_g_mutex_lock(m);
    __tsan_acquire(m);
}

void g_mutex_unlock(GMutex *m)
{
    REAL(g_mutex_unlock, MutexFn);
    __tsan_release(m);
    real_g_mutex_unlock(m);
}

gboolean g_mutex_trylock(GMutex *m)
{
    REAL(g_mutex_trylock, TryFn);
    gboolean ok = real_g_mutex_trylock(m);

    if (ok) {
        __tsan_acquire(m);
    }
    return ok;
}

void g_cond_wait(GCond *c, GMutex *m)
{
    REAL(g_cond_wait, WaitFn);
    __tsan_release(m);
    real_g_cond_wait(c, m);
    __tsan_acquire(m);
}

gboolean g_cond_wait_until(GCond *c, GMutex *m, gint64 end_time)
{
    REAL(g_cond_wait_until, WaitUntilFn);
    __tsan_release(m);
    gboolean ok = real_g_cond_wait_until(c, m, end_time);
    __tsan_acquire(m);
    return ok;
}

typedef void (*QPushFn)(GAsyncQueue *, gpointer);
typedef gpointer (*QPopFn)(GAsyncQueue *);
typedef gboolean (*PoolPushFn)(GThreadPool *, gpointer, GError **);
typedef GThreadPool *(*PoolNewFn)(GFunc, gpointer, gint, gboolean,
                                  GError **);

void g_async_queue_push(GAsyncQueue *q, gpointer data)
{
    REAL(g_async_queue_push, QPushFn);
    __tsan_release(data);
    real_g_async_queue_push(q, data);
}

gpointer g_async_queue_pop(GAsyncQueue *q)
{
    REAL(g_async_queue_pop, QPopFn);
    gpointer data = real_g_async_queue_pop(q);

    __tsan_acquire(data);
    return data;
}

gpointer g_async_queue_try_pop(GAsyncQueue *q)
{
    REAL(g_async_queue_try_pop, QPopFn);
    gpointer data = real_g_async_queue_try_pop(q);

    if (data) {
        __tsan_acquire(data);
    }
    return data;
}

gboolean g_thread_pool_push(GThreadPool *pool, gpointer data, GError **err)
{
    REAL(g_thread_pool_push, PoolPushFn);
    __tsan_release(data);
    return real_g_thread_pool_push(pool, data, err);
}

/* the pool's function, called through pool_run (kept for the process's
   life: a pool's worker may still run after g_thread_pool_free returns) */
typedef struct PoolFunc {
    GFunc func;
    gpointer user_data;
} PoolFunc;

static void pool_run(gpointer data, gpointer opaque)
{
    PoolFunc *pf = opaque;

    __tsan_acquire(data);
    pf->func(data, pf->user_data);
}

GThreadPool *g_thread_pool_new(GFunc func, gpointer user_data, gint max,
                               gboolean exclusive, GError **err)
{
    REAL(g_thread_pool_new, PoolNewFn);
    PoolFunc *pf = malloc(sizeof(*pf));

    if (!pf) {
        abort();
    }
    pf->func = func;
    pf->user_data = user_data;
    return real_g_thread_pool_new(pool_run, pf, max, exclusive, err);
}
#else
/* ISO C wants something in a translation unit */
typedef int powerjit_tsan_unused;
#endif
