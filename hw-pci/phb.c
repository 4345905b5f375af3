/*
 * hw-pci/phb.c: the pseries PCI host bridges (include/pci.h has the map).
 *
 * A PHB owns three windows of real address space, a 32-slot bus (function
 * 0 only), four LSIs (INTA-D of a slot swizzled as PCI-to-PCI bridges do:
 * source = lsi_base + (slot + pin - 1) % 4) and two TCE windows: the
 * default 1 GiB one from bus address 0, and the dynamic one
 * ibm,create-pe-dma-window makes at SPAPR_PCI_DMA64_START.
 *
 * MMIO: the softmmu hands a load or store to a real address outside RAM
 * to spapr_pci_mmio(); an address in a window is decoded to the BAR that
 * claims it (memory decoding on, the access inside the BAR), and an
 * address in a window that no BAR claims reads all ones and drops writes
 * (a master abort).  An address in no window is not ours: the CPU takes
 * a machine check.
 *
 * DMA: a device's bus addresses go through the PHB's TCE windows page by
 * page; every page of a transfer is checked (mapped, the permission the
 * direction needs, inside RAM) before anything is copied.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "exec.h"
#include "log.h"
#include "pci.h"
#include "xics.h"

/* the -device models on a PHB */
static const PCIDeviceType *const pci_device_types[] = {
    &virtio_rng_pci_type,
    &virtio_blk_pci_type,
    &virtio_serial_pci_type,
    &virtio_scsi_pci_type,
    &virtio_net_pci_type,
    &virtio_9p_pci_type,
    &virtio_balloon_pci_type,
};

/* QEMU's short names for the PCI forms */
static const struct {
    const char *alias, *name;
} pci_device_aliases[] = {
    { "virtio-rng", "virtio-rng-pci" },
    { "virtio-blk", "virtio-blk-pci" },
    { "virtio-serial", "virtio-serial-pci" },
    { "virtio-scsi", "virtio-scsi-pci" },
    { "virtio-net", "virtio-net-pci" },
    { "virtio-9p", "virtio-9p-pci" },
    { "virtio-balloon", "virtio-balloon-pci" },
};

const PCIDeviceType *pci_device_type_at(size_t i, const char **alias)
{
    if (i >= G_N_ELEMENTS(pci_device_types)) {
        return NULL;
    }
    *alias = NULL;
    for (size_t j = 0; j < G_N_ELEMENTS(pci_device_aliases); j++) {
        if (strcmp(pci_device_aliases[j].name,
                   pci_device_types[i]->name) == 0) {
            *alias = pci_device_aliases[j].alias;
        }
    }
    return pci_device_types[i];
}

/* QEMU's virtio-*-pci-transitional and -non-transitional models: the
   same device, its IDs fixed either way (virtio-pci.c) */
static const struct {
    const char *suffix;
    PCIVirtioVariant variant;
} pci_virtio_variants[] = {
    { "-non-transitional", PCI_VIRTIO_NON_TRANSITIONAL },
    { "-transitional", PCI_VIRTIO_TRANSITIONAL },
};

