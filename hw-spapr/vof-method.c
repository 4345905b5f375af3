/*
 * hw-spapr/vof-method.c: the client service call-method and the methods a
 * pseries client calls through it: ibm,client-architecture-support on the
 * root (LoPAPR B.5.2.3, "Client Architecture Support") and
 * instantiate-rtas on /rtas.
 *
 * call-method takes the method's name, an instance, then the method's
 * arguments; it returns a catch-result (0: the method ran, nonzero: it
 * threw, e.g. because it does not exist) followed by the method's returns.
 *
 * Client architecture support.  The client hands over a vector: (mask,
 * value) PVR pairs up to a terminator pair whose value has bits outside
 * its mask, then a byte holding the number of option vectors minus one,
 * then the option vectors, each a length byte (the vector's size minus
 * one) and that many bytes plus one.  Their bytes are numbered from 1.
 * We read the PVR pairs to pick the processor version the client runs as
 * (the architected "logical" PVR of our ISA level when the client lists
 * it, as PowerVM and QEMU do, else the real one), and option vector 5:
 * byte 24 asks for the radix MMU (0x40) or hash (0x00), byte 26 for radix
 * guest translation shootdown (0x40), byte 23 for XIVE, which we do not
 * offer, byte 6 bit 7 (0x01, Linux's OV5_RESIZE_HPT 0x0601) says the
 * client can resize its HPT (hcall-hpt-resize): a client without it on a
 * machine with resize-hpt=required ends the run, as QEMU does.  The answer goes into the device tree: /chosen's
 * ibm,architecture-vec-5 (the length byte, then vector 5 bytes 1..26 with
 * only what was agreed) and the CPU's cpu-version.
 */
#include <inttypes.h>
#include <string.h>

#include <libfdt.h>

#include "exec.h"
#include "log.h"
#include "spapr-compat.h"
#include "vof-internal.h"

#define CAS_MAX_PVRS 512

/* option vector 5 byte numbers and values (LoPAPR B.5.2.3) */
#define OV5_BYTE_BIN_OPTS 6
#define OV5_HPT_RESIZE 0x01
#define OV5_BYTE_INTC 23
#define OV5_BYTE_MMU 24
#define OV5_BYTE_RADIX_EXT 26
#define OV5_MMU_RADIX 0x40
#define OV5_RADIX_GTSE 0x40
/* the bytes of vector 5 we answer with */
#define OV5_ANSWER_LEN 26

static bool cas_read8(SpaprMachine *m, uint32_t addr, uint8_t *v)
{
    return vof_read(m, addr, v, 1);
}

static bool cas_read32(SpaprMachine *m, uint32_t addr, uint32_t *v)
{
    uint8_t b[4];

    if (!vof_read(m, addr, b, 4)) {
        return false;
    }
    *v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
         b[3];
    return true;
}

/*
 * Walks the PVR pairs at *addr (leaving it past the terminator) and picks
 * the PVR the client runs with, as PowerVM and QEMU do: the highest
 * logical PVR the client lists that the processor can be held to and that
 * max-cpu-compat allows; else the real PVR if the client lists it and no
 * max-cpu-compat is set; else 0 (no agreement).
 */
static bool cas_pick_pvr(SpaprMachine *m, uint32_t *addr, uint32_t *pvr_out)
{
    PPCModel model = m->cfg->cpu_model;
    uint32_t pvr = ppc_model_pvr(model);
    uint32_t max = m->cfg->max_compat_pvr ? m->cfg->max_compat_pvr
                                          : spapr_compat_native(model);
    uint32_t best = 0;
    bool raw_ok = false;

    for (int i = 0; i < CAS_MAX_PVRS; i++, *addr += 8) {
        uint32_t mask, val;

        if (!cas_read32(m, *addr, &mask) || !cas_read32(m, *addr + 4, &val)) {
            return false;
        }
        if (val & ~mask) {
            *addr += 8;
            *pvr_out = best ? best
                            : raw_ok && !m->cfg->max_compat_pvr ? pvr : 0;
            return true;
        }
        raw_ok = raw_ok || (pvr & mask) == val;
        /* the logical PVRs grow with the ISA level */
        for (uint32_t l = SPAPR_PVR_LOGICAL_2_05; l <= max; l++) {
            if (l > best && (l & mask) == val &&
                spapr_compat_valid(model, l)) {
                best = l;
            }
        }
    }
    return false; /* no terminator */
}

