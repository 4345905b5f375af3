/*
 * hw-spapr/fdt.c: the flattened device tree the guest boots with.
 *
 * Built with libfdt's read-write API into a buffer of SPAPR_FDT_MAX_SIZE and
 * packed.  What the tree says is derived, not restated: the /rtas tokens
 * come from spapr_rtas_calls[], ibm,hypertas-functions from the hcall
 * table, /memory from the RAM size, /chosen from -append and the initrd.
 * The node and property names are those Linux's pseries platform looks
 * for (LoPAPR: device tree, and Documentation/devicetree for /chosen).
 * The CPU node describes what the CPU model implements (ibm,pa-features,
 * the MMU page sizes); /chosen says what client-architecture-support may
 * negotiate (vof-method.c).  Every node gets a phandle: the Open Firmware
 * client interface uses them as package handles.
 *
 * Builder errors are sticky: each helper does nothing once one call has
 * failed, and spapr_build_fdt() checks once at the end.
 */
#include <inttypes.h>
#include <string.h>
#include <sys/random.h>

#include <glib.h>
#include <libfdt.h>

#include "spapr-hv.h"
#include "spapr-compat.h"
#include "spapr-rng.h"
#include "pci.h"
#include "spapr-vio.h"
#include "spapr.h"
#include "../target-ppc/mmu-hash.h"

typedef struct FdtBuilder {
    void *fdt;
    int err;            /* the first libfdt error, or 0 */
    const char *where;  /* the node or property that failed */
} FdtBuilder;

static void fdtb_fail(FdtBuilder *b, int r, const char *where)
{
    if (r < 0 && !b->err) {
        b->err = r;
        b->where = where;
    }
}

static int fdtb_node(FdtBuilder *b, int parent, const char *name)
{
    if (b->err) {
        return -1;
    }
    int r = fdt_add_subnode(b->fdt, parent, name);
    fdtb_fail(b, r, name);
    return r;
}

static void fdtb_prop(FdtBuilder *b, int node, const char *name,
                      const void *val, int len)
{
    if (!b->err) {
        fdtb_fail(b, fdt_setprop(b->fdt, node, name, val, len), name);
    }
}

static void fdtb_str(FdtBuilder *b, int node, const char *name,
                     const char *val)
{
    fdtb_prop(b, node, name, val, (int)strlen(val) + 1);
}

static void fdtb_u32(FdtBuilder *b, int node, const char *name, uint32_t val)
{
    fdt32_t cell = cpu_to_fdt32(val);
    fdtb_prop(b, node, name, &cell, sizeof(cell));
}

static void fdtb_u64(FdtBuilder *b, int node, const char *name, uint64_t val)
{
    fdt64_t cells = cpu_to_fdt64(val);
    fdtb_prop(b, node, name, &cells, sizeof(cells));
}

/* a property of several 32-bit cells */
static void fdtb_cells(FdtBuilder *b, int node, const char *name,
                       const uint32_t *vals, int n)
{
    fdt32_t cells[32]; /* ibm,segment-page-sizes up to 16M: 21 */

    g_assert(n <= (int)G_N_ELEMENTS(cells));
    for (int i = 0; i < n; i++) {
        cells[i] = cpu_to_fdt32(vals[i]);
    }
    fdtb_prop(b, node, name, cells, n * (int)sizeof(fdt32_t));
}

/* ------------------------------------------------------------ nodes */

static void spapr_fdt_root(FdtBuilder *b, const SpaprMachine *m)
{
    fdtb_u32(b, 0, "#address-cells", 2);
    fdtb_u32(b, 0, "#size-cells", 2);
    fdtb_str(b, 0, "model", "IBM pSeries (emulated by powerjit)");
    /* what guests check to recognise QEMU's pseries, whose behaviour we
       follow */
    fdtb_str(b, 0, "compatible", "qemu,pseries");
    /* Linux's pseries platform probe looks for this device_type */
    fdtb_str(b, 0, "device_type", "chrp");
}

