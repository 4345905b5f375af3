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
 * 4. When the next TB does not fit, the whole buffer is flushed (tb_flush)
 *    and allocation starts again after the prologue.  A flush only happens
 *    between two TB executions, from the exec loop: then no host code of
 *    this buffer is on any stack.  tb_flush() called from inside a TB (a
 *    helper) only marks the flush as pending and makes the vCPU leave its
 *    TBs; the exec loop does it.
 */
#include <sys/mman.h>

#include <glib.h>

#include "accel/tcg/internal.h"

#define CODEBUF_ALIGN 16

static struct {
    uint8_t *base;  /* the mapping; the prologue */
    size_t size;
    uint8_t *start; /* the first TB */
    uint8_t *ptr;   /* the next TB */
} codebuf;

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
}

bool codebuf_ready(void) { return codebuf.base != NULL; }

uint8_t *codebuf_base(void) { return codebuf.base; }

void codebuf_set_prologue(size_t size)
{
    g_assert(size < codebuf.size);
    size = (size + CODEBUF_ALIGN - 1) & ~(size_t)(CODEBUF_ALIGN - 1);
    codebuf.start = codebuf.base + size;
    codebuf.ptr = codebuf.start;
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
}

bool codebuf_is_empty(void) { return codebuf.ptr == codebuf.start; }

void codebuf_reset(void) { codebuf.ptr = codebuf.start; }

bool codebuf_contains(uintptr_t host)
{
    return host >= (uintptr_t)codebuf.base &&
           host < (uintptr_t)codebuf.base + codebuf.size;
}
