/*
 * The default guest of `make run` until a Linux guest boots: a bare-metal
 * program that prints a banner with a few facts it finds out about the
 * machine (processor version, byte order, timebase frequency and memory from
 * the device tree, how it was entered), and powers off.
 */
#include "isatest.h"

static const char *cpu_name(uint32_t pvr)
{
    switch (pvr >> 16) {
    case 0x004b:
    case 0x004c:
    case 0x004d:
        return "POWER8";
    case 0x004e:
        return "POWER9";
    case 0x0080:
        return "POWER10";
    default:
        return "unknown";
    }
}

static uint64_t fdt_cells(const void *p, uint32_t len)
{
    uint32_t hi, lo;
    memcpy(&hi, p, 4);
    if (len < 8)
        return rt_be32(hi);
    memcpy(&lo, (const char *)p + 4, 4);
    return ((uint64_t)rt_be32(hi) << 32) | rt_be32(lo);
}

int main(void)
{
    uint32_t pvr = (uint32_t)rt_mfspr_pvr(), len;
    uint64_t msr, tb0, tb1, sum = 0, i;
    const void *p;

    __asm__ volatile("mfmsr %0" : "=r"(msr));
    rt_printf("\n");
    rt_printf("  powerjit bare-metal demo\n");
    rt_printf("  ------------------------\n");
    rt_printf("  processor  PVR 0x%08x (%s %u.%u)\n", pvr, cpu_name(pvr), (pvr >> 8) & 0xf,
              pvr & 0xff);
    rt_printf("  mode       %s-endian, 64-bit, MSR 0x%016lx\n",
              __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? "little" : "big",
              (unsigned long)msr);
    rt_printf("  entered    r3=0x%lx r5=0x%lx, %s\n", (unsigned long)rt_boot.r3,
              (unsigned long)rt_boot.r5,
              rt_boot.entered_swapped ? "in the other byte order (switched)" : "in our byte order");
    if (rt_boot.fdt) {
        p = rt_fdt_getprop(rt_boot.fdt, "/cpus/PowerPC,POWER9@0", "timebase-frequency", &len);
        if (!p)
            p = rt_fdt_getprop(rt_boot.fdt, "/cpus/PowerPC,POWER10@0", "timebase-frequency", &len);
        if (p)
            rt_printf("  timebase   %lu Hz (device tree)\n", (unsigned long)fdt_cells(p, len));
        p = rt_fdt_getprop(rt_boot.fdt, "/memory@0", "reg", &len);
        if (p && len >= 16)
            rt_printf("  memory     %lu MiB at 0 (device tree)\n",
                      (unsigned long)(fdt_cells((const char *)p + 8, 8) >> 20));
    } else if (rt_boot.of_entry) {
        rt_printf("  firmware   Open Firmware client interface at 0x%x\n", rt_boot.of_entry);
    }

    __asm__ volatile("mftb %0" : "=r"(tb0));
    for (i = 1; i <= 1000000; i++) {
        sum += i * i;
        __asm__("" : "+r"(sum)); /* keep the loop a loop */
    }
    __asm__ volatile("mftb %0" : "=r"(tb1));
    rt_printf("  compute    sum of i*i for i <= 10^6 = %lu (%s), %lu timebase ticks\n",
              (unsigned long)sum, sum == 333333833333500000ull ? "correct" : "WRONG",
              (unsigned long)(tb1 - tb0));
    rt_printf("  powering off through RTAS\n\n");
    CHECK_EQ("sum of squares", sum, 333333833333500000ull);
    return 0;
}