static void spapr_fdt_memory(FdtBuilder *b, const SpaprMachine *m)
{
    int node = fdtb_node(b, 0, "memory@0");
    uint32_t reg[4] = { 0, 0, (uint32_t)(m->ram_size >> 32),
                        (uint32_t)m->ram_size };

    fdtb_str(b, node, "device_type", "memory");
    fdtb_cells(b, node, "reg", reg, 4);
}

/*
 * What a CPU model tells the guest about itself.  ibm,pa-features is a
 * string of processor-attribute descriptors (LoPAPR: a length byte, a type
 * byte, then attribute bits numbered from the most significant bit of each
 * byte).  Linux clears every feature it knows from this property whose bit
 * is 0, so the bits below are those for what the CPU implements; in
 * particular transactional memory (byte 22 bit 0) stays off.
 */
typedef struct SpaprPaBit {
    uint8_t byte, bit;
} SpaprPaBit;

static const SpaprPaBit spapr_pa_common[] = {
    { 0, 0 },  /* memory management */
    { 0, 1 },  /* floating point */
    { 0, 3 },  /* the CTRL register */
    { 0, 6 },  /* no-execute pages */
    { 1, 2 },  /* cache-inhibited large pages */
    { 5, 0 },  /* true little-endian mode */
};
static const SpaprPaBit spapr_pa_radix[] = {
    { 40, 0 }, /* the radix MMU (with guest translation shootdown) */
};
#define SPAPR_PA_FEATURES_LEN 64 /* attribute bytes; covers byte 40 */

typedef struct SpaprCpuNode {
    PPCModel model;
    const char *name;
    uint32_t slb_size;
    bool radix;         /* Power ISA 3.0 radix MMU */
} SpaprCpuNode;

static const SpaprCpuNode spapr_cpu_nodes[] = {
    { PPC_MODEL_POWER8, "PowerPC,POWER8@0", 32, false },
    { PPC_MODEL_POWER9, "PowerPC,POWER9@0", 32, true },
};

static const SpaprCpuNode *spapr_cpu_node(PPCModel model)
{
    for (size_t i = 0; i < G_N_ELEMENTS(spapr_cpu_nodes); i++) {
        if (spapr_cpu_nodes[i].model == model) {
            return &spapr_cpu_nodes[i];
        }
    }
    return &spapr_cpu_nodes[0];
}

static void spapr_pa_set(uint8_t *attrs, const SpaprPaBit *bits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        attrs[bits[i].byte] |= (uint8_t)(0x80 >> bits[i].bit);
    }
}

/* POWER8's, byte for byte as QEMU's pseries gives it (24 attribute
   bytes: no radix byte, transactional memory in byte 22 off) */
static const uint8_t spapr_pa_power8[] = {
    24, 0,
    0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
};

/* POWER7's (ISA 2.06), for a compatibility mode of 2.06: 6 attribute
   bytes, as QEMU's pseries gives them; a 2.05 mode has no property */
static const uint8_t spapr_pa_power7[] = {
    6, 0, 0xf6, 0x3f, 0xc7, 0x00, 0x80, 0xc0,
};

static void spapr_fdt_pa_features(FdtBuilder *b, int cpu,
                                  const SpaprCpuNode *cn, uint32_t compat)
{
    uint8_t pa[2 + SPAPR_PA_FEATURES_LEN] = { SPAPR_PA_FEATURES_LEN, 0 };

    if (compat == SPAPR_PVR_LOGICAL_2_05) {
        return;
    }
    if (compat == SPAPR_PVR_LOGICAL_2_06) {
        fdtb_prop(b, cpu, "ibm,pa-features", spapr_pa_power7,
                  sizeof(spapr_pa_power7));
        return;
    }
    if (cn->model == PPC_MODEL_POWER8 || compat == SPAPR_PVR_LOGICAL_2_07) {
        fdtb_prop(b, cpu, "ibm,pa-features", spapr_pa_power8,
                  sizeof(spapr_pa_power8));
        return;
    }

    spapr_pa_set(pa + 2, spapr_pa_common, G_N_ELEMENTS(spapr_pa_common));
    if (cn->radix) {
        spapr_pa_set(pa + 2, spapr_pa_radix, G_N_ELEMENTS(spapr_pa_radix));
    }
    fdtb_prop(b, cpu, "ibm,pa-features", pa, sizeof(pa));
}

