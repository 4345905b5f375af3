/*
 * The -bios convention, checked from inside the firmware's seat (QEMU's
 * pseries conventions, which Debian's SLOF relies on):
 *   - the image is at address 0 and entered at 0x100 (head.S records where
 *     it ran), big-endian, with MSR[SF] = 0 (QEMU's reset state: the
 *     firmware switches to 64-bit mode itself);
 *   - r3 is the flattened device tree, r5 is 0 (no client interface);
 *   - a -kernel ELF is preloaded at 4 MiB and /chosen qemu,boot-kernel
 *     says so (address and size, 64-bit cells), qemu,boot-kernel-le is
 *     absent for a big-endian kernel; the initrd is where
 *     linux,initrd-start and linux,initrd-end say;
 *   - RTAS answers get-time-of-day with the -rtc base date, through the
 *     entry code /rtas names when there is one.
 * tests/boot/bios.sh runs it with the kernel tests/isa/smoke.c (BE), an
 * initrd holding BIOS_INITRD_TEXT and -rtc base=2006-06-17T16:01:21.
 */
#include "isatest.h"

#define BIOS_HEAD_RECORD 0x1ff0   /* head.S */
#define KERNEL_ADDR 0x400000      /* QEMU's pseries kernel load address */
#define FDT_MAGIC 0xd00dfeedu
#define MSR_SF (1ull << 63)
#define MSR_LE 1ull
/* the first word of every runtime program: crt0.S's "tdi 0,0,0x48" */
#define CRT0_FIRST_WORD 0x08000048u
#define BIOS_INITRD_TEXT "powerjit bios initrd\n"

static uint32_t be32_at(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return rt_be32(v);
}

static uint64_t be64_at(const void *p)
{
    return (uint64_t)be32_at(p) << 32 | be32_at((const char *)p + 4);
}

static void check_entry(void)
{
    CHECK_EQ("entered at 0x100 (head.S ran at 0x100)",
             *(volatile uint64_t *)BIOS_HEAD_RECORD, 0x104);
    CHECK_EQ("entered big-endian (MSR[LE] = 0)", rt_boot.entry_msr & MSR_LE,
             0);
    CHECK_EQ("entered in 32-bit mode (MSR[SF] = 0, as QEMU does)",
             rt_boot.entry_msr & MSR_SF, 0);
    CHECK("r3 is the device tree", rt_boot.fdt != NULL &&
          be32_at(rt_boot.fdt) == FDT_MAGIC);
    CHECK_EQ("r5 is 0", rt_boot.r5, 0);
}

static void check_kernel(void)
{
    uint32_t len = 0;
    const void *p = rt_fdt_getprop(rt_boot.fdt, "/chosen", "qemu,boot-kernel",
                                   &len);

    CHECK_EQ("/chosen qemu,boot-kernel length", len, 16);
    if (!p || len != 16)
        return;
    uint64_t addr = be64_at(p), size = be64_at((const char *)p + 8);
    CHECK_EQ("qemu,boot-kernel address", addr, KERNEL_ADDR);
    CHECK("qemu,boot-kernel size", size > 0 && size < (16u << 20));
    CHECK_EQ("the kernel's first word at its address",
             be32_at((const void *)(uintptr_t)addr), CRT0_FIRST_WORD);
    CHECK("no qemu,boot-kernel-le for a big-endian kernel",
          rt_fdt_getprop(rt_boot.fdt, "/chosen", "qemu,boot-kernel-le",
                         &len) == NULL);
}

/* a /chosen initrd bound: one or two cells */
static uint64_t chosen_addr(const char *name)
{
    uint32_t len = 0;
    const void *p = rt_fdt_getprop(rt_boot.fdt, "/chosen", name, &len);

    if (!p)
        return 0;
    return len == 8 ? be64_at(p) : be32_at(p);
}

static void check_initrd(void)
{
    uint64_t start = chosen_addr("linux,initrd-start");
    uint64_t end = chosen_addr("linux,initrd-end");
    size_t n = strlen(BIOS_INITRD_TEXT);

    CHECK("linux,initrd-start above the kernel", start >= KERNEL_ADDR);
    CHECK_EQ("initrd size", end - start, n);
    CHECK("initrd contents", start != 0 &&
          memcmp((const void *)(uintptr_t)start, BIOS_INITRD_TEXT, n) == 0);
}

typedef long (*rtas_entry_fn)(uint64_t args);

/* get-time-of-day, through /rtas linux,rtas-entry if the device tree
   names one (the firmware's way), else the private hcall */
static int time_of_day(uint32_t *rets)
{
    static uint32_t buf[3 + 8];
    uint32_t len = 0, token = rt_rtas_token("get-time-of-day");
    const void *p = rt_fdt_getprop(rt_boot.fdt, "/rtas", "linux,rtas-entry",
                                   &len);

    if (!p || len != 4) {
        uint32_t all[8];
        int status = rt_rtas_call(token, 0, NULL, 8, all);
        memcpy(rets, all + 1, 7 * sizeof(uint32_t));
        return status;
    }
    rtas_entry_fn entry = (rtas_entry_fn)(uintptr_t)be32_at(p);
    buf[0] = rt_be32(token);
    buf[1] = rt_be32(0);
    buf[2] = rt_be32(8);
    entry((uint64_t)(uintptr_t)buf);
    for (int i = 1; i < 8; i++)
        rets[i - 1] = rt_be32(buf[3 + i]);
    rt_printf("bios-test: RTAS through linux,rtas-entry 0x%x\n",
              be32_at(p));
    return (int)rt_be32(buf[3]);
}

static void check_rtc(void)
{
    uint32_t t[7] = { 0 };

    CHECK_EQ("get-time-of-day status", time_of_day(t), 0);
    CHECK_EQ("year", t[0], 2006);
    CHECK_EQ("month", t[1], 6);
    CHECK_EQ("day", t[2], 17);
    CHECK_EQ("hour", t[3], 16);
    CHECK_EQ("minute", t[4], 1);
    CHECK("second (21 or a few later)", t[5] >= 21 && t[5] <= 25);
}

int main(void)
{
    rt_printf("bios-test: entered with r3=0x%lx MSR=0x%lx\n",
              (unsigned long)rt_boot.r3, (unsigned long)rt_boot.entry_msr);
    check_entry();
    if (!rt_boot.fdt)
        return 1;
    check_kernel();
    check_initrd();
    check_rtc();
    return 0;
}
