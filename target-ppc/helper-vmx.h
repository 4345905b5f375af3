/*
 * target-ppc/helper-vmx.h: what the VMX helper files (helper-vmx.c,
 * helper-vmx-fp.c, helper-vmx-crypto.c, helper-bcd.c) share: the
 * TCGHelperInfo definition, the helper bodies by shape and the element
 * loops.
 *
 * Each helper reads its source VRs from env (operands are VSR numbers,
 * VR n = VSR 32 + n), computes into a local PPCVec r and writes the target
 * last, so a target that is also a source reads the old value, as the ISA
 * requires.  Element i is the ISA's element i (left to right) through
 * VB/VH/VW/VD (trans-vec.h).  A body that sets `sat` sets VSCR[SAT].
 */
#ifndef TARGET_PPC_HELPER_VMX_H
#define TARGET_PPC_HELPER_VMX_H

#include "exec.h"
#include "trans-vec.h"

#define INFO(fn, n, ret, fl)                                                  \
    const TCGHelperInfo helper_info_##fn = {                                  \
        .func = (void *)helper_##fn, .name = #fn,                             \
        .nb_iargs = (n), .has_ret = (ret), .flags = (fl),                     \
    };

/* r = op(a, b), element-wise or whole; body writes every element of r */
#define DEF_VX3(name, ...)                                                   \
    static void helper_##name(CPUPPCState *env, uint64_t t, uint64_t ia,     \
                              uint64_t ib)                                    \
    {                                                                         \
        PPCVec a = vec_get(env, ia), b = vec_get(env, ib), r = {{0, 0}};      \
        bool sat = false;                                                     \
        __VA_ARGS__;                                                          \
        if (sat) {                                                            \
            env->vscr |= VSCR_SAT;                                            \
        }                                                                     \
        vec_put(env, t, &r);                                                  \
    }                                                                         \
    INFO(name, 3, 0, VEC_HELPER_WRITES)

#define DEF_VX2(name, ...)                                                   \
    static void helper_##name(CPUPPCState *env, uint64_t t, uint64_t ib)     \
    {                                                                         \
        PPCVec b = vec_get(env, ib), r = {{0, 0}};                            \
        __VA_ARGS__;                                                          \
        vec_put(env, t, &r);                                                  \
    }                                                                         \
    INFO(name, 2, 0, VEC_HELPER_WRITES)

/* the element loops; x and y are a's and b's element i */
#define EACH_B(T, expr)                                                       \
    for (int i = 0; i < 16; i++) {                                            \
        T x = (T)VB(a, i), y = (T)VB(b, i);                                   \
        VB(r, i) = (uint8_t)(expr);                                           \
    }
#define EACH_H(T, expr)                                                       \
    for (int i = 0; i < 8; i++) {                                             \
        T x = (T)VH(a, i), y = (T)VH(b, i);                                   \
        VH(r, i) = (uint16_t)(expr);                                          \
    }
#define EACH_W(T, expr)                                                       \
    for (int i = 0; i < 4; i++) {                                             \
        T x = (T)VW(a, i), y = (T)VW(b, i);                                   \
        VW(r, i) = (uint32_t)(expr);                                          \
    }
#define EACH_D(T, expr)                                                       \
    for (int i = 0; i < 2; i++) {                                             \
        T x = (T)VD(a, i), y = (T)VD(b, i);                                   \
        VD(r, i) = (uint64_t)(expr);                                          \
    }

/* v clamped to [lo, hi], noting saturation */
static inline int64_t clamp(int64_t v, int64_t lo, int64_t hi, bool *sat)
{
    if (v < lo) {
        *sat = true;
        return lo;
    }
    if (v > hi) {
        *sat = true;
        return hi;
    }
    return v;
}

static inline unsigned __int128 vec_u128(const PPCVec *v)
{
    return (unsigned __int128)v->d[0] << 64 | v->d[1];
}

static inline void vec_set_u128(PPCVec *v, unsigned __int128 x)
{
    v->d[0] = (uint64_t)(x >> 64);
    v->d[1] = (uint64_t)x;
}

/* r = op(a, b, c) (VA form) */
#define DEF_VA(name, ...)                                                    \
    static void helper_##name(CPUPPCState *env, uint64_t t, uint64_t ia,     \
                              uint64_t ib, uint64_t ic)                       \
    {                                                                         \
        PPCVec a = vec_get(env, ia), b = vec_get(env, ib);                    \
        PPCVec c = vec_get(env, ic), r = {{0, 0}};                            \
        bool sat = false;                                                     \
        __VA_ARGS__;                                                          \
        if (sat) {                                                            \
            env->vscr |= VSCR_SAT;                                            \
        }                                                                     \
        vec_put(env, t, &r);                                                  \
    }                                                                         \
    INFO(name, 4, 0, VEC_HELPER_WRITES)

/* (t, b, uim): uim is the 5-bit VRA field; each form uses its low bits */
#define DEF_VXI(name, ...)                                                   \
    static void helper_##name(CPUPPCState *env, uint64_t t, uint64_t ib,     \
                              uint64_t uim)                                   \
    {                                                                         \
        PPCVec b = vec_get(env, ib), r = {{0, 0}};                            \
        __VA_ARGS__;                                                          \
        vec_put(env, t, &r);                                                  \
    }                                                                         \
    INFO(name, 3, 0, VEC_HELPER_WRITES)


#endif
