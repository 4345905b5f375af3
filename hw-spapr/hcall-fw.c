/*
 * hw-spapr/hcall-fw.c: the private hcalls a firmware written for QEMU's
 * pseries makes (SLOF).  They sit in the implementation-defined range
 * from 0xf000 up, next to KVMPPC_H_RTAS:
 *
 *   KVMPPC_H_LOGICAL_MEMOP  copies (or copies inverted) an array of
 *                           elements between real addresses
 *   KVMPPC_H_CAS            client-architecture-support on the firmware's
 *                           behalf: the firmware passes the OS's vector
 *                           and a buffer; the answer is a 32-bit version
 *                           word (1) followed by the whole device tree,
 *                           updated with what was agreed, from which the
 *                           firmware rebuilds its own
 *   KVMPPC_H_UPDATE_DT      the firmware hands over its final tree before
 *                           starting the OS; nothing here reads it back,
 *                           so the call only checks it
 *
 * Every address is guest input, checked against RAM.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "log.h"
#include "spapr.h"

#define REAL_ADDR_MASK 0x0fffffffffffffffull
#define CAS_ANSWER_VERSION 1

static void fw_guest_error(const char *call, const char *why, uint64_t addr)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s: %s (0x%" PRIx64 ")\n", call, why, addr);
    }
}

/*
 * KVMPPC_H_LOGICAL_MEMOP: r4 = destination, r5 = source, r6 = log2 of the
 * element size (0..3), r7 = element count, r8 = operation (0: copy, 1:
 * copy the complement).  Overlapping ranges copy as memmove does.
 */
int64_t h_logical_memop(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t dst = args[0] & REAL_ADDR_MASK, src = args[1] & REAL_ADDR_MASK;
    uint64_t esize = args[2], count = args[3], op = args[4];

    if (esize > 3 || op > 1) {
        fw_guest_error("H_LOGICAL_MEMOP", "bad element size or operation",
                       esize << 8 | op);
        return H_PARAMETER;
    }
    if (count > m->ram_size >> esize) {
        fw_guest_error("H_LOGICAL_MEMOP", "count too large", count);
        return H_PARAMETER;
    }
    uint64_t len = count << esize;
    if (!spapr_ram_valid(m, dst, len) || !spapr_ram_valid(m, src, len)) {
        fw_guest_error("H_LOGICAL_MEMOP", "range outside RAM", dst);
        return H_PARAMETER;
    }
    memmove(m->ram + dst, m->ram + src, len);
    if (op == 1) {
        for (uint64_t i = 0; i < len; i++) {
            m->ram[dst + i] = (uint8_t)~m->ram[dst + i];
        }
    }
    return H_SUCCESS;
}

/* the answer's device tree: the whole tree again (the firmware rebuilds
   its tree from it), with what was agreed: /chosen's
   ibm,architecture-vec-5 and the CPUs' cpu-version.  A g_malloc'ed tree,
   or NULL with *err a libfdt error. */
static void *cas_answer_fdt(SpaprMachine *m, const SpaprCasResult *r,
                            int *err)
{
    char *why = NULL;
    size_t size;
    void *base = spapr_build_fdt(m, &size, &why);
    uint8_t vec5[64];
    size_t vec5_len = spapr_cas_vec5(r, vec5, sizeof(vec5));
    int room = (int)size + 4096;

    if (!base) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("H_CAS: %s\n", why);
        }
        g_free(why);
        *err = -FDT_ERR_INTERNAL;
        return NULL;
    }
    void *fdt = g_malloc0(room);
    *err = fdt_open_into(base, fdt, room);
    g_free(base);
    int chosen = *err < 0 ? *err : fdt_path_offset(fdt, "/chosen");
    if (chosen < 0) {
        *err = chosen;
    } else {
        *err = fdt_setprop(fdt, chosen, "ibm,architecture-vec-5", vec5,
                           (int)vec5_len);
    }
    for (int cpu = fdt_node_offset_by_prop_value(fdt, -1, "device_type",
                                                 "cpu", sizeof("cpu"));
         *err == 0 && cpu >= 0;
         cpu = fdt_node_offset_by_prop_value(fdt, cpu, "device_type", "cpu",
                                             sizeof("cpu"))) {
        *err = fdt_setprop_u32(fdt, cpu, "cpu-version", r->cpu_version);
    }
    if (*err == 0) {
        *err = fdt_pack(fdt);
    }
    if (*err < 0) {
        g_free(fdt);
        return NULL;
    }
    return fdt;
}

/*
 * KVMPPC_H_CAS: r4 = the OS's architecture vector, r5 = the answer
 * buffer, r6 = its size.  Fails with H_PARAMETER when the vector is
 * unusable (the firmware then tells the OS that the call failed).
 */
int64_t h_cas(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t vec = args[0] & REAL_ADDR_MASK, buf = args[1] & REAL_ADDR_MASK;
    uint64_t size = args[2];
    SpaprCasResult r;
    const char *why = NULL;
    int err;

    if (vec > UINT32_MAX || !spapr_cas_negotiate(m, (uint32_t)vec, &r, &why)) {
        fw_guest_error("H_CAS", why ? why : "vector above 4 GiB", vec);
        return H_PARAMETER;
    }
    void *answer = cas_answer_fdt(m, &r, &err);
    if (!answer) {
        fw_guest_error("H_CAS", fdt_strerror(err), buf);
        return H_HARDWARE;
    }
    uint64_t len = 4 + fdt_totalsize(answer);
    if (size < len || !spapr_ram_valid(m, buf, len)) {
        fw_guest_error("H_CAS", "answer buffer too small or outside RAM",
                       buf);
        g_free(answer);
        return H_PARAMETER;
    }
    memcpy(m->ram + buf + 4, answer, len - 4);
    g_free(answer);
    spapr_ram_st32(m, buf, CAS_ANSWER_VERSION);
    spapr_cas_apply(m, &r);
    return H_SUCCESS;
}

/* KVMPPC_H_UPDATE_DT: r4 = the firmware's flattened device tree */
int64_t h_update_dt(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t addr = args[0] & REAL_ADDR_MASK;
    uint8_t header[sizeof(struct fdt_header)];

    if (!spapr_ram_valid(m, addr, sizeof(header))) {
        fw_guest_error("H_UPDATE_DT", "tree outside RAM", addr);
        return H_PARAMETER;
    }
    memcpy(header, m->ram + addr, sizeof(header));
    if (fdt_magic(header) != FDT_MAGIC ||
        !spapr_ram_valid(m, addr, fdt_totalsize(header))) {
        fw_guest_error("H_UPDATE_DT", "not a device tree", addr);
        return H_PARAMETER;
    }
    return H_SUCCESS;
}
