/*
 * Logging: the -d categories and the -D file, in QEMU's form.  Everything
 * that logs checks log_enabled() first, so a disabled category costs one
 * test.  Messages go to the -D file, or stderr.
 */
#ifndef POWERJIT_LOG_H
#define POWERJIT_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum {
    LOG_IN_ASM = 1 << 0,      /* guest code of each TB translated */
    LOG_OP = 1 << 1,          /* IR as generated */
    LOG_OP_OPT = 1 << 2,      /* IR after the optimizer */
    LOG_OUT_ASM = 1 << 3,     /* host code generated */
    LOG_EXEC = 1 << 4,        /* each TB executed */
    LOG_CPU = 1 << 5,         /* CPU state before each TB */
    LOG_INT = 1 << 6,         /* interrupts delivered */
    LOG_UNIMP = 1 << 7,       /* unimplemented instructions, hcalls, RTAS */
    LOG_GUEST_ERROR = 1 << 8, /* the guest did something invalid */
    LOG_NOCHAIN = 1 << 9,     /* do not chain TBs (debugging) */
};

/* written by main before the vCPUs start and by the monitor's `log`
   command while they run (log_set_mask); read by every vCPU thread.  All
   accesses are relaxed atomics (a plain load on the host): a vCPU sees
   the old mask or the new one, never a torn word, and nothing else is
   ordered by it. */
extern uint32_t log_mask;

static inline bool log_enabled(uint32_t m)
{
    return (__atomic_load_n(&log_mask, __ATOMIC_RELAXED) & m) != 0;
}
static inline void log_set_mask(uint32_t m)
{
    __atomic_store_n(&log_mask, m, __ATOMIC_RELAXED);
}
/* the stream to write to (the -D file or stderr) */
FILE *log_stream(void);
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* parses "in_asm,op,cpu" ("help" lists them); false + message on error */
bool log_parse_mask(const char *spec, uint32_t *mask, char **err);
/* writes the category names and what each logs (for -d help) */
void log_list_categories(FILE *out);
/* the -D file, also while vCPUs log (the monitor's logfile): the stream
   is swapped atomically; the old one is flushed and stays open (exit
   closes it) */
bool log_set_file(const char *path, char **err);
void log_flush(void);

#endif
