/*
 * tcg/x86_64: guest memory access (qemu_ld/qemu_st) with the softmmu TLB
 * inlined.
 *
 * Fast path, inline (t0 is the op's scratch register, r11 the backend's):
 *     mov   t0, addr                        ; (BMI2: rorx t0, addr, 7)
 *     shr   t0, TARGET_PAGE_BITS - 5        ; page number * 32 ...
 *     and   t0d, (TLB_SIZE - 1) << 5        ; ... = entry offset
 *     lea   r11, [addr + size - 1]          ; the access's last byte
 *     and   r11, TARGET_PAGE_MASK
 *     cmp   r11, [env + t0 + tlb[mmu] + addr_read/addr_write]
 *     jne   slow
 *     mov   t0, [env + t0 + tlb[mmu] + addend]
 *     mov   data, [addr + t0]               ; size, sign, byte order
 *   done:
 * Comparing the page of the access's LAST byte with the tag sends every
 * page-crossing access to the slow path while unaligned accesses inside a
 * page stay fast; a tag with any flag in its low bits (invalid, notdirty,
 * mmio) never equals a page address.  MO_ALIGN adds a test of the low
 * address bits first.  Byte-reversed accesses use movbe when the host has
 * it, else bswap.
 *
 * In a loop that holds an access's TLB entry in two registers (the page tag
 * it matched, its addend: TCGRegAlloc.site_tag), the inline part is only
 *     mov   r11, addr
 *     and   r11, TARGET_PAGE_MASK | (size - 1)
 *     cmp   r11, tag
 *     jne   refill
 *   access:
 *     mov   data, [addr + addend]
 * and the TLB check above runs out of line, in the refill, which then
 * holds the new entry (tag = the page, addend) and goes back to `access`,
 * or goes on to the slow path on a TLB miss.  The compare includes the low
 * address bits: an unaligned access never matches the held page (it goes
 * through the refill, whose TLB check sees page crossings), and an aligned
 * one lies inside its page.  Taking the index computation and the
 * addend's load off the loop's path is what shortens a loop whose next
 * address depends on its last load.
 *
 * Slow path, out of line after the TB's code: store the dirty globals the
 * allocator handed over (TCGSideStore: the fast path keeps them dirty in
 * registers, but the helper may raise), put the arguments in the frame
 * and r11 (address, value, oi, and ra = the address of `done`: inside the
 * guest instruction's host range, so a fault maps back to it; see
 * SP_ARG_PACKED), call the shared thunk, take the result (already extended and swapped) from r11 and jump
 * back to `done`.  The thunks (one for loads, one for stores, emitted
 * once with the prologue) save and restore every call-clobbered register
 * around helper_ld_mmu(env, addr, oi, ra) / helper_st_mmu(env, addr, val,
 * oi, ra): a slow path is rare, and per-site copies of that were most of
 * the code a TB takes.
 */
#include "tcg/x86_64/lower.h"

#include <stddef.h>

#define TLB_ENTRY_BITS 5
_Static_assert(sizeof(TLBEntry) == 1 << TLB_ENTRY_BITS,
               "the fast path indexes the TLB by shifting");

static int32_t tlb_field(int mmu_idx, size_t field)
{
    return (int32_t)(offsetof(CPUPPCState, tlb) +
                     (size_t)mmu_idx * TLB_SIZE * sizeof(TLBEntry) + field);
}

static X86SlowPath *new_slow_path(X86Gen *g)
{
    X86SlowPath sp = {0};
    g_array_append_val(g->slow_paths, sp);
    return &g_array_index(g->slow_paths, X86SlowPath,
                          g->slow_paths->len - 1);
}

static size_t tag_field(bool is_store)
{
    return is_store ? offsetof(TLBEntry, addr_write)
                    : offsetof(TLBEntry, addr_read);
}

/* MO_ALIGN: a misaligned address goes to the slow path, which raises */
static void emit_align_check(X86Gen *g, X86SlowPath *sp, int addr,
                             unsigned memop)
{
    int size = 1 << (memop & MO_SIZE);

    if ((memop & MO_ALIGN) && size > 1) {
        x86_test_ri(&g->buf, 0, addr, size - 1);
        sp->jump_at[sp->nb_jumps++] =
            (uint32_t)x86_jcc32_fwd(&g->buf, X86_CC_NE);
    }
}

