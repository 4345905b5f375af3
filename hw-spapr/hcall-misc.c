/*
 * hw-spapr/hcall-misc.c: the hypervisor's per-vCPU state, the idle wait,
 * and the hcalls about processors and memory (include/spapr-hv.h; LoPAPR,
 * "Hypervisor calls": function sets hcall-splpar, hcall-set-mode,
 * hcall-dabr, hcall-xdabr, hcall-copy, hcall-debug, and
 * H_GET_CPU_CHARACTERISTICS; H_RANDOM is rng.c's).
 *
 * Idle.  H_CEDE halts the vCPU unless it has an interrupt to take; the exec
 * loop then returns EXCP_HALTED and the run loop calls spapr_idle_wait(),
 * which blocks in ppoll() on an eventfd with the decrementer's deadline as
 * the timeout.  Everything else that can give a halted vCPU work writes the
 * eventfd (spapr_idle_wake): the interrupt controller when an ICP's output
 * goes up, H_PROD, RTAS start-cpu, and every run-loop request (power-off,
 * Ctrl-A x, signals: an eventfd write is async-signal-safe).  An idle guest
 * therefore costs no host CPU and still wakes at once.
 *
 * Guest addresses in these hcalls are logical (= real, = guest physical)
 * addresses; each is checked against RAM, and hypervisor writes to RAM
 * invalidate the translated code of the pages they touch.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <glib.h>

#include "block.h"
#include "exec.h"
#include "log.h"
#include "pci.h"
#include "spapr-hv.h"
#include "xics.h"

/* SPRs set on the guest's behalf (Power ISA 3.0 Book III, "Debug
   Facilities"): they are hypervisor resources in an LPAR */
#define SPR_DAWR0 180
#define SPR_CIABR 187
#define SPR_DAWRX0 188

/* an ISA (MSB = 0) bit number of a 64-bit register, as a mask */
#define HV_BIT(n) (1ull << (63 - (n)))

/* LPCR (Book III 2.2): ILE (bit 38), AIL (bits 39:40) */
#define HV_LPCR_ILE HV_BIT(38)
#define HV_LPCR_AIL_SHIFT (63 - 40)
#define HV_LPCR_AIL_MASK (3ull << HV_LPCR_AIL_SHIFT)

/* POWER8 and POWER9 have 128-byte cache lines */
#define HV_CACHE_LINE 128
#define HV_PAGE_4K 4096ull

static int64_t hv_bad(const char *call, const char *what, uint64_t val)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s: bad %s 0x%" PRIx64 "\n", call, what, val);
    }
    return H_PARAMETER;
}

/* ------------------------------------------------------------ vCPUs */

CPUPPCState *spapr_cpu_by_index(SpaprMachine *m, uint64_t index)
{
    if (index < m->nr_cpus && m->cpus[index]) {
        return m->cpus[index];
    }
    /* a bare machine (unit tests) has only m->cpu */
    return m->cpu && m->cpu->cpu_index == index ? m->cpu : NULL;
}

SpaprVcpu *spapr_vcpu(SpaprMachine *m, uint64_t index)
{
    return m->hv && index < m->hv->nr_vcpus ? &m->hv->vcpus[index] : NULL;
}

/* the interrupt controller raised a server's output: make its vCPU look
   (a running one leaves its chained code, a halted one wakes up) */
static void spapr_xics_notify(void *opaque, uint32_t server)
{
    SpaprMachine *m = opaque;
    CPUPPCState *env = spapr_cpu_by_index(m, server);

    if (env) {
        cpu_exit(env);
        spapr_idle_wake_cpu(m, env);
    } else {
        spapr_idle_wake(m);
    }
}

void spapr_machine_nmi(SpaprMachine *m)
{
    for (uint32_t i = 0; i < (m->nr_cpus ? m->nr_cpus : 1); i++) {
        CPUPPCState *env = m->nr_cpus ? m->cpus[i] : m->cpu;
        SpaprVcpu *v = spapr_vcpu(m, i);

        if (env && !(v && v->stopped)) {
            ppc_cpu_nmi(env);
            cpu_exit(env);
        }
    }
    spapr_idle_wake(m);
}

