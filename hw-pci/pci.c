/*
 * hw-pci/pci.c: the configuration space of a PCI function (PCI Local Bus
 * 3.0, ch. 6) and MSI-X (6.8.2).
 *
 * config[] holds the registers; wmask[] says which bits the guest may
 * change and w1cmask[] which ones a written 1 clears (the status errors),
 * so that a write to a read-only register, a reserved bit or past the end
 * changes nothing.  BARs are sized the architected way: the low bits
 * below the size are read-only zero (plus the type bits), so writing all
 * ones and reading back gives the size.  MSI-X keeps its table in host
 * memory in the device's little-endian layout; a vector that fires while
 * masked (per vector, or the whole function) sets its pending bit, and
 * unmasking delivers it.
 */
#include <string.h>

#include <glib.h>

#include "log.h"
#include "pci.h"
#include "xics.h"

void pci_config_init(PCIDevice *d, uint16_t vendor, uint16_t device,
                     uint32_t class_prog, uint8_t revision,
                     uint16_t subsys_vendor, uint16_t subsys)
{
    memset(d->config, 0, sizeof(d->config));
    memset(d->wmask, 0, sizeof(d->wmask));
    memset(d->w1cmask, 0, sizeof(d->w1cmask));
    pci_set_word(d->config + PCI_VENDOR_ID, vendor);
    pci_set_word(d->config + PCI_DEVICE_ID, device);
    d->config[PCI_REVISION_ID] = revision;
    d->config[PCI_CLASS_PROG] = (uint8_t)class_prog;
    pci_set_word(d->config + PCI_CLASS_DEVICE, (uint16_t)(class_prog >> 8));
    pci_set_word(d->config + PCI_SUBSYSTEM_VENDOR_ID, subsys_vendor);
    pci_set_word(d->config + PCI_SUBSYSTEM_ID, subsys);
    d->config[PCI_INTERRUPT_PIN] = 1; /* INTA */
    pci_set_word(d->wmask + PCI_COMMAND,
                 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
                 PCI_COMMAND_PARITY | PCI_COMMAND_SERR |
                 PCI_COMMAND_INTX_DISABLE);
    /* status: the error bits are write-one-to-clear */
    pci_set_word(d->w1cmask + PCI_STATUS, 0xf900);
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    d->wmask[0x0c] = 0xff; /* cache line size */
    d->wmask[0x0d] = 0xff; /* latency timer */
    d->cap_next = 0x40;
}

void pci_set_bar(PCIDevice *d, unsigned bar, PCIBarType type, uint64_t size,
                 const PCIBarOps *ops)
{
    uint8_t *reg = d->config + PCI_BASE_ADDRESS_0 + 4 * bar;
    uint8_t *mask = d->wmask + PCI_BASE_ADDRESS_0 + 4 * bar;

    g_assert(bar < PCI_NUM_BARS && size >= 16 && !(size & (size - 1)));
    g_assert(type != PCI_BAR_MEM64 || bar + 1 < PCI_NUM_BARS);
    d->bars[bar] = (PCIBar){ .type = type, .size = size, .ops = ops };
    switch (type) {
    case PCI_BAR_IO:
        pci_set_long(reg, 0x1);
        pci_set_long(mask, (uint32_t)~(size - 1));
        break;
    case PCI_BAR_MEM32:
        pci_set_long(reg, 0);
        pci_set_long(mask, (uint32_t)~(size - 1));
        break;
    case PCI_BAR_MEM64:
        /* 64-bit, prefetchable, as virtio's capability BAR */
        pci_set_long(reg, 0xc);
        pci_set_long(mask, (uint32_t)~(size - 1));
        pci_set_long(reg + 4, 0);
        pci_set_long(mask + 4, (uint32_t)(~(size - 1) >> 32));
        break;
    default:
        break;
    }
}

uint8_t pci_add_capability(PCIDevice *d, uint8_t id, uint8_t len)
{
    uint8_t off = d->cap_next;
    uint8_t *p;

    if (len < 2 || off + len > PCI_CONFIG_SIZE) {
        return 0;
    }
    /* link it at the end of the list */
    p = d->config + PCI_CAPABILITY_LIST;
    while (*p) {
        p = d->config + *p + 1;
    }
    *p = off;
    d->config[off] = id;
    d->config[off + 1] = 0;
    d->config[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
    d->cap_next = (uint8_t)((off + len + 3) & ~3);
    return off;
}

uint64_t pci_bar_addr(const PCIDevice *d, unsigned bar)
{
    const PCIBar *b = &d->bars[bar];
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);
    uint64_t addr;

    switch (b->type) {
    case PCI_BAR_IO:
        if (!(cmd & PCI_COMMAND_IO)) {
            return 0;
        }
        return pci_get_long(d->config + PCI_BASE_ADDRESS_0 + 4 * bar) &
               ~3ull;
    case PCI_BAR_MEM32:
        if (!(cmd & PCI_COMMAND_MEMORY)) {
            return 0;
        }
        return pci_get_long(d->config + PCI_BASE_ADDRESS_0 + 4 * bar) &
               ~15ull;
    case PCI_BAR_MEM64:
        if (!(cmd & PCI_COMMAND_MEMORY)) {
            return 0;
        }
        addr = pci_get_long(d->config + PCI_BASE_ADDRESS_0 + 4 * bar) |
               (uint64_t)pci_get_long(d->config + PCI_BASE_ADDRESS_0 +
                                      4 * bar + 4) << 32;
        return addr & ~15ull;
    default:
        return 0;
    }
}

