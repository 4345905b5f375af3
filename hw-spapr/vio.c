/*
 * hw-spapr/vio.c: the VIO bus (include/spapr-vio.h; LoPAPR "Virtual I/O").
 *
 * The bus is a list of devices in creation order.  Unit addresses are
 * numbered as QEMU numbers its VIO bus: a counter from SPAPR_VTY_REG
 * (0x71000000) that each device without reg= takes the next free value
 * of, in creation order: the console's vty first when it comes from
 * -serial (the default, -nographic), then the NVRAM, then the NICs of
 * -nic/-net, the if=scsi adapters and the -device ones (a console made of
 * -device spapr-vty under -nodefaults among them, at its place).  So
 * -nodefaults gives nvram@71000000 and the first -device 0x71000001.  A
 * device with reg= takes that address and leaves the counter alone.  The
 * LIOBN of a device's TCE table is its unit address (unique
 * by construction); its interrupt is the next free XICS source from
 * SPAPR_VIO_FIRST_IRQ, an edge (message) source as on PowerVM.
 *
 * Each device's node under /vdevice carries what Linux's VIO bus code
 * reads (arch/powerpc/platforms/pseries/vio.c): reg, device_type,
 * compatible, interrupts (source, sense 0 = edge), and for a device with
 * DMA ibm,my-dma-window = <liobn, I/O address (2 cells), size (2 cells)>
 * with ibm,#dma-address-cells and ibm,#dma-size-cells saying those cell
 * counts (LoPAPR: "ibm,my-dma-window").
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "log.h"
#include "spapr-vio.h"
#include "spapr-vlan.h"
#include "spapr-vscsi.h"
#include "spapr-vty.h"
#include "xics.h"

struct SpaprVioBus {
    GPtrArray *devs;        /* SpaprVioDevice *, creation order */
    uint32_t next_reg;      /* the numbering counter */
};

/* the models -device creates on this bus; a model adds its row here */
static const SpaprVioType *const spapr_vio_types[] = {
    &spapr_vscsi_type,
    &spapr_vty_type,
    &spapr_vlan_type,
};

const SpaprVioType *spapr_vio_type_at(size_t i)
{
    return i < G_N_ELEMENTS(spapr_vio_types) ? spapr_vio_types[i] : NULL;
}

