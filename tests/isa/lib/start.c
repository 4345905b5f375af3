/*
 * From crt0.S to main and back out: records how the program was entered,
 * finds the RTAS power-off token (from the OF client interface when r5
 * holds one, else from the device tree in r3), installs the interrupt
 * vectors, runs main, prints the final PASS/FAIL line and powers off.
 */
#include "isatest.h"

void rt_start(uint64_t r3, uint64_t r4, uint64_t r5, uint64_t msr,
              uint64_t swapped) __attribute__((noreturn));
void rt_traps_install(void);

unsigned rt_checks_run;
unsigned rt_checks_failed;
static uint32_t power_off_token;

void rt_start(uint64_t r3, uint64_t r4, uint64_t r5, uint64_t msr,
              uint64_t swapped)
{
    rt_boot.r3 = r3;
    rt_boot.r4 = r4;
    rt_boot.r5 = r5;
    rt_boot.entry_msr = msr;
    rt_boot.entered_swapped = (int)swapped;
    if (r5 != 0 && r5 < (1ull << 32))
        rt_boot.of_entry = (uint32_t)r5;
    else if (r3 != 0 && r3 < (1ull << 40))
        rt_boot.fdt = (const void *)(uintptr_t)r3;
    power_off_token = rt_rtas_token("power-off");
    /* the vectors go over low memory, where OF firmware may live: after the
       last client-interface call */
    rt_traps_install();
    rt_exit(main());
}

void rt_check_eq(const char *name, uint64_t got, uint64_t expected,
                 const char *file, int line)
{
    rt_checks_run++;
    if (got != expected) {
        rt_checks_failed++;
        rt_printf("FAIL %s got=0x%lx expected=0x%lx (%s:%d)\n", name,
                  (unsigned long)got, (unsigned long)expected, file, line);
    }
}

void rt_check(const char *name, int ok, const char *file, int line)
{
    rt_checks_run++;
    if (!ok) {
        rt_checks_failed++;
        rt_printf("FAIL %s (%s:%d)\n", name, file, line);
    }
}

void rt_exit(int rc)
{
    if (rt_checks_failed)
        rt_printf("ISA-TEST FAIL %u of %u checks\n", rt_checks_failed,
                  rt_checks_run);
    else if (rc)
        rt_printf("ISA-TEST FAIL main returned %d after %u checks\n", rc,
                  rt_checks_run);
    else
        rt_printf("ISA-TEST PASS %u checks\n", rt_checks_run);
    rt_poweroff();
}

void rt_poweroff(void)
{
    static const uint32_t args[2] = { 0xffffffffu, 0xffffffffu };

    rt_flush();
    if (power_off_token)
        rt_rtas_call(power_off_token, 2, args, 1, NULL);
    rt_printf("runtime: RTAS power-off %s; halting\n",
              power_off_token ? "returned" : "token not found");
    for (;;)
        __asm__ volatile("" ::: "memory");
}

void rt_sync_icache(void *start, void *end)
{
    extern void rt_sync_icache_asm(void *, void *);
    rt_sync_icache_asm(start, end);
}
