/*
 * Guest side of the differential runner: runs every generated case
 * (cases.S from gen.c) through diff_run_case and prints one line per case,
 *     D <index> <64-bit FNV-1a hash of the 33 result values>
 * or, when the batch was generated with --full, every value:
 *     F <index> <name> <value>
 * Built twice from the same cases: bare-metal (for powerjit, with the ISA
 * runtime) and Linux user mode (for Debian's qemu-ppc64le, the reference).
 * With -DDIFF_FP the values are those of the floating-point runner
 * (gen-fp.c, run-case-fp.S): f0-f31, the FPSCR and the CR.
 */
#include <stddef.h>
#include <stdint.h>

#ifdef DIFF_FP
#define NVALS 34 /* the FP runner (gen-fp.c, run-case-fp.S): f0-f31 FPSCR CR */
#else
#define NVALS 33
#endif

extern const uint64_t diff_cases[];  /* per case: code address, NVALS inputs */
extern const uint64_t diff_ncases, diff_first, diff_full;
void diff_run_case(const uint64_t *in, uint64_t *out, uint64_t code);

#ifdef DIFF_LINUX
long diff_sys_write(long fd, const void *buf, size_t len);
static void out_raw(const char *s, size_t n)
{
    while (n) {
        long w = diff_sys_write(1, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}
#else
#include "isatest.h"
static void out_raw(const char *s, size_t n)
{
    while (n--)
        rt_putc(*s++);
}

/* an interrupt inside a case (an instruction the emulator does not know)
   ends that case: the line says where, and the next case runs */
extern char diff_case_return[];
static uint64_t trap_vector, trap_srr0;

static int case_trap(struct rt_trap_frame *f)
{
    if (trap_vector)
        return 0; /* the harness itself faulted */
    trap_vector = f->vector;
    trap_srr0 = f->srr0;
    f->srr0 = (uintptr_t)diff_case_return;
    return 1;
}
#endif

static char line[128];
static size_t line_len;

static void put_str(const char *s)
{
    while (*s)
        line[line_len++] = *s++;
}

static void put_hex(uint64_t v, int digits)
{
    int i;
    for (i = digits - 1; i >= 0; i--)
        line[line_len++] = "0123456789abcdef"[(v >> (4 * i)) & 15];
}

static void put_dec(uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        line[line_len++] = tmp[--n];
}

static void end_line(void)
{
    line[line_len++] = '\n';
    out_raw(line, line_len);
    line_len = 0;
}

static const char *const value_names[NVALS] = {
#ifdef DIFF_FP
    "f0",  "f1",  "f2",  "f3",  "f4",  "f5",  "f6",  "f7",  "f8",  "f9",  "f10",
    "f11", "f12", "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21",
    "f22", "f23", "f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31",
    "fpscr", "cr",
#else
    "r0", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
    "r12", "r13", "r14", "r15", "r16", "r17", "r18", "r19", "r20", "r21",
    "r22", "r23", "r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31",
    "cr", "xer",
#endif
};

int main(void)
{
    uint64_t i, out[NVALS];
    int k, b;

#ifndef DIFF_LINUX
    rt_set_trap_handler(case_trap);
#endif
    for (i = 0; i < diff_ncases; i++) {
        const uint64_t *c = &diff_cases[i * (NVALS + 1)];
        uint64_t h = 0xcbf29ce484222325ull;

        diff_run_case(c + 1, out, c[0]);
#ifndef DIFF_LINUX
        if (trap_vector) {
            /* "D <i> trap:<vector>:<offset in case>:<word>" never equals a hash */
            put_str(diff_full ? "F " : "D ");
            put_dec(diff_first + i);
            put_str(diff_full ? " trap " : " trap:");
            put_hex(trap_vector, 3);
            put_str(":+");
            put_hex(trap_srr0 - c[0], 3);
            put_str(":");
            put_hex(*(const uint32_t *)(uintptr_t)trap_srr0, 8);
            end_line();
            trap_vector = 0;
            if (!diff_full)
                continue;
        }
#endif
        if (diff_full) {
            for (k = 0; k < NVALS; k++) {
                put_str("F ");
                put_dec(diff_first + i);
                put_str(" ");
                put_str(value_names[k]);
                put_str(" ");
                put_hex(out[k], 16);
                end_line();
            }
            continue;
        }
        for (k = 0; k < NVALS; k++) {
            for (b = 0; b < 8; b++) {
                h ^= (out[k] >> (8 * b)) & 0xff;
                h *= 0x100000001b3ull;
            }
        }
        put_str("D ");
        put_dec(diff_first + i);
        put_str(" ");
        put_hex(h, 16);
        end_line();
    }
    put_str("DIFF-DONE ");
    put_dec(diff_ncases);
    end_line();
    return 0;
}