/* t0 = the entry's offset, r11 = the page of the access's last byte, and
   the compare with the entry's tag (flags: equal on a hit) */
static void emit_tlb_compare(X86Gen *g, int addr, int t0, TCGMemOpIdx oi,
                             bool is_store)
{
    X86Buf *b = &g->buf;
    unsigned memop = get_memop(oi);
    int mmu_idx = (int)get_mmuidx(oi);
    int size = 1 << (memop & MO_SIZE);

    /* a rotate serves as well as a shift: the mask drops what wraps */
    if (have_feat(X86_FEAT_BMI2)) {
        x86_rorx(b, 1, t0, addr, TARGET_PAGE_BITS - TLB_ENTRY_BITS);
    } else {
        x86_mov_rr(b, 1, t0, addr);
        x86_shift_ri(b, X86_SHR, 1, t0, TARGET_PAGE_BITS - TLB_ENTRY_BITS);
    }
    x86_alu_ri(b, X86_AND, 0, t0, (TLB_SIZE - 1) << TLB_ENTRY_BITS);
    if (size > 1 && !(memop & MO_ALIGN)) {
        x86_lea(b, 1, X86_TMP, addr, X86_NOREG, 0, size - 1);
    } else {
        x86_mov_rr(b, 1, X86_TMP, addr);
    }
    x86_alu_ri(b, X86_AND, 1, X86_TMP, (int64_t)TARGET_PAGE_MASK);
    x86_alu_rm(b, X86_CMP, 1, X86_TMP, X86_ENV, t0, 0,
               tlb_field(mmu_idx, tag_field(is_store)));
}

/* the TLB check; leaves the entry's addend in t0 */
static void emit_tlb_check(X86Gen *g, X86SlowPath *sp, int addr, int t0,
                           TCGMemOpIdx oi, bool is_store)
{
    X86Buf *b = &g->buf;

    emit_align_check(g, sp, addr, get_memop(oi));
    emit_tlb_compare(g, addr, t0, oi, is_store);
    sp->jump_at[sp->nb_jumps++] = (uint32_t)x86_jcc32_fwd(b, X86_CC_NE);
    x86_load(b, X86_LD64, t0, X86_ENV, t0, 0,
             tlb_field((int)get_mmuidx(oi), offsetof(TLBEntry, addend)));
}

/* the held entry's check; returns the register with the addend */
static int emit_held_check(X86Gen *g, X86SlowPath *sp, int addr, int t0,
                           TCGMemOpIdx oi)
{
    X86Buf *b = &g->buf;
    unsigned memop = get_memop(oi);
    int size = 1 << (memop & MO_SIZE);

    sp->held = true;
    sp->tag_reg = g->ra.site_tag;
    sp->addend_reg = g->ra.site_addend;
    sp->t0 = (int8_t)t0;
    emit_align_check(g, sp, addr, memop);
    x86_mov_rr(b, 1, X86_TMP, addr);
    x86_alu_ri(b, X86_AND, 1, X86_TMP,
               (int64_t)(TARGET_PAGE_MASK | (uint64_t)(size - 1)));
    x86_alu_rr(b, X86_CMP, 1, X86_TMP, sp->tag_reg);
    sp->refill_at = (uint32_t)x86_jcc32_fwd(b, X86_CC_NE);
    sp->access_pos = (uint32_t)b->pos;
    return sp->addend_reg;
}

/* out of line: the TLB check, and on a hit the entry held, back to the
   access; a miss falls into the slow path that follows */
static void emit_held_refill(X86Gen *g, X86SlowPath *sp, bool is_store)
{
    X86Buf *b = &g->buf;

    x86_patch_rel32(b, sp->refill_at, b->pos);
    emit_tlb_compare(g, sp->addr_reg, sp->t0, sp->oi, is_store);
    sp->jump_at[sp->nb_jumps++] = (uint32_t)x86_jcc32_fwd(b, X86_CC_NE);
    x86_load(b, X86_LD64, sp->addend_reg, X86_ENV, sp->t0, 0,
             tlb_field((int)get_mmuidx(sp->oi),
                       offsetof(TLBEntry, addend)));
    x86_mov_rr(b, 1, sp->tag_reg, X86_TMP);
    x86_jmp_to(b, sp->access_pos);
}

