/*
 * target-ppc/trans-msg.c: the privileged doorbells between the threads of
 * one core (Power ISA 3.0 Book III 5.9.2 "Processor Control", 6.5.22
 * "Directed Privileged Doorbell Interrupt"): msgsndp, msgclrp, and the
 * DPDES register that shows the doorbells of the whole core.
 *
 * Linux on a pseries core with more than one thread sends an IPI to a
 * sibling thread with msgsndp (a doorbell, no hypervisor call) and to other
 * cores through the interrupt controller (H_IPI).  RB[32:36] is the message
 * type: only 5 ("directed privileged doorbell") does anything; RB[57:63]
 * names the target thread by its TIR.  A message to a thread the core does
 * not have is dropped.  msgclrp clears the doorbell of the thread itself.
 *
 * Each vCPU keeps its own exception (env->dbell_pending, atomic: the sender
 * is another host thread); DPDES bit 63-t is thread t's.  The doorbell is
 * an edge (excp.c clears it when the interrupt is taken) and wakes a ceded
 * thread (ppc_cpu_has_work).  The hypervisor lets the partition use the
 * facility (our HFSCR[MSGP] is 1), and DPDES is read-only to it.
 */
#include "internal.h"
#include "translate.h"

#define MSG_TYPE(rb) (((rb) >> (63 - 36)) & 0x1f) /* RB[32:36] */
#define MSG_TYPE_DPDOORBELL 5
#define MSG_TAG(rb) ((rb) & 0x7f)                 /* RB[57:63] */

static CPUPPCState *core_thread(CPUPPCState *env, uint32_t tid)
{
    if (env->vhyp && env->vhyp->core_thread) {
        return env->vhyp->core_thread(env->vhyp_opaque, env, tid);
    }
    return tid == env->smt_tid ? env : NULL;
}

static void helper_msgsndp(CPUPPCState *env, uint64_t rb)
{
    CPUPPCState *target;

    if (MSG_TYPE(rb) != MSG_TYPE_DPDOORBELL) {
        return;
    }
    target = core_thread(env, (uint32_t)MSG_TAG(rb));
    if (!target) {
        return;
    }
    __atomic_store_n(&target->dbell_pending, true, __ATOMIC_SEQ_CST);
    if (env->vhyp && env->vhyp->kick) {
        env->vhyp->kick(env->vhyp_opaque, target);
    } else {
        cpu_exit(target);
    }
}

static void helper_msgclrp(CPUPPCState *env, uint64_t rb)
{
    if (MSG_TYPE(rb) == MSG_TYPE_DPDOORBELL) {
        __atomic_store_n(&env->dbell_pending, false, __ATOMIC_SEQ_CST);
    }
}

uint64_t ppc_helper_dpdes(CPUPPCState *env)
{
    uint64_t v = 0;

    for (uint32_t t = 0; t < 8; t++) {
        CPUPPCState *th = core_thread(env, t);
        if (th && __atomic_load_n(&th->dbell_pending, __ATOMIC_ACQUIRE)) {
            v |= 1ull << t;
        }
    }
    return v;
}

static const TCGHelperInfo msgsndp_info = {
    .func = (void *)helper_msgsndp, .name = "msgsndp",
    .nb_iargs = 1, .has_ret = 0,
    .flags = TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_RAISE, /* not pure */
};
static const TCGHelperInfo msgclrp_info = {
    .func = (void *)helper_msgclrp, .name = "msgclrp",
    .nb_iargs = 1, .has_ret = 0,
    .flags = TCG_CALL_NO_WRITE_GLOBALS | TCG_CALL_NO_RAISE, /* not pure */
};

/* Book III 5.9.2 Message Send Privileged: the target looks at its
   interrupts when it next leaves a TB (it is kicked); so does the sender
   when it rings itself, at the end of this TB */
bool trans_msgsndp(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_call(ctx->s, tcg_helper_register(&msgsndp_info), 0, 1,
                 &ppc_g.gpr[a->rb]);
    return true;
}

/* Book III 5.9.2 Message Clear Privileged */
bool trans_msgclrp(DisasContext *ctx, const PPCArgs *a)
{
    tcg_gen_call(ctx->s, tcg_helper_register(&msgclrp_info), 0, 1,
                 &ppc_g.gpr[a->rb]);
    return true;
}