bool spapr_hv_init(SpaprMachine *m, char **err)
{
    SpaprHv *hv = g_new0(SpaprHv, 1);

    hv->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (hv->wake_fd < 0) {
        *err = g_strdup_printf("cannot create an eventfd: %s",
                               strerror(errno));
        g_free(hv);
        return false;
    }
    hv->nr_vcpus = m->nr_cpus ? m->nr_cpus : 1;
    hv->vcpus = g_new0(SpaprVcpu, hv->nr_vcpus);
    hv->nvram = g_malloc(SPAPR_NVRAM_SIZE);
    spapr_nvram_format(hv->nvram, SPAPR_NVRAM_SIZE);
    m->hv = hv;
    m->xics = xics_new(hv->nr_vcpus, spapr_xics_notify, m);
    xics_claim(m->xics, SPAPR_VTY_IRQ, false);
    spapr_events_init(m);
    return true;
}

void spapr_hv_reset(SpaprMachine *m)
{
    if (m->hv) {
        memset(m->hv->vcpus, 0, sizeof(SpaprVcpu) * m->hv->nr_vcpus);
        m->hv->fwnmi_sreset = m->hv->fwnmi_mce = 0;
    }
    if (m->xics) {
        xics_reset(m->xics);
    }
    spapr_events_reset(m);
}

void spapr_hv_free(SpaprMachine *m)
{
    spapr_events_free(m);
    xics_free(m->xics);
    m->xics = NULL;
    if (m->hv) {
        close(m->hv->wake_fd);
        g_free(m->hv->vcpus);
        g_free(m->hv->nvram);
        blk_close(m->hv->nvram_blk);
        g_free(m->hv);
        m->hv = NULL;
    }
}

static uint64_t hv_nr_vcpus(const SpaprMachine *m)
{
    return m->hv ? m->hv->nr_vcpus : 1;
}

/* ------------------------------------------------------------ idle */

void spapr_idle_wake(SpaprMachine *m)
{
    SpaprHv *hv = m->hv;
    uint64_t one = 1;

    /* vCPU threads sleep on their own (thread=multi) */
    if (m->threaded) {
        for (uint32_t i = 0; i < m->nr_cpus; i++) {
            if (m->cpus[i]) {
                cpu_wake(m->cpus[i]);
            }
        }
    }

    /* EAGAIN: the counter is full, so the waiter is woken anyway */
    if (hv && write(hv->wake_fd, &one, sizeof(one)) < 0) {
        return;
    }
}

void spapr_idle_wake_cpu(SpaprMachine *m, CPUPPCState *env)
{
    /* with thread=multi, waking every vCPU (and the run-loop thread) for
       each interrupt cost one futile wake-up per other vCPU: each took
       the machine lock, found nothing and slept again */
    if (m->threaded) {
        cpu_wake(env);
    } else {
        spapr_idle_wake(m);
    }
}

/* how long until env's decrementer goes negative, in ns (rounded up) */
static uint64_t spapr_dec_deadline_ns(CPUPPCState *env)
{
    uint64_t dec = ppc_load_dec(env) & 0xffffffffu;

    if (dec & 0x80000000u) {
        return 0;
    }
    /* the timebase runs at 512 MHz: a tick is 125/64 ns */
    return ((dec + 1) * 125 + 63) / 64;
}

void spapr_idle_wait(SpaprMachine *m)
{
    struct timespec ts, *timeout = NULL;
    uint64_t count, ns = UINT64_MAX;

    if (!m->hv) {
        return;
    }
    /* a halted vCPU that takes external interrupts also takes the
       decrementer: sleep at most until the first one fires (a stopped
       vCPU has MSR[EE] off) */
    for (uint32_t i = 0; i < hv_nr_vcpus(m); i++) {
        CPUPPCState *env = spapr_cpu_by_index(m, i);

        if (env && (env->msr & MSR_BIT(MSR_EE))) {
            uint64_t d = spapr_dec_deadline_ns(env);
            ns = d < ns ? d : ns;
        }
    }
    if (ns != UINT64_MAX) {
        ts.tv_sec = (time_t)(ns / 1000000000u);
        ts.tv_nsec = (long)(ns % 1000000000u);
        timeout = &ts;
    }
    struct pollfd pfd = { .fd = m->hv->wake_fd, .events = POLLIN };
    /* woken, timed out or interrupted by a signal: the caller looks at
       what there is to do either way */
    if (ppoll(&pfd, 1, timeout, NULL) > 0 &&
        read(m->hv->wake_fd, &count, sizeof(count)) < 0) {
        return; /* EAGAIN: another reader drained it */
    }
}

