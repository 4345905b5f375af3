/*
 * VMX benchmark for the vector IR: a bare-metal loop over a 64 KiB buffer
 * doing what vectorised integer code does (lvx, vadduwm, vxor, vand,
 * vmaxsw, vcmpequw, vspltw, vsububm, stvx), ten vector instructions per
 * 16 bytes, 2000 passes.  The checksum line is the same in both byte
 * orders and under any correct emulator; the timebase line is for
 * information (not a test: run it by hand, see docs/architecture.md).
 *     make -f tests/bench/bench.mk build/bench/vecbench-le.elf
 *     time build/powerjit -M pseries -nographic -kernel build/bench/vecbench-le.elf
 */
#include "isatest.h"

#define N_BYTES (64u * 1024)
#define PASSES 2000

static uint8_t buf[N_BYTES] __attribute__((aligned(16)));

int main(void)
{
    uint64_t t0, t1, sum = 0;
    uint8_t out[16] __attribute__((aligned(16)));

    for (unsigned i = 0; i < N_BYTES; i++) {
        buf[i] = (uint8_t)(i * 131 + (i >> 8));
    }
    __asm__ volatile("vspltisw 4, 0\n\tvspltisw 5, 3\n\tvspltisw 6, -1"
                     ::: "memory");
    __asm__ volatile("mftb %0" : "=r"(t0));
    for (int p = 0; p < PASSES; p++) {
        uint8_t *at = buf;
        __asm__ volatile(
            "mtctr %1\n"
            "1:\tlvx 0, 0, %0\n\t"
            "vadduwm 4, 4, 0\n\t"
            "vxor 1, 0, 4\n\t"
            "vand 2, 1, 6\n\t"
            "vmaxsw 3, 2, 5\n\t"
            "vcmpequw 7, 3, 0\n\t"
            "vspltw 8, 3, 2\n\t"
            "vsububm 6, 6, 7\n\t"
            "vor 5, 5, 8\n\t"
            "stvx 3, 0, %0\n\t"
            "addi %0, %0, 16\n\t"
            "bdnz 1b"
            : "+b"(at) : "r"(N_BYTES / 16) : "ctr", "memory");
    }
    __asm__ volatile("mftb %0" : "=r"(t1));
    __asm__ volatile("vxor 4, 4, 5\n\tvxor 4, 4, 6\n\tstxvb16x 36, 0, %0"
                     : : "r"(out) : "memory");
    for (int i = 0; i < 16; i++) {
        sum = sum * 31 + out[i];
    }
    for (unsigned i = 0; i < N_BYTES; i += 64) {
        sum = sum * 31 + buf[i];
    }
    rt_printf("vecbench checksum %016llx\n", (unsigned long long)sum);
    rt_printf("vecbench timebase ticks %llu\n", (unsigned long long)(t1 - t0));
    return 0;
}