/* finds option vector 5 after the PVR pairs: its address (the length
   byte) and its size in bytes; size 0 if the client sent none */
static bool cas_find_vec5(SpaprMachine *m, uint32_t addr, uint32_t *vec5,
                          uint32_t *len)
{
    uint8_t count, vlen;

    *len = 0;
    if (!cas_read8(m, addr, &count)) {
        return false;
    }
    addr++;
    for (int i = 1; i <= count + 1; i++) {
        if (!cas_read8(m, addr, &vlen)) {
            return false;
        }
        if (i == 5) {
            *vec5 = addr;
            *len = vlen + 1u;
            return true;
        }
        addr += vlen + 2u;
    }
    return true;
}

/* byte k (from 1) of option vector 5, 0 beyond its end */
static uint8_t cas_ov5(SpaprMachine *m, uint32_t vec5, uint32_t len, int k)
{
    uint8_t v = 0;

    if ((uint32_t)k <= len) {
        cas_read8(m, vec5 + (uint32_t)k, &v);
    }
    return v;
}

/* writes the agreement into the live tree */
static bool cas_update_tree(SpaprVof *vof, const SpaprCasResult *r)
{
    uint8_t vec5[1 + OV5_ANSWER_LEN];
    int chosen = fdt_path_offset(vof->fdt, "/chosen");
    fdt32_t version = cpu_to_fdt32(r->cpu_version);

    spapr_cas_vec5(r, vec5, sizeof(vec5));
    if (chosen < 0 ||
        vof_setprop(vof, chosen, "ibm,architecture-vec-5", vec5,
                    sizeof(vec5)) < 0) {
        return false;
    }
    for (int cpu = fdt_node_offset_by_prop_value(vof->fdt, -1, "device_type",
                                                 "cpu", sizeof("cpu"));
         cpu >= 0;
         cpu = fdt_node_offset_by_prop_value(vof->fdt, cpu, "device_type",
                                             "cpu", sizeof("cpu"))) {
        if (vof_setprop(vof, cpu, "cpu-version", &version,
                        sizeof(version)) < 0) {
            return false;
        }
    }
    return true;
}

static void cas_fail(VofCall *c, const char *why)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("vof: client-architecture-support: %s\n", why);
    }
    c->rets[1] = 1; /* nonzero: the client is told CAS failed */
}

bool spapr_cas_negotiate(SpaprMachine *m, uint32_t addr, SpaprCasResult *r,
                         const char **why)
{
    uint32_t vec5 = 0, vec5_len, pvr;
    bool cpu_radix = m->cfg->cpu_model == PPC_MODEL_POWER9;

    *r = (SpaprCasResult){ .done = true };
    if (!cas_pick_pvr(m, &addr, &pvr)) {
        *why = "bad PVR list";
        return false;
    }
    if (pvr == 0) {
        *why = "the client supports none of our processor versions";
        return false;
    }
    if (!cas_find_vec5(m, addr, &vec5, &vec5_len)) {
        *why = "option vectors outside RAM";
        return false;
    }
    r->cpu_version = pvr;
    /* held below ISA 3.00, a POWER9 has no radix MMU */
    cpu_radix = cpu_radix && spapr_compat_has_300(m->cfg->cpu_model, pvr);
    r->radix = cpu_radix && (cas_ov5(m, vec5, vec5_len, OV5_BYTE_MMU) &
                             OV5_MMU_RADIX);
    r->gtse = r->radix && (cas_ov5(m, vec5, vec5_len, OV5_BYTE_RADIX_EXT) &
                           OV5_RADIX_GTSE);
    r->xive = false;
    if (!(cas_ov5(m, vec5, vec5_len, OV5_BYTE_BIN_OPTS) & OV5_HPT_RESIZE)) {
        if (m->cfg->resize_hpt == SPAPR_RESIZE_HPT_REQUIRED) {
            m->unsupported = "h_client_architecture_support: Guest doesn't "
                             "support HPT resizing, but resize-hpt=required";
            spapr_machine_request(m, SPAPR_REQ_UNSUPPORTED);
            *why = "the client cannot resize the HPT (resize-hpt=required)";
            return false;
        }
    } else {
        r->hpt_resize = m->cfg->resize_hpt != SPAPR_RESIZE_HPT_DISABLED;
    }
    return true;
}

