/*
 * hw-spapr/tce.c: TCE tables and DMA for VIO devices (include/spapr-vio.h;
 * LoPAPR "Translation Control Entry (TCE) hcalls": function sets hcall-tce
 * and hcall-multi-tce).
 *
 * A device's I/O address space (its DMA window, from I/O address 0) is
 * mapped in 4 KiB pages by a table of TCEs that the guest fills with
 * hcalls naming the table by its LIOBN.  A TCE holds a real page number
 * and the device's permissions on the page (read: the device may read
 * guest memory, as for a disk write; write: it may store into it).  The
 * table lives in the hypervisor's memory, in host byte order.
 *
 * PCI host bridges have TCE windows of their own (include/pci.h); the
 * hcalls below serve both, and a window may use larger pages.
 *
 * Every DMA is translated page by page and the whole transfer is checked
 * before any byte moves, so a bad TCE anywhere in it fails the request
 * and leaves memory as it was.  A TCE can only name RAM (H_PUT_TCE refuses
 * anything else), and the DMA path checks again.  Writes into guest
 * memory invalidate the translated code on the pages they touch, as every
 * hypervisor store does.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "exec.h"
#include "log.h"
#include "pci.h"
#include "spapr-vio.h"

static int64_t tce_bad(const char *call, const char *what, uint64_t val)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s: bad %s 0x%" PRIx64 "\n", call, what, val);
    }
    return H_PARAMETER;
}

/* ------------------------------------------------------------ DMA */

/* the real address of I/O address ioba for an access of `need'
   permission, or an hcall error */
static int64_t tce_translate(SpaprVioDevice *dev, uint64_t ioba,
                             uint64_t need, uint64_t *real)
{
    uint64_t idx = ioba >> SPAPR_TCE_PAGE_SHIFT;
    uint64_t tce;

    if (idx >= dev->nb_tce) {
        return H_PARAMETER;
    }
    tce = dev->tce[idx];
    if (!(tce & (SPAPR_TCE_READ | SPAPR_TCE_WRITE))) {
        return H_PARAMETER; /* not mapped */
    }
    if ((tce & need) != need) {
        return H_PERMISSION;
    }
    *real = (tce & SPAPR_TCE_RPN_MASK) | (ioba & (SPAPR_TCE_PAGE_SIZE - 1));
    return H_SUCCESS;
}

/* checks a whole transfer; then calls fn on each contiguous host piece */
static int64_t tce_dma(SpaprVioDevice *dev, uint64_t ioba, uint64_t len,
                       uint64_t need,
                       void (*fn)(SpaprVioDevice *dev, uint64_t real,
                                  uint64_t off, uint64_t n, void *opaque),
                       void *opaque, const char *what)
{
    SpaprMachine *m = dev->m;
    uint64_t window = (uint64_t)dev->nb_tce << SPAPR_TCE_PAGE_SHIFT;
    int64_t r = H_SUCCESS;

    if (len == 0) {
        return H_SUCCESS;
    }
    if (dev->tce_bypass) {
        /* real addresses: the whole range must be RAM */
        if (!spapr_ram_valid(m, ioba, len)) {
            r = H_PARAMETER;
        } else {
            fn(dev, ioba, 0, len, opaque);
        }
        goto out;
    }
    if (ioba >= window || len > window - ioba) {
        r = H_PARAMETER;
    }
    for (int pass = 0; pass < 2 && r == H_SUCCESS; pass++) {
        uint64_t off = 0;

        while (off < len) {
            uint64_t a = ioba + off, real;
            uint64_t n = MIN(len - off,
                             SPAPR_TCE_PAGE_SIZE -
                             (a & (SPAPR_TCE_PAGE_SIZE - 1)));

            r = tce_translate(dev, a, need, &real);
            if (r == H_SUCCESS && !spapr_ram_valid(m, real, n)) {
                r = H_PARAMETER;
            }
            if (r != H_SUCCESS) {
                break;
            }
            if (pass == 1) {
                fn(dev, real, off, n, opaque);
            }
            off += n;
        }
    }
out:
    if (r != H_SUCCESS && log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s 0x%x: DMA %s of %" PRIu64 " bytes at I/O address 0x%"
                   PRIx64 " refused (%s)\n", dev->type->name, dev->reg, what,
                   len, ioba,
                   r == H_PERMISSION ? "no permission" : "not mapped");
    }
    return r;
}