static const PCIDeviceType *pci_type_find_variant(const char *name,
                                                  PCIVirtioVariant *variant)
{
    *variant = PCI_VIRTIO_DEFAULT;
    for (size_t i = 0; i < G_N_ELEMENTS(pci_virtio_variants); i++) {
        if (g_str_has_suffix(name, pci_virtio_variants[i].suffix) &&
            g_str_has_prefix(name, "virtio-")) {
            char *base = g_strndup(name, strlen(name) -
                                   strlen(pci_virtio_variants[i].suffix));
            const PCIDeviceType *t = NULL;

            for (size_t j = 0; j < G_N_ELEMENTS(pci_device_types); j++) {
                if (strcmp(pci_device_types[j]->name, base) == 0) {
                    t = pci_device_types[j];
                }
            }
            g_free(base);
            if (t) {
                *variant = pci_virtio_variants[i].variant;
            }
            return t;
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(pci_device_aliases); i++) {
        if (strcmp(pci_device_aliases[i].alias, name) == 0) {
            name = pci_device_aliases[i].name;
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(pci_device_types); i++) {
        if (strcmp(pci_device_types[i]->name, name) == 0) {
            return pci_device_types[i];
        }
    }
    return NULL;
}

static const PCIDeviceType *pci_type_find(const char *name)
{
    PCIVirtioVariant v;

    return pci_type_find_variant(name, &v);
}

/* the ports of a virtio-serial bus */
static bool serial_port_driver(const char *driver)
{
    return strcmp(driver, "virtconsole") == 0 ||
           strcmp(driver, "virtserialport") == 0;
}

bool spapr_pci_driver_known(const char *driver)
{
    return strcmp(driver, "spapr-pci-host-bridge") == 0 ||
           serial_port_driver(driver) || pci_type_find(driver) != NULL;
}

/* ------------------------------------------------------------ PHBs */

static SpaprPci *pci_state(SpaprMachine *m)
{
    if (!m->pci) {
        m->pci = g_new0(SpaprPci, 1);
        m->pci->msi_count = XICS_IRQ_BASE + XICS_NR_IRQS - SPAPR_IRQ_MSI;
        m->pci->msi_used = g_malloc0(m->pci->msi_count);
    }
    return m->pci;
}

static SpaprPhb *phb_new(SpaprMachine *m, uint32_t index, char **err)
{
    SpaprPci *p = pci_state(m);
    SpaprPhb *phb;

    if (index >= SPAPR_MAX_PHBS) {
        *err = g_strdup_printf("\"index\" for PAPR PHB is too large (max "
                               "%d)", SPAPR_MAX_PHBS - 1);
        return NULL;
    }
    if (p->phbs[index]) {
        *err = g_strdup_printf("PHB index %" PRIu32 " is already in use",
                               index);
        return NULL;
    }
    phb = g_new0(SpaprPhb, 1);
    phb->m = m;
    phb->index = index;
    phb->buid = SPAPR_PHB_BUID_BASE + index;
    phb->io_base = SPAPR_PCI_BASE + index * SPAPR_PCI_IO_WIN_SIZE;
    phb->mem32_base = SPAPR_PCI_BASE + (index + 1) * SPAPR_PCI_MEM32_WIN_SIZE;
    phb->mem64_base = SPAPR_PCI_BASE + (index + 1) * SPAPR_PCI_MEM64_WIN_SIZE;
    phb->lsi_base = SPAPR_IRQ_PCI_LSI + 4 * index;
    phb->dma32 = (SpaprTceTable){
        .liobn = 0x80000000u | index << 8,
        .bus_offset = 0,
        .page_shift = 12,
        .nb = SPAPR_PCI_DMA32_SIZE >> 12,
    };
    phb->dma32.tce = g_new0(uint64_t, phb->dma32.nb);
    phb->dma64.liobn = phb->dma32.liobn + 1;
    for (unsigned i = 0; i < 4; i++) {
        if (m->xics && !xics_claim(m->xics, phb->lsi_base + i, true)) {
            *err = g_strdup_printf("PHB %" PRIu32 ": interrupt source 0x%x "
                                   "is taken", index, phb->lsi_base + i);
            g_free(phb->dma32.tce);
            g_free(phb);
            return NULL;
        }
    }
    p->phbs[index] = phb;
    return phb;
}

static void pci_dev_free(PCIDevice *d)
{
    if (d->type->unrealize) {
        d->type->unrealize(d);
    }
    g_free(d->msix_table);
    g_free(d->msix_pba);
    g_free(d->priv);
    g_free(d->id);
    g_free(d);
}

static bool pci_device_add(SpaprMachine *m, SpaprDevProps *props,
                           char **err);

/* the PHB, then a virtio-blk-pci for each -drive if=virtio */
bool spapr_pci_init(SpaprMachine *m, bool default_phb, char **err)
{
    const GPtrArray *drives = m->cfg ? m->cfg->drives : NULL;

    pci_state(m);
    if (default_phb && !phb_new(m, 0, err)) {
        return false;
    }
    for (guint i = 0; drives && i < drives->len; i++) {
        const SpaprDriveSpec *d = g_ptr_array_index(drives, i);
        char *spec;
        SpaprDevProps *props;
        bool ok;

        if (d->iface != SPAPR_DRIVE_IF_VIRTIO) {
            continue;
        }
        spec = g_strdup_printf("virtio-blk-pci,drive-index=%u", i);
        props = spapr_devprops_parse(spec, err);
        g_free(spec);
        ok = props && pci_device_add(m, props, err);
        spapr_devprops_free(props);
        if (!ok) {
            return false;
        }
    }
    return true;
}

void spapr_pci_free(SpaprMachine *m)
{
    if (!m->pci) {
        return;
    }
    for (unsigned i = 0; i < SPAPR_MAX_PHBS; i++) {
        SpaprPhb *phb = m->pci->phbs[i];

        if (!phb) {
            continue;
        }
        for (unsigned s = 0; s < PCI_SLOT_MAX; s++) {
            if (phb->slots[s]) {
                pci_dev_free(phb->slots[s]);
            }
        }
        g_free(phb->dma32.tce);
        g_free(phb->dma64.tce);
        g_free(phb);
    }
    g_free(m->pci->msi_used);
    g_free(m->pci);
    m->pci = NULL;
}

static void phb_dma64_remove(SpaprPhb *phb)
{
    g_free(phb->dma64.tce);
    phb->dma64.tce = NULL;
    phb->dma64.nb = 0;
}

void spapr_pci_reset(SpaprMachine *m)
{
    if (!m->pci) {
        return;
    }
    for (unsigned i = 0; i < SPAPR_MAX_PHBS; i++) {
        SpaprPhb *phb = m->pci->phbs[i];

        if (!phb) {
            continue;
        }
        memset(phb->dma32.tce, 0, phb->dma32.nb * sizeof(uint64_t));
        phb_dma64_remove(phb);
        for (unsigned s = 0; s < PCI_SLOT_MAX; s++) {
            if (phb->slots[s]) {
                pci_device_reset(phb->slots[s]);
            }
        }
    }
}

void spapr_pci_poll(SpaprMachine *m)
{
    for (unsigned i = 0; m->pci && i < SPAPR_MAX_PHBS; i++) {
        SpaprPhb *phb = m->pci->phbs[i];

        for (unsigned s = 0; phb && s < PCI_SLOT_MAX; s++) {
            PCIDevice *d = phb->slots[s];

            if (d && d->type->poll) {
                d->type->poll(d);
            }
        }
    }
}

SpaprPhb *spapr_pci_find_phb(SpaprMachine *m, uint64_t buid)
{
    uint64_t index = buid - SPAPR_PHB_BUID_BASE;

    if (!m->pci || buid < SPAPR_PHB_BUID_BASE || index >= SPAPR_MAX_PHBS) {
        return NULL;
    }
    return m->pci->phbs[index];
}

PCIDevice *spapr_pci_find_dev(SpaprMachine *m, uint64_t buid,
                              uint32_t config_addr)
{
    SpaprPhb *phb = spapr_pci_find_phb(m, buid);
    uint32_t bus = (config_addr >> 16) & 0xff;
    uint32_t devfn = (config_addr >> 8) & 0xff;

    if (!phb || bus != 0 || (devfn & 7)) {
        return NULL;
    }
    return phb->slots[devfn >> 3];
}

SpaprTceTable *spapr_pci_find_tce(SpaprMachine *m, uint64_t liobn)
{
    if (!m->pci || (liobn & ~0xffffull) != 0x80000000u ||
        ((liobn >> 8) & 0xff) >= SPAPR_MAX_PHBS) {
        return NULL;
    }
    SpaprPhb *phb = m->pci->phbs[(liobn >> 8) & 0xff];
    if (!phb) {
        return NULL;
    }
    if (liobn == phb->dma32.liobn) {
        return &phb->dma32;
    }
    if (liobn == phb->dma64.liobn && phb->dma64.nb) {
        return &phb->dma64;
    }
    return NULL;
}

/* ------------------------------------------------------------ -device */

static PCIDevice *phb_device_new(SpaprPhb *phb, const PCIDeviceType *type,
                                 int slot, const char *id, char **err)
{
    PCIDevice *d;

    if (slot < 0) {
        for (slot = 0; slot < PCI_SLOT_MAX && phb->slots[slot]; slot++) {
        }
        if (slot == PCI_SLOT_MAX) {
            *err = g_strdup("PCI: no slot available");
            return NULL;
        }
    } else if (phb->slots[slot]) {
        *err = g_strdup_printf("PCI: slot %d function 0 not available for "
                               "%s, in use by %s", slot, type->name,
                               phb->slots[slot]->type->name);
        return NULL;
    }
    d = g_new0(PCIDevice, 1);
    d->type = type;
    d->phb = phb;
    d->m = phb->m;
    d->id = g_strdup(id);
    d->devfn = (uint8_t)(slot << 3);
    d->lsi = phb->lsi_base + (uint32_t)slot % 4; /* INTA */
    d->priv = type->priv_size ? g_malloc0(type->priv_size) : NULL;
    return d;
}

/* bus=pci.N (the PHB at index N) or ID.0 (the PHB with id=ID) */
static SpaprPhb *phb_by_bus_name(SpaprMachine *m, const char *bus,
                                 GHashTable *ids)
{
    unsigned idx;
    char tail;

    if (sscanf(bus, "pci.%u%c", &idx, &tail) == 1 && idx < SPAPR_MAX_PHBS) {
        return m->pci->phbs[idx];
    }
    if (ids && g_str_has_suffix(bus, ".0")) {
        char *name = g_strndup(bus, strlen(bus) - 2);
        SpaprPhb *phb = g_hash_table_lookup(ids, name);

        g_free(name);
        return phb;
    }
    return NULL;
}

/* addr=SLOT[.FN], hex as QEMU reads it */
static bool parse_devaddr(const char *s, int *slot, char **err)
{
    char *end;
    unsigned long v = strtoul(s, &end, 16);

    if (end == s || v >= PCI_SLOT_MAX ||
        (*end && strcmp(end, ".0") != 0 && strcmp(end, ".00") != 0)) {
        *err = g_strdup_printf("Property 'addr' doesn't take value '%s' "
                               "(slots 0-1f, function 0)", s);
        return false;
    }
    *slot = (int)v;
    return true;
}

bool spapr_pci_device_add(SpaprMachine *m, SpaprDevProps *props, char **err)
{
    /* the machine's own property for -drive if=virtio */
    if (spapr_devprops_take(props, "drive-index")) {
        *err = g_strdup_printf("Property '%s.drive-index' not found",
                               spapr_devprops_driver(props));
        return false;
    }
    if (serial_port_driver(spapr_devprops_driver(props))) {
        return virtio_serial_port_add(m, props, err);
    }
    return pci_device_add(m, props, err);
}

static bool pci_device_add(SpaprMachine *m, SpaprDevProps *props,
                           char **err)
{
    const char *driver = spapr_devprops_driver(props);
    const char *id = spapr_devprops_take(props, "id");
    SpaprPci *p = pci_state(m);

    if (strcmp(driver, "spapr-pci-host-bridge") == 0) {
        const char *index = spapr_devprops_take(props, "index");
        char *end;
        unsigned long idx;
        SpaprPhb *phb;

        if (!spapr_devprops_check_taken(props, err)) {
            return false;
        }
        if (!index) {
            *err = g_strdup("\"index\" for PAPR PHB is mandatory");
            return false;
        }
        idx = strtoul(index, &end, 0);
        if (!*index || *end) {
            *err = g_strdup_printf("Property 'index' doesn't take value "
                                   "'%s'", index);
            return false;
        }
        phb = phb_new(m, idx > UINT32_MAX ? UINT32_MAX : (uint32_t)idx, err);
        if (phb && id) {
            if (!m->pci_ids) {
                m->pci_ids = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                   g_free, NULL);
            }
            g_hash_table_insert(m->pci_ids, g_strdup(id), phb);
        }
        return phb != NULL;
    }

    PCIVirtioVariant variant;
    const PCIDeviceType *type = pci_type_find_variant(driver, &variant);
    const char *bus = spapr_devprops_take(props, "bus");
    const char *addr = spapr_devprops_take(props, "addr");
    SpaprPhb *phb = NULL;
    int slot = -1;
    PCIDevice *d;

    if (bus) {
        phb = phb_by_bus_name(m, bus, m->pci_ids);
        if (!phb) {
            *err = g_strdup_printf("Bus '%s' not found", bus);
            return false;
        }
    } else {
        for (unsigned i = 0; i < SPAPR_MAX_PHBS && !phb; i++) {
            phb = p->phbs[i];
        }
        if (!phb) {
            *err = g_strdup_printf("No 'PCI' bus found for device '%s'",
                                   driver);
            return false;
        }
    }
    if (addr && !parse_devaddr(addr, &slot, err)) {
        return false;
    }
    d = phb_device_new(phb, type, slot, id, err);
    if (!d) {
        return false;
    }
    d->virtio_variant = variant;
    if (!type->realize(d, props, err) ||
        !spapr_devprops_check_taken(props, err)) {
        pci_dev_free(d);
        return false;
    }
    if (m->xics && !xics_claimed(m->xics, d->lsi)) {
        xics_claim(m->xics, d->lsi, true);
    }
    phb->slots[d->devfn >> 3] = d;
    return true;
}

/* ------------------------------------------------------------ MMIO */

/* the device whose BAR of kind io/memory decodes bus address a */
static PCIDevice *phb_decode(SpaprPhb *phb, bool io, uint64_t a,
                             unsigned size, unsigned *bar, uint64_t *off)
{
    for (unsigned s = 0; s < PCI_SLOT_MAX; s++) {
        PCIDevice *d = phb->slots[s];

        for (unsigned b = 0; d && b < PCI_NUM_BARS; b++) {
            const PCIBar *pb = &d->bars[b];
            uint64_t base;

            if (pb->type == PCI_BAR_NONE || (pb->type == PCI_BAR_IO) != io) {
                continue;
            }
            base = pci_bar_addr(d, b);
            if (base && a >= base && a - base < pb->size &&
                size <= pb->size - (a - base)) {
                *bar = b;
                *off = a - base;
                return d;
            }
        }
    }
    return NULL;
}

bool spapr_pci_window(SpaprMachine *m, uint64_t pa, uint64_t len)
{
    for (unsigned i = 0; m->pci && i < SPAPR_MAX_PHBS; i++) {
        const SpaprPhb *phb = m->pci->phbs[i];
        const uint64_t base[3] = { phb ? phb->io_base : 0,
                                   phb ? phb->mem32_base : 0,
                                   phb ? phb->mem64_base : 0 };
        const uint64_t size[3] = { SPAPR_PCI_IO_WIN_SIZE,
                                   SPAPR_PCI_MEM32_WIN_SIZE,
                                   SPAPR_PCI_MEM64_WIN_SIZE };

        for (int w = 0; phb && w < 3; w++) {
            if (pa >= base[w] && pa - base[w] < size[w] &&
                len <= size[w] - (pa - base[w])) {
                return true;
            }
        }
    }
    return false;
}

bool spapr_pci_mmio(SpaprMachine *m, uint64_t pa, unsigned size, bool write,
                    uint64_t *val)
{
    for (unsigned i = 0; m->pci && i < SPAPR_MAX_PHBS; i++) {
        SpaprPhb *phb = m->pci->phbs[i];
        uint64_t bus;
        bool io = false;
        PCIDevice *d;
        unsigned bar;
        uint64_t off;

        if (!phb) {
            continue;
        }
        if (pa - phb->io_base < SPAPR_PCI_IO_WIN_SIZE) {
            bus = pa - phb->io_base;
            io = true;
        } else if (pa - phb->mem32_base < SPAPR_PCI_MEM32_WIN_SIZE) {
            bus = pa - phb->mem32_base + SPAPR_PCI_MEM32_BUS_BASE;
        } else if (pa - phb->mem64_base < SPAPR_PCI_MEM64_WIN_SIZE) {
            bus = pa;
        } else {
            continue;
        }
        d = phb_decode(phb, io, bus, size, &bar, &off);
        if (!d || !d->bars[bar].ops) {
            if (log_enabled(LOG_GUEST_ERROR)) {
                log_printf("PHB %u: %s of %u bytes at 0x%" PRIx64 " (bus "
                           "0x%" PRIx64 ") claimed by no BAR\n", phb->index,
                           write ? "write" : "read", size, pa, bus);
            }
            if (!write) {
                *val = size == 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
            }
            return true;
        }
        if (write) {
            d->bars[bar].ops->write(d, off, *val, size);
        } else {
            *val = d->bars[bar].ops->read(d, off, size);
        }
        return true;
    }
    return false;
}

/* ------------------------------------------------------------ interrupts */

void spapr_pci_msi_write(PCIDevice *d, uint64_t addr, uint32_t data)
{
    if (addr != SPAPR_PCI_MSI_WINDOW || data < d->msi_irq_base ||
        data - d->msi_irq_base >= d->msi_nr_irqs) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("%s %02x: MSI to 0x%" PRIx64 " data 0x%" PRIx32
                       " not a source it was given\n", d->type->name,
                       d->devfn >> 3, addr, data);
        }
        return;
    }
    xics_set_irq(d->m->xics, data, 1);
}

