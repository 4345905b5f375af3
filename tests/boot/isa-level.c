/*
 * tests/boot/isa-level.c: which ISA level the guest's processor runs at,
 * seen from a Linux program.  Each probe runs one instruction of an ISA
 * level (Power ISA 2.07: mtvsrd/mfvsrd; 3.0: cnttzd, modsd) and reports "ok" with the result the ISA defines, or "sigill" when the
 * processor raised the illegal-instruction interrupt (SIGILL).  Under
 * -cpu POWER9 every probe is ok; under -cpu POWER8 or a POWER9 held to
 * ISA 2.07 (max-cpu-compat=power8, PCR[v2.07]) the 3.0 ones are sigill.
 *
 * Built with -mcpu=power8 (the 3.0 instructions only in the asm).
 * Output, one line per probe: "NAME ok" / "NAME sigill" / "NAME wrong".
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf env;

static void on_sigill(int sig)
{
    (void)sig;
    siglongjmp(env, 1);
}

/* ISA 2.07 (Book I 7.6.1.5, VSX move): mtvsrd puts a GPR into
   doubleword 0 of a VSR, mfvsrd reads it back */
static int probe_207(uint64_t *out)
{
    uint64_t in = 0x0123456789abcdefull, r;

    __asm__ volatile("mtvsrd 34, %1\n\tmfvsrd %0, 34"
                     : "=r"(r) : "r"(in) : "v2");
    *out = r;
    return r == in;
}

/* ISA 3.0 (Book I 3.3.13): cnttzd counts the trailing zero bits */
static int probe_300_cnttzd(uint64_t *out)
{
    uint64_t in = 0x100000ull, r;

    __asm__ volatile(".machine push\n\t.machine power9\n\t"
                     "cnttzd %0, %1\n\t.machine pop"
                     : "=r"(r) : "r"(in));
    *out = r;
    return r == 20;
}

/* ISA 3.0 (Book I 3.3.9): modsd, the signed doubleword remainder */
static int probe_300_modsd(uint64_t *out)
{
    int64_t a = -17, b = 5, r;

    __asm__ volatile(".machine push\n\t.machine power9\n\t"
                     "modsd %0, %1, %2\n\t.machine pop"
                     : "=r"(r) : "r"(a), "r"(b));
    *out = (uint64_t)r;
    return r == -2;
}

typedef struct Probe {
    const char *name;
    int (*fn)(uint64_t *out);
} Probe;

static const Probe probes[] = {
    { "isa2.07-mfvsrd", probe_207 },
    { "isa3.0-cnttzd", probe_300_cnttzd },
    { "isa3.0-modsd", probe_300_modsd },
};

int main(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigill;
    sigaction(SIGILL, &sa, NULL);
    for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
        uint64_t out = 0;

        if (sigsetjmp(env, 1)) {
            printf("%s sigill\n", probes[i].name);
            continue;
        }
        int good = probes[i].fn(&out);
        printf("%s %s\n", probes[i].name, good ? "ok" : "wrong");
    }
    return 0;
}
