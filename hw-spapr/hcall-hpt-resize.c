/*
 * hw-spapr/hcall-hpt-resize.c: resizing the partition's hashed page table
 * at run time, function set hcall-hpt-resize (a PAPR extension; Linux
 * drives it from arch/powerpc/platforms/pseries/lpar.c
 * pseries_lpar_resize_hpt, e.g. when /sys/kernel/debug/powerpc/hpt_order
 * is written).
 *
 * H_RESIZE_HPT_PREPARE (r4 flags, r5 shift) builds an empty table of
 * 2^shift bytes beside the live one; COMMIT (r4 flags, r5 the same shift)
 * moves every valid HPTE into it and makes it the partition's.  The
 * guest runs COMMIT under stop_machine, so no other vCPU changes the
 * table meanwhile, but they may still run (spinning), which is why the
 * move happens in an exclusive section: no vCPU walks either table
 * while it is rebuilt, and every vCPU's walker and TLB are switched to the
 * new one before any runs again.
 *
 * An HPTE keeps its slot within its PTEG and its H bit: Linux remembers
 * both (the "hidx" in its PTEs, bolted entries are looked for in the
 * primary PTEG) and recomputes the PTEG with the new mask.  The new PTEG
 * comes from the hash rebuilt from the AVPN and the old PTEG index
 * (ppc_hash_pte_rehash).  Growing never collides (an old PTEG spreads
 * over several new ones); shrinking folds PTEGs together, and a slot
 * already taken keeps the bolted entry of the two, a bolted entry
 * meeting another bolted one fails the COMMIT with H_PTEG_FULL (the old
 * table stays in use), and a non-bolted entry may simply go: the guest
 * treats the table as a cache of its page tables and refaults it.  This
 * is how Linux's own hypervisor (KVM HV) rehashes; QEMU 7.2 moves only
 * the bolted entries.
 *
 * Arguments, as QEMU 7.2 and Linux KVM check them: resize-hpt=disabled:
 * H_AUTHORITY; a radix partition has no HPT: H_NOT_AVAILABLE; flags other
 * than 0: H_PARAMETER; a shift outside 18..46: H_PARAMETER; a shift more
 * than one above the size the machine gives its RAM (hcall-hpt.c,
 * spapr_hpt_shift): H_RESOURCE, so that a guest cannot take host memory
 * without bound.  PREPARE with shift 0 cancels a pending table; PREPARE
 * with another shift replaces it; the same shift again answers as the
 * first did.  COMMIT without a PREPARE of that shift: H_CLOSED.  The
 * table is built at once (an anonymous mapping, zero-filled as touched),
 * so PREPARE never answers H_LONG_BUSY_*; a host out of memory is
 * H_NO_MEM.  A COMMIT that moves the entries ends the pending table,
 * whether it succeeds or fails with H_PTEG_FULL.
 */
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "exec.h"
#include "log.h"
#include "spapr.h"
#include "../target-ppc/mmu-hash.h"

#define HPT_SHIFT_MIN 18 /* 2^11 PTEGs: the hash reaches VA bit 2^23 */
#define HPT_SHIFT_MAX 46
#define HPTE0_BOLTED PPC_BIT(59) /* Linux's software bit (HPTE_V_BOLTED) */

static int64_t resize_bad(const char *call, const char *what, uint64_t val,
                          int64_t rc)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s: %s 0x%" PRIx64 "\n", call, what, val);
    }
    return rc;
}

static uint64_t hpte_load(const uint8_t *hpt, uint64_t ptex, int dw)
{
    const uint64_t *p = (const uint64_t *)(const void *)(hpt + ptex * 16);
    return __builtin_bswap64(__atomic_load_n(p + dw, __ATOMIC_ACQUIRE));
}

static void hpte_store(uint8_t *hpt, uint64_t ptex, uint64_t pte0,
                       uint64_t pte1)
{
    uint64_t *p = (uint64_t *)(void *)(hpt + ptex * 16);
    p[0] = __builtin_bswap64(pte0);
    p[1] = __builtin_bswap64(pte1);
}

static void pending_free(SpaprMachine *m)
{
    if (m->hpt_pending) {
        munmap(m->hpt_pending, (size_t)1 << m->hpt_pending_shift);
        m->hpt_pending = NULL;
        m->hpt_pending_shift = 0;
    }
}

void spapr_hpt_resize_cancel(SpaprMachine *m)
{
    pending_free(m);
}

/* what both hcalls refuse before looking at their arguments */
static int64_t resize_allowed(const SpaprMachine *m, const char *call)
{
    if (m->cfg->resize_hpt == SPAPR_RESIZE_HPT_DISABLED) {
        return resize_bad(call, "resize-hpt=disabled, shift", 0,
                          H_AUTHORITY);
    }
    if ((m->cas.done && m->cas.radix) || !m->hpt) {
        return resize_bad(call, "no HPT (radix), shift", 0, H_NOT_AVAILABLE);
    }
    return H_SUCCESS;
}