void spapr_cas_apply(SpaprMachine *m, const SpaprCasResult *r)
{
    uint64_t pcr = spapr_compat_pcr(m->cfg->cpu_model, r->cpu_version);
    bool changed = false;

    m->cas = *r;
    /* every vCPU runs at the agreed level (the others are stopped
       during the negotiation; they start with this PCR) */
    for (uint32_t i = 0; i < m->nr_cpus; i++) {
        if (m->cpus[i] && m->cpus[i]->spr[PPC_SPR_PCR] != pcr) {
            ppc_set_pcr(m->cpus[i], pcr);
            changed = true;
        }
    }
    /* the code translated so far was for the old level */
    if (changed) {
        tb_flush();
    }
}

size_t spapr_cas_vec5(const SpaprCasResult *r, uint8_t *buf, size_t size)
{
    if (size < 1 + OV5_ANSWER_LEN) {
        return 0;
    }
    memset(buf, 0, 1 + OV5_ANSWER_LEN);
    buf[0] = OV5_ANSWER_LEN - 1;
    buf[OV5_BYTE_BIN_OPTS] = r->hpt_resize ? OV5_HPT_RESIZE : 0;
    buf[OV5_BYTE_INTC] = 0; /* XICS */
    buf[OV5_BYTE_MMU] = r->radix ? OV5_MMU_RADIX : 0;
    buf[OV5_BYTE_RADIX_EXT] = r->gtse ? OV5_RADIX_GTSE : 0;
    return 1 + OV5_ANSWER_LEN;
}

/* ibm,client-architecture-support: vector address -> 0 (or failure) */
static bool vof_method_cas(VofCall *c)
{
    SpaprMachine *m = c->m;
    SpaprCasResult r;
    const char *why = NULL;

    c->rets[1] = 0;
    if (!spapr_cas_negotiate(m, vof_arg(c, 2), &r, &why)) {
        cas_fail(c, why);
        return true;
    }
    if (!cas_update_tree(c->vof, &r)) {
        cas_fail(c, "cannot update the device tree");
        return true;
    }
    spapr_cas_apply(m, &r);
    return true;
}

/* instantiate-rtas: base -> the RTAS entry point, our code copied to base
   (the client has claimed rtas-size bytes there) */
static bool vof_method_instantiate_rtas(VofCall *c)
{
    uint8_t code[SPAPR_RTAS_SIZE];
    uint32_t base = vof_arg(c, 2);
    size_t n = spapr_rtas_entry_code(code, sizeof(code));

    if (n == 0 || !vof_write(c->m, base, code, (uint32_t)n)) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("vof: instantiate-rtas at 0x%" PRIx32 " outside "
                       "RAM\n", base);
        }
        return false;
    }
    c->rets[1] = base;
    __atomic_store_n(&c->m->rtas_guest_base, base, __ATOMIC_RELAXED);
    return true;
}

typedef struct VofMethod {
    const char *name;
    const char *package;    /* the node whose instance it needs */
    uint8_t nargs;          /* its own arguments */
    bool (*fn)(VofCall *c); /* false: it throws */
} VofMethod;

static const VofMethod vof_methods[] = {
    { "ibm,client-architecture-support", "/", 1, vof_method_cas },
    { "instantiate-rtas", "/rtas", 1, vof_method_instantiate_rtas },
};

void vof_service_call_method(VofCall *c)
{
    char name[VOF_MAX_NAME];
    VofInstance *in = vof_instance(c->vof, vof_arg(c, 1));

    c->rets[0] = VOF_ERROR;
    if (!vof_read_str(c->m, vof_arg(c, 0), name, sizeof(name))) {
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(vof_methods); i++) {
        const VofMethod *meth = &vof_methods[i];

        if (strcmp(meth->name, name) != 0) {
            continue;
        }
        int pkg = fdt_path_offset(c->vof->fdt, meth->package);
        if (!in || pkg < 0 || in->phandle != vof_phandle(c->vof, pkg) ||
            c->nargs < 2u + meth->nargs) {
            if (log_enabled(LOG_GUEST_ERROR)) {
                log_printf("vof: call-method %s: bad instance 0x%" PRIx32
                           " or arguments\n", name, vof_arg(c, 1));
            }
            return;
        }
        if (meth->fn(c)) {
            c->rets[0] = 0;
        }
        return;
    }
    if (log_enabled(LOG_UNIMP)) {
        log_printf("vof: unknown method '%s'\n", name);
    }
}
