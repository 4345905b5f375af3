/*
 * hw-spapr/vof-mem.c: guest memory for the client interface, and the
 * claim/release allocator (IEEE 1275 client services "claim", "release").
 *
 * Client addresses are 32-bit cells naming real addresses (the client runs
 * in real mode).  Every read and write is checked against RAM, and a write
 * invalidates translated code on the pages it touches: the client may have
 * the firmware place code (instantiate-rtas) or reuse a page it ran from.
 *
 * The allocator is a sorted list of disjoint claimed ranges.  It starts
 * with everything the machine put in RAM (kernel, initrd, device tree,
 * RTAS, our entry code and the client's stack), so a client cannot claim
 * those.  A claim with alignment 0 takes exactly the range asked for; with
 * an alignment (a power of two) it takes the lowest free aligned range
 * below 4 GiB, where a cell can still hold its address.
 */
#include <inttypes.h>
#include <string.h>

#include "exec.h"
#include "log.h"
#include "vof-internal.h"

#define VOF_CLAIM_LIMIT (1ull << 32)

/* ------------------------------------------------------------ memory */

bool vof_read(SpaprMachine *m, uint32_t addr, void *buf, uint32_t len)
{
    if (!spapr_ram_valid(m, addr, len)) {
        return false;
    }
    memcpy(buf, m->ram + addr, len);
    return true;
}

bool vof_write(SpaprMachine *m, uint32_t addr, const void *buf, uint32_t len)
{
    if (!spapr_ram_valid(m, addr, len)) {
        return false;
    }
    memcpy(m->ram + addr, buf, len);
    /* no vCPU (the unit tests): no translated code either */
    if (m->cpu) {
        tb_invalidate_phys_range(addr, len);
    }
    return true;
}

bool vof_read_str(SpaprMachine *m, uint32_t addr, char *buf, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        if (!spapr_ram_valid(m, (uint64_t)addr + i, 1)) {
            return false;
        }
        buf[i] = (char)m->ram[addr + i];
        if (buf[i] == '\0') {
            return true;
        }
    }
    return false; /* longer than max - 1 */
}

bool vof_write_out(SpaprMachine *m, uint32_t addr, uint32_t buflen,
                   const void *data, size_t len)
{
    uint32_t n = len < buflen ? (uint32_t)len : buflen;

    return n == 0 || vof_write(m, addr, data, n);
}

/* ------------------------------------------------------------ allocator */

static uint64_t vof_range_end(const VofRange *r)
{
    return r->base + r->size;
}

/* the index of the first range that ends above base */
static guint vof_first_above(const SpaprVof *vof, uint64_t base)
{
    guint i = 0;

    while (i < vof->claimed->len &&
           vof_range_end(&g_array_index(vof->claimed, VofRange, i)) <= base) {
        i++;
    }
    return i;
}

bool vof_claim_range(SpaprMachine *m, SpaprVof *vof, uint64_t base,
                     uint64_t size)
{
    VofRange r = { base, size };

    if (size == 0 || !spapr_ram_valid(m, base, size)) {
        return false;
    }
    guint i = vof_first_above(vof, base);
    if (i < vof->claimed->len &&
        g_array_index(vof->claimed, VofRange, i).base < base + size) {
        return false; /* overlaps range i */
    }
    g_array_insert_val(vof->claimed, i, r);
    return true;
}

/* the lowest free range of size bytes aligned to align, or VOF_ERROR */
static uint64_t vof_find_free(SpaprMachine *m, const SpaprVof *vof,
                              uint64_t size, uint64_t align)
{
    uint64_t limit = MIN(m->ram_size, VOF_CLAIM_LIMIT);
    uint64_t cand = align; /* address 0 would read as a failed claim */

    for (guint i = 0; i < vof->claimed->len; i++) {
        const VofRange *r = &g_array_index(vof->claimed, VofRange, i);

        if (cand + size <= r->base) {
            break;
        }
        if (vof_range_end(r) > cand) {
            cand = (vof_range_end(r) + align - 1) & ~(align - 1);
        }
    }
    if (cand > limit || size > limit - cand) {
        return VOF_ERROR;
    }
    return cand;
}

/* claim: virt, size, align -> base (or -1) */
void vof_service_claim(VofCall *c)
{
    uint64_t virt = vof_arg(c, 0), size = vof_arg(c, 1);
    uint64_t align = vof_arg(c, 2);

    c->rets[0] = VOF_ERROR;
    if (size == 0 || (align & (align - 1)) != 0) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("vof: claim size 0x%" PRIx64 " align 0x%" PRIx64
                       "\n", size, align);
        }
        return;
    }
    if (align == 0) {
        if (vof_claim_range(c->m, c->vof, virt, size)) {
            c->rets[0] = (uint32_t)virt;
        }
        return;
    }
    uint64_t base = vof_find_free(c->m, c->vof, size, align);
    if (base != VOF_ERROR && vof_claim_range(c->m, c->vof, base, size)) {
        c->rets[0] = (uint32_t)base;
    }
}

/* release: virt, size; what of it is claimed becomes free again */
void vof_service_release(VofCall *c)
{
    uint64_t base = vof_arg(c, 0), end = base + vof_arg(c, 1);
    GArray *claimed = c->vof->claimed;
    guint i = vof_first_above(c->vof, base);

    while (i < claimed->len) {
        VofRange *r = &g_array_index(claimed, VofRange, i);
        uint64_t r_end = vof_range_end(r);

        if (r->base >= end) {
            break;
        }
        if (r->base < base && r_end > end) {
            /* split: keep both sides */
            VofRange tail = { end, r_end - end };
            r->size = base - r->base;
            g_array_insert_val(claimed, i + 1, tail);
            break;
        }
        if (r->base < base) {
            r->size = base - r->base;
            i++;
        } else if (r_end > end) {
            r->size = r_end - end;
            r->base = end;
            break;
        } else {
            g_array_remove_index(claimed, i);
        }
    }
}