/*
 * The MMU geometry.  Hash (Book III 5.7.7): 256 MiB and 1 TiB segments;
 * ibm,segment-page-sizes lists, per base page size, its SLB L||LP
 * encoding, then (actual page shift, HPTE LP encoding) pairs, built from
 * the walker's own table (target-ppc/mmu-hash.c) and cut at
 * cap-hpt-max-page-size (QEMU's default, 64K: 4K and 64K pages only).
 * Radix (Book III 6.7.10.1, tlbie AP field): 4 KiB AP 0, 64 KiB AP 5,
 * 2 MiB AP 1, 1 GiB AP 2, each cell (AP << 29) | shift.
 */
static const uint32_t spapr_segment_sizes[] = { 28, 40, 0xffffffff,
                                                0xffffffff };

/* ibm,segment-page-sizes from the walker's table of base/actual pairs
   (target-ppc/mmu-hash.c), without the sizes beyond max_shift
   (cap-hpt-max-page-size); returns the number of cells */
static size_t spapr_segment_page_sizes(uint32_t *cells, size_t n,
                                       unsigned max_shift)
{
    size_t len = 0;

    for (int i = 0; i < PPC_HASH_NB_PAGE_SIZES; i++) {
        const PPCHashPageSize *ps = &ppc_hash_page_sizes[i];
        size_t count_at;

        if (ps->base_shift > max_shift ||
            (i > 0 && ppc_hash_page_sizes[i - 1].base_shift ==
                          ps->base_shift)) {
            continue;
        }
        g_assert(len + 3 <= n);
        cells[len++] = ps->base_shift;
        cells[len++] = ps->slb_llp;
        count_at = len++;
        cells[count_at] = 0;
        for (int j = i; j < PPC_HASH_NB_PAGE_SIZES &&
                        ppc_hash_page_sizes[j].base_shift == ps->base_shift;
             j++) {
            const PPCHashPageSize *a = &ppc_hash_page_sizes[j];
            if (a->actual_shift > max_shift) {
                continue;
            }
            g_assert(len + 2 <= n);
            cells[len++] = a->actual_shift;
            cells[len++] = a->lp == 0xff ? 0 : a->lp;
            cells[count_at]++;
        }
    }
    return len;
}
static const uint32_t spapr_radix_ap[] = {
    (0u << 29) | 12, (5u << 29) | 16, (1u << 29) | 21, (2u << 29) | 30,
};