void spapr_request_wait(SpaprMachine *m)
{
    struct pollfd pfd = { .fd = m->hv->wake_fd, .events = POLLIN };
    uint64_t count;

    /* a request writes the eventfd after setting its bit: one that came
       before this call leaves the fd readable */
    if (ppoll(&pfd, 1, NULL, NULL) > 0 &&
        read(m->hv->wake_fd, &count, sizeof(count)) < 0) {
        return; /* EAGAIN */
    }
}

void spapr_vty_input(SpaprMachine *m)
{
    if (m->xics) {
        xics_set_irq(m->xics, SPAPR_VTY_IRQ, 1);
    }
}

/* ------------------------------------------------------------ hcall-splpar */

/*
 * The VPA's dispatch count (LoPAPR "Virtual Processor Area": the 32-bit
 * big-endian word at offset 0x100, Linux's lppaca yield_count): the
 * hypervisor adds one each time it takes the processor away from the
 * virtual processor and each time it dispatches it again, so the count is
 * even while it runs and odd while it does not.  Guests read it for steal
 * time and to see whether a lock holder is preempted.
 */
#define VPA_DISPATCH_COUNT 0x100

static void vpa_dispatch_step(SpaprMachine *m, SpaprVcpu *v)
{
    if (v->vpa && v->vpa_size >= VPA_DISPATCH_COUNT + 4) {
        uint64_t a = v->vpa + VPA_DISPATCH_COUNT;
        spapr_ram_st32(m, a, spapr_ram_ld32(m, a) + 1);
    }
}

static void vpa_undispatch(SpaprMachine *m, SpaprVcpu *v)
{
    if (!v->undispatched) {
        v->undispatched = true;
        vpa_dispatch_step(m, v);
    }
}

void spapr_vcpu_dispatch(SpaprMachine *m, CPUPPCState *env)
{
    SpaprVcpu *v = spapr_vcpu(m, env->cpu_index);

    if (v && v->undispatched && (!env->halted || ppc_cpu_has_work(env))) {
        v->undispatched = false;
        vpa_dispatch_step(m, v);
    }
}

/*
 * H_CEDE: gives up the processor until an external or decrementer
 * interrupt, or an H_PROD, and sets MSR[EE] so that the interrupt is taken
 * on return.  A prod that came before returns at once (and is consumed).
 */
int64_t h_cede(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    SpaprVcpu *vcpu = spapr_vcpu(m, env->cpu_index);

    env->msr |= MSR_BIT(MSR_EE);
    if (vcpu && vcpu->prodded) {
        vcpu->prodded = false;
        return H_SUCCESS;
    }
    if (!ppc_cpu_has_work(env)) {
        env->halted = true;
        if (vcpu) {
            vpa_undispatch(m, vcpu);
        }
    }
    return H_SUCCESS;
}

/*
 * H_PROD: r4 = a processor.  A ceded one resumes; any other remembers the
 * prod for its next H_CEDE.
 */
int64_t h_prod(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    CPUPPCState *target = spapr_cpu_by_index(m, args[0]);
    SpaprVcpu *vcpu = spapr_vcpu(m, args[0]);

    if (!target || !vcpu) {
        return hv_bad("H_PROD", "processor", args[0]);
    }
    if (__atomic_load_n(&target->halted, __ATOMIC_ACQUIRE) &&
        !vcpu->stopped) {
        __atomic_store_n(&target->halted, false, __ATOMIC_RELEASE);
        spapr_idle_wake_cpu(m, target);
    } else {
        vcpu->prodded = true;
    }
    return H_SUCCESS;
}

/*
 * H_CONFER: r4 = the processor to give the rest of this time slice to (-1:
 * any), r5 = its dispatch count.  With several vCPUs on one host thread
 * (spapr-smp.c) the caller's time slice ends, so that the vCPU it waits
 * for runs; otherwise every vCPU runs whenever it is not ceded and there
 * is nothing to give.  Either way the caller gives the processor up and
 * its dispatch count advances by two.  Conferring to itself is a no-op.
 */
