/* a __float128 loop: + - * / sqrt and conversions; on POWER9 (-mcpu=power9,
   or glibc/libgcc's ifunc on an ieee128 HWCAP) these are xsaddqp...
   xssqrtqp, xscvqpdp, xscvsdqp */
#define _GNU_SOURCE
#include <math.h>
#include "progs.h"

static uint64_t qmix(uint64_t h, __float128 q)
{
    uint64_t w[2];

    memcpy(w, &q, 16);
    return prog_mix(prog_mix(h, w[0]), w[1]);
}

int main(int argc, char **argv)
{
    long n = prog_scale(argc, argv) * 20000;
    __float128 s = 0, p = 1, q = 2;
    uint64_t h = PROG_FNV0;

    for (long i = 1; i <= n; i++) {
        __float128 x = (__float128)i;
        s += 1 / (x * x);
        p = p * (x + 1) / (x + 2);
        q = sqrtf128(q + x) - (__float128)(double)(q / 3);
        if ((i & 1023) == 0) {
            h = qmix(h, s);
            h = qmix(h, p);
            h = qmix(h, q);
            h = prog_mix(h, (uint64_t)(long long)(q * 1000));
            h = prog_mix(h, prog_dbits((double)s));
        }
    }
    h = qmix(h, s);
    h = qmix(h, sqrtf128(6 * s));
    printf("float128 %016llx\n", (unsigned long long)h);
    return 0;
}
