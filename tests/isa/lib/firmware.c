/*
 * Talking to the platform: hcalls (sc 1), RTAS through the private hcall
 * 0xf000, the flattened device tree handed over in r3, and the IEEE 1275
 * client interface that QEMU's VOF firmware hands over in r5 instead.
 *
 * RTAS and OF data are big-endian 32-bit cells whatever our byte order
 * (LoPAPR 7.2.1 for RTAS argument buffers; IEEE 1275 PowerPC binding for
 * client-interface argument arrays, as Linux's prom_init uses them).
 */
#include "isatest.h"

#define KVMPPC_H_RTAS 0xf000

struct rt_boot_info rt_boot;

long rt_hcall(uint64_t opcode, uint64_t a0, uint64_t a1, uint64_t a2,
              uint64_t a3, uint64_t a4, uint64_t a5, uint64_t *out)
{
    register uint64_t r3 __asm__("r3") = opcode;
    register uint64_t r4 __asm__("r4") = a0;
    register uint64_t r5 __asm__("r5") = a1;
    register uint64_t r6 __asm__("r6") = a2;
    register uint64_t r7 __asm__("r7") = a3;
    register uint64_t r8 __asm__("r8") = a4;
    register uint64_t r9 __asm__("r9") = a5;
    register uint64_t r10 __asm__("r10");
    register uint64_t r11 __asm__("r11");

    __asm__ volatile("sc 1"
                     : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7),
                       "+r"(r8), "+r"(r9), "=r"(r10), "=r"(r11)
                     :
                     : "r0", "r12", "ctr", "xer", "cr0", "cr1", "cr5", "cr6",
                       "cr7", "memory");
    if (out) {
        out[0] = r4;
        out[1] = r5;
        out[2] = r6;
        out[3] = r7;
        out[4] = r8;
        out[5] = r9;
        out[6] = r10;
        out[7] = r11;
    }
    return (long)r3;
}

int rt_rtas_call(uint32_t token, int nargs, const uint32_t *args, int nret,
                 uint32_t *rets)
{
    uint32_t buf[16] __attribute__((aligned(8)));
    int i;

    if (nargs < 0 || nret < 1 || 3 + nargs + nret > 16)
        return -3;
    buf[0] = rt_be32(token);
    buf[1] = rt_be32((uint32_t)nargs);
    buf[2] = rt_be32((uint32_t)nret);
    for (i = 0; i < nargs; i++)
        buf[3 + i] = rt_be32(args[i]);
    for (i = 0; i < nret; i++)
        buf[3 + nargs + i] = rt_be32(0xffffffffu);
    rt_hcall(KVMPPC_H_RTAS, (uintptr_t)buf, 0, 0, 0, 0, 0, NULL);
    for (i = 0; i < nret; i++) {
        if (rets)
            rets[i] = rt_be32(buf[3 + nargs + i]);
    }
    return (int)rt_be32(buf[3 + nargs]);
}

/* ---- flattened device tree (devicetree specification v0.3, chapter 5) */

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static int memchr_n(const char *s, char c, size_t n)
{
    for (; n; n--, s++) {
        if (*s == c)
            return 1;
    }
    return 0;
}

static uint32_t fdt_cell(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return rt_be32(v);
}

/* does the node name "name" or "name@unit" match the path component? */
static int fdt_name_matches(const char *node, const char *comp, size_t len)
{
    if (strncmp(node, comp, len))
        return 0;
    if (node[len] == '\0')
        return 1;
    return node[len] == '@' && !memchr_n(comp, '@', len);
}