int64_t h_confer(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    SpaprVcpu *v = spapr_vcpu(m, env->cpu_index);

    if (args[0] != UINT64_MAX && !spapr_cpu_by_index(m, args[0])) {
        return hv_bad("H_CONFER", "processor", args[0]);
    }
    if (v && args[0] != env->cpu_index && !v->undispatched) {
        vpa_dispatch_step(m, v);
        vpa_dispatch_step(m, v);
    }
    spapr_sched_yield(m, env);
    return H_SUCCESS;
}

/* H_REGISTER_VPA: the subfunction in flags (r4) bits 16:18 */
#define VPA_FUNC_SHIFT (63 - 18)
enum {
    VPA_REG_VPA = 1,
    VPA_REG_DTL = 2,
    VPA_REG_SLB = 3,
    VPA_DEREG_VPA = 5,
    VPA_DEREG_DTL = 6,
    VPA_DEREG_SLB = 7,
};
#define VPA_MIN_SIZE 640     /* LoPAPR: the VPA is at least 640 bytes */
#define DTL_ENTRY_SIZE 48    /* a dispatch trace log entry */
#define SLB_SHADOW_MIN 8     /* the entry count and the first ESID word */

static uint32_t hv_ram_ld16(const SpaprMachine *m, uint64_t addr)
{
    return (uint32_t)m->ram[addr] << 8 | m->ram[addr + 1];
}

static int64_t vpa_register(SpaprMachine *m, SpaprVcpu *v, unsigned fn,
                            uint64_t addr)
{
    uint64_t size;

    /* every area is cache-line aligned and starts with its size at +4:
       16 bits for the VPA, 32 for the others */
    if (addr == 0 || addr % HV_CACHE_LINE || !spapr_ram_valid(m, addr, 8)) {
        return hv_bad("H_REGISTER_VPA", "address", addr);
    }
    size = fn == VPA_REG_VPA ? hv_ram_ld16(m, addr + 4)
                             : spapr_ram_ld32(m, addr + 4);
    if (!spapr_ram_valid(m, addr, size)) {
        return hv_bad("H_REGISTER_VPA", "size", size);
    }
    switch (fn) {
    case VPA_REG_VPA:
        /* at least 640 bytes, within one 4 KiB page */
        if (size < VPA_MIN_SIZE ||
            addr / HV_PAGE_4K != (addr + size - 1) / HV_PAGE_4K) {
            return hv_bad("H_REGISTER_VPA", "VPA size", size);
        }
        v->vpa = addr;
        v->vpa_size = size;
        return H_SUCCESS;
    case VPA_REG_DTL:
        if (size < DTL_ENTRY_SIZE) {
            return hv_bad("H_REGISTER_VPA", "DTL size", size);
        }
        if (!v->vpa) {
            return H_RESOURCE; /* a DTL needs a VPA */
        }
        v->dtl = addr;
        v->dtl_size = size - size % DTL_ENTRY_SIZE;
        return H_SUCCESS;
    default: /* VPA_REG_SLB */
        if (size < SLB_SHADOW_MIN) {
            return hv_bad("H_REGISTER_VPA", "SLB shadow size", size);
        }
        if (!v->vpa) {
            return H_RESOURCE;
        }
        v->slb_shadow = addr;
        v->slb_shadow_size = size;
        return H_SUCCESS;
    }
}

/*
 * H_REGISTER_VPA: r4 = flags (the subfunction), r5 = the processor whose
 * area it is, r6 = the area's real address.  Registers or deregisters the
 * virtual processor area, the dispatch trace log or the SLB shadow buffer;
 * the last two need a VPA, which cannot go while they exist (H_RESOURCE).
 * We never preempt a vCPU: the hypervisor writes the VPA's dispatch count
 * only around H_CEDE and H_CONFER, and no DTL entries.
 */
int64_t h_register_vpa(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    unsigned fn = (unsigned)(args[0] >> VPA_FUNC_SHIFT) & 7;
    SpaprVcpu *v = spapr_vcpu(m, args[1]);

    if (!v) {
        return hv_bad("H_REGISTER_VPA", "processor", args[1]);
    }
    switch (fn) {
    case VPA_REG_VPA:
    case VPA_REG_DTL:
    case VPA_REG_SLB:
        return vpa_register(m, v, fn, args[2]);
    case VPA_DEREG_VPA:
        if (v->dtl || v->slb_shadow) {
            return H_RESOURCE;
        }
        v->vpa = v->vpa_size = 0;
        return H_SUCCESS;
    case VPA_DEREG_DTL:
        v->dtl = v->dtl_size = 0;
        return H_SUCCESS;
    case VPA_DEREG_SLB:
        v->slb_shadow = v->slb_shadow_size = 0;
        return H_SUCCESS;
    default:
        return hv_bad("H_REGISTER_VPA", "subfunction", fn);
    }
}

