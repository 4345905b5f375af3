/*
 * The code buffer: the one region of host memory the JIT writes code into.
 *
 * Its rules, which the rest of accel/tcg relies on:
 *
 * 1. One mapping, made once by accel_init, readable, writable and
 *    executable at the same address.  A TB's tc_ptr is both where the
 *    backend wrote it and where it runs, and chaining patches jumps in
 *    place.  The mapping is placed near the emulator's own text when the
 *    kernel allows, so that calls from generated code to helpers can be
 *    rel32; the backend must still cope with a far buffer.
 *
 * 2. The prologue (the entry/exit stub, tcg_exec_tb) sits at the start and
 *    is written once.  TBs follow it, allocated by bumping a pointer, each
 *    aligned to CODEBUF_ALIGN.  So between two flushes tc_ptr only grows,
 *    and the list of TBs in creation order is also sorted by host address:
 *    cpu_restore_state bisects it.
 *
 * 3. Nothing is freed one by one.  An invalidated TB is unlinked from every
 *    table and from every chained jump, but its code stays where it is: a
 *    vCPU may be executing it right now (a store in a TB may invalidate
 *    that very TB; the TB then runs to its end).
 *
 * 3a. But the pages of dead code go back to the host: each page of the
 *    buffer counts the live TBs whose code (with their insn_end table,
 *    which follows the code) touches it, the prologue counting as one
 *    that never dies.  A page whose count drops to zero behind the
 *    allocation pointer holds nothing anyone will run again; it is queued
 *    and, at the exec loop's next point between two TBs, given back with
 *    MADV_DONTNEED (the TB that died may be the one running when it dies,
 *    so not before).  With vCPU threads no such point is known to be free
 *    of other threads' TBs, and nothing is given back.  New code never goes
 *    behind the pointer, so a page given back stays unused until the next
 *    flush, which writes over it (the kernel hands out a zero page again).
 *
 * 3b. The pages ahead of the pointer are faulted in CODEBUF_POPULATE bytes
 *    at a time (MADV_POPULATE_WRITE, Linux 5.14) rather than one fault
 *    per page as the backend first writes each: on a virtualized host a
 *    fault costs tens of microseconds (measured: ~70 us a page touched
 *    one by one, ~23 us a page populated 256 KiB at a time), and a guest
 *    running compilers writes hundreds of MiB of code.  What it costs in
 *    memory is at most that much beyond the code written.  A kernel
 *    without it (EINVAL) just takes the faults.
 *    The kernel's init code, freed after boot, and the code of exited
 *    processes' private pages are what this returns (~4 MiB of ~44 in the
 *    boot benchmark).
 *
 * 4. When the next TB does not fit, the whole buffer is flushed (tb_flush)
 *    and allocation starts again after the prologue.  A flush only happens
 *    between two TB executions, from the exec loop: then no host code of
 *    this buffer is on any stack.  tb_flush() called from inside a TB (a
 *    helper) only marks the flush as pending and makes the vCPU leave its
 *    TBs; the exec loop does it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "accel/tcg/internal.h"

#define CODEBUF_ALIGN 16
#define CODEBUF_PAGE_BITS 12
#define CODEBUF_PAGE (1ul << CODEBUF_PAGE_BITS)
#define CODEBUF_POPULATE (256ul << 10)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* include/uapi/asm-generic/mman-common.h */
#endif

static struct {
    uint8_t *base;  /* the mapping; the prologue */
    size_t size;
    uint8_t *start; /* the first TB */
    uint8_t *ptr;   /* the next TB */
    /* rule 3a: live TBs per page (at most CODEBUF_PAGE / CODEBUF_ALIGN),
       calloc'd, so only the pages of a used buffer's count are touched;
       and the pages that lost their last TB, not yet given back */
    uint16_t *refs;
    GArray *dead;   /* of size_t page indexes */
    bool have_dead; /* dead->len != 0, read without the lock */
    /* rule 3b: [ptr, populated) is resident (page-aligned); no_populate
       once the kernel said it cannot */
    uint8_t *populated;
    bool no_populate;
} codebuf;

/* rule 3b: the next CODEBUF_POPULATE bytes faulted in once less than half
   of that is left ahead of the pointer */
static void codebuf_populate(void)
{
    uint8_t *end = codebuf.base + codebuf.size;
    size_t len;

    if (codebuf.no_populate || codebuf.populated >= end ||
        codebuf.populated - codebuf.ptr >= (ptrdiff_t)(CODEBUF_POPULATE / 2)) {
        return;
    }
    if (codebuf.populated < codebuf.ptr) {
        codebuf.populated = (uint8_t *)((uintptr_t)codebuf.ptr &
                                        ~(uintptr_t)(CODEBUF_PAGE - 1));
    }
    len = MIN(CODEBUF_POPULATE, (size_t)(end - codebuf.populated));
    if (madvise(codebuf.populated, len, MADV_POPULATE_WRITE) != 0) {
        codebuf.no_populate = true; /* an older kernel: faults, as before */
        return;
    }
    codebuf.populated += len;
}

/* an address about 256 MiB after our own text: near enough for rel32 calls
   to any helper, far enough above the brk heap's usual start */
static void *codebuf_hint(void)
{
    uintptr_t text = (uintptr_t)&codebuf_hint;
    return (void *)((text + (256u << 20)) & ~(uintptr_t)0xfffff);
}

