/*
 * hw-pci/rtas-pci.c: the RTAS calls of the PCI host bridges (LoPAPR
 * "RTAS Requirements": config space access, MSI, dynamic DMA windows,
 * EEH).
 *
 * A device is named by its config address, (bus << 16) | (devfn << 8),
 * with bits 28-31 carrying bits 8-11 of the register (extended config
 * space), and by its PHB's BUID in two words.  The old read-pci-config
 * and write-pci-config take no BUID: they reach the first PHB.
 *
 * MSI: ibm,change-msi gives a device a block of XICS sources from the
 * machine's pool and programs the device with the messages (address
 * SPAPR_PCI_MSI_WINDOW, data = the source); the guest reads them back
 * from the MSI-X table.  ibm,query-interrupt-source-number tells the
 * source of each vector.
 *
 * Dynamic DMA windows: one more TCE window per PHB (the default 32-bit
 * one stays), of 4 KiB, 64 KiB or 16 MiB pages, at SPAPR_PCI_DMA64_START,
 * large enough for Linux to map all of RAM once.
 *
 * EEH: no PE here can isolate itself (there is no real hardware behind
 * the bus), so the EEH calls answer as a platform without EEH-capable
 * adapters does: parameter error, and Linux leaves recovery disabled.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "log.h"
#include "pci.h"
#include "xics.h"

/* ibm,change-msi functions (LoPAPR) and what the last return says */
enum {
    RTAS_QUERY_FN = 0,
    RTAS_CHANGE_FN = 1,
    RTAS_RESET_FN = 2,
    RTAS_CHANGE_MSI_FN = 3,
    RTAS_CHANGE_MSIX_FN = 4,
    RTAS_CHANGE_32MSI_FN = 5,
};
#define RTAS_TYPE_MSIX 2

/* the page sizes a dynamic window may use: the query's mask bits */
#define DDW_PGSIZE_4K 0x01
#define DDW_PGSIZE_64K 0x02
#define DDW_PGSIZE_16M 0x04
#define DDW_PGSIZES (DDW_PGSIZE_4K | DDW_PGSIZE_64K | DDW_PGSIZE_16M)

static uint32_t arg(SpaprMachine *m, const SpaprRtasArgs *a, uint32_t i)
{
    return spapr_rtas_arg(m, a, i);
}

static void ret(SpaprMachine *m, const SpaprRtasArgs *a, uint32_t i,
                int32_t v)
{
    spapr_rtas_ret(m, a, i, v);
}

static uint64_t buid_of(SpaprMachine *m, const SpaprRtasArgs *a, uint32_t i)
{
    return (uint64_t)arg(m, a, i) << 32 | arg(m, a, i + 1);
}

/* the register a config address names */
static uint32_t config_reg(uint32_t addr)
{
    return ((addr >> 20) & 0xf00) | (addr & 0xff);
}

static uint64_t first_buid(SpaprMachine *m)
{
    for (unsigned i = 0; m->pci && i < SPAPR_MAX_PHBS; i++) {
        if (m->pci->phbs[i]) {
            return m->pci->phbs[i]->buid;
        }
    }
    return 0;
}

/* an access that reaches the bus: size 1, 2 or 4, naturally aligned,
   inside a config space, on a PHB we have */
static bool config_access_ok(SpaprMachine *m, uint64_t buid, uint32_t addr,
                             uint32_t size, uint32_t *reg)
{
    *reg = config_reg(addr);
    if (!spapr_pci_find_phb(m, buid) || (size != 1 && size != 2 &&
                                         size != 4) ||
        (*reg % size) || *reg + size > PCI_CONFIG_SIZE) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("RTAS PCI config: no access to 0x%" PRIx32 " size %"
                       PRIu32 " on PHB 0x%" PRIx64 "\n", addr, size, buid);
        }
        return false;
    }
    return true;
}

/*
 * Config reads.  A well-formed access to a slot (or function) with no
 * device in it is not an error: on a PCI bus nobody claims it, the bridge
 * ends it with a master abort and a read completes with all ones (PCI
 * Local Bus 3.0, 6.1), which is how Linux's probe of every devfn tells an
 * empty slot (vendor ID 0xffff).  The call succeeds with that value; a
 * write there is dropped.  Only what no bus could carry (a bad size, a
 * misaligned or out-of-range register, an unknown BUID) is a hardware
 * error, logged under -d guest_errors.
 */