/* a dedicated-processor partition: each vCPU is one whole processor,
   capped, in pool 0 (capacities in hundredths of a processor) */

/*
 * H_GET_PPP: the partition's processor performance parameters.  r4 =
 * entitled capacity, r5 = unallocated capacity, r6 = group and pool
 * numbers, r7 = capped bit (bit 15), variable weight, unallocated weight,
 * active processors in the pool and on the platform, r8 = the pool's
 * details (only with ibm,partition-performance-parameters-level >= 1,
 * which we do not claim: 0).
 */
int64_t h_get_ppp(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t n = hv_nr_vcpus(m);

    args[0] = 100 * n;
    args[1] = 0;
    args[2] = 0;
    args[3] = HV_BIT(15) | n << 16 | n;
    args[4] = 0;
    return H_SUCCESS;
}

/* H_SET_PPP: r4 = requested entitled capacity, r5 = variable weight.  The
   capacity of a dedicated partition is what it is: any other request is
   constrained to it */
int64_t h_set_ppp(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    if (args[1] > 0xff) {
        return hv_bad("H_SET_PPP", "weight", args[1]);
    }
    return args[0] == 100 * hv_nr_vcpus(m) && args[1] == 0 ? H_SUCCESS
                                                           : H_CONSTRAINED;
}

/* H_PURR: r4 = the caller's PURR.  The vCPU owns its processor all the
   time, so the PURR advances with the timebase */
int64_t h_purr(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    args[0] = ppc_get_timebase(env);
    return H_SUCCESS;
}

/* H_POLL_PENDING: H_PENDING if an interrupt waits for the caller */
int64_t h_poll_pending(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    return m->xics && xics_output(m->xics, env->cpu_index) ? H_PENDING
                                                          : H_SUCCESS;
}

/* ------------------------------------------------------------ modes */

/* calls fn for every vCPU of the partition (the caller is one of them,
   even in a bare test machine) */
typedef void HvCpuFn(CPUPPCState *env, const uint64_t *vals);

static void hv_for_each_cpu(SpaprMachine *m, CPUPPCState *caller,
                            HvCpuFn *fn, const uint64_t *vals)
{
    bool caller_seen = false;

    spapr_smp_exclusive_begin(m);
    for (uint64_t i = 0; i < hv_nr_vcpus(m); i++) {
        CPUPPCState *env = spapr_cpu_by_index(m, i);

        if (env) {
            fn(env, vals);
            caller_seen |= env == caller;
        }
    }
    if (!caller_seen) {
        fn(caller, vals);
    }
    spapr_smp_exclusive_end(m);
}

/* vals: SPR number, value [, second SPR number, value] (a number of 0
   ends the list) */
static void hv_set_sprs_fn(CPUPPCState *env, const uint64_t *vals)
{
    for (int i = 0; i < 4 && vals[i]; i += 2) {
        env->spr[vals[i]] = vals[i + 1];
    }
}

static void hv_set_sprs(SpaprMachine *m, CPUPPCState *caller, int spr,
                        uint64_t val, int sprx, uint64_t valx)
{
    const uint64_t vals[4] = { (uint64_t)spr, val,
                               sprx > 0 ? (uint64_t)sprx : 0, valx };

    hv_for_each_cpu(m, caller, hv_set_sprs_fn, vals);
}

/* vals: mask, value */
static void hv_set_lpcr_fn(CPUPPCState *env, const uint64_t *vals)
{
    env->spr[SPR_LPCR] = (env->spr[SPR_LPCR] & ~vals[0]) | vals[1];
}

static void hv_set_lpcr(SpaprMachine *m, CPUPPCState *caller, uint64_t mask,
                        uint64_t val)
{
    const uint64_t vals[2] = { mask, val };

    hv_for_each_cpu(m, caller, hv_set_lpcr_fn, vals);
}

/* the CPU has no debug facilities yet: the registers are set as the hcall
   says, but nothing will match them */
