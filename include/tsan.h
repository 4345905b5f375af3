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
#else
static inline void tsan_guest_memory(const void *base, size_t len)
{
    (void)base;
    (void)len;
}
#endif

#endif