int64_t h_resize_hpt_prepare(SpaprMachine *m, CPUPPCState *env,
                             uint64_t *args)
{
    uint64_t flags = args[0], shift = args[1];
    int64_t rc = resize_allowed(m, "H_RESIZE_HPT_PREPARE");
    void *p;

    if (rc != H_SUCCESS) {
        return rc;
    }
    if (flags != 0) {
        return resize_bad("H_RESIZE_HPT_PREPARE", "flags", flags,
                          H_PARAMETER);
    }
    if (shift != 0 && (shift < HPT_SHIFT_MIN || shift > HPT_SHIFT_MAX)) {
        return resize_bad("H_RESIZE_HPT_PREPARE", "shift", shift,
                          H_PARAMETER);
    }
    if (shift > spapr_hpt_shift(m->ram_size) + 1) {
        return resize_bad("H_RESIZE_HPT_PREPARE", "shift beyond what RAM "
                          "needs", shift, H_RESOURCE);
    }
    if (m->hpt_pending && m->hpt_pending_shift == shift) {
        return H_SUCCESS; /* prepared already */
    }
    pending_free(m);
    if (shift == 0) {
        return H_SUCCESS; /* a cancel */
    }
    p = mmap(NULL, (size_t)1 << shift, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return resize_bad("H_RESIZE_HPT_PREPARE", "no host memory for "
                          "shift", shift, H_NO_MEM);
    }
    m->hpt_pending = p;
    m->hpt_pending_shift = (unsigned)shift;
    return H_SUCCESS;
}

/* moves every valid HPTE of m->hpt into the pending table */
static int64_t rehash(SpaprMachine *m)
{
    unsigned old_bits = m->hpt_shift - 7, new_bits = m->hpt_pending_shift - 7;
    uint64_t n = (1ull << m->hpt_shift) / 16;
    uint8_t *new_hpt = m->hpt_pending;

    for (uint64_t ptex = 0; ptex < n; ptex++) {
        uint64_t pte0 = hpte_load(m->hpt, ptex, 0), pte1, pteg, slot, old0;

        if (!(pte0 & HPTE0_V)) {
            continue;
        }
        pte1 = hpte_load(m->hpt, ptex, 1);
        if (!ppc_hash_pte_rehash(pte0, pte1, ptex, old_bits, new_bits,
                                 &pteg)) {
            continue; /* H_ENTER let nothing like it in */
        }
        slot = pteg * HPTES_PER_GROUP + ptex % HPTES_PER_GROUP;
        old0 = hpte_load(new_hpt, slot, 0);
        if (old0 & HPTE0_V) {
            if (old0 & HPTE0_BOLTED) {
                if (pte0 & HPTE0_BOLTED) {
                    return resize_bad("H_RESIZE_HPT_COMMIT", "two bolted "
                                      "HPTEs for the new slot", slot,
                                      H_PTEG_FULL);
                }
                continue; /* the bolted one stays */
            }
        }
        hpte_store(new_hpt, slot, pte0, pte1);
    }
    return H_SUCCESS;
}

int64_t h_resize_hpt_commit(SpaprMachine *m, CPUPPCState *env,
                            uint64_t *args)
{
    uint64_t flags = args[0], shift = args[1];
    int64_t rc = resize_allowed(m, "H_RESIZE_HPT_COMMIT");
    bool caller_seen = false;

    if (rc != H_SUCCESS) {
        return rc;
    }
    if (flags != 0) {
        return resize_bad("H_RESIZE_HPT_COMMIT", "flags", flags,
                          H_PARAMETER);
    }
    if (!m->hpt_pending || m->hpt_pending_shift != shift) {
        return resize_bad("H_RESIZE_HPT_COMMIT", "no table prepared for "
                          "shift", shift, H_CLOSED);
    }
    /* no vCPU walks the table (or sets R/C in it) while it moves */
    spapr_smp_exclusive_begin(m);
    rc = rehash(m);
    if (rc == H_SUCCESS) {
        munmap(m->hpt, (size_t)1 << m->hpt_shift);
        m->hpt = m->hpt_pending;
        m->hpt_shift = m->hpt_pending_shift;
        m->hpt_pending = NULL;
        m->hpt_pending_shift = 0;
        /* each vCPU walks the new table, and its TLB holds nothing that
           came from the old one (ppc_set_hpt flushes it all) */
        for (uint32_t i = 0; i < m->nr_cpus; i++) {
            if (m->cpus[i]) {
                ppc_set_hpt(m->cpus[i], m->hpt, m->hpt_shift);
                caller_seen |= m->cpus[i] == env;
            }
        }
        if (!caller_seen) {
            ppc_set_hpt(env, m->hpt, m->hpt_shift);
        }
    }
    pending_free(m);
    spapr_smp_exclusive_end(m);
    return rc;
}
