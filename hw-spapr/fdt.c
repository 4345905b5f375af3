/*
 * hw-spapr/fdt.c: the flattened device tree the guest boots with.
 *
 * Built with libfdt's read-write API into a buffer of SPAPR_FDT_MAX_SIZE and
 * packed.  What the tree says is derived, not restated: the /rtas tokens
 * come from spapr_rtas_calls[], ibm,hypertas-functions from the hcall
 * table, /memory from the RAM size, /chosen from -append and the initrd.
 * The node and property names are those Linux's pseries platform looks
 * for (LoPAPR: device tree, and Documentation/devicetree for /chosen).
 *
 * Builder errors are sticky: each helper does nothing once one call has
 * failed, and spapr_build_fdt() checks once at the end.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "spapr.h"

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
    fdt32_t cells[8];

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

typedef struct SpaprCpuNode {
    PPCModel model;
    const char *name;
    uint32_t slb_size;
} SpaprCpuNode;

static const SpaprCpuNode spapr_cpu_nodes[] = {
    { PPC_MODEL_POWER8, "PowerPC,POWER8@0", 32 },
    { PPC_MODEL_POWER9, "PowerPC,POWER9@0", 32 },
};

static void spapr_fdt_cpus(FdtBuilder *b, const SpaprMachine *m)
{
    const SpaprCpuNode *cn = &spapr_cpu_nodes[0];
    int cpus = fdtb_node(b, 0, "cpus");

    fdtb_u32(b, cpus, "#address-cells", 1);
    fdtb_u32(b, cpus, "#size-cells", 0);

    for (size_t i = 0; i < G_N_ELEMENTS(spapr_cpu_nodes); i++) {
        if (spapr_cpu_nodes[i].model == m->cfg->cpu_model) {
            cn = &spapr_cpu_nodes[i];
        }
    }
    int cpu = fdtb_node(b, cpus, cn->name);
    fdtb_str(b, cpu, "device_type", "cpu");
    fdtb_u32(b, cpu, "reg", 0);
    fdtb_u32(b, cpu, "ibm,ppc-interrupt-server#s", 0);
    fdtb_u32(b, cpu, "cpu-version", ppc_model_pvr(cn->model));
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
    fdtb_prop(b, cpu, "64-bit", NULL, 0);
    fdtb_str(b, cpu, "status", "okay");
}

static void spapr_fdt_chosen(FdtBuilder *b, const SpaprMachine *m)
{
    int node = fdtb_node(b, 0, "chosen");

    fdtb_str(b, node, "bootargs", m->cfg->append ? m->cfg->append : "");
    if (m->initrd_size) {
        fdtb_u64(b, node, "linux,initrd-start", m->initrd_base);
        fdtb_u64(b, node, "linux,initrd-end",
                  m->initrd_base + m->initrd_size);
    }
    if (m->console) {
        char *path = g_strdup_printf("/vdevice/vty@%x", SPAPR_VTY_REG);
        fdtb_str(b, node, "linux,stdout-path", path);
        fdtb_str(b, node, "stdout-path", path);
        g_free(path);
    }
}

static void spapr_fdt_rtas(FdtBuilder *b, const SpaprMachine *m)
{
    int node = fdtb_node(b, 0, "rtas");
    size_t len;
    char *hypertas = spapr_hypertas_functions(&len);

    for (size_t i = 0; i < spapr_rtas_nb_calls; i++) {
        fdtb_u32(b, node, spapr_rtas_calls[i].name,
                  spapr_rtas_calls[i].token);
    }
    fdtb_u32(b, node, "rtas-version", 1);
    fdtb_u32(b, node, "linux,rtas-base", (uint32_t)m->rtas_base);
    fdtb_u32(b, node, "linux,rtas-entry", (uint32_t)m->rtas_base);
    fdtb_u32(b, node, "rtas-size", SPAPR_RTAS_SIZE);
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
    if (m->console) {
        char *name = g_strdup_printf("vty@%x", SPAPR_VTY_REG);
        int vty = fdtb_node(b, vdev, name);
        fdtb_str(b, vty, "device_type", "serial");
        fdtb_str(b, vty, "compatible", "hvterm1");
        fdtb_u32(b, vty, "reg", SPAPR_VTY_REG);
        g_free(name);
    }
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
