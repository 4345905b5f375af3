/*
 * include/tsan.h: what the ThreadSanitizer build (./configure
 * --enable-tsan) is told beyond the locks system/tsan.c makes visible.
 */
#ifndef POWERJIT_TSAN_H
#define POWERJIT_TSAN_H

#include <stddef.h>

#ifdef __SANITIZE_THREAD__
/* guest RAM: its contents are the guest's, and so are the races on them
   (two guest threads sharing data without a lock, a device's DMA against
   the driver polling its ring); accesses by the emulator's C code to it
   (helpers' memcpy, larx/stcx. emulation) are not reported */
void tsan_guest_memory(const void *base, size_t len);
/* a happens-before edge TSan cannot see: a TB reached through a jump that
   another thread patched into generated code (chaining) was written
   before the patch; the linker releases the destination TB, the thread
   that comes out of generated code in it acquires it */
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
static inline void tsan_release(const void *p) { __tsan_release((void *)p); }
static inline void tsan_acquire(const void *p) { __tsan_acquire((void *)p); }
#else
static inline void tsan_guest_memory(const void *base, size_t len)
{
    (void)base;
    (void)len;
}
static inline void tsan_release(const void *p) { (void)p; }
static inline void tsan_acquire(const void *p) { (void)p; }
#endif

#endif
