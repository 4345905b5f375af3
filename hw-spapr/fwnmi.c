/*
 * hw-spapr/fwnmi.c: Firmware Assisted Non-Maskable Interrupts (LoPAPR
 * 7.3.14, "ibm,nmi-register" and "ibm,nmi-interlock").
 *
 * A partition that registers FWNMI gets its machine checks and system
 * resets at the two real addresses it gave, not at 0x200 and 0x100, and
 * with the platform's analysis of a machine check:
 *   - the interrupt is first delivered as the ISA says (SRR0, SRR1, the
 *     interrupt MSR: real mode, ME kept), then nip becomes the registered
 *     address;
 *   - r3 holds the real address of a save area in the RTAS region: its
 *     first doubleword is the interrupted r3 (big-endian); for a machine
 *     check an RTAS error log follows (version 6, extended: the private
 *     and user headers and the machine check "MC" section, with the
 *     error type, the access's effective and real address);
 *   - a machine check holds the area until the partition calls
 *     ibm,nmi-interlock; a second machine check on that vCPU before then
 *     is a checkstop, as on a platform that cannot report it.  System
 *     resets need no interlock (Linux does not call it for them).
 * Linux (arch/powerpc/platforms/pseries/ras.c) accepts a save area at
 * 0x7000..0x7ff0 or inside [rtas.base, rtas.base + rtas-size - 16); each
 * vCPU has one of its own in the RTAS region, past the entry code, so
 * vCPUs never wait for each other's interlock.  The region is where the
 * guest instantiated RTAS (m->rtas_guest_base).
 *
 * A load beyond RAM from a user program then reads, in Linux, as a
 * synchronous uncorrectable error: "Severe Machine check interrupt [Not
 * recovered]" and the task killed with SIGBUS, the partition running on.
 * Without registration (or with cap-fwnmi=off, where ibm,nmi-register
 * fails) the interrupts stay at their vectors.
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "spapr-hv.h"
#include "spapr.h"

#define RTAS_OUT_NOT_SUPPORTED (-3)

/* the per-vCPU save areas: RTAS region + FWNMI_AREA_OFFSET + index *
   FWNMI_SLOT_SIZE (64 vCPUs end at 0x9000, within the 64 KiB region) */
#define FWNMI_AREA_OFFSET 0x1000
#define FWNMI_SLOT_SIZE 0x200
_Static_assert(FWNMI_AREA_OFFSET + SPAPR_MAX_CPUS * FWNMI_SLOT_SIZE <=
                   SPAPR_RTAS_SIZE - 16,
               "Linux wants the save area 16 bytes before the region's end");

/* the RTAS error log (LoPAPR "RTAS Error Log" and its version 6
   extension), as Linux's asm/rtas.h reads it */
#define LOG_VERSION_6 6
#define LOG_SEVERITY_ERROR_SYNC 3 /* byte 1, bits 7:5 */
#define LOG_DISP_NOT_RECOVERED 2  /* byte 1, bits 4:3 */
#define LOG_EXTENDED 0x04         /* byte 1 */
#define LOG_INITIATOR_CPU 1       /* byte 2, bits 7:4 */
#define LOG_TARGET_MEMORY 4       /* byte 2, bits 3:0 */
#define LOG_TYPE_ECC_UNCORR 0x09
#define LOG_FIXED_LEN 8
#define V6_VALID_NEW_BE 0x86 /* log valid, new log, big endian */
#define V6_FORMAT_EVENT_LOG 14
#define V6_HEADER_LEN 16
/* the "MC" section's data: fru id, processor id, error type, sub type,
   reserved, effective address, logical (real) address */
#define MC_ERROR_TYPE_UE 0x00
#define MC_UE_EA_PROVIDED 0x40
#define MC_UE_LA_PROVIDED 0x20
#define MC_UE_INDETERMINATE 0
#define MC_UE_IFETCH 1
#define MC_UE_LOAD_STORE 3
#define MC_DATA_LEN 32

