/*
 * The bare-metal runtime's API, for ISA tests, the differential runner's
 * guest side, the benchmark and the demo.
 *
 * A program defines `int main(void)`; crt0.S enters it in 64-bit mode, in
 * the program's own byte order, in real mode, with a 64 KiB stack.  When
 * main returns, the runtime prints the final line
 *     ISA-TEST PASS <n> checks            (no check failed, main returned 0)
 *     ISA-TEST FAIL <f> of <n> checks     (otherwise)
 * and powers the machine off through RTAS.  Test drivers look for that line.
 *
 * Unexpected interrupts print "ISA-TEST FAIL unexpected interrupt ..." and
 * power off; rt_set_trap_handler() lets a test take interrupts itself.
 */
#ifndef ISA_TEST_H
#define ISA_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- console (hcall H_PUT_TERM_CHAR on the first vty) */
void rt_putc(char c);
void rt_puts(const char *s);  /* no newline added */
void rt_flush(void);
/* printf subset: %c %s %d %i %u %x %X %p %%, with l/ll/z/h/hh, width, '0' and '-' */
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_vprintf(const char *fmt, va_list ap);
int rt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- checks */
void rt_check_eq(const char *name, uint64_t got, uint64_t expected,
                 const char *file, int line);
void rt_check(const char *name, int ok, const char *file, int line);
extern unsigned rt_checks_run;
extern unsigned rt_checks_failed;

/* CHECK_EQ("addc r3", got, expected): compares as 64-bit values and prints
   "FAIL <name> got=0x... expected=0x... (file:line)" on a mismatch */
#define CHECK_EQ(name, got, expected) \
    rt_check_eq((name), (uint64_t)(got), (uint64_t)(expected), __FILE__, __LINE__)
#define CHECK(name, cond) rt_check((name), !!(cond), __FILE__, __LINE__)

/* ---- machine */
/* ends the program now: prints the final line (rc != 0 counts as a
   failure) and powers off */
void rt_exit(int rc) __attribute__((noreturn));
void rt_poweroff(void) __attribute__((noreturn));

/* sc 1: r3 = opcode, r4.. = args; returns r3, and r4..r11 in out[0..7] when
   out is not NULL */
long rt_hcall(uint64_t opcode, uint64_t a0, uint64_t a1, uint64_t a2,
              uint64_t a3, uint64_t a4, uint64_t a5, uint64_t *out);

/* RTAS call by token through the private hcall 0xf000; returns status */
int rt_rtas_call(uint32_t token, int nargs, const uint32_t *args, int nret,
                 uint32_t *rets);
/* RTAS token of a named service, or 0 if the firmware has none */
uint32_t rt_rtas_token(const char *name);

/* what the program was entered with */
struct rt_boot_info {
    uint64_t r3, r4, r5;   /* entry registers */
    uint64_t entry_msr;    /* MSR at _start (before the runtime changed it) */
    int entered_swapped;   /* 1: entered in the other byte order */
    const void *fdt;       /* flattened device tree, or NULL */
    uint32_t of_entry;     /* OF client interface entry, or 0 */
};
extern struct rt_boot_info rt_boot;

/* flattened device tree: property of the node at an absolute path
   ("/rtas", "/cpus/PowerPC,POWER9@0"); NULL if absent */
const void *rt_fdt_getprop(const void *fdt, const char *path, const char *prop,
                           uint32_t *len);

/* make freshly written code at [start, end) executable */
void rt_sync_icache(void *start, void *end);

/* ---- interrupts */
/* registers at the interrupt; the handler may change any of them */
struct rt_trap_frame {
    uint64_t gpr[32];
    uint64_t cr, lr, ctr, xer;
    uint64_t srr0, srr1;
    uint64_t vector; /* 0x700 etc. */
    uint64_t dar, dsisr;
};
/* return 1 to resume at frame->srr0 with MSR = frame->srr1; 0 to fail the
   test as for an unexpected interrupt.  NULL restores the default. */
typedef int (*rt_trap_handler)(struct rt_trap_frame *frame);
void rt_set_trap_handler(rt_trap_handler handler);

/* The common case: record each interrupt in rt_trap and resume after the
   instruction that took it.  rt_catch_traps() installs that handler and
   clears the record. */
struct rt_trap_record {
    unsigned count;
    uint64_t vector, srr0, srr1, dar;
};
extern volatile struct rt_trap_record rt_trap;
void rt_catch_traps(void);

/* ---- small libc */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* byte order helpers for big-endian firmware data */
static inline uint32_t rt_be32(uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return __builtin_bswap32(v);
#else
    return v;
#endif
}

static inline uint64_t rt_mfspr_pvr(void)
{
    uint64_t v;
    __asm__ volatile("mfspr %0, 287" : "=r"(v));
    return v;
}

int main(void);

#endif