/* ------------------------------------------------------------ DMA */

static SpaprTceTable *dma_window(PCIDevice *d, uint64_t addr)
{
    SpaprPhb *phb = d->phb;
    SpaprTceTable *t[2] = { &phb->dma32, &phb->dma64 };

    for (int i = 0; i < 2; i++) {
        if (t[i]->nb && addr >= t[i]->bus_offset &&
            ((addr - t[i]->bus_offset) >> t[i]->page_shift) < t[i]->nb) {
            return t[i];
        }
    }
    return NULL;
}

uint8_t *pci_dma_map(PCIDevice *d, uint64_t addr, uint64_t len, bool write,
                     uint64_t *avail)
{
    SpaprTceTable *t = dma_window(d, addr);
    uint64_t need = write ? SPAPR_TCE_WRITE : SPAPR_TCE_READ;
    uint64_t page, tce, real, n;

    if (!t || !pci_bus_master(d)) {
        return NULL;
    }
    page = 1ull << t->page_shift;
    tce = t->tce[(addr - t->bus_offset) >> t->page_shift];
    if ((tce & need) != need) {
        return NULL;
    }
    real = (tce & ~(page - 1)) | ((addr - t->bus_offset) & (page - 1));
    n = MIN(len, page - ((addr - t->bus_offset) & (page - 1)));
    if (n == 0 || !spapr_ram_valid(d->m, real, n)) {
        return NULL;
    }
    *avail = n;
    return d->m->ram + real;
}