static void config_read(SpaprMachine *m, const SpaprRtasArgs *a,
                        uint64_t buid, uint32_t addr, uint32_t size)
{
    uint32_t reg;

    if (!config_access_ok(m, buid, addr, size, &reg)) {
        ret(m, a, 0, RTAS_OUT_HW_ERROR);
        ret(m, a, 1, -1);
        return;
    }
    PCIDevice *d = spapr_pci_find_dev(m, buid, addr);
    uint32_t none = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;

    ret(m, a, 0, RTAS_OUT_SUCCESS);
    ret(m, a, 1, (int32_t)(d ? pci_config_read(d, reg, size) : none));
}

static void config_write(SpaprMachine *m, const SpaprRtasArgs *a,
                         uint64_t buid, uint32_t addr, uint32_t size,
                         uint32_t val)
{
    uint32_t reg;

    if (!config_access_ok(m, buid, addr, size, &reg)) {
        ret(m, a, 0, RTAS_OUT_HW_ERROR);
        return;
    }
    PCIDevice *d = spapr_pci_find_dev(m, buid, addr);
    if (d) {
        pci_config_write(d, reg, val, size);
    }
    ret(m, a, 0, RTAS_OUT_SUCCESS);
}

/* read-pci-config: config address, size -> status, value */
void rtas_read_pci_config(SpaprMachine *m, CPUPPCState *env,
                          const SpaprRtasArgs *a)
{
    if (spapr_rtas_check_counts(m, a, 2, 2, "read-pci-config")) {
        config_read(m, a, first_buid(m), arg(m, a, 0), arg(m, a, 1));
    }
}

/* write-pci-config: config address, size, value -> status */
void rtas_write_pci_config(SpaprMachine *m, CPUPPCState *env,
                           const SpaprRtasArgs *a)
{
    if (spapr_rtas_check_counts(m, a, 3, 1, "write-pci-config")) {
        config_write(m, a, first_buid(m), arg(m, a, 0), arg(m, a, 1),
                     arg(m, a, 2));
    }
}

/* ibm,read-pci-config: config address, BUID hi, lo, size -> status,
   value */
void rtas_ibm_read_pci_config(SpaprMachine *m, CPUPPCState *env,
                              const SpaprRtasArgs *a)
{
    if (spapr_rtas_check_counts(m, a, 4, 2, "ibm,read-pci-config")) {
        config_read(m, a, buid_of(m, a, 1), arg(m, a, 0), arg(m, a, 3));
    }
}

/* ibm,write-pci-config: config address, BUID hi, lo, size, value ->
   status */
void rtas_ibm_write_pci_config(SpaprMachine *m, CPUPPCState *env,
                               const SpaprRtasArgs *a)
{
    if (spapr_rtas_check_counts(m, a, 5, 1, "ibm,write-pci-config")) {
        config_write(m, a, buid_of(m, a, 1), arg(m, a, 0), arg(m, a, 3),
                     arg(m, a, 4));
    }
}

/* ------------------------------------------------------------ MSI */

void spapr_pci_msi_release(PCIDevice *d)
{
    SpaprPci *p = d->m->pci;

    if (p && d->msi_nr_irqs) {
        memset(p->msi_used + (d->msi_irq_base - SPAPR_IRQ_MSI), 0,
               d->msi_nr_irqs);
    }
    /* the table's messages stay: the device can no longer reach a
       source with them (spapr_pci_msi_write checks) */
    d->msi_irq_base = 0;
    d->msi_nr_irqs = 0;
}

/* n contiguous free sources of the pool; 0 if there are none */
static uint32_t msi_alloc(SpaprMachine *m, uint32_t n)
{
    SpaprPci *p = m->pci;

    for (uint32_t i = 0; i + n <= p->msi_count; i++) {
        uint32_t j = 0;

        while (j < n && !p->msi_used[i + j]) {
            j++;
        }
        if (j == n) {
            for (j = 0; j < n; j++) {
                uint32_t irq = SPAPR_IRQ_MSI + i + j;

                if (!xics_claimed(m->xics, irq) &&
                    !xics_claim(m->xics, irq, false)) {
                    return 0;
                }
                p->msi_used[i + j] = 1;
            }
            return SPAPR_IRQ_MSI + i;
        }
        i += j;
    }
    return 0;
}

/*
 * ibm,change-msi: config address, BUID hi, lo, function, number of
 * interrupts wanted, sequence number -> status, number given, next
 * sequence number[, interrupt type].  0 wanted releases them.  More than
 * the device has: success with the number it has, nothing allocated (the
 * caller asks again with that).
 */
