/*
 * Chaining: direct links from one TB's exit to the next TB.
 *
 * A TB ending in jumps to known addresses has up to TB_NB_JMP goto_tb
 * slots.  Unchained, slot n falls through to code that stores the new nip
 * and returns (tb | n) to the exec loop; the loop finds the next TB and
 * links the slot to it, so the next time the jump goes straight there.  In
 * the JIT the link is a patched jmp displacement
 * (tcg_x86_64_set_jmp_target); the interpreter follows tb->jmp_dest[n]
 * itself.
 *
 * Every link is recorded at both ends: tb->jmp_dest[n] says where slot n
 * goes, and dest keeps the list of (tb | n) that enter it (jmp_list_head,
 * continued in each source's jmp_list_next[n]).  When a TB dies, both
 * lists are walked and every jump is put back to its unchained path, so
 * no live code ever jumps into an invalid TB.
 *
 * ==== Which links are safe ====
 *
 * A link from A to B stands for the lookup the exec loop would have made
 * at A's exit: the TB with key (B's real address, B's pc, the flags) for
 * nip = B's pc.  The pc is A's constant jump target and the flags are A's
 * own (an instruction that changes them exits with exit_tb(0), never
 * through a slot).  So a link is right as long as (1) B is alive, and (2)
 * B's pc still translates, for instruction fetch, to B's real address.
 *
 * (1) is the unlinking above: a link dies with either end.  Invalidation
 * happens by real page (tb_invalidate_phys_page), and B sits on the page
 * list of its own real page, so a store into B's code unlinks every jump
 * into B whichever page the jumps come from.
 *
 * (2) is where pages matter.  A jump within A's own page: A runs only
 * after a lookup or a link found A for the current mapping of its page,
 * and B is on that same page (same EA page, same real page, checked when
 * linking), so B's mapping is A's, current.  Such a slot needs no check.
 *
 * A jump to another page: that page's mapping may have changed since the
 * link was made, and nothing unlinks on a mapping change (a TLB flush only
 * drops TLB entries and the jump cache; hundreds of thousands of them
 * happen in a Linux boot, too many to walk the links each time).  Such a
 * slot (goto_tb with a dest and an MMU index: tcg_gen_goto_tb_checked)
 * checks instead, every time it jumps, that the fetch TLB entry of dest's
 * page holds that page with the addend (host = ea + addend, so the real
 * address) B was translated from; the addend is patched into the check
 * when linking (tcg_x86_64_set_jmp_check) and reset to an impossible 1 on
 * unlinking.  The TLB is exactly what a lookup would consult (a TLB miss
 * makes the lookup walk the page table, as does the failed check: it
 * exits to the exec loop, which fills the TLB), and the guest must
 * invalidate a translation, which empties the TLB entry, before a changed
 * mapping may be used.  So the checked link is taken exactly when the
 * lookup would have found B.  The interpreter, which has no such check,
 * does not link across pages.
 */
#include <glib.h>

#include "accel/tcg/internal.h"
#include "log.h"

static TranslationBlock *link_tb(uintptr_t link)
{
    return (TranslationBlock *)(link & ~(uintptr_t)TB_EXIT_MASK);
}

static int link_slot(uintptr_t link) { return (int)(link & TB_EXIT_MASK); }

static bool slot_checked(const TranslationBlock *tb, int n)
{
    return tb->jmp_check_offset[n] != 0xffff;
}

/* points the host jump of slot n at dest (a checked slot: for the TLB
   addend given), or back at its exit path */
static void tb_set_jump(TranslationBlock *tb, int n, TranslationBlock *dest,
                        uint64_t addend)
{
    uint8_t *target;

    if (tb_interp_mode()) {
        return;
    }
    target = dest ? dest->tc_ptr : tb->tc_ptr + tb->jmp_reset_offset[n];
    /* the check never lets the jump through to a TB it was not set for */
    if (slot_checked(tb, n) && dest) {
        tcg_x86_64_set_jmp_check(tb, n, addend);
    }
    tcg_x86_64_set_jmp_target(tb, n, (uintptr_t)target);
    if (slot_checked(tb, n) && !dest) {
        tcg_x86_64_set_jmp_check(tb, n, 1);
    }
}

void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *dest)
{
    tb_add_jump_checked(tb, n, dest, 1);
}

void tb_add_jump_checked(TranslationBlock *tb, int n, TranslationBlock *dest,
                         uint64_t addend)
{
    g_assert(n >= 0 && n < TB_NB_JMP);
    if (tb->jmp_dest[n] || tb->invalid || dest->invalid ||
        log_enabled(LOG_NOCHAIN)) {
        return;
    }
    if (!tb_interp_mode() && tb->jmp_reset_offset[n] == 0xffff) {
        return; /* the TB has no such slot */
    }
    if (slot_checked(tb, n) && (tb_interp_mode() || addend == 1)) {
        return; /* no check there: no link to another page */
    }
    tb_set_jump(tb, n, dest, addend);
    /* atomic: the exec loop peeks at it without the lock */
    __atomic_store_n(&tb->jmp_dest[n], dest, __ATOMIC_RELAXED);
    tb->jmp_list_next[n] = dest->jmp_list_head;
    dest->jmp_list_head = (uintptr_t)tb | (uintptr_t)n;
}

/* takes (tb | n) out of dest's incoming list */
static void tb_remove_incoming(TranslationBlock *dest, TranslationBlock *tb,
                               int n)
{
    uintptr_t want = (uintptr_t)tb | (uintptr_t)n;
    uintptr_t *p = &dest->jmp_list_head;

    while (*p) {
        if (*p == want) {
            *p = tb->jmp_list_next[n];
            tb->jmp_list_next[n] = 0;
            return;
        }
        p = &link_tb(*p)->jmp_list_next[link_slot(*p)];
    }
}

void tb_unchain(TranslationBlock *tb)
{
    uintptr_t link = tb->jmp_list_head;

    while (link) {
        TranslationBlock *src = link_tb(link);
        int n = link_slot(link);
        link = src->jmp_list_next[n];
        tb_set_jump(src, n, NULL, 1);
        __atomic_store_n(&src->jmp_dest[n], NULL, __ATOMIC_RELAXED);
        src->jmp_list_next[n] = 0;
    }
    tb->jmp_list_head = 0;

    for (int n = 0; n < TB_NB_JMP; n++) {
        TranslationBlock *dest = tb->jmp_dest[n];
        if (dest) {
            tb_remove_incoming(dest, tb, n);
            tb_set_jump(tb, n, NULL, 1);
            __atomic_store_n(&tb->jmp_dest[n], NULL, __ATOMIC_RELAXED);
        }
    }
}