/* data <- [base + index] as the memop says */
static void emit_load(X86Buf *b, unsigned memop, int data, int base,
                      int index)
{
    bool sign = memop & MO_SIGN;
    int size = memop & MO_SIZE;

    if (!(memop & MO_BSWAP) || size == MO_8) {
        static const X86LoadKind kinds[4][2] = {
            {X86_LD8U, X86_LD8S},
            {X86_LD16U, X86_LD16S},
            {X86_LD32U, X86_LD32S},
            {X86_LD64, X86_LD64},
        };
        x86_load(b, kinds[size][sign], data, base, index, 0, 0);
        return;
    }
    switch (size) {
    case MO_16:
        if (have_feat(X86_FEAT_MOVBE)) {
            x86_movbe_load(b, 16, data, base, index, 0, 0);
        } else {
            x86_load(b, X86_LD16U, data, base, index, 0, 0);
            x86_rol16_ri(b, data, 8);
            if (!sign) {
                return; /* movzx cleared the upper bits */
            }
        }
        if (sign) {
            x86_movsx_rr(b, 16, data, data);
        } else {
            x86_movzx_rr(b, 16, data, data);
        }
        break;
    case MO_32:
        if (have_feat(X86_FEAT_MOVBE)) {
            x86_movbe_load(b, 32, data, base, index, 0, 0);
        } else {
            x86_load(b, X86_LD32U, data, base, index, 0, 0);
            x86_bswap(b, 0, data);
        }
        if (sign) {
            x86_movsx_rr(b, 32, data, data);
        }
        break;
    default:
        if (have_feat(X86_FEAT_MOVBE)) {
            x86_movbe_load(b, 64, data, base, index, 0, 0);
        } else {
            x86_load(b, X86_LD64, data, base, index, 0, 0);
            x86_bswap(b, 1, data);
        }
        break;
    }
}

static uint64_t swap_const(unsigned memop, uint64_t v)
{
    if (!(memop & MO_BSWAP)) {
        return v;
    }
    switch (memop & MO_SIZE) {
    case MO_16:
        return __builtin_bswap16((uint16_t)v);
    case MO_32:
        return __builtin_bswap32((uint32_t)v);
    case MO_64:
        return __builtin_bswap64(v);
    default:
        return v;
    }
}

bool x86_qemu_st_const_ok(const TCGOp *op, int64_t val)
{
    unsigned memop = get_memop((TCGMemOpIdx)op->args[2]);
    int64_t v = (int64_t)swap_const(memop, (uint64_t)val);

    return (memop & MO_SIZE) != MO_64 || v == (int32_t)v;
}

static void emit_store(X86Buf *b, unsigned memop, int64_t val, bool is_const,
                       int base, int index)
{
    int bits = 8 << (memop & MO_SIZE);
    bool swap = (memop & MO_BSWAP) && bits > 8;

    if (is_const) {
        x86_store_imm(b, bits, (int64_t)swap_const(memop, (uint64_t)val),
                      base, index, 0, 0);
    } else if (!swap) {
        x86_store(b, bits, (int)val, base, index, 0, 0);
    } else if (have_feat(X86_FEAT_MOVBE)) {
        x86_movbe_store(b, bits, (int)val, base, index, 0, 0);
    } else {
        x86_mov_rr(b, bits == 64, X86_TMP, (int)val);
        if (bits == 16) {
            x86_rol16_ri(b, X86_TMP, 8);
        } else {
            x86_bswap(b, bits == 64, X86_TMP);
        }
        x86_store(b, bits, X86_TMP, base, index, 0, 0);
    }
}

void x86_lower_qemu_ld(X86Gen *g, const TCGOp *op, const int64_t *a,
                       const bool *k, TCGRegSet live)
{
    X86SlowPath *sp = new_slow_path(g);
    int data = (int)a[0], addr = (int)a[1], t0 = (int)a[3];
    TCGMemOpIdx oi = (TCGMemOpIdx)a[2];

    sp->oi = oi;
    sp->addr_reg = (int8_t)addr;
    sp->data_reg = (int8_t)data;
    sp->nb_side = (uint32_t)g->ra.nb_side;
    sp->side_first = x86_keep_side_stores(g);
    if (g->ra.site_tag != TCG_REG_NONE) {
        emit_load(&g->buf, get_memop(oi), data, addr,
                  emit_held_check(g, sp, addr, t0, oi));
    } else {
        emit_tlb_check(g, sp, addr, t0, oi, false);
        emit_load(&g->buf, get_memop(oi), data, addr, t0);
    }
    sp->ret_pos = (uint32_t)g->buf.pos;
}