void codebuf_init(size_t size)
{
    const int prot = PROT_READ | PROT_WRITE | PROT_EXEC;
    const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    void *p;

    g_assert(codebuf.base == NULL);
    size = (size + 0xfff) & ~(size_t)0xfff;
    p = mmap(codebuf_hint(), size, prot, flags, -1, 0);
    if (p == MAP_FAILED) {
        p = mmap(NULL, size, prot, flags, -1, 0);
    }
    if (p == MAP_FAILED) {
        g_error("accel/tcg: cannot map a %zu-byte executable code buffer",
                size);
    }
    codebuf.base = p;
    codebuf.size = size;
    codebuf.start = p;
    codebuf.ptr = p;
    codebuf.refs = g_new0(uint16_t, size >> CODEBUF_PAGE_BITS);
    codebuf.dead = g_array_new(FALSE, FALSE, sizeof(size_t));
}

/* the pages [first, last] that [p, p + len) touches */
static void codebuf_pages(const uint8_t *p, size_t len, size_t *first,
                          size_t *last)
{
    size_t off = (size_t)(p - codebuf.base);

    *first = off >> CODEBUF_PAGE_BITS;
    *last = (off + (len ? len - 1 : 0)) >> CODEBUF_PAGE_BITS;
}

void codebuf_ref(const uint8_t *p, size_t len)
{
    size_t first, last;

    g_assert(p >= codebuf.base && p + len <= codebuf.base + codebuf.size);
    codebuf_pages(p, len, &first, &last);
    for (size_t i = first; i <= last; i++) {
        codebuf.refs[i]++;
    }
}

void codebuf_unref(const uint8_t *p, size_t len)
{
    size_t first, last, cur;

    codebuf_pages(p, len, &first, &last);
    cur = (size_t)(codebuf.ptr - codebuf.base) >> CODEBUF_PAGE_BITS;
    for (size_t i = first; i <= last; i++) {
        g_assert(codebuf.refs[i] > 0);
        if (--codebuf.refs[i] == 0 && i < cur) {
            g_array_append_val(codebuf.dead, i);
            __atomic_store_n(&codebuf.have_dead, true, __ATOMIC_RELAXED);
        }
    }
}

bool codebuf_has_dead(void)
{
    return __atomic_load_n(&codebuf.have_dead, __ATOMIC_RELAXED);
}

static int cmp_page(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    return x < y ? -1 : x > y;
}

size_t codebuf_release_dead(void)
{
    size_t *pg = (size_t *)(void *)codebuf.dead->data;
    guint n = codebuf.dead->len, i = 0;
    size_t released = 0;

    qsort(pg, n, sizeof(*pg), cmp_page);
    while (i < n) {
        guint j = i + 1;
        while (j < n && pg[j] == pg[j - 1] + 1) {
            j++;
        }
        /* a failure only keeps the pages resident */
        if (madvise(codebuf.base + (pg[i] << CODEBUF_PAGE_BITS),
                    (size_t)(j - i) << CODEBUF_PAGE_BITS,
                    MADV_DONTNEED) == 0) {
            released += j - i;
        }
        i = j;
    }
    g_array_set_size(codebuf.dead, 0);
    __atomic_store_n(&codebuf.have_dead, false, __ATOMIC_RELAXED);
    return released;
}

bool codebuf_ready(void) { return codebuf.base != NULL; }

size_t codebuf_populated_ahead(void)
{
    return codebuf.populated > codebuf.ptr
               ? (size_t)(codebuf.populated - codebuf.ptr) : 0;
}

uint8_t *codebuf_base(void) { return codebuf.base; }

void codebuf_set_prologue(size_t size)
{
    g_assert(size < codebuf.size);
    size = (size + CODEBUF_ALIGN - 1) & ~(size_t)(CODEBUF_ALIGN - 1);
    codebuf.start = codebuf.base + size;
    codebuf.ptr = codebuf.start;
    codebuf_ref(codebuf.base, size); /* for good */
    codebuf_populate();
}

uint8_t *codebuf_ptr(void) { return codebuf.ptr; }

size_t codebuf_avail(void)
{
    return (size_t)(codebuf.base + codebuf.size - codebuf.ptr);
}

void codebuf_commit(size_t size)
{
    size = (size + CODEBUF_ALIGN - 1) & ~(size_t)(CODEBUF_ALIGN - 1);
    g_assert(size <= codebuf_avail());
    codebuf.ptr += size;
    codebuf_populate();
}

bool codebuf_is_empty(void) { return codebuf.ptr == codebuf.start; }

void codebuf_reset(void)
{
    size_t first, last;

    /* every TB is gone: no page is dead any more, and the prologue's
       pages count once again */
    codebuf_pages(codebuf.base, (size_t)(codebuf.ptr - codebuf.base), &first,
                  &last);
    memset(codebuf.refs, 0, (last + 1) * sizeof(*codebuf.refs));
    codebuf_ref(codebuf.base, (size_t)(codebuf.start - codebuf.base));
    g_array_set_size(codebuf.dead, 0);
    __atomic_store_n(&codebuf.have_dead, false, __ATOMIC_RELAXED);
    codebuf.ptr = codebuf.start;
    /* what was resident still is (bar the pages given back): populating
       it again costs a walk of the page table, no faults.  From the page
       of the first TB: madvise wants a page-aligned start, and one EINVAL
       turns populating off for good (a reset at machine start once did
       so, and every code page after it faulted alone) */
    codebuf.populated = (uint8_t *)((uintptr_t)codebuf.start &
                                    ~(uintptr_t)(CODEBUF_PAGE - 1));
    codebuf.no_populate = false;
    codebuf_populate();
}

bool codebuf_contains(uintptr_t host)
{
    return host >= (uintptr_t)codebuf.base &&
           host < (uintptr_t)codebuf.base + codebuf.size;
}