static void hv_debug_unimp(const char *what, uint64_t val)
{
    if (val && log_enabled(LOG_UNIMP)) {
        log_printf("%s 0x%" PRIx64 ": breakpoints are not implemented\n",
                   what, val);
    }
}

/* H_SET_MODE resources (r5) */
enum {
    SET_MODE_CIABR = 1,
    SET_MODE_DAWR0 = 2,
    SET_MODE_ADDR_TRANS = 3,
    SET_MODE_LE = 4,
};
#define CIABR_PRIV_MASK 3ull  /* bits 62:63 */
#define CIABR_PRIV_HYP 3ull
#define DAWRX_HYP HV_BIT(61)

/*
 * H_SET_MODE (function set hcall-set-mode): r4 = mflags, r5 = resource,
 * r6/r7 = value1/value2, for every processor of the partition:
 *   1  CIABR = value1 (not a hypervisor breakpoint: H_P3; value2 = 0: H_P4)
 *   2  DAWR0 = value1, DAWRX0 = value2 (not HYP: H_P4)
 *   3  LPCR[AIL] = mflags (0, 2 or 3; 1 is reserved); values 0
 *   4  LPCR[ILE] = mflags (0 big-endian, 1 little-endian interrupts)
 * An unknown resource is H_P2, a bad mflags H_UNSUPPORTED_FLAG.
 */
int64_t h_set_mode(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t mflags = args[0], resource = args[1];
    uint64_t value1 = args[2], value2 = args[3];

    switch (resource) {
    case SET_MODE_CIABR:
        if (value2) {
            return H_P4;
        }
        if (mflags) {
            return H_UNSUPPORTED_FLAG;
        }
        if ((value1 & CIABR_PRIV_MASK) == CIABR_PRIV_HYP) {
            return H_P3;
        }
        hv_debug_unimp("CIABR", value1 & CIABR_PRIV_MASK);
        hv_set_sprs(m, env, SPR_CIABR, value1, -1, 0);
        return H_SUCCESS;
    case SET_MODE_DAWR0:
        if (mflags) {
            return H_UNSUPPORTED_FLAG;
        }
        if (value2 & DAWRX_HYP) {
            return H_P4;
        }
        hv_debug_unimp("DAWRX0", value2);
        hv_set_sprs(m, env, SPR_DAWR0, value1, SPR_DAWRX0, value2);
        return H_SUCCESS;
    case SET_MODE_ADDR_TRANS:
        if (value1) {
            return H_P3;
        }
        if (value2) {
            return H_P4;
        }
        if (mflags == 1 || mflags > 3) {
            return H_UNSUPPORTED_FLAG;
        }
        hv_set_lpcr(m, env, HV_LPCR_AIL_MASK, mflags << HV_LPCR_AIL_SHIFT);
        return H_SUCCESS;
    case SET_MODE_LE:
        if (value1) {
            return H_P3;
        }
        if (value2) {
            return H_P4;
        }
        if (mflags > 1) {
            return H_UNSUPPORTED_FLAG;
        }
        hv_set_lpcr(m, env, HV_LPCR_ILE, mflags ? HV_LPCR_ILE : 0);
        return H_SUCCESS;
    default:
        if (log_enabled(LOG_UNIMP)) {
            log_printf("H_SET_MODE: resource %" PRIu64 " not supported\n",
                       resource);
        }
        return H_P2;
    }
}

/*
 * The data breakpoint of older processors, DABR (address | BT | DW | DR)
 * with DABRX (BTI | HYP | PNH | PRO), lives on in POWER8/9 as DAWR0 and
 * DAWRX0 (Power ISA 3.0 Book III, "Data Address Watchpoint"): the address
 * moves over, DW/DR become DAWRX's DW (bit 57) and DR (bit 58), BT its WT
 * (59), BTI its WTI (60), and the privilege bits keep their place.
 */
#define DABR_BT 4ull
#define DABR_DW 2ull
#define DABR_DR 1ull
#define DABRX_BTI 8ull
#define DABRX_HYP 4ull
#define DABRX_PNH 2ull
#define DABRX_PRO 1ull