const void *rt_fdt_getprop(const void *fdt, const char *path, const char *prop,
                           uint32_t *lenp)
{
    const char *base = fdt;
    uint32_t total, off_struct, off_strings, pos, end;
    int depth = -1, matched = 0, ncomp = 0;
    const char *comps[8];
    size_t comp_len[8];
    const char *p;

    if (!fdt || fdt_cell(base) != FDT_MAGIC)
        return NULL;
    total = fdt_cell(base + 4);
    off_struct = fdt_cell(base + 8);
    off_strings = fdt_cell(base + 12);
    end = off_struct + fdt_cell(base + 36);
    if (total > (64u << 20) || off_struct >= total || off_strings >= total ||
        end > total || end < off_struct)
        return NULL;

    for (p = path; *p;) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        if (ncomp == 8)
            return NULL;
        comps[ncomp] = p;
        while (*p && *p != '/')
            p++;
        comp_len[ncomp] = (size_t)(p - comps[ncomp]);
        ncomp++;
    }

    for (pos = off_struct; pos + 4 <= end;) {
        uint32_t tag = fdt_cell(base + pos);
        pos += 4;
        switch (tag) {
        case FDT_BEGIN_NODE: {
            const char *name = base + pos;
            size_t n = strlen(name);
            depth++;
            if (depth > 0 && depth == matched + 1 && matched < ncomp &&
                fdt_name_matches(name, comps[matched], comp_len[matched]))
                matched++;
            pos += (uint32_t)((n + 1 + 3) & ~(size_t)3);
            break;
        }
        case FDT_END_NODE:
            if (depth == matched && depth > 0)
                matched--;
            depth--;
            break;
        case FDT_PROP: {
            uint32_t len, nameoff;
            if (pos + 8 > end)
                return NULL;
            len = fdt_cell(base + pos);
            nameoff = fdt_cell(base + pos + 4);
            pos += 8;
            if (len > end - pos || nameoff >= total - off_strings)
                return NULL;
            if (depth == matched && matched == ncomp &&
                !strcmp(base + off_strings + nameoff, prop)) {
                if (lenp)
                    *lenp = len;
                return base + pos;
            }
            pos += (len + 3) & ~3u;
            break;
        }
        case FDT_NOP:
            break;
        default:
            return NULL;
        }
    }
    return NULL;
}

/* ---- IEEE 1275 client interface (QEMU's VOF) */

extern uint32_t rt_of_call(uint32_t *args, uint64_t entry);

/* service(args...) -> rets[0..nret-1]; returns -1 if the call failed */
static int of_call(const char *service, int nargs, int nret,
                   const uint32_t *args, uint32_t *rets)
{
    uint32_t cells[16] __attribute__((aligned(8)));
    int i;

    if (!rt_boot.of_entry || 3 + nargs + nret > 16)
        return -1;
    cells[0] = rt_be32((uint32_t)(uintptr_t)service);
    cells[1] = rt_be32((uint32_t)nargs);
    cells[2] = rt_be32((uint32_t)nret);
    for (i = 0; i < nargs; i++)
        cells[3 + i] = rt_be32(args[i]);
    for (i = 0; i < nret; i++)
        cells[3 + nargs + i] = 0;
    if ((int32_t)rt_of_call(cells, rt_boot.of_entry) < 0)
        return -1;
    for (i = 0; i < nret; i++)
        rets[i] = rt_be32(cells[3 + nargs + i]);
    return 0;
}

static uint32_t of_getprop_cell(const char *node, const char *prop)
{
    uint32_t args[4], ret, phandle, value = 0;

    args[0] = (uint32_t)(uintptr_t)node;
    if (of_call("finddevice", 1, 1, args, &phandle) || phandle == 0 ||
        phandle == 0xffffffffu)
        return 0;
    args[0] = phandle;
    args[1] = (uint32_t)(uintptr_t)prop;
    args[2] = (uint32_t)(uintptr_t)&value;
    args[3] = sizeof(value);
    if (of_call("getprop", 4, 1, args, &ret) || ret != sizeof(value))
        return 0;
    return rt_be32(value);
}

uint32_t rt_rtas_token(const char *name)
{
    if (rt_boot.of_entry)
        return of_getprop_cell("/rtas", name);
    if (rt_boot.fdt) {
        uint32_t len;
        const void *p = rt_fdt_getprop(rt_boot.fdt, "/rtas", name, &len);
        if (p && len == 4)
            return fdt_cell(p);
    }
    return 0;
}
