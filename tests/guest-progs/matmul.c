/* dense double matrix multiply; the integer-to-double initialisation is
   what GCC vectorises with xvcvsxwdp at -O2 */
#include "progs.h"

#define N 96

static double a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv)
{
    long reps = prog_scale(argc, argv) * 2;
    uint64_t h = PROG_FNV0;
    int ia[N];

    for (int i = 0; i < N; i++) {
        ia[i] = i * 7 - 300;
    }
    for (long r = 0; r < reps; r++) {
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                a[i][j] = ia[j] + i;
                b[i][j] = (double)(ia[(i + j) % N] - j) / 64.0;
            }
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                c[i][j] = 0;
            }
            for (int k = 0; k < N; k++) {
                double aik = a[i][k];
                for (int j = 0; j < N; j++) {
                    c[i][j] += aik * b[k][j];
                }
            }
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                h = prog_mix(h, prog_dbits(c[i][j] * (1.0 + r)));
            }
        }
    }
    printf("matmul %016llx\n", (unsigned long long)h);
    return 0;
}