void x86_lower_qemu_st(X86Gen *g, const TCGOp *op, const int64_t *a,
                       const bool *k, TCGRegSet live)
{
    X86SlowPath *sp = new_slow_path(g);
    int addr = (int)a[1], t0 = (int)a[3];
    TCGMemOpIdx oi = (TCGMemOpIdx)a[2];

    sp->is_store = true;
    sp->oi = oi;
    sp->addr_reg = (int8_t)addr;
    sp->val_const = k[0];
    if (k[0]) {
        sp->val = a[0];
    } else {
        sp->data_reg = (int8_t)a[0];
    }
    sp->nb_side = (uint32_t)g->ra.nb_side;
    sp->side_first = x86_keep_side_stores(g);
    if (g->ra.site_tag != TCG_REG_NONE) {
        emit_store(&g->buf, get_memop(oi), a[0], k[0], addr,
                   emit_held_check(g, sp, addr, t0, oi));
    } else {
        emit_tlb_check(g, sp, addr, t0, oi, true);
        emit_store(&g->buf, get_memop(oi), a[0], k[0], addr, t0);
    }
    sp->ret_pos = (uint32_t)g->buf.pos;
}

/*
 * Where a slow path leaves the thunk's arguments: the outgoing stack
 * argument area and the save area's slot of a register a thunk never
 * saves (rbp).  oi and ra come packed in one 64-bit immediate, which the
 * slow path loads into r11 just before the call: oi in the low half, and
 * in the high half ra as a signed offset from the call's own return
 * address (the thunk finds that at [rsp]).  That is one 10-byte movabs
 * instead of an immediate store, a lea and a store (21 bytes) per slow
 * path, and a TB has a few of them per guest load or store.  When the
 * thunk is out of rel32 reach (a code buffer over 2 GiB), the call itself
 * needs r11: the slow path then leaves the packed value in the frame
 * (SP_ARG_PACKED) and calls the thunk's far twin, which loads it from
 * there.
 */
#define SP_ARG_ADDR (X86_FRAME_STACK_ARGS + 0)
#define SP_ARG_PACKED (X86_FRAME_STACK_ARGS + 8)
#define SP_ARG_VAL (X86_FRAME_SAVE + 8 * X86_RBP)

/* the registers the thunks save: the call-clobbered ones but r11, which
   carries the packed oi/ra in and the result back */
#define THUNK_SAVED (X86_CALL_CLOBBERED & ~X86_REG_BIT(X86_TMP))

static const uint8_t *mmu_thunk[2][2]; /* [is_store][far] */