typedef struct FwnmiLog {
    uint8_t b[FWNMI_SLOT_SIZE - 8];
    size_t len;
} FwnmiLog;

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)(v >> 32));
    put32(p + 4, (uint32_t)v);
}

static uint8_t bcd(unsigned v)
{
    return (uint8_t)(((v / 10) % 10) << 4 | (v % 10));
}

/* a section: id, length (header included), version 1, subtype */
static uint8_t *log_section(FwnmiLog *l, char id0, char id1, uint16_t len)
{
    uint8_t *p = l->b + l->len;

    p[0] = (uint8_t)id0;
    p[1] = (uint8_t)id1;
    put16(p + 2, len);
    p[4] = 1;
    l->len += len;
    return p;
}

/* the error log of a machine check on env: a synchronous uncorrectable
   error the platform did not recover from, with the access if known */
static void fwnmi_mce_log(const SpaprMachine *m, const CPUPPCState *env,
                          FwnmiLog *l)
{
    /* the partition's time of day (rtc.c), as in events.c */
    time_t now = (time_t)(MAX(spapr_rtc_now_ns(m), 0) / 1000000000);
    struct tm tm;

    memset(l, 0, sizeof(*l));
    gmtime_r(&now, &tm);
    l->b[0] = LOG_VERSION_6;
    l->b[1] = LOG_SEVERITY_ERROR_SYNC << 5 | LOG_DISP_NOT_RECOVERED << 3 |
              LOG_EXTENDED;
    l->b[2] = LOG_INITIATOR_CPU << 4 | LOG_TARGET_MEMORY;
    l->b[3] = LOG_TYPE_ECC_UNCORR;
    l->b[LOG_FIXED_LEN] = V6_VALID_NEW_BE;
    l->b[LOG_FIXED_LEN + 2] = V6_FORMAT_EVENT_LOG;
    memcpy(l->b + LOG_FIXED_LEN + 12, "IBM", 4);
    l->len = LOG_FIXED_LEN + V6_HEADER_LEN;

    /* private header: creation date and time in BCD, creator 'H'
       (hypervisor), three sections */
    uint8_t *ph = log_section(l, 'P', 'H', 48);
    unsigned year = (unsigned)tm.tm_year + 1900;
    uint8_t date[8] = { bcd(year / 100), bcd(year % 100),
                        bcd((unsigned)tm.tm_mon + 1), bcd((unsigned)tm.tm_mday),
                        bcd((unsigned)tm.tm_hour), bcd((unsigned)tm.tm_min),
                        bcd((unsigned)tm.tm_sec), 0 };
    memcpy(ph + 8, date, 8);
    memcpy(ph + 16, date, 8);
    ph[24] = 'H';
    ph[27] = 3;

    /* user header: subsystem processor (0x10), platform scope (0x03),
       severity unrecoverable error (0x40), event type not applicable */
    uint8_t *uh = log_section(l, 'U', 'H', 24);
    uh[8] = 0x10;
    uh[9] = 0x03;
    uh[10] = 0x40;

    /* the machine check section */
    uint8_t *mc = log_section(l, 'M', 'C', 8 + MC_DATA_LEN);
    uint8_t sub = MC_UE_INDETERMINATE;
    put32(mc + 12, env->cpu_index);
    mc[16] = MC_ERROR_TYPE_UE;
    if (env->mce_info) {
        sub = env->mce_access == 2 ? MC_UE_IFETCH : MC_UE_LOAD_STORE;
        sub |= MC_UE_LA_PROVIDED;
        if (env->mce_ea) {
            sub |= MC_UE_EA_PROVIDED;
            put64(mc + 24, env->mce_ea);
        }
        put64(mc + 32, env->mce_pa);
    }
    mc[17] = sub;

    put32(l->b + 4, (uint32_t)(l->len - LOG_FIXED_LEN));
}

static void fwnmi_store(SpaprMachine *m, uint64_t addr, const uint8_t *p,
                        size_t len)
{
    memcpy(m->ram + addr, p, len);
}