static void hv_set_dabr(SpaprMachine *m, CPUPPCState *env, uint64_t dabr,
                        uint64_t dabrx)
{
    uint64_t dawrx = (dabrx & (DABRX_PNH | DABRX_PRO)) |
                     (dabr & DABR_DW ? HV_BIT(57) : 0) |
                     (dabr & DABR_DR ? HV_BIT(58) : 0) |
                     (dabr & DABR_BT ? HV_BIT(59) : 0) |
                     (dabrx & DABRX_BTI ? HV_BIT(60) : 0);

    hv_debug_unimp("DABR", dabr & (DABR_DW | DABR_DR));
    hv_set_sprs(m, env, SPR_DAWR0, dabr & ~7ull, SPR_DAWRX0, dawrx);
}

/* H_SET_SPRG0 (hcall-sprg0): r4 = the new SPRG0 of the calling processor
   (LoPAPR: the partition could write SPRG0 itself; the call exists for
   old operating systems and always succeeds) */
int64_t h_set_sprg0(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    env->spr[SPR_SPRG0] = args[0];
    return H_SUCCESS;
}

/* H_SET_DABR (hcall-dabr): r4 = DABR, for user and kernel accesses */
int64_t h_set_dabr(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    hv_set_dabr(m, env, args[0], DABRX_PNH | DABRX_PRO);
    return H_SUCCESS;
}

/* H_SET_XDABR (hcall-xdabr): r4 = DABR, r5 = DABRX; a partition cannot
   watch the hypervisor, and DABRX has no other bits */
int64_t h_set_xdabr(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t dabrx = args[1];

    if (dabrx & ~(DABRX_BTI | DABRX_PNH | DABRX_PRO)) {
        return hv_bad("H_SET_XDABR", "DABRX", dabrx);
    }
    hv_set_dabr(m, env, args[0], dabrx);
    return H_SUCCESS;
}

/* ------------------------------------------------------------ memory */

/* H_PAGE_INIT flags (r4) */
#define PAGE_INIT_ICACHE_INVALIDATE HV_BIT(40)
#define PAGE_INIT_ICACHE_SYNCHRONIZE HV_BIT(41)
#define PAGE_INIT_ZERO HV_BIT(48)
#define PAGE_INIT_COPY HV_BIT(49)
/* bits 28:31: the page-state changes of cooperative memory overcommit,
   which have nothing to do in a partition whose memory is all its own */
#define PAGE_INIT_CMO_STATE (HV_BIT(28) | HV_BIT(29) | HV_BIT(30) | HV_BIT(31))

/*
 * H_PAGE_INIT (function set hcall-copy): r4 = flags, r5 = the 4 KiB
 * destination page, r6 = the source page (with H_COPY_PAGE).  Copies or
 * zeroes the page; instruction-cache flags make fetches see it, which
 * every hypervisor write here does anyway.
 */
int64_t h_page_init(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    const uint64_t known = PAGE_INIT_ICACHE_INVALIDATE |
                           PAGE_INIT_ICACHE_SYNCHRONIZE | PAGE_INIT_ZERO |
                           PAGE_INIT_COPY | PAGE_INIT_CMO_STATE;
    uint64_t flags = args[0], dest = args[1], src = args[2];

    if (flags & ~known) {
        return hv_bad("H_PAGE_INIT", "flags", flags);
    }
    if (dest % HV_PAGE_4K || !spapr_ram_valid(m, dest, HV_PAGE_4K)) {
        return hv_bad("H_PAGE_INIT", "destination", dest);
    }
    if ((flags & PAGE_INIT_COPY) &&
        (src % HV_PAGE_4K || !spapr_ram_valid(m, src, HV_PAGE_4K))) {
        return hv_bad("H_PAGE_INIT", "source", src);
    }
    if (flags & PAGE_INIT_COPY) {
        memmove(m->ram + dest, m->ram + src, HV_PAGE_4K);
    } else if (flags & PAGE_INIT_ZERO) {
        memset(m->ram + dest, 0, HV_PAGE_4K);
    }
    if (flags & (PAGE_INIT_COPY | PAGE_INIT_ZERO |
                 PAGE_INIT_ICACHE_INVALIDATE |
                 PAGE_INIT_ICACHE_SYNCHRONIZE)) {
        tb_invalidate_phys_range(dest, HV_PAGE_4K);
    }
    return H_SUCCESS;
}

/* the access of H_LOGICAL_CI_LOAD/STORE: 1, 2, 4 or 8 bytes, naturally
   aligned, in RAM or in a PCI host bridge's window (hw-pci) */
