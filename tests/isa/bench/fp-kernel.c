/*
 * A bare-metal FP kernel for scripts/bench-fp.sh (not a test: nothing in
 * tests/isa/bench is run by tests/run-tests.sh).  The inner loops of
 * tests/guest-progs/matmul.c at -O2 (lxvd2x, xvmuldp, xvadddp, stxvd2x:
 * c[j] += s * b[j] two doubles at a time) and of nbody.c's scalar code
 * (lfd, fsub, fmul, fadd, fdiv, fsqrt, stfd), each REPS times, with
 * FPSCR at its Linux default (RN = nearest, no enables).  -DKERNEL=1
 * builds the vector loop alone, 2 the scalar one, 3 (default) both, 0
 * neither (the start-up cost).  Prints a
 * checksum so that the two emulators can be compared.
 */
#include "isatest.h"

#define N 96
#define REPS 50000
#ifndef KERNEL
#define KERNEL 3 /* 1 vector, 2 scalar, 3 both */
#endif

static double b[N], c[N];

static void vec_kernel(double s)
{
    double sv[2] = {s, s};

    for (int r = 0; r < REPS; r++) {
        __asm__ volatile(
            "lxvd2x 11, 0, %2\n\t"
            "mtctr %3\n\t"
            "li 9, 0\n"
            "1:\n\t"
            "lxvd2x 12, %0, 9\n\t"
            "lxvd2x 0, %1, 9\n\t"
            "xvmuldp 12, 11, 12\n\t"
            "xvadddp 0, 0, 12\n\t"
            "stxvd2x 0, %1, 9\n\t"
            "addi 9, 9, 16\n\t"
            "bdnz 1b\n\t"
            : : "b"(b), "b"(c), "b"(sv), "r"((long)(N / 2))
            : "r9", "ctr", "vs0", "vs11", "vs12", "memory");
    }
}

static void scalar_kernel(void)
{
    for (int r = 0; r < REPS; r++) {
        for (int j = 0; j + 1 < N; j++) {
            double x, y = b[j], z = b[j + 1];

            __asm__ volatile("fsub %0, %1, %2\n\t"
                             "fmul %0, %0, %0\n\t"
                             "fadd %0, %0, %1\n\t"
                             "fsqrt %0, %0\n\t"
                             "fdiv %0, %2, %0\n\t"
                             : "=&d"(x) : "d"(y), "d"(z));
            c[j] += x * 1e-9;
        }
    }
}

int main(void)
{
    uint64_t h = 0;
    uint64_t u;

    for (int j = 0; j < N; j++) {
        b[j] = (j * 7 - 300) / 64.0 + 0.1;
        c[j] = 0.25 * j + 1;
    }
    if (KERNEL & 1) {
        vec_kernel(1e-3);
    }
    if (KERNEL & 2) {
        scalar_kernel();
    }
    for (int j = 0; j < N; j++) {
        memcpy(&u, &c[j], 8);
        h = (h ^ u) * 0x100000001b3ull;
    }
    rt_printf("fp-kernel %llx\n", (unsigned long long)h);
    return 0;
}
