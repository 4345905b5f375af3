/*
 * target-ppc/trans-bcd-assist.c: the fixed-point BCD assist instructions
 * (Power ISA 3.0B Book I 3.3.17): addg6s, cdtbcd, cbcdtd.  Small pure
 * helpers (the DPD codec is helper-dfp.c's).
 *
 *   cdtbcd RA,RS: each word of RS holds two declets in bits 12:31; the
 *     word of RA gets their six BCD digits in bits 8:31, bits 0:7 zero.
 *   cbcdtd RA,RS: the reverse: six BCD digits in bits 8:31 of each word
 *     become two declets in bits 12:31, bits 0:11 zero (digits above 9:
 *     the result is undefined; here their low three bits are encoded).
 *   addg6s RT,RA,RB: for every nibble i (0 = the most significant), dc_i
 *     is the carry out of the nibble in RA + RB, i.e. of the sum of
 *     RA[4i:63] and RB[4i:63]; RT's nibble i is 6 where dc_i = 0, else 0
 *     (the correction a BCD add subtracts after a binary add of the
 *     operands plus 0x666...6).
 */
#include "trans-fixed.h"
#include "dfp.h"

static uint64_t helper_cdtbcd(CPUPPCState *env, uint64_t rs, uint64_t unused)
{
    uint64_t r = 0;

    for (int w = 0; w < 2; w++) {
        uint32_t word = (uint32_t)(rs >> (32 * w)), out = 0;

        for (int k = 0; k < 2; k++) {
            uint8_t d[3];

            dpd_decode((word >> (10 * (1 - k))) & 0x3ff, d);
            out = out << 12 | (uint32_t)d[0] << 8 | (uint32_t)d[1] << 4 | d[2];
        }
        r |= (uint64_t)out << (32 * w);
    }
    return r;
}

static uint64_t helper_cbcdtd(CPUPPCState *env, uint64_t rs, uint64_t unused)
{
    uint64_t r = 0;

    for (int w = 0; w < 2; w++) {
        uint32_t word = (uint32_t)(rs >> (32 * w)), out = 0;

        for (int k = 0; k < 2; k++) {
            unsigned g = (word >> (12 * (1 - k))) & 0xfff;
            uint8_t d[3] = {(uint8_t)((g >> 8) & 0xf), (uint8_t)((g >> 4) & 0xf),
                            (uint8_t)(g & 0xf)};

            for (int i = 0; i < 3; i++) {
                if (d[i] > 9) {
                    d[i] &= 7;
                }
            }
            out = out << 10 | dpd_encode(d);
        }
        r |= (uint64_t)out << (32 * w);
    }
    return r;
}

static uint64_t helper_addg6s(CPUPPCState *env, uint64_t a, uint64_t b)
{
    uint64_t r = 0;

    for (int i = 0; i < 16; i++) {
        int low = 64 - 4 * i; /* the bits RA[4i:63] */
        unsigned __int128 m = ((unsigned __int128)1 << low) - 1;
        unsigned __int128 sum = (a & m) + (b & m);
        bool carry = (sum >> low) & 1;

        if (!carry) {
            r |= 6ull << (60 - 4 * i);
        }
    }
    return r;
}

static const TCGHelperInfo helper_info_cdtbcd = {
    .func = (void *)helper_cdtbcd, .name = "cdtbcd",
    .nb_iargs = 2, .has_ret = 1, .flags = TCG_CALL_PURE,
};
static const TCGHelperInfo helper_info_cbcdtd = {
    .func = (void *)helper_cbcdtd, .name = "cbcdtd",
    .nb_iargs = 2, .has_ret = 1, .flags = TCG_CALL_PURE,
};
static const TCGHelperInfo helper_info_addg6s = {
    .func = (void *)helper_addg6s, .name = "addg6s",
    .nb_iargs = 2, .has_ret = 1, .flags = TCG_CALL_PURE,
};

/* cdtbcd RA,RS and cbcdtd RA,RS (X form: RS in the RT slot) */
bool trans_cdtbcd(DisasContext *ctx, const PPCArgs *a)
{
    gen_helper_2(ctx->s, &helper_info_cdtbcd, ppc_g.gpr[a->ra],
                 ppc_g.gpr[a->rt], ppc_g.gpr[a->rt]);
    return true;
}

bool trans_cbcdtd(DisasContext *ctx, const PPCArgs *a)
{
    gen_helper_2(ctx->s, &helper_info_cbcdtd, ppc_g.gpr[a->ra],
                 ppc_g.gpr[a->rt], ppc_g.gpr[a->rt]);
    return true;
}

/* addg6s RT,RA,RB (XO form, bits 21 and 31 reserved) */
bool trans_addg6s(DisasContext *ctx, const PPCArgs *a)
{
    gen_helper_2(ctx->s, &helper_info_addg6s, ppc_g.gpr[a->rt],
                 ppc_g.gpr[a->ra], ppc_g.gpr[a->rb]);
    return true;
}