static bool hv_ci_check(SpaprMachine *m, const char *call, uint64_t size,
                        uint64_t addr)
{
    if (size != 1 && size != 2 && size != 4 && size != 8) {
        hv_bad(call, "size", size);
        return false;
    }
    if (addr % size) {
        hv_bad(call, "address", addr);
        return false;
    }
    return true;
}

/* a device register's bytes (little-endian first, as spapr_pci_mmio
   gives them) as the big-endian value of a size-byte load */
static uint64_t hv_ci_swap(uint64_t v, uint64_t size)
{
    uint64_t r = 0;

    for (uint64_t i = 0; i < size; i++) {
        r = r << 8 | ((v >> (8 * i)) & 0xff);
    }
    return r;
}

/*
 * H_LOGICAL_CI_LOAD (function set hcall-debug): r4 = size in bytes, r5 =
 * logical address; returns r4 = the big-endian value there, as a
 * cache-inhibited load would read it.  SLOF reaches PCI BARs with it.
 */
int64_t h_logical_ci_load(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    uint64_t size = args[0], addr = args[1], val = 0;

    if (!hv_ci_check(m, "H_LOGICAL_CI_LOAD", size, addr)) {
        return H_PARAMETER;
    }
    if (!spapr_ram_valid(m, addr, size)) {
        if (!spapr_pci_mmio(m, addr, (unsigned)size, false, &val)) {
            hv_bad("H_LOGICAL_CI_LOAD", "address", addr);
            return H_PARAMETER;
        }
        args[0] = hv_ci_swap(val, size);
        return H_SUCCESS;
    }
    for (uint64_t i = 0; i < size; i++) {
        val = val << 8 | m->ram[addr + i];
    }
    args[0] = val;
    return H_SUCCESS;
}

/* H_LOGICAL_CI_STORE: r4 = size, r5 = address, r6 = the value (its low
   size bytes, stored big-endian) */
int64_t h_logical_ci_store(SpaprMachine *m, CPUPPCState *env,
                           uint64_t *args)
{
    uint64_t size = args[0], addr = args[1], val = args[2];

    if (!hv_ci_check(m, "H_LOGICAL_CI_STORE", size, addr)) {
        return H_PARAMETER;
    }
    if (!spapr_ram_valid(m, addr, size)) {
        uint64_t v = hv_ci_swap(val, size);

        if (!spapr_pci_mmio(m, addr, (unsigned)size, true, &v)) {
            hv_bad("H_LOGICAL_CI_STORE", "address", addr);
            return H_PARAMETER;
        }
        return H_SUCCESS;
    }
    for (uint64_t i = 0; i < size; i++) {
        m->ram[addr + i] = (uint8_t)(val >> (8 * (size - 1 - i)));
    }
    tb_invalidate_phys_range(addr, size);
    return H_SUCCESS;
}

/* ------------------------------------------------------------ platform */

/* H_GET_CPU_CHARACTERISTICS bits (IBM bit numbers) */
#define CPU_CHAR_BCCTRL_SERIALISED HV_BIT(1)
#define CPU_BEHAV_FAVOUR_SECURITY HV_BIT(0)
#define CPU_BEHAV_NO_L1D_FLUSH_ENTRY HV_BIT(7)
#define CPU_BEHAV_NO_L1D_FLUSH_UACCESS HV_BIT(8)
#define CPU_BEHAV_NO_STF_BARRIER HV_BIT(9)

/*
 * H_GET_CPU_CHARACTERISTICS: r4 = what the processor is, r5 = what the OS
 * must do.  A translated CPU has no speculative execution, so no
 * side-channel mitigation is needed: indirect branches are serialised,
 * and none of the L1D flushes, store-forwarding barrier, bounds-check
 * barrier or branch-cache flushes is asked for (their "behaviour" bits are
 * absent, or present as NO_*).
 */
int64_t h_get_cpu_characteristics(SpaprMachine *m, CPUPPCState *env,
                                  uint64_t *args)
{
    args[0] = CPU_CHAR_BCCTRL_SERIALISED;
    args[1] = CPU_BEHAV_FAVOUR_SECURITY | CPU_BEHAV_NO_L1D_FLUSH_ENTRY |
              CPU_BEHAV_NO_L1D_FLUSH_UACCESS | CPU_BEHAV_NO_STF_BARRIER;
    return H_SUCCESS;
}
