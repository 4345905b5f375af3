/*
 * hw-spapr/hcall.c: the hypervisor-call table (LoPAPR: hypervisor calls).
 *
 * `sc 1` exits translated code into spapr_hcall(), which looks the opcode
 * (r3) up in spapr_hcalls[].  Each handler gets the argument registers
 * r4..r12 as an array, returns the status for r3 and writes any results
 * back into the same array (LoPAPR hypervisor call conventions: results
 * in r4 upwards).  Every
 * argument is guest input: a bad one gets the PAPR error code and, under
 * -d guest_errors, a log line; an opcode missing from the table gets
 * H_FUNCTION and a -d unimp line.
 *
 * The device tree advertises function sets ("hcall-term"...) from
 * spapr_hcall_sets[], and only the sets whose every call is in the table.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "log.h"
#include "spapr.h"

typedef int64_t (*SpaprHcallFn)(SpaprMachine *m, CPUPPCState *env,
                                uint64_t *args);

typedef struct SpaprHcall {
    uint64_t opcode;
    const char *name;
    SpaprHcallFn fn;
} SpaprHcall;

/* the console behind a vty unit address, or NULL if there is none */
static Chardev *spapr_vty_lookup(SpaprMachine *m, uint64_t unit,
                                 const char *call)
{
    if (m->console && unit == SPAPR_VTY_REG) {
        return m->console;
    }
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("%s: no vty at unit address 0x%" PRIx64 "\n", call, unit);
    }
    return NULL;
}

/*
 * H_PUT_TERM_CHAR (LoPAPR, virtual terminal, function set hcall-term):
 * r4 = unit address, r5 = byte count (at most 16), r6..r7 = the bytes, the
 * first in the most significant byte of r6.
 */
static int64_t h_put_term_char(SpaprMachine *m, CPUPPCState *env,
                               uint64_t *args)
{
    Chardev *vty = spapr_vty_lookup(m, args[0], "H_PUT_TERM_CHAR");
    uint64_t len = args[1];
    uint8_t buf[16];

    if (!vty) {
        return H_PARAMETER;
    }
    if (len > sizeof(buf)) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("H_PUT_TERM_CHAR: length %" PRIu64 " > 16\n", len);
        }
        return H_PARAMETER;
    }
    for (int i = 0; i < 8; i++) {
        buf[i] = (uint8_t)(args[2] >> (56 - 8 * i));
        buf[8 + i] = (uint8_t)(args[3] >> (56 - 8 * i));
    }
    chardev_write(vty, buf, len);
    return H_SUCCESS;
}

/*
 * H_GET_TERM_CHAR (LoPAPR, virtual terminal, function set hcall-term):
 * r4 = unit address; returns r4 = byte count (0 when nothing is waiting),
 * r5..r6 = up to 16 bytes packed as for H_PUT_TERM_CHAR.
 */
static int64_t h_get_term_char(SpaprMachine *m, CPUPPCState *env,
                               uint64_t *args)
{
    Chardev *vty = spapr_vty_lookup(m, args[0], "H_GET_TERM_CHAR");
    uint8_t buf[16] = { 0 };
    size_t n;

    if (!vty) {
        return H_PARAMETER;
    }
    n = chardev_read(vty, buf, sizeof(buf));
    args[0] = n;
    args[1] = 0;
    args[2] = 0;
    for (int i = 0; i < 8; i++) {
        args[1] |= (uint64_t)buf[i] << (56 - 8 * i);
        args[2] |= (uint64_t)buf[8 + i] << (56 - 8 * i);
    }
    return H_SUCCESS;
}

/*
 * H_CEDE (LoPAPR, shared-processor LPAR, function set hcall-splpar): gives
 * up the processor until an interrupt; sets MSR[EE] for the caller.  The
 * exec loop sees env->halted and returns EXCP_HALTED; the run loop waits
 * until the CPU has work again.
 */
static int64_t h_cede(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    env->msr |= MSR_BIT(MSR_EE);
    if (!ppc_cpu_has_work(env)) {
        env->halted = true;
    }
    return H_SUCCESS;
}

/* KVMPPC_H_RTAS: r4 = real address of the RTAS argument buffer */
static int64_t h_rtas(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    return spapr_rtas_call(m, env, args[0]);
}

static const SpaprHcall spapr_hcalls[] = {
    { H_GET_TERM_CHAR, "H_GET_TERM_CHAR", h_get_term_char },
    { H_PUT_TERM_CHAR, "H_PUT_TERM_CHAR", h_put_term_char },
    { H_CEDE, "H_CEDE", h_cede },
    { KVMPPC_H_RTAS, "KVMPPC_H_RTAS", h_rtas },
};

/* LoPAPR function sets (the ibm,hypertas-functions names); 0 ends a list */
typedef struct SpaprHcallSet {
    const char *name;
    uint64_t calls[12];
} SpaprHcallSet;

static const SpaprHcallSet spapr_hcall_sets[] = {
    { "hcall-term", { H_GET_TERM_CHAR, H_PUT_TERM_CHAR } },
    { "hcall-splpar",
      { H_REGISTER_VPA, H_CEDE, H_CONFER, H_PROD, H_GET_PPP, H_SET_PPP,
        H_PURR, H_POLL_PENDING } },
};

static const SpaprHcall *spapr_hcall_find(uint64_t opcode)
{
    for (size_t i = 0; i < G_N_ELEMENTS(spapr_hcalls); i++) {
        if (spapr_hcalls[i].opcode == opcode) {
            return &spapr_hcalls[i];
        }
    }
    return NULL;
}

void spapr_hcall(SpaprMachine *m, CPUPPCState *env)
{
    uint64_t opcode = env->gpr[3];
    const SpaprHcall *h;

    /* LoPAPR: an hcall made from problem state gets H_PRIVILEGE */
    if (env->msr & MSR_BIT(MSR_PR)) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("hcall 0x%" PRIx64 " from problem state\n", opcode);
        }
        env->gpr[3] = (uint64_t)H_PRIVILEGE;
        return;
    }
    h = spapr_hcall_find(opcode);
    if (!h) {
        if (log_enabled(LOG_UNIMP)) {
            log_printf("unimplemented hcall 0x%" PRIx64 " at 0x%" PRIx64 "\n",
                       opcode, env->nip - 4);
        }
        env->gpr[3] = (uint64_t)H_FUNCTION;
        return;
    }
    env->gpr[3] = (uint64_t)h->fn(m, env, &env->gpr[4]);
}

char *spapr_hypertas_functions(size_t *len)
{
    GString *s = g_string_new(NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(spapr_hcall_sets); i++) {
        const SpaprHcallSet *set = &spapr_hcall_sets[i];
        bool complete = true;

        for (size_t j = 0; j < G_N_ELEMENTS(set->calls) && set->calls[j];
             j++) {
            complete = complete && spapr_hcall_find(set->calls[j]) != NULL;
        }
        if (complete) {
            g_string_append_len(s, set->name, (gssize)strlen(set->name) + 1);
        }
    }
    *len = s->len;
    return g_string_free(s, FALSE);
}

static void spapr_hcall_entry(void *opaque, CPUPPCState *env)
{
    spapr_hcall(opaque, env);
}

/* no interrupt controller yet: nothing external is ever pending */
static bool spapr_irq_pending(void *opaque, CPUPPCState *env)
{
    return false;
}

const PPCHypervisorOps spapr_hypervisor_ops = {
    .hcall = spapr_hcall_entry,
    .irq_pending = spapr_irq_pending,
};