void rtas_ibm_change_msi(SpaprMachine *m, CPUPPCState *env,
                         const SpaprRtasArgs *a)
{
    if (a->nargs != 6 || (a->nret != 3 && a->nret != 4)) {
        spapr_rtas_check_counts(m, a, 6, 4, "ibm,change-msi");
        return;
    }
    uint32_t addr = arg(m, a, 0), func = arg(m, a, 3);
    uint32_t want = arg(m, a, 4), seq = arg(m, a, 5);
    PCIDevice *d = spapr_pci_find_dev(m, buid_of(m, a, 1), addr);
    uint32_t base;

    if (!d) {
        ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        return;
    }
    /* MSI-X is the only kind our devices have: "change" picks it, and
       plain MSI is refused */
    if ((func != RTAS_CHANGE_FN && func != RTAS_CHANGE_MSIX_FN) ||
        !d->msix_cap) {
        if (log_enabled(LOG_UNIMP)) {
            log_printf("ibm,change-msi: function %" PRIu32 " on %s\n", func,
                       d->type->name);
        }
        ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        return;
    }
    if (want == 0) {
        if (!d->msi_nr_irqs) {
            ret(m, a, 0, RTAS_OUT_HW_ERROR);
            return;
        }
        spapr_pci_msi_release(d);
    } else if (want > d->msix_nvec) {
        want = d->msix_nvec;
    } else {
        base = msi_alloc(m, want);
        if (!base) {
            ret(m, a, 0, RTAS_OUT_HW_ERROR);
            return;
        }
        spapr_pci_msi_release(d);
        d->msi_irq_base = base;
        d->msi_nr_irqs = want;
        for (uint32_t v = 0; v < want; v++) {
            uint8_t *e = d->msix_table + v * PCI_MSIX_ENTRY_SIZE;

            pci_set_long(e, (uint32_t)SPAPR_PCI_MSI_WINDOW);
            pci_set_long(e + 4, (uint32_t)(SPAPR_PCI_MSI_WINDOW >> 32));
            pci_set_long(e + 8, base + v);
        }
    }
    ret(m, a, 0, RTAS_OUT_SUCCESS);
    ret(m, a, 1, (int32_t)want);
    ret(m, a, 2, (int32_t)(seq + 1));
    if (a->nret > 3) {
        ret(m, a, 3, RTAS_TYPE_MSIX);
    }
}

/* ibm,query-interrupt-source-number: config address, BUID hi, lo, vector
   -> status, source, 1 (edge) */
void rtas_ibm_query_interrupt_source_number(SpaprMachine *m,
                                            CPUPPCState *env,
                                            const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 4, 3,
                                 "ibm,query-interrupt-source-number")) {
        return;
    }
    PCIDevice *d = spapr_pci_find_dev(m, buid_of(m, a, 1), arg(m, a, 0));
    uint32_t v = arg(m, a, 3);

    if (!d || v >= d->msi_nr_irqs) {
        ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        return;
    }
    ret(m, a, 0, RTAS_OUT_SUCCESS);
    ret(m, a, 1, (int32_t)(d->msi_irq_base + v));
    ret(m, a, 2, 1);
}

/* ------------------------------------------------------------ DDW */

static SpaprPhb *ddw_phb(SpaprMachine *m, const SpaprRtasArgs *a)
{
    SpaprPhb *phb = spapr_pci_find_phb(m, buid_of(m, a, 1));

    if (!phb && log_enabled(LOG_GUEST_ERROR)) {
        log_printf("RTAS DDW: no PHB 0x%" PRIx64 "\n", buid_of(m, a, 1));
    }
    return phb;
}

/*
 * ibm,query-pe-dma-window: config address, BUID hi, lo -> status, windows
 * available, largest block (in 4 KiB pages; two words with the 64-bit
 * extension, nret 6), page sizes, migration capabilities
 */
void rtas_ibm_query_pe_dma_window(SpaprMachine *m, CPUPPCState *env,
                                  const SpaprRtasArgs *a)
{
    if (a->nargs != 3 || (a->nret != 5 && a->nret != 6)) {
        spapr_rtas_check_counts(m, a, 3, 6, "ibm,query-pe-dma-window");
        return;
    }
    SpaprPhb *phb = ddw_phb(m, a);
    uint64_t pages = m->ram_size >> 12;
    uint32_t i = 1;

    if (!phb) {
        ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        return;
    }
    ret(m, a, 0, RTAS_OUT_SUCCESS);
    ret(m, a, i++, phb->dma64.nb ? 0 : 1);
    if (a->nret == 6) {
        ret(m, a, i++, (int32_t)(pages >> 32));
    }
    ret(m, a, i++, (int32_t)(uint32_t)pages);
    ret(m, a, i++, DDW_PGSIZES);
    ret(m, a, i, 0);
}

/* ibm,create-pe-dma-window: config address, BUID hi, lo, page shift,
   window shift -> status, LIOBN, bus address hi, lo */