static void dma_read_piece(SpaprVioDevice *dev, uint64_t real, uint64_t off,
                           uint64_t n, void *opaque)
{
    memcpy((uint8_t *)opaque + off, dev->m->ram + real, n);
}

static void dma_write_piece(SpaprVioDevice *dev, uint64_t real, uint64_t off,
                            uint64_t n, void *opaque)
{
    memcpy(dev->m->ram + real, (const uint8_t *)opaque + off, n);
    tb_invalidate_phys_range(real, n);
}

static void dma_fill_piece(SpaprVioDevice *dev, uint64_t real, uint64_t off,
                           uint64_t n, void *opaque)
{
    memset(dev->m->ram + real, *(const uint8_t *)opaque, n);
    tb_invalidate_phys_range(real, n);
}

int64_t spapr_vio_dma_read(SpaprVioDevice *dev, uint64_t ioba, void *buf,
                           uint64_t len)
{
    return tce_dma(dev, ioba, len, SPAPR_TCE_READ, dma_read_piece, buf,
                   "read");
}

int64_t spapr_vio_dma_write(SpaprVioDevice *dev, uint64_t ioba,
                            const void *buf, uint64_t len)
{
    return tce_dma(dev, ioba, len, SPAPR_TCE_WRITE, dma_write_piece,
                   (void *)buf, "write");
}

int64_t spapr_vio_dma_fill(SpaprVioDevice *dev, uint64_t ioba, uint8_t c,
                           uint64_t len)
{
    return tce_dma(dev, ioba, len, SPAPR_TCE_WRITE, dma_fill_piece, &c,
                   "write");
}

static void dma_check_piece(SpaprVioDevice *dev, uint64_t real,
                            uint64_t off, uint64_t n, void *opaque)
{
}

int64_t spapr_vio_dma_check(SpaprVioDevice *dev, uint64_t ioba, uint64_t len,
                            bool to_guest)
{
    return tce_dma(dev, ioba, len, to_guest ? SPAPR_TCE_WRITE : SPAPR_TCE_READ,
                   dma_check_piece, NULL, "check");
}

int64_t spapr_vio_dma_ld32(SpaprVioDevice *dev, uint64_t ioba, uint32_t *val)
{
    uint8_t b[4];
    int64_t r = spapr_vio_dma_read(dev, ioba, b, sizeof(b));

    *val = r == H_SUCCESS ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
                            (uint32_t)b[2] << 8 | b[3]
                          : 0;
    return r;
}

int64_t spapr_vio_dma_ld64(SpaprVioDevice *dev, uint64_t ioba, uint64_t *val)
{
    uint8_t b[8];
    int64_t r = spapr_vio_dma_read(dev, ioba, b, sizeof(b));

    *val = 0;
    for (int i = 0; r == H_SUCCESS && i < 8; i++) {
        *val = *val << 8 | b[i];
    }
    return r;
}

int64_t spapr_vio_dma_st32(SpaprVioDevice *dev, uint64_t ioba, uint32_t val)
{
    uint8_t b[4] = { (uint8_t)(val >> 24), (uint8_t)(val >> 16),
                     (uint8_t)(val >> 8), (uint8_t)val };

    return spapr_vio_dma_write(dev, ioba, b, sizeof(b));
}

int64_t spapr_vio_dma_st64(SpaprVioDevice *dev, uint64_t ioba, uint64_t val)
{
    uint8_t b[8];

    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)(val >> (56 - 8 * i));
    }
    return spapr_vio_dma_write(dev, ioba, b, sizeof(b));
}

/* ------------------------------------------------------------ hcalls */

/* the table of a LIOBN (a VIO device's: 4 KiB pages from I/O address 0;
   or a PCI host bridge's window, include/pci.h) and the index of the page
   holding ioba; false (and a log line) if either is bad.  The offset in
   the page does not matter. */
static bool tce_lookup(SpaprMachine *m, uint64_t liobn, uint64_t ioba,
                       const char *call, SpaprTceTable *t, uint64_t *idx)
{
    SpaprVioDevice *dev = spapr_vio_find_liobn(m, liobn);
    SpaprTceTable *pci;

    if (dev) {
        *t = (SpaprTceTable){ .liobn = dev->liobn, .page_shift =
                              SPAPR_TCE_PAGE_SHIFT, .tce = dev->tce,
                              .nb = dev->nb_tce };
    } else if ((pci = spapr_pci_find_tce(m, liobn)) != NULL) {
        *t = *pci;
    } else {
        tce_bad(call, "LIOBN", liobn);
        return false;
    }
    if (ioba < t->bus_offset ||
        ((ioba - t->bus_offset) >> t->page_shift) >= t->nb) {
        tce_bad(call, "I/O address (outside the window)", ioba);
        return false;
    }
    *idx = (ioba - t->bus_offset) >> t->page_shift;
    return true;
}

