/*
 * Chaining: direct links from one TB's exit to the next TB.
 *
 * A TB ending in a jump to a known address has up to two goto_tb slots.
 * Unchained, slot n falls through to code that stores the new nip and
 * returns (tb | n) to the exec loop; the loop finds the next TB and links
 * the slot to it, so the next time the jump goes straight there.  In the
 * JIT the link is a patched jmp displacement (tcg_x86_64_set_jmp_target);
 * the interpreter follows tb->jmp_dest[n] itself.
 *
 * Every link is recorded at both ends: tb->jmp_dest[n] says where slot n
 * goes, and dest keeps the list of (tb | n) that enter it (jmp_list_head,
 * continued in each source's jmp_list_next[n]).  When a TB dies, both
 * lists are walked and every jump is put back to its unchained path, so
 * no live code ever jumps into an invalid TB.
 *
 * The translator only emits goto_tb to a destination on the same guest
 * page (accel/tcg/translator.c), and the exec loop only links TBs of one
 * real page: a mapping change between two pages then never leaves a stale
 * link, since entering a page always goes through a lookup.
 */
#include <glib.h>

#include "accel/tcg/internal.h"
#include "log.h"

static TranslationBlock *link_tb(uintptr_t link)
{
    return (TranslationBlock *)(link & ~(uintptr_t)TB_EXIT_MASK);
}

static int link_slot(uintptr_t link) { return (int)(link & TB_EXIT_MASK); }

/* points the host jump of slot n at dest, or back at its exit path */
static void tb_set_jump(TranslationBlock *tb, int n, TranslationBlock *dest)
{
    uint8_t *target;

    if (tb_interp_mode()) {
        return;
    }
    target = dest ? dest->tc_ptr : tb->tc_ptr + tb->jmp_reset_offset[n];
    tcg_x86_64_set_jmp_target(tb, n, (uintptr_t)target);
}

void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *dest)
{
    g_assert(n >= 0 && n < TB_NB_JMP);
    if (tb->jmp_dest[n] || tb->invalid || dest->invalid ||
        log_enabled(LOG_NOCHAIN)) {
        return;
    }
    if (!tb_interp_mode() && tb->jmp_reset_offset[n] == 0xffff) {
        return; /* the TB has no such slot */
    }
    tb_set_jump(tb, n, dest);
    tb->jmp_dest[n] = dest;
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
        tb_set_jump(src, n, NULL);
        src->jmp_dest[n] = NULL;
        src->jmp_list_next[n] = 0;
    }
    tb->jmp_list_head = 0;

    for (int n = 0; n < TB_NB_JMP; n++) {
        TranslationBlock *dest = tb->jmp_dest[n];
        if (dest) {
            tb_remove_incoming(dest, tb, n);
            tb_set_jump(tb, n, NULL);
            tb->jmp_dest[n] = NULL;
        }
    }
}