static void spapr_fdt_core(FdtBuilder *b, const SpaprMachine *m, int cpus,
                           uint32_t first, uint32_t threads)
{
    const SpaprCpuNode *cn = spapr_cpu_node(m->cfg->cpu_model);
    uint32_t servers[8], gservers[16];
    uint32_t pft[2] = { 0, spapr_hpt_shift(m->ram_size) };
    char *name = first ? g_strdup_printf("%.*s@%x",
                                         (int)strcspn(cn->name, "@"),
                                         cn->name, first)
                       : g_strdup(cn->name);

    for (uint32_t t = 0; t < threads && t < 8; t++) {
        servers[t] = first + t;
        gservers[2 * t] = first + t;
        gservers[2 * t + 1] = first + t;
    }
    int cpu = fdtb_node(b, cpus, name);
    g_free(name);
    fdtb_str(b, cpu, "device_type", "cpu");
    fdtb_u32(b, cpu, "reg", first);
    fdtb_cells(b, cpu, "ibm,ppc-interrupt-server#s", servers, threads);
    fdtb_cells(b, cpu, "ibm,ppc-interrupt-gserver#s", gservers, 2 * threads);
    fdtb_u32(b, cpu, "ibm,chip-id", 0);
    /* with max-cpu-compat, the logical PVR from the start (the
       negotiation may lower it) */
    fdtb_u32(b, cpu, "cpu-version", m->cfg->max_compat_pvr
                                        ? m->cfg->max_compat_pvr
                                        : ppc_model_pvr(cn->model));
    fdtb_u32(b, cpu, "clock-frequency", 1000000000);
    fdtb_u32(b, cpu, "timebase-frequency", SPAPR_TIMEBASE_FREQ);
    /* POWER8 and POWER9 both have 128-byte cache lines, 32 KiB L1s */
    fdtb_u32(b, cpu, "d-cache-block-size", 128);
    fdtb_u32(b, cpu, "i-cache-block-size", 128);
    fdtb_u32(b, cpu, "d-cache-line-size", 128);
    fdtb_u32(b, cpu, "i-cache-line-size", 128);
    fdtb_u32(b, cpu, "d-cache-size", 0x8000);
    fdtb_u32(b, cpu, "i-cache-size", 0x8000);
    fdtb_u32(b, cpu, "slb-size", cn->slb_size);
    fdtb_u32(b, cpu, "ibm,slb-size", cn->slb_size);
    fdtb_u32(b, cpu, "ibm,vmx", 2);  /* VMX and VSX */
    fdtb_u32(b, cpu, "ibm,dfp", 1);
    fdtb_cells(b, cpu, "ibm,processor-segment-sizes", spapr_segment_sizes,
               G_N_ELEMENTS(spapr_segment_sizes));
    uint32_t sps[3 * 3 + 2 * PPC_HASH_NB_PAGE_SIZES];
    fdtb_cells(b, cpu, "ibm,segment-page-sizes", sps,
               spapr_segment_page_sizes(sps, G_N_ELEMENTS(sps),
                                        spapr_hpt_max_page_shift(m)));
    fdtb_cells(b, cpu, "ibm,pft-size", pft, 2);
    if (cn->radix) {
        fdtb_cells(b, cpu, "ibm,processor-radix-AP-encodings",
                   spapr_radix_ap, G_N_ELEMENTS(spapr_radix_ap));
    }
    spapr_fdt_pa_features(b, cpu, cn, m->cfg->max_compat_pvr);
    fdtb_prop(b, cpu, "64-bit", NULL, 0);
    fdtb_str(b, cpu, "status", "okay");
}

/*
 * One node per core (PAPR: a processor node stands for a core), named
 * after and with reg = its first thread's interrupt server number; its
 * threads' servers in ibm,ppc-interrupt-server#s (Linux counts the threads
 * per core from its length), and a (server, global server) pair per thread
 * in ibm,ppc-interrupt-gserver#s.
 */
static void spapr_fdt_cpus(FdtBuilder *b, const SpaprMachine *m)
{
    int cpus = fdtb_node(b, 0, "cpus");
    uint32_t threads = m->smp_threads ? m->smp_threads : 1;
    uint32_t nr = m->nr_cpus ? m->nr_cpus : 1;

    fdtb_u32(b, cpus, "#address-cells", 1);
    fdtb_u32(b, cpus, "#size-cells", 0);
    /* a new node goes before its siblings: the last core first, so that
       the tree lists them in ascending order (Linux numbers its logical
       CPUs in tree order) */
    for (uint32_t core = (nr + threads - 1) / threads; core-- > 0;) {
        spapr_fdt_core(b, m, cpus, core * threads, threads);
    }
}

/*
 * ibm,arch-vec-5-platform-support (/chosen): (option vector 5 byte index,
 * value) pairs saying what client-architecture-support may ask for
 * (option vector 5, LoPAPR B.5.2.3): byte 23 the interrupt controller
 * (0x00: XICS only), byte 24 the MMU (0x00 hash only, 0x80 hash or radix),
 * byte 26 radix extensions (0x40: guest translation shootdown).
 */