/* a TCE the guest may install: unmapped, or mapping a page of RAM */
static bool tce_valid(SpaprMachine *m, const SpaprTceTable *t, uint64_t tce)
{
    uint64_t page = 1ull << t->page_shift;

    if (!(tce & (SPAPR_TCE_READ | SPAPR_TCE_WRITE))) {
        return true;
    }
    return spapr_ram_valid(m, tce & ~(page - 1), page);
}

/*
 * H_PUT_TCE: r4 = LIOBN, r5 = I/O address, r6 = the TCE.  H_PARAMETER for
 * an unknown LIOBN, an address outside the window, or a TCE that maps
 * something other than RAM.
 */
int64_t h_put_tce(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    SpaprTceTable t;
    uint64_t idx;

    if (!tce_lookup(m, args[0], args[1], "H_PUT_TCE", &t, &idx)) {
        return H_PARAMETER;
    }
    if (!tce_valid(m, &t, args[2])) {
        return tce_bad("H_PUT_TCE", "TCE (not RAM)", args[2]);
    }
    t.tce[idx] = args[2];
    return H_SUCCESS;
}

/* H_GET_TCE: r4 = LIOBN, r5 = I/O address; returns r4 = the TCE */
int64_t h_get_tce(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    SpaprTceTable t;
    uint64_t idx;

    if (!tce_lookup(m, args[0], args[1], "H_GET_TCE", &t, &idx)) {
        return H_PARAMETER;
    }
    args[0] = t.tce[idx];
    return H_SUCCESS;
}

/*
 * H_STUFF_TCE: r4 = LIOBN, r5 = I/O address, r6 = a TCE, r7 = count: the
 * same TCE into count consecutive entries (Linux clears ranges with it).
 * The whole range must be in the window.
 */
int64_t h_stuff_tce(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    SpaprTceTable t;
    uint64_t idx, count = args[3];

    if (!tce_lookup(m, args[0], args[1], "H_STUFF_TCE", &t, &idx)) {
        return H_PARAMETER;
    }
    if (count > t.nb - idx) {
        return tce_bad("H_STUFF_TCE", "count (past the window)", count);
    }
    if (!tce_valid(m, &t, args[2])) {
        return tce_bad("H_STUFF_TCE", "TCE (not RAM)", args[2]);
    }
    for (uint64_t i = 0; i < count; i++) {
        t.tce[idx + i] = args[2];
    }
    return H_SUCCESS;
}

/*
 * H_PUT_TCE_INDIRECT: r4 = LIOBN, r5 = I/O address, r6 = the real address
 * of a list of TCEs (big-endian doublewords in one 4 KiB page, so at most
 * 512 and the address page aligned), r7 = count.  Every TCE is checked
 * before any is installed.
 */
int64_t h_put_tce_indirect(SpaprMachine *m, CPUPPCState *env,
                           uint64_t *args)
{
    SpaprTceTable t;
    uint64_t idx, list = args[2], count = args[3];
    uint64_t tces[SPAPR_TCE_INDIRECT_MAX];

    if (!tce_lookup(m, args[0], args[1], "H_PUT_TCE_INDIRECT", &t,
                    &idx)) {
        return H_PARAMETER;
    }
    if (count > SPAPR_TCE_INDIRECT_MAX || count > t.nb - idx) {
        return tce_bad("H_PUT_TCE_INDIRECT", "count", count);
    }
    if ((list & (SPAPR_TCE_PAGE_SIZE - 1)) ||
        !spapr_ram_valid(m, list, count * 8)) {
        return tce_bad("H_PUT_TCE_INDIRECT", "TCE list address", list);
    }
    for (uint64_t i = 0; i < count; i++) {
        const uint8_t *p = m->ram + list + 8 * i;

        tces[i] = 0;
        for (int b = 0; b < 8; b++) {
            tces[i] = tces[i] << 8 | p[b];
        }
        if (!tce_valid(m, &t, tces[i])) {
            return tce_bad("H_PUT_TCE_INDIRECT", "TCE (not RAM)", tces[i]);
        }
    }
    memcpy(t.tce + idx, tces, count * sizeof(uint64_t));
    return H_SUCCESS;
}