/* PPCHypervisorOps.nmi_delivered: the interrupt is at its vector; send
   it to the registered handler */
void spapr_fwnmi_delivered(void *opaque, CPUPPCState *env, int excp)
{
    SpaprMachine *m = opaque;
    SpaprHv *hv = m->hv;
    SpaprVcpu *v = spapr_vcpu(m, env->cpu_index);
    uint64_t handler, slot;
    uint8_t save[8];

    if (!hv || !v) {
        return;
    }
    handler = __atomic_load_n(excp == EXCP_MCHECK ? &hv->fwnmi_mce
                                                  : &hv->fwnmi_sreset,
                              __ATOMIC_ACQUIRE);
    if (handler == 0) {
        return; /* not registered: the vector it is */
    }
    slot = __atomic_load_n(&m->rtas_guest_base, __ATOMIC_RELAXED) +
           FWNMI_AREA_OFFSET + (uint64_t)env->cpu_index * FWNMI_SLOT_SIZE;
    if (env->cpu_index >= SPAPR_MAX_CPUS ||
        !spapr_ram_valid(m, slot, FWNMI_SLOT_SIZE)) {
        return;
    }
    if (excp == EXCP_MCHECK) {
        if (v->fwnmi_mce_held) {
            /* its last machine check is not released: nowhere to report
               this one (LoPAPR 7.3.14) */
            if (log_enabled(LOG_INT | LOG_GUEST_ERROR)) {
                log_printf("FWNMI: CPU#%u machine check before "
                           "ibm,nmi-interlock: checkstop\n", env->cpu_index);
            }
            env->halted = true;
            env->checkstop = true;
            return;
        }
        FwnmiLog l;
        fwnmi_mce_log(m, env, &l);
        fwnmi_store(m, slot + 8, l.b, l.len);
        v->fwnmi_mce_held = true;
    }
    put64(save, env->gpr[3]);
    fwnmi_store(m, slot, save, 8);
    env->gpr[3] = slot;
    env->nip = handler;
    if (log_enabled(LOG_INT)) {
        log_printf("FWNMI: CPU#%u %s -> 0x%016" PRIx64 ", r3 0x%" PRIx64
                   "\n", env->cpu_index,
                   excp == EXCP_MCHECK ? "machine check" : "system reset",
                   handler, slot);
    }
}

/* ibm,nmi-register: (system reset handler, machine check handler), real
   addresses; 0 on success.  cap-fwnmi=off: not supported. */
void rtas_ibm_nmi_register(SpaprMachine *m, CPUPPCState *env,
                           const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 2, 1, "ibm,nmi-register")) {
        return;
    }
    uint64_t sreset = spapr_rtas_arg(m, a, 0);
    uint64_t mce = spapr_rtas_arg(m, a, 1);
    if (!m->cfg->caps.val[SPAPR_CAP_FWNMI] || !m->hv) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_NOT_SUPPORTED);
        return;
    }
    if (!spapr_ram_valid(m, sreset, 4) || !spapr_ram_valid(m, mce, 4) ||
        sreset == 0 || mce == 0) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        return;
    }
    __atomic_store_n(&m->hv->fwnmi_sreset, sreset, __ATOMIC_RELEASE);
    __atomic_store_n(&m->hv->fwnmi_mce, mce, __ATOMIC_RELEASE);
    spapr_rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
}

/* ibm,nmi-interlock: the calling vCPU is done with its machine check's
   save area */
void rtas_ibm_nmi_interlock(SpaprMachine *m, CPUPPCState *env,
                            const SpaprRtasArgs *a)
{
    SpaprVcpu *v = spapr_vcpu(m, env->cpu_index);

    if (!spapr_rtas_check_counts(m, a, 0, 1, "ibm,nmi-interlock")) {
        return;
    }
    if (!m->hv || !m->hv->fwnmi_mce) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_NOT_SUPPORTED);
        return;
    }
    if (v) {
        v->fwnmi_mce_held = false;
    }
    spapr_rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
}