const SpaprVioType *spapr_vio_type_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(spapr_vio_types); i++) {
        const SpaprVioType *t = spapr_vio_types[i];

        if (strcmp(t->name, name) == 0) {
            return t;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------ properties */

struct SpaprDevProps {
    char *driver;
    GPtrArray *keys;        /* char *, in the order given */
    GPtrArray *values;      /* char * */
    GArray *taken;          /* gboolean per key */
};

/* the next comma-separated element of *s, with ",," read as a comma */
static char *devprops_next(const char **s)
{
    GString *out = g_string_new(NULL);
    const char *p = *s;

    for (; *p; p++) {
        if (*p == ',') {
            if (p[1] != ',') {
                break;
            }
            p++;
        }
        g_string_append_c(out, *p);
    }
    *s = *p ? p + 1 : p;
    return g_string_free(out, FALSE);
}

SpaprDevProps *spapr_devprops_parse(const char *str, char **err)
{
    SpaprDevProps *p = g_new0(SpaprDevProps, 1);
    const char *s = str;
    bool first = true;

    p->keys = g_ptr_array_new_with_free_func(g_free);
    p->values = g_ptr_array_new_with_free_func(g_free);
    p->taken = g_array_new(FALSE, TRUE, sizeof(gboolean));
    while (*s || first) {
        char *elem = devprops_next(&s);
        char *eq = strchr(elem, '=');

        if (first && !eq) {
            p->driver = elem;
            first = false;
            continue;
        }
        first = false;
        if (eq == elem || *elem == '\0') {
            *err = g_strdup_printf("'%s': empty property name", str);
            g_free(elem);
            spapr_devprops_free(p);
            return NULL;
        }
        if (eq) {
            *eq = '\0';
        }
        if (strcmp(elem, "driver") == 0 && !p->driver) {
            p->driver = g_strdup(eq + 1);
            g_free(elem);
            continue;
        }
        g_ptr_array_add(p->keys, g_strdup(elem));
        g_ptr_array_add(p->values, g_strdup(eq ? eq + 1 : "on"));
        g_array_set_size(p->taken, p->keys->len);
        g_free(elem);
    }
    if (!p->driver || !*p->driver) {
        *err = g_strdup_printf("'%s': parameter 'driver' is missing", str);
        spapr_devprops_free(p);
        return NULL;
    }
    return p;
}

void spapr_devprops_free(SpaprDevProps *p)
{
    if (!p) {
        return;
    }
    g_free(p->driver);
    g_ptr_array_free(p->keys, TRUE);
    g_ptr_array_free(p->values, TRUE);
    g_array_free(p->taken, TRUE);
    g_free(p);
}

const char *spapr_devprops_driver(const SpaprDevProps *p)
{
    return p->driver;
}

const char *spapr_devprops_take(SpaprDevProps *p, const char *key)
{
    const char *val = NULL;

    if (!p) {
        return NULL;
    }
    /* the last of repeated keys wins, as in QEMU */
    for (guint i = 0; i < p->keys->len; i++) {
        if (strcmp(g_ptr_array_index(p->keys, i), key) == 0) {
            g_array_index(p->taken, gboolean, i) = TRUE;
            val = g_ptr_array_index(p->values, i);
        }
    }
    return val;
}

bool spapr_devprops_check_taken(const SpaprDevProps *p, char **err)
{
    for (guint i = 0; p && i < p->keys->len; i++) {
        if (!g_array_index(p->taken, gboolean, i)) {
            *err = g_strdup_printf("Property '%s.%s' not found", p->driver,
                                   (char *)g_ptr_array_index(p->keys, i));
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------ the bus */

void spapr_vio_bus_init(SpaprMachine *m)
{
    const SpaprConfig *cfg = m->cfg;

    m->vio = g_new0(SpaprVioBus, 1);
    m->vio->devs = g_ptr_array_new();
    m->vio->next_reg = SPAPR_VTY_REG;
    m->console_reg = 0;
    if (cfg && cfg->console.kind != CHARDEV_NONE &&
        !cfg->console_from_device) {
        m->console_reg = m->vio->next_reg++;
    }
    m->nvram_reg = m->vio->next_reg++;
}

/* a unit address for a device: reg, or the counter's next free one */
static uint32_t spapr_vio_next_reg(SpaprMachine *m);

bool spapr_vio_console_reg(SpaprMachine *m, uint32_t reg, char **err)
{
    if (!m->vio) {
        spapr_vio_bus_init(m);
    }
    if (reg && spapr_vio_find_any(m, reg)) {
        *err = g_strdup_printf("spapr-vty: unit address 0x%x is already in "
                               "use", reg);
        return false;
    }
    m->console_reg = reg ? reg : spapr_vio_next_reg(m);
    return true;
}

static void spapr_vio_dev_free(SpaprVioDevice *dev)
{
    if (dev->type->unrealize) {
        dev->type->unrealize(dev);
    }
    g_free(dev->priv);
    g_free(dev->tce);
    g_free(dev->id);
    g_free(dev);
}

void spapr_vio_bus_free(SpaprMachine *m)
{
    if (!m->vio) {
        return;
    }
    for (guint i = 0; i < m->vio->devs->len; i++) {
        spapr_vio_dev_free(g_ptr_array_index(m->vio->devs, i));
    }
    g_ptr_array_free(m->vio->devs, TRUE);
    g_free(m->vio);
    m->vio = NULL;
}

SpaprVioDevice **spapr_vio_devices(SpaprMachine *m, size_t *n)
{
    if (!m->vio) {
        *n = 0;
        return NULL;
    }
    *n = m->vio->devs->len;
    return (SpaprVioDevice **)m->vio->devs->pdata;
}

SpaprVioDevice *spapr_vio_find(SpaprMachine *m, uint64_t reg)
{
    size_t n;
    SpaprVioDevice **devs = spapr_vio_devices(m, &n);

    for (size_t i = 0; i < n; i++) {
        if (devs[i]->reg == reg) {
            return devs[i];
        }
    }
    return NULL;
}

SpaprVioDevice *spapr_vio_find_liobn(SpaprMachine *m, uint64_t liobn)
{
    size_t n;
    SpaprVioDevice **devs = spapr_vio_devices(m, &n);

    for (size_t i = 0; i < n; i++) {
        if (devs[i]->nb_tce && devs[i]->liobn == liobn) {
            return devs[i];
        }
    }
    return NULL;
}

SpaprVioDevice *spapr_vio_find_id(SpaprMachine *m, const char *id,
                                  const SpaprVioType *type)
{
    size_t n;
    SpaprVioDevice **devs = spapr_vio_devices(m, &n);

    for (size_t i = 0; i < n; i++) {
        if (devs[i]->id && strcmp(devs[i]->id, id) == 0 &&
            (!type || devs[i]->type == type)) {
            return devs[i];
        }
    }
    return NULL;
}

/* is a unit address taken (by the console, the NVRAM or a device)? */
bool spapr_vio_find_any(SpaprMachine *m, uint32_t reg)
{
    return (m->console_reg && reg == m->console_reg) ||
           reg == m->nvram_reg || spapr_vio_find(m, reg) != NULL;
}

static uint32_t spapr_vio_next_reg(SpaprMachine *m)
{
    uint32_t reg;

    do {
        reg = m->vio->next_reg++;
    } while (spapr_vio_find_any(m, reg));
    return reg;
}

SpaprVioDevice *spapr_vio_create(SpaprMachine *m, const SpaprVioType *type,
                                 uint32_t reg, SpaprDevProps *props,
                                 char **err)
{
    SpaprVioDevice *dev;
    uint32_t irq;

    if (!m->vio) {
        spapr_vio_bus_init(m);
    }
    if (reg == 0) {
        reg = spapr_vio_next_reg(m);
    } else if (spapr_vio_find_any(m, reg)) {
        *err = g_strdup_printf("%s: unit address 0x%x is already in use",
                               type->name, reg);
        return NULL;
    }
    for (irq = SPAPR_VIO_FIRST_IRQ;
         m->xics && irq < XICS_IRQ_BASE + XICS_NR_IRQS &&
         xics_claimed(m->xics, irq); irq++) {
    }
    if (m->xics && !xics_claim(m->xics, irq, false)) {
        *err = g_strdup_printf("%s: no interrupt source left", type->name);
        return NULL;
    }

    dev = g_new0(SpaprVioDevice, 1);
    dev->type = type;
    dev->m = m;
    dev->reg = reg;
    dev->irq = irq;
    dev->liobn = reg;
    dev->nb_tce = (uint32_t)(type->dma_window >> SPAPR_TCE_PAGE_SHIFT);
    dev->tce = dev->nb_tce ? g_new0(uint64_t, dev->nb_tce) : NULL;
    dev->priv = type->priv_size ? g_malloc0(type->priv_size) : NULL;
    /* in the list before realize, so that a failing one is freed with the
       bus whatever it had allocated */
    g_ptr_array_add(m->vio->devs, dev);
    if (type->realize && !type->realize(dev, props, err)) {
        return NULL;
    }
    return dev;
}

bool spapr_vio_add(SpaprMachine *m, SpaprDevProps *props, char **err)
{
    const char *driver = spapr_devprops_driver(props);
    const SpaprVioType *type = spapr_vio_type_find(driver);
    const char *id = spapr_devprops_take(props, "id");
    const char *regstr = spapr_devprops_take(props, "reg");
    uint64_t reg = 0;
    SpaprVioDevice *dev;

    if (!type) {
        *err = g_strdup_printf("'%s' is not a valid device model name",
                               driver);
        return false;
    }
    if (regstr) {
        char *end;

        reg = g_ascii_strtoull(regstr, &end, 0);
        if (*regstr == '\0' || *end || reg == 0 || reg > UINT32_MAX) {
            *err = g_strdup_printf("%s: bad reg '%s' (a unit address, "
                                   "1..0xffffffff)", driver, regstr);
            return false;
        }
    }
    if (id && spapr_vio_find_id(m, id, NULL)) {
        *err = g_strdup_printf("Duplicate ID '%s' for device", id);
        return false;
    }
    dev = spapr_vio_create(m, type, (uint32_t)reg, props, err);
    if (!dev) {
        return false;
    }
    dev->id = id ? g_strdup(id) : NULL;
    return spapr_devprops_check_taken(props, err);
}

void spapr_vio_reset(SpaprMachine *m)
{
    size_t n;
    SpaprVioDevice **devs = spapr_vio_devices(m, &n);

    for (size_t i = 0; i < n; i++) {
        SpaprVioDevice *dev = devs[i];

        if (dev->nb_tce) {
            memset(dev->tce, 0, sizeof(uint64_t) * dev->nb_tce);
        }
        dev->crq = (SpaprCrq){ 0 };
        dev->irq_enabled = false;
        dev->tce_bypass = false;
        if (dev->type->reset) {
            dev->type->reset(dev);
        }
    }
}

void spapr_vio_irq_pulse(SpaprVioDevice *dev)
{
    if (dev->irq_enabled && dev->m->xics) {
        xics_set_irq(dev->m->xics, dev->irq, 1);
    }
}

void rtas_ibm_set_tce_bypass(SpaprMachine *m, CPUPPCState *env,
                             const SpaprRtasArgs *a)
{
    SpaprVioDevice *dev;

    /* SLOF passes no return word (nret 0), QEMU's convention allows 1 */
    if (a->nargs != 2 || a->nret > 1) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("RTAS ibm,set-tce-bypass: nargs %u nret %u\n",
                       a->nargs, a->nret);
        }
        if (a->nret) {
            spapr_rtas_ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        }
        return;
    }
    dev = spapr_vio_find(m, spapr_rtas_arg(m, a, 0));
    if (dev && dev->nb_tce) {
        dev->tce_bypass = spapr_rtas_arg(m, a, 1) != 0;
    }
    if (a->nret) {
        spapr_rtas_ret(m, a, 0, dev && dev->nb_tce ? RTAS_OUT_SUCCESS
                                                   : RTAS_OUT_PARAM_ERROR);
    }
}

/* ------------------------------------------------------------ device tree */

static int spapr_vio_fdt_dev(SpaprMachine *m, SpaprVioDevice *dev, void *fdt,
                             int vdev)
{
    const SpaprVioType *t = dev->type;
    char name[64];
    int node, r;

    snprintf(name, sizeof(name), "%s@%x", t->dt_name, dev->reg);
    node = fdt_add_subnode(fdt, vdev, name);
    if (node < 0) {
        return node;
    }
    if ((r = fdt_setprop_cell(fdt, node, "reg", dev->reg)) ||
        (r = fdt_setprop_string(fdt, node, "device_type", t->dt_type)) ||
        (r = fdt_setprop_string(fdt, node, "compatible", t->dt_compat))) {
        return r;
    }
    if (m->xics) {
        fdt32_t irq[2] = { cpu_to_fdt32(dev->irq), cpu_to_fdt32(0) };

        if ((r = fdt_setprop(fdt, node, "interrupts", irq, sizeof(irq)))) {
            return r;
        }
    }
    if (dev->nb_tce) {
        uint64_t size = (uint64_t)dev->nb_tce << SPAPR_TCE_PAGE_SHIFT;
        fdt32_t win[5] = {
            cpu_to_fdt32(dev->liobn), 0, 0,
            cpu_to_fdt32((uint32_t)(size >> 32)),
            cpu_to_fdt32((uint32_t)size),
        };

        if ((r = fdt_setprop_cell(fdt, node, "ibm,#dma-address-cells", 2)) ||
            (r = fdt_setprop_cell(fdt, node, "ibm,#dma-size-cells", 2)) ||
            (r = fdt_setprop(fdt, node, "ibm,my-dma-window", win,
                             sizeof(win)))) {
            return r;
        }
    }
    return t->fdt ? t->fdt(dev, fdt, node) : 0;
}

int spapr_vio_fdt(SpaprMachine *m, void *fdt)
{
    size_t n;
    SpaprVioDevice **devs = spapr_vio_devices(m, &n);
    int vdev, r;

    if (n == 0) {
        return 0;
    }
    vdev = fdt_path_offset(fdt, "/vdevice");
    if (vdev < 0) {
        return vdev;
    }
    for (size_t i = 0; i < n; i++) {
        if ((r = spapr_vio_fdt_dev(m, devs[i], fdt, vdev))) {
            return r;
        }
    }
    return 0;
}