bool pci_bus_master(const PCIDevice *d)
{
    return pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_MASTER;
}

uint32_t pci_config_read(PCIDevice *d, uint32_t reg, unsigned size)
{
    uint32_t v = 0;

    for (unsigned i = 0; i < size && reg + i < PCI_CONFIG_SIZE; i++) {
        v |= (uint32_t)d->config[reg + i] << (8 * i);
    }
    return v;
}

/* INTx disable changes what the line shows */
static void pci_update_intx(PCIDevice *d)
{
    bool off = pci_get_word(d->config + PCI_COMMAND) &
               PCI_COMMAND_INTX_DISABLE;

    if (d->m->xics && d->lsi) {
        xics_set_irq(d->m->xics, d->lsi, d->intx_level && !off);
    }
}

static void msix_deliver_pending(PCIDevice *d);

void pci_config_write(PCIDevice *d, uint32_t reg, uint32_t val,
                      unsigned size)
{
    uint16_t msix_before = 0;

    if (d->msix_cap) {
        msix_before = pci_get_word(d->config + d->msix_cap +
                                   PCI_MSIX_FLAGS);
    }
    for (unsigned i = 0; i < size && reg + i < PCI_CONFIG_SIZE; i++) {
        uint32_t r = reg + i;
        uint8_t b = (uint8_t)(val >> (8 * i));

        d->config[r] = (uint8_t)((d->config[r] & ~d->wmask[r]) |
                                 (b & d->wmask[r]));
        d->config[r] &= (uint8_t)~(b & d->w1cmask[r]);
    }
    if (reg < PCI_COMMAND + 2 && reg + size > PCI_COMMAND) {
        pci_update_intx(d);
    }
    if (d->msix_cap) {
        uint16_t now = pci_get_word(d->config + d->msix_cap + PCI_MSIX_FLAGS);

        /* enabling, or lifting the function mask, delivers what is
           pending */
        if (now != msix_before) {
            msix_deliver_pending(d);
        }
    }
    if (reg >= 0x40 && d->type->config_write) {
        d->type->config_write(d, reg, val, size);
    }
}

void pci_set_irq(PCIDevice *d, bool level)
{
    d->intx_level = level;
    if (level) {
        d->config[PCI_STATUS] |= PCI_STATUS_INTERRUPT;
    } else {
        d->config[PCI_STATUS] &= (uint8_t)~PCI_STATUS_INTERRUPT;
    }
    pci_update_intx(d);
}

/* ------------------------------------------------------------ MSI-X */