void rtas_ibm_create_pe_dma_window(SpaprMachine *m, CPUPPCState *env,
                                   const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 5, 4, "ibm,create-pe-dma-window")) {
        return;
    }
    SpaprPhb *phb = ddw_phb(m, a);
    uint32_t page_shift = arg(m, a, 3), win_shift = arg(m, a, 4);
    /* the window may map all of RAM in its largest pages, no more */
    uint64_t ram_pow2 = 1ull << g_bit_storage(m->ram_size - 1);

    if (!phb || phb->dma64.nb ||
        (page_shift != 12 && page_shift != 16 && page_shift != 24) ||
        win_shift < page_shift || win_shift > 62 ||
        (1ull << win_shift) > MAX(ram_pow2, 1ull << page_shift) ||
        win_shift - page_shift > 30) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("ibm,create-pe-dma-window: page shift %" PRIu32
                       " window shift %" PRIu32 " refused\n", page_shift,
                       win_shift);
        }
        ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        return;
    }
    phb->dma64.bus_offset = SPAPR_PCI_DMA64_START;
    phb->dma64.page_shift = page_shift;
    phb->dma64.nb = 1ull << (win_shift - page_shift);
    phb->dma64.tce = g_new0(uint64_t, phb->dma64.nb);
    ret(m, a, 0, RTAS_OUT_SUCCESS);
    ret(m, a, 1, (int32_t)phb->dma64.liobn);
    ret(m, a, 2, (int32_t)(uint32_t)(SPAPR_PCI_DMA64_START >> 32));
    ret(m, a, 3, (int32_t)(uint32_t)SPAPR_PCI_DMA64_START);
}

static void dma64_remove(SpaprPhb *phb)
{
    g_free(phb->dma64.tce);
    phb->dma64.tce = NULL;
    phb->dma64.nb = 0;
}

/* ibm,remove-pe-dma-window: LIOBN -> status */
void rtas_ibm_remove_pe_dma_window(SpaprMachine *m, CPUPPCState *env,
                                   const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 1, 1, "ibm,remove-pe-dma-window")) {
        return;
    }
    uint32_t liobn = arg(m, a, 0);
    SpaprTceTable *t = spapr_pci_find_tce(m, liobn);

    /* only a dynamic window can be removed */
    if (!t || !(liobn & 0xff)) {
        ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        return;
    }
    dma64_remove(m->pci->phbs[(liobn >> 8) & 0xff]);
    ret(m, a, 0, RTAS_OUT_SUCCESS);
}

/* ibm,reset-pe-dma-window: config address, BUID hi, lo -> status: back
   to the default window alone */
void rtas_ibm_reset_pe_dma_window(SpaprMachine *m, CPUPPCState *env,
                                  const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 3, 1, "ibm,reset-pe-dma-window")) {
        return;
    }
    SpaprPhb *phb = ddw_phb(m, a);

    if (!phb) {
        ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        return;
    }
    dma64_remove(phb);
    ret(m, a, 0, RTAS_OUT_SUCCESS);
}

/* the PHB node's DDW properties: the three tokens, and the extensions
   (reset, and the 64-bit query output) */
int spapr_pci_fdt_ddw(SpaprMachine *m, void *fdt, int node)
{
    uint32_t tokens[3] = { 0 }, ext[3] = { 2, 0, 1 };
    fdt32_t be[3];
    int r;

    for (size_t i = 0; i < spapr_rtas_nb_calls; i++) {
        const SpaprRtasCall *c = &spapr_rtas_calls[i];

        if (c->fn == rtas_ibm_query_pe_dma_window) {
            tokens[0] = c->token;
        } else if (c->fn == rtas_ibm_create_pe_dma_window) {
            tokens[1] = c->token;
        } else if (c->fn == rtas_ibm_remove_pe_dma_window) {
            tokens[2] = c->token;
        } else if (c->fn == rtas_ibm_reset_pe_dma_window) {
            ext[1] = c->token;
        }
    }
    for (int i = 0; i < 3; i++) {
        be[i] = cpu_to_fdt32(tokens[i]);
    }
    r = fdt_setprop(fdt, node, "ibm,ddw-applicable", be, sizeof(be));
    for (int i = 0; i < 3; i++) {
        be[i] = cpu_to_fdt32(ext[i]);
    }
    return r ? r : fdt_setprop(fdt, node, "ibm,ddw-extensions", be,
                               sizeof(be));
}

/* ------------------------------------------------------------ EEH */

/* ibm,set-eeh-option, ibm,get-config-addr-info2, ibm,read-slot-reset-
   state2, ibm,set-slot-reset, ibm,configure-pe, ibm,slot-error-detail:
   no PE is EEH-capable (see the top of this file) */
void rtas_pci_eeh(SpaprMachine *m, CPUPPCState *env, const SpaprRtasArgs *a)
{
    if (a->nret > 0) {
        ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
    }
}