int x86_emit_mmu_thunks(X86Buf *b)
{
    for (int st = 0; st < 2; st++) {
        for (int far = 0; far < 2; far++) {
            /* the call pushed a return address: the TB's frame is 8 up */
            const int32_t up = 8;
            const X86Reg oi_reg = st ? X86_RCX : X86_RDX;
            const X86Reg ra_reg = st ? X86_R8 : X86_RCX;

            mmu_thunk[st][far] = (const uint8_t *)x86_addr(b, b->pos);
            for (int r = 0; r < X86_NB_REGS; r++) {
                if (THUNK_SAVED & X86_REG_BIT(r)) {
                    x86_store(b, 64, r, X86_RSP, X86_NOREG, 0,
                              up + X86_FRAME_SAVE + 8 * r);
                }
            }
            if (far) {
                x86_load(b, X86_LD64, X86_TMP, X86_RSP, X86_NOREG, 0,
                         up + SP_ARG_PACKED);
            }
            /* SysV: env, addr, (val,) oi, ra */
            x86_mov_rr(b, 1, X86_RDI, X86_ENV);
            x86_load(b, X86_LD64, X86_RSI, X86_RSP, X86_NOREG, 0,
                     up + SP_ARG_ADDR);
            if (st) {
                x86_load(b, X86_LD64, X86_RDX, X86_RSP, X86_NOREG, 0,
                         up + SP_ARG_VAL);
            }
            /* ra = our return address + the high half, signed */
            x86_mov_rr(b, 1, ra_reg, X86_TMP);
            x86_shift_ri(b, X86_SAR, 1, ra_reg, 32);
            x86_alu_rm(b, X86_ADD, 1, ra_reg, X86_RSP, X86_NOREG, 0, 0);
            x86_mov_rr(b, 0, oi_reg, X86_TMP); /* the low half */
            x86_alu_ri(b, X86_SUB, 1, X86_RSP, 8); /* 16-byte aligned calls */
            x86_call_far(b, st ? (uintptr_t)helper_st_mmu
                               : (uintptr_t)helper_ld_mmu);
            x86_alu_ri(b, X86_ADD, 1, X86_RSP, 8);
            x86_mov_rr(b, 1, X86_TMP, X86_RAX);
            for (int r = 0; r < X86_NB_REGS; r++) {
                if (THUNK_SAVED & X86_REG_BIT(r)) {
                    x86_load(b, X86_LD64, r, X86_RSP, X86_NOREG, 0,
                             up + X86_FRAME_SAVE + 8 * r);
                }
            }
            x86_ret(b);
        }
    }
    return x86_overflowed(b) ? -1 : 0;
}

static void emit_slow_path(X86Gen *g, X86SlowPath *sp)
{
    X86Buf *b = &g->buf;
    size_t imm_at;
    uintptr_t ret_addr;
    int64_t ra_off;

    if (sp->held) {
        emit_held_refill(g, sp, sp->is_store);
    }
    for (int i = 0; i < sp->nb_jumps; i++) {
        x86_patch_rel32(b, sp->jump_at[i], b->pos);
    }
    /* the helper may raise: env must hold every global first */
    x86_emit_side_stores(g, sp->side_first, sp->nb_side);
    x86_store(b, 64, sp->addr_reg, X86_RSP, X86_NOREG, 0, SP_ARG_ADDR);
    if (sp->is_store && !sp->val_const) {
        x86_store(b, 64, sp->data_reg, X86_RSP, X86_NOREG, 0, SP_ARG_VAL);
    } else if (sp->is_store && sp->val == (int32_t)sp->val) {
        x86_store_imm(b, 64, sp->val, X86_RSP, X86_NOREG, 0, SP_ARG_VAL);
    } else if (sp->is_store) {
        x86_movi(b, X86_TMP, sp->val);
        x86_store(b, 64, X86_TMP, X86_RSP, X86_NOREG, 0, SP_ARG_VAL);
    }
    /* r11 = oi | ra offset << 32, its immediate patched below once the
       return address is known */
    imm_at = b->pos + 2;
    x86_movabs(b, X86_TMP, 0);
    if (x86_rel32_ok(b, 5, (uintptr_t)mmu_thunk[sp->is_store][0])) {
        x86_call_abs(b, (uintptr_t)mmu_thunk[sp->is_store][0]);
    } else {
        x86_store(b, 64, X86_TMP, X86_RSP, X86_NOREG, 0, SP_ARG_PACKED);
        x86_movabs(b, X86_TMP, (uintptr_t)mmu_thunk[sp->is_store][1]);
        x86_call_reg(b, X86_TMP);
    }
    ret_addr = x86_addr(b, b->pos);
    ra_off = (int64_t)(x86_addr(b, sp->ret_pos) - ret_addr);
    g_assert(ra_off == (int32_t)ra_off);
    x86_patch32(b, imm_at, (uint32_t)sp->oi);
    x86_patch32(b, imm_at + 4, (uint32_t)(int32_t)ra_off);
    if (!sp->is_store) {
        x86_mov_rr(b, 1, sp->data_reg, X86_TMP);
    }
    x86_jmp_to(b, sp->ret_pos);
}

void x86_emit_slow_paths(X86Gen *g)
{
    for (guint i = 0; i < g->slow_paths->len; i++) {
        emit_slow_path(g, &g_array_index(g->slow_paths, X86SlowPath, i));
        if (x86_overflowed(&g->buf)) {
            return;
        }
    }
}