static void spapr_fdt_platform_support(FdtBuilder *b, int chosen,
                                       const SpaprCpuNode *cn,
                                       uint32_t compat)
{
    uint8_t radix[] = { 23, 0x00, 24, 0x80, 26, 0x40 };
    uint8_t hash[] = { 23, 0x00, 24, 0x00 };

    /* below ISA 3.00 (max-cpu-compat=power8...) there is no radix MMU */
    if (cn->radix && spapr_compat_has_300(cn->model, compat)) {
        fdtb_prop(b, chosen, "ibm,arch-vec-5-platform-support", radix,
                  sizeof(radix));
    } else {
        fdtb_prop(b, chosen, "ibm,arch-vec-5-platform-support", hash,
                  sizeof(hash));
    }
}

static void spapr_fdt_chosen(FdtBuilder *b, const SpaprMachine *m)
{
    int node = fdtb_node(b, 0, "chosen");

    /* no bootargs without a command line (QEMU's tree has none either):
       SLOF keeps an empty one from the tree, and the command line GRUB
       then sets through SLOF's client interface never reaches Linux */
    if (m->cfg->append && m->cfg->append[0]) {
        fdtb_str(b, node, "bootargs", m->cfg->append);
    }
    spapr_fdt_platform_support(b, node, spapr_cpu_node(m->cfg->cpu_model),
                               m->cfg->max_compat_pvr);
    /* entropy for the guest's random number generator from its first
       instruction on (Documentation/devicetree: /chosen rng-seed) */
    uint8_t seed[32];
    if (m->cfg->icount.on) {
        /* -icount: the same seed in every run (include/icount.h) */
        uint64_t st = ICOUNT_RANDOM_SEED - 1;
        icount_random_fill(&st, seed, sizeof(seed));
        fdtb_prop(b, node, "rng-seed", seed, sizeof(seed));
    } else if (getrandom(seed, sizeof(seed), GRND_NONBLOCK) ==
               sizeof(seed)) {
        fdtb_prop(b, node, "rng-seed", seed, sizeof(seed));
    }
    if (m->initrd_size) {
        fdtb_u64(b, node, "linux,initrd-start", m->initrd_base);
        fdtb_u64(b, node, "linux,initrd-end",
                  m->initrd_base + m->initrd_size);
    }
    if (m->console) {
        char *path = g_strdup_printf("/vdevice/vty@%x", m->console_reg);
        fdtb_str(b, node, "linux,stdout-path", path);
        fdtb_str(b, node, "stdout-path", path);
        g_free(path);
    }
}

static void spapr_fdt_rtas(FdtBuilder *b, const SpaprMachine *m)
{
    int node = fdtb_node(b, 0, "rtas");
    size_t len;
    char *hypertas = spapr_hypertas_functions(m, &len);

    for (size_t i = 0; i < spapr_rtas_nb_calls; i++) {
        fdtb_u32(b, node, spapr_rtas_calls[i].name,
                  spapr_rtas_calls[i].token);
    }
    fdtb_u32(b, node, "rtas-version", 1);
    fdtb_u32(b, node, "linux,rtas-base", (uint32_t)m->rtas_base);
    fdtb_u32(b, node, "linux,rtas-entry", (uint32_t)m->rtas_base);
    fdtb_u32(b, node, "rtas-size", SPAPR_RTAS_SIZE);
    /* the largest error log a call returns (LoPAPR: RTAS error log) */
    fdtb_u32(b, node, "rtas-error-log-max", 2048);
    fdtb_prop(b, node, "ibm,hypertas-functions", hypertas, (int)len);
    g_free(hypertas);
}

static void spapr_fdt_vdevice(FdtBuilder *b, const SpaprMachine *m)
{
    int vdev = fdtb_node(b, 0, "vdevice");

    fdtb_str(b, vdev, "device_type", "vdevice");
    fdtb_str(b, vdev, "compatible", "IBM,vdevice");
    fdtb_u32(b, vdev, "#address-cells", 1);
    fdtb_u32(b, vdev, "#size-cells", 0);
    /* the VIO devices' interrupts are XICS sources: (number, sense) */
    fdtb_prop(b, vdev, "interrupt-controller", NULL, 0);
    fdtb_u32(b, vdev, "#interrupt-cells", 2);
    if (m->console) {
        char *name = g_strdup_printf("vty@%x", m->console_reg);
        int vty = fdtb_node(b, vdev, name);
        fdtb_str(b, vty, "device_type", "serial");
        fdtb_str(b, vty, "compatible", "hvterm1");
        fdtb_u32(b, vty, "reg", m->console_reg);
        g_free(name);
    }
}