static bool dma_rw(PCIDevice *d, uint64_t addr, uint8_t *buf, uint64_t len,
                   bool write)
{
    for (int pass = 0; pass < 2; pass++) {
        uint64_t off = 0;

        while (off < len) {
            uint64_t n;
            uint8_t *host = pci_dma_map(d, addr + off, len - off, write, &n);

            if (!host || addr + off < addr) {
                if (log_enabled(LOG_GUEST_ERROR)) {
                    log_printf("%s %02x: DMA %s of %" PRIu64 " bytes at "
                               "0x%" PRIx64 " refused (not mapped)\n",
                               d->type->name, d->devfn >> 3,
                               write ? "write" : "read", len, addr);
                }
                return false;
            }
            if (pass == 1) {
                if (write) {
                    memcpy(host, buf + off, n);
                    tb_invalidate_phys_range((uint64_t)(host - d->m->ram), n);
                } else {
                    memcpy(buf + off, host, n);
                }
            }
            off += n;
        }
    }
    return true;
}

bool pci_dma_read(PCIDevice *d, uint64_t addr, void *buf, uint64_t len)
{
    return dma_rw(d, addr, buf, len, false);
}

bool pci_dma_write(PCIDevice *d, uint64_t addr, const void *buf,
                   uint64_t len)
{
    return dma_rw(d, addr, (uint8_t *)buf, len, true);
}

