/*
 * target-ppc: the fixed-point instructions too big to inline as IR.
 *
 * Divide Doubleword Extended needs a 128-by-64-bit division and Bit
 * Permute Doubleword a per-byte bit gather; everything else of Book I
 * 3.3.9 - 3.3.14 is emitted inline by the trans-*.c translators.  These helpers read and write no guest state
 * (TCG_CALL_PURE): the register allocator need not sync or spill globals
 * around them, and a call whose result is dead can be dropped.
 */
#include "trans-fixed.h"

/*
 * divde (ISA 3.0B 3.3.9): the quotient of (RA) || 0^64 by EXTS(RB), when
 * it fits in 64 signed bits.  The ISA leaves RT undefined on overflow
 * (divisor 0, or a quotient that does not fit); like Debian's
 * qemu-ppc64le 7.2 we return 0, which the translator also uses to derive
 * OV without a second call.
 */
uint64_t helper_divde(CPUPPCState *env, uint64_t ra, uint64_t rb)
{
    __int128 dividend = (__int128)((unsigned __int128)ra << 64);
    __int128 divisor = (int64_t)rb;
    __int128 q;

    /* -2^127 / -1 would overflow the C division itself */
    if (rb == 0 || (ra == 0x8000000000000000ull && rb == ~0ull)) {
        return 0;
    }
    q = dividend / divisor;
    if (q != (int64_t)q) {
        return 0;
    }
    return (uint64_t)q;
}

/*
 * divdeu: the quotient of (RA) || 0^64 by (RB), unsigned; it fits in 64
 * bits exactly when (RA) <u (RB).  Undefined otherwise: 0, as qemu.
 */
uint64_t helper_divdeu(CPUPPCState *env, uint64_t ra, uint64_t rb)
{
    if (ra >= rb) {
        return 0;
    }
    return (uint64_t)(((unsigned __int128)ra << 64) / rb);
}

/*
 * bpermd (ISA 3.0B 3.3.12.2): for each byte i of RS (byte 0 the most
 * significant), an index into RB in big-endian bit numbering; bit i of the
 * low byte of RA (0x80 for i = 0) is that bit of RB, or 0 when the index
 * is 64 or more.
 */
uint64_t helper_bpermd(CPUPPCState *env, uint64_t rs, uint64_t rb)
{
    uint64_t ra = 0;

    for (int i = 0; i < 8; i++) {
        unsigned idx = (rs >> (56 - 8 * i)) & 0xff;

        if (idx < 64 && ((rb >> (63 - idx)) & 1)) {
            ra |= 0x80u >> i;
        }
    }
    return ra;
}

const TCGHelperInfo helper_info_divde = {
    .func = (void *)helper_divde, .name = "divde",
    .nb_iargs = 2, .has_ret = 1, .flags = TCG_CALL_PURE,
};
const TCGHelperInfo helper_info_divdeu = {
    .func = (void *)helper_divdeu, .name = "divdeu",
    .nb_iargs = 2, .has_ret = 1, .flags = TCG_CALL_PURE,
};
const TCGHelperInfo helper_info_bpermd = {
    .func = (void *)helper_bpermd, .name = "bpermd",
    .nb_iargs = 2, .has_ret = 1, .flags = TCG_CALL_PURE,
};