bool pci_msix_init(PCIDevice *d, uint16_t nvec, unsigned bar,
                   uint32_t table_off, uint32_t pba_off)
{
    uint8_t cap;

    g_assert(nvec >= 1 && nvec <= 2048 && bar < PCI_NUM_BARS);
    g_assert(table_off + nvec * PCI_MSIX_ENTRY_SIZE <= pba_off &&
             pba_off + (nvec + 63) / 64 * 8 <= d->bars[bar].size);
    cap = pci_add_capability(d, PCI_CAP_ID_MSIX, PCI_MSIX_CAP_SIZE);
    if (!cap) {
        return false;
    }
    d->msix_cap = cap;
    d->msix_nvec = nvec;
    d->msix_bar = (uint8_t)bar;
    d->msix_table_off = table_off;
    d->msix_pba_off = pba_off;
    d->msix_table = g_malloc0((size_t)nvec * PCI_MSIX_ENTRY_SIZE);
    d->msix_pba = g_new0(uint64_t, (nvec + 63) / 64);
    pci_set_word(d->config + cap + PCI_MSIX_FLAGS, (uint16_t)(nvec - 1));
    pci_set_word(d->wmask + cap + PCI_MSIX_FLAGS,
                 PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    pci_set_long(d->config + cap + PCI_MSIX_TABLE, table_off | bar);
    pci_set_long(d->config + cap + PCI_MSIX_PBA, pba_off | bar);
    for (unsigned v = 0; v < nvec; v++) {
        d->msix_table[v * PCI_MSIX_ENTRY_SIZE + 12] =
            PCI_MSIX_ENTRY_CTRL_MASKBIT;
    }
    return true;
}

bool pci_msix_enabled(const PCIDevice *d)
{
    return d->msix_cap &&
           (pci_get_word(d->config + d->msix_cap + PCI_MSIX_FLAGS) &
            PCI_MSIX_FLAGS_ENABLE);
}

static bool msix_masked(const PCIDevice *d, unsigned v)
{
    uint16_t flags = pci_get_word(d->config + d->msix_cap + PCI_MSIX_FLAGS);

    return (flags & PCI_MSIX_FLAGS_MASKALL) ||
           (d->msix_table[v * PCI_MSIX_ENTRY_SIZE + 12] &
            PCI_MSIX_ENTRY_CTRL_MASKBIT);
}

static void msix_send(PCIDevice *d, unsigned v)
{
    const uint8_t *e = d->msix_table + v * PCI_MSIX_ENTRY_SIZE;
    uint64_t addr = pci_get_long(e) | (uint64_t)pci_get_long(e + 4) << 32;

    spapr_pci_msi_write(d, addr, pci_get_long(e + 8));
}

void pci_msix_notify(PCIDevice *d, unsigned v)
{
    if (!pci_msix_enabled(d) || v >= d->msix_nvec) {
        return;
    }
    if (msix_masked(d, v)) {
        d->msix_pba[v / 64] |= 1ull << (v % 64);
        return;
    }
    msix_send(d, v);
}

static void msix_deliver_pending(PCIDevice *d)
{
    if (!pci_msix_enabled(d)) {
        return;
    }
    for (unsigned v = 0; v < d->msix_nvec; v++) {
        if ((d->msix_pba[v / 64] >> (v % 64) & 1) && !msix_masked(d, v)) {
            d->msix_pba[v / 64] &= ~(1ull << (v % 64));
            msix_send(d, v);
        }
    }
}

/* the table and the PBA take naturally aligned 4- and 8-byte accesses
   (PCI 3.0 6.8.2: software must use DWORD or QWORD accesses) */
static bool msix_access_ok(uint64_t off, unsigned size)
{
    return (size == 4 || size == 8) && !(off & (size - 1));
}

uint64_t pci_msix_read(PCIDevice *d, uint64_t off, unsigned size)
{
    uint64_t v = 0;
    uint64_t table_end = d->msix_table_off +
                         (uint64_t)d->msix_nvec * PCI_MSIX_ENTRY_SIZE;
    uint64_t pba_end = d->msix_pba_off + ((d->msix_nvec + 63) / 64) * 8;

    if (!d->msix_cap || !msix_access_ok(off, size)) {
        return 0;
    }
    if (off >= d->msix_table_off && off + size <= table_end) {
        memcpy(&v, d->msix_table + (off - d->msix_table_off), size);
    } else if (off >= d->msix_pba_off && off + size <= pba_end) {
        memcpy(&v, (uint8_t *)d->msix_pba + (off - d->msix_pba_off), size);
    }
    return v;
}

void pci_msix_write(PCIDevice *d, uint64_t off, uint64_t val, unsigned size)
{
    uint64_t table_end = d->msix_table_off +
                         (uint64_t)d->msix_nvec * PCI_MSIX_ENTRY_SIZE;

    if (!d->msix_cap || !msix_access_ok(off, size) ||
        off < d->msix_table_off || off + size > table_end) {
        return; /* the PBA and the rest of the BAR are read-only */
    }
    for (unsigned i = 0; i < size; i++) {
        uint64_t o = off - d->msix_table_off + i;
        uint8_t b = (uint8_t)(val >> (8 * i));

        if (o % PCI_MSIX_ENTRY_SIZE >= 12) {
            /* vector control: only the mask bit is defined */
            b = o % PCI_MSIX_ENTRY_SIZE == 12
                    ? (uint8_t)(b & PCI_MSIX_ENTRY_CTRL_MASKBIT)
                    : 0;
        }
        d->msix_table[o] = b;
    }
    msix_deliver_pending(d);
}

/* ------------------------------------------------------------ reset */

void pci_device_reset(PCIDevice *d)
{
    /* the registers the guest may write go back to their power-on value:
       zero, except the BARs' read-only type bits which are kept */
    for (unsigned r = 0; r < PCI_CONFIG_SIZE; r++) {
        d->config[r] &= (uint8_t)~d->wmask[r];
    }
    pci_set_word(d->config + PCI_STATUS,
                 pci_get_word(d->config + PCI_STATUS) & PCI_STATUS_CAP_LIST);
    if (d->msix_cap) {
        for (unsigned v = 0; v < d->msix_nvec; v++) {
            memset(d->msix_table + v * PCI_MSIX_ENTRY_SIZE, 0,
                   PCI_MSIX_ENTRY_SIZE);
            d->msix_table[v * PCI_MSIX_ENTRY_SIZE + 12] =
                PCI_MSIX_ENTRY_CTRL_MASKBIT;
        }
        memset(d->msix_pba, 0, ((d->msix_nvec + 63) / 64) * 8);
    }
    d->intx_level = false;
    if (d->m->xics && d->lsi) {
        xics_set_irq(d->m->xics, d->lsi, 0);
    }
    spapr_pci_msi_release(d);
    if (d->type->reset) {
        d->type->reset(d);
    }
}