/* ------------------------------------------------------------ the tree */

static int fdt_cells(void *fdt, int node, const char *name,
                     const uint32_t *cells, size_t n)
{
    fdt32_t *be = g_new(fdt32_t, n);
    int r;

    for (size_t i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    r = fdt_setprop(fdt, node, name, be, (int)(n * sizeof(fdt32_t)));
    g_free(be);
    return r;
}

static const uint32_t bar_space[] = {
    [PCI_BAR_IO] = 0x01000000,
    [PCI_BAR_MEM32] = 0x02000000,
    [PCI_BAR_MEM64] = 0x03000000,
};

static int pci_fdt_device(SpaprPhb *phb, PCIDevice *d, void *fdt, int parent)
{
    unsigned slot = d->devfn >> 3;
    char *name = g_strdup_printf("%s@%x", d->type->dt_name, slot);
    char *loc = g_strdup_printf("qemu_%s:%04x:00:%02x.0", d->type->name,
                                phb->index, slot);
    uint32_t reg[5 * (1 + PCI_NUM_BARS)];
    size_t nreg = 0;
    int node = fdt_add_subnode(fdt, parent, name);
    int r = node < 0 ? node : 0;

    g_free(name);
    /* the config space, then each BAR: its register and its size */
    reg[nreg++] = (uint32_t)d->devfn << 8;
    reg[nreg++] = 0;
    reg[nreg++] = 0;
    reg[nreg++] = 0;
    reg[nreg++] = 0;
    for (unsigned b = 0; b < PCI_NUM_BARS; b++) {
        const PCIBar *pb = &d->bars[b];

        if (pb->type == PCI_BAR_NONE) {
            continue;
        }
        reg[nreg++] = bar_space[pb->type] | (uint32_t)d->devfn << 8 |
                      (PCI_BASE_ADDRESS_0 + 4 * b);
        reg[nreg++] = 0;
        reg[nreg++] = 0;
        reg[nreg++] = (uint32_t)(pb->size >> 32);
        reg[nreg++] = (uint32_t)pb->size;
    }
    const struct {
        const char *name;
        uint32_t val;
    } props[] = {
        { "vendor-id", pci_get_word(d->config + PCI_VENDOR_ID) },
        { "device-id", pci_get_word(d->config + PCI_DEVICE_ID) },
        { "revision-id", d->config[PCI_REVISION_ID] },
        { "class-code", pci_get_long(d->config + PCI_REVISION_ID) >> 8 },
        { "subsystem-vendor-id",
          pci_get_word(d->config + PCI_SUBSYSTEM_VENDOR_ID) },
        { "subsystem-id", pci_get_word(d->config + PCI_SUBSYSTEM_ID) },
        { "interrupts", d->config[PCI_INTERRUPT_PIN] },
        { "cache-line-size", 0 },
        { "devsel-speed", 0 },
        { "min-grant", 0 },
        { "max-latency", 0 },
    };
    for (size_t i = 0; r == 0 && i < G_N_ELEMENTS(props); i++) {
        r = fdt_setprop_u32(fdt, node, props[i].name, props[i].val);
    }
    if (r == 0 && d->msix_cap) {
        r = fdt_setprop_u32(fdt, node, "ibm,req#msi-x", d->msix_nvec);
    }
    if (r == 0) {
        r = fdt_setprop_string(fdt, node, "ibm,loc-code", loc);
    }
    if (r == 0) {
        r = fdt_cells(fdt, node, "reg", reg, nreg);
    }
    g_free(loc);
    return r;
}

static int pci_fdt_phb(SpaprMachine *m, SpaprPhb *phb, void *fdt)
{
    char *name = g_strdup_printf("pci@%" PRIx64, phb->buid);
    int node = fdt_add_subnode(fdt, 0, name);
    int r = node < 0 ? node : 0;
    uint32_t msis = m->pci->msi_count;
    const uint32_t reg[] = { (uint32_t)(phb->buid >> 32), (uint32_t)phb->buid,
                             0, 0 };
    const uint32_t bus_range[] = { 0, 0xff };
    /* child (space, bus address), parent (real address), size */
    const uint32_t ranges[] = {
        0x01000000, 0, 0,
        (uint32_t)(phb->io_base >> 32), (uint32_t)phb->io_base,
        0, (uint32_t)SPAPR_PCI_IO_WIN_SIZE,
        0x02000000, 0, (uint32_t)SPAPR_PCI_MEM32_BUS_BASE,
        (uint32_t)(phb->mem32_base >> 32), (uint32_t)phb->mem32_base,
        0, (uint32_t)SPAPR_PCI_MEM32_WIN_SIZE,
        0x03000000, (uint32_t)(phb->mem64_base >> 32),
        (uint32_t)phb->mem64_base,
        (uint32_t)(phb->mem64_base >> 32), (uint32_t)phb->mem64_base,
        (uint32_t)(SPAPR_PCI_MEM64_WIN_SIZE >> 32),
        (uint32_t)SPAPR_PCI_MEM64_WIN_SIZE,
    };
    const uint32_t dma_window[] = { phb->dma32.liobn, 0, 0, 0,
                                    (uint32_t)SPAPR_PCI_DMA32_SIZE };
    const uint32_t imap_mask[] = { 0xf800, 0, 0, 0xffffffff };
    uint32_t imap[PCI_SLOT_MAX * 4 * 7];
    size_t n = 0;

    g_free(name);
    /* every slot's INTA-D onto the PHB's four LSIs, level (sense 1) */
    for (uint32_t slot = 0; slot < PCI_SLOT_MAX; slot++) {
        for (uint32_t pin = 1; pin <= 4; pin++) {
            imap[n++] = slot << 11;
            imap[n++] = 0;
            imap[n++] = 0;
            imap[n++] = pin;
            imap[n++] = SPAPR_PHANDLE_XICS;
            imap[n++] = phb->lsi_base + (slot + pin - 1) % 4;
            imap[n++] = 1;
        }
    }
    if (r == 0) {
        r = fdt_setprop_string(fdt, node, "device_type", "pci");
    }
    if (r == 0) {
        r = fdt_setprop_string(fdt, node, "compatible", "IBM,Logical_PHB");
    }
    const struct {
        const char *name;
        uint32_t val;
    } u32s[] = {
        { "#address-cells", 3 },
        { "#size-cells", 2 },
        { "#interrupt-cells", 1 },
        { "ibm,pci-config-space-type", 1 },
        { "ibm,pe-total-#msi", msis },
        { "ibm,#dma-address-cells", 2 },
        { "ibm,#dma-size-cells", 2 },
    };
    for (size_t i = 0; r == 0 && i < G_N_ELEMENTS(u32s); i++) {
        r = fdt_setprop_u32(fdt, node, u32s[i].name, u32s[i].val);
    }
    if (r == 0) {
        r = fdt_setprop(fdt, node, "used-by-rtas", NULL, 0);
    }
    /* the devices below are in this tree already (pci_fdt_device): SLOF
       then binds its drivers to these nodes instead of probing the bus
       and adding a second node for each device, which its boot paths
       would never open (Linux ignores the property) */
    if (r == 0) {
        r = fdt_setprop_u32(fdt, node, "qemu,phb-enumerated", 1);
    }
    if (r == 0) {
        r = fdt_cells(fdt, node, "reg", reg, G_N_ELEMENTS(reg));
    }
    if (r == 0) {
        r = fdt_cells(fdt, node, "bus-range", bus_range, 2);
    }
    if (r == 0) {
        r = fdt_cells(fdt, node, "ranges", ranges, G_N_ELEMENTS(ranges));
    }
    if (r == 0) {
        r = fdt_cells(fdt, node, "ibm,dma-window", dma_window,
                      G_N_ELEMENTS(dma_window));
    }
    if (r == 0) {
        r = fdt_cells(fdt, node, "interrupt-map-mask", imap_mask, 4);
    }
    if (r == 0) {
        r = fdt_cells(fdt, node, "interrupt-map", imap, n);
    }
    if (r == 0) {
        r = spapr_pci_fdt_ddw(m, fdt, node);
    }
    for (int slot = PCI_SLOT_MAX - 1; r == 0 && slot >= 0; slot--) {
        /* fdt_add_subnode puts a new node first: add them backwards */
        if (phb->slots[slot]) {
            r = pci_fdt_device(phb, phb->slots[slot], fdt, node);
        }
    }
    return r;
}

int spapr_pci_fdt(SpaprMachine *m, void *fdt)
{
    int r = 0, chosen, rtas;
    bool any = false;

    for (int i = SPAPR_MAX_PHBS - 1; m->pci && r == 0 && i >= 0; i--) {
        if (m->pci->phbs[i]) {
            r = pci_fdt_phb(m, m->pci->phbs[i], fdt);
            any = true;
        }
    }
    if (r != 0 || !any) {
        return r;
    }
    /* Linux's pseries probes PCI "only" (leaves BARs as firmware set
       them) unless /chosen says otherwise: no firmware assigned ours */
    chosen = fdt_path_offset(fdt, "/chosen");
    if (chosen >= 0) {
        r = fdt_setprop_u32(fdt, chosen, "linux,pci-probe-only", 0);
    }
    rtas = fdt_path_offset(fdt, "/rtas");
    if (r == 0 && rtas >= 0) {
        r = fdt_setprop(fdt, rtas, "ibm,change-msix-capable", NULL, 0);
    }
    return r;
}