/*
 * The XICS presentation controller, reached through hcalls (LoPAPR:
 * interrupt support, PowerPC External Interrupt Presentation): one server
 * per vCPU thread.  Linux finds it by compatible "IBM,ppc-xicp" or by this
 * device_type.
 */
static void spapr_fdt_xics(FdtBuilder *b, const SpaprMachine *m)
{
    int node = fdtb_node(b, 0, "interrupt-controller");
    uint32_t servers[2] = { 0, m->max_cpus ? m->max_cpus : 1 };

    fdtb_str(b, node, "device_type",
             "PowerPC-External-Interrupt-Presentation");
    fdtb_str(b, node, "compatible", "IBM,ppc-xicp");
    fdtb_prop(b, node, "interrupt-controller", NULL, 0);
    fdtb_u32(b, node, "#interrupt-cells", 2);
    fdtb_cells(b, node, "ibm,interrupt-server-ranges", servers, 2);
    fdtb_u32(b, node, "phandle", SPAPR_PHANDLE_XICS);
}

int spapr_fdt_assign_phandles(void *fdt)
{
    uint32_t next;
    int r = fdt_find_max_phandle(fdt, &next);

    if (r < 0) {
        return r;
    }
    for (int node = 0; node >= 0; node = fdt_next_node(fdt, node, NULL)) {
        if (fdt_get_phandle(fdt, node) != 0) {
            continue;
        }
        if (next >= FDT_MAX_PHANDLE) {
            return -FDT_ERR_NOPHANDLES;
        }
        r = fdt_setprop_u32(fdt, node, "phandle", ++next);
        if (r < 0) {
            return r;
        }
    }
    return 0;
}

void *spapr_build_fdt(SpaprMachine *m, size_t *size, char **err)
{
    FdtBuilder b = { .fdt = g_malloc0(SPAPR_FDT_MAX_SIZE) };

    fdtb_fail(&b, fdt_create_empty_tree(b.fdt, SPAPR_FDT_MAX_SIZE), "/");
    if (!b.err) {
        fdtb_fail(&b, fdt_add_mem_rsv(b.fdt, m->rtas_base, SPAPR_RTAS_SIZE),
                   "memory reservation");
    }
    spapr_fdt_root(&b, m);
    spapr_fdt_memory(&b, m);
    spapr_fdt_cpus(&b, m);
    spapr_fdt_chosen(&b, m);
    spapr_fdt_rtas(&b, m);
    spapr_fdt_vdevice(&b, m);
    spapr_fdt_xics(&b, m);
    if (!b.err) {
        fdtb_fail(&b, spapr_hv_fdt(m, b.fdt), "hypervisor services");
    }
    if (!b.err) {
        fdtb_fail(&b, spapr_rng_fdt(m, b.fdt), "ibm,platform-facilities");
    }
    if (!b.err) {
        fdtb_fail(&b, spapr_vio_fdt(m, b.fdt), "VIO devices");
    }
    if (!b.err) {
        fdtb_fail(&b, spapr_pci_fdt(m, b.fdt), "PCI host bridges");
    }
    if (!b.err && m->bios_data) {
        fdtb_fail(&b, spapr_firmware_fdt(m, b.fdt), "firmware boot");
    }
    if (!b.err) {
        fdtb_fail(&b, spapr_fdt_assign_phandles(b.fdt), "phandles");
    }
    if (!b.err) {
        fdtb_fail(&b, fdt_pack(b.fdt), "pack");
    }
    if (b.err) {
        *err = g_strdup_printf("cannot build the device tree (%s): %s",
                               b.where, fdt_strerror(b.err));
        g_free(b.fdt);
        return NULL;
    }
    *size = fdt_totalsize(b.fdt);
    return g_realloc(b.fdt, *size);
}
