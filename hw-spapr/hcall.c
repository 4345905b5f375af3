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
#include "pci.h"
#include "spapr-hv.h"
#include "spapr-rng.h"
#include "spapr-vio.h"
#include "spapr-vlan.h"
#include "spapr-vty.h"
#include "spapr.h"
#include "xics.h"

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
    Chardev *c = spapr_vty_chardev(m, unit);

    if (c) {
        return c;
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

/* H_REGISTER_PROC_TBL flags (r4), as Linux's pseries code passes them */
#define PROC_TABLE_OP_MASK 0x18
#define PROC_TABLE_OP_NONE 0x00   /* no process table (hash with SLB) */
#define PROC_TABLE_DEREG 0x10
#define PROC_TABLE_NEW 0x18
#define PROC_TABLE_TYPE_MASK 0x06
#define PROC_TABLE_HPT_SLB 0x00
#define PROC_TABLE_RADIX 0x04
#define PROC_TABLE_GTSE 0x01
/* the largest process table: PRTS is at most 24 (Power ISA 3.0B Book III
   5.7.6.2), a table of 2^(12 + 24) bytes */
#define PROC_TABLE_MAX_SIZE 24

static int64_t proc_tbl_bad(const char *why, uint64_t flags)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("H_REGISTER_PROC_TBL flags 0x%" PRIx64 ": %s\n", flags,
                   why);
    }
    return H_PARAMETER;
}

/*
 * H_REGISTER_PROC_TBL (Power ISA 3.0 partitions, in LoPAPR's update for
 * them): r4 = flags, r5 = the process table's real address, r6 = page size
 * (for hashed page tables, which we do not offer), r7 = log2(table size)
 * - 12.  Radix or hash must be what client-architecture-support agreed;
 * without that negotiation a radix table is accepted and selects radix.
 * The CPU then translates through the table (target-ppc/mmu-radix.c).
 */
/* the process table and the MMU mode are the partition's: every vCPU
   gets them (a secondary started later translates like the boot vCPU) */
static void proc_tbl_set(SpaprMachine *m, CPUPPCState *caller, uint64_t tbl,
                         bool radix, bool gtse)
{
    bool caller_seen = false;

    spapr_smp_exclusive_begin(m);
    for (uint32_t i = 0; i < m->nr_cpus; i++) {
        CPUPPCState *env = m->cpus[i];

        if (env) {
            ppc_set_process_table(env, tbl);
            ppc_set_lpcr_mmu(env, radix, gtse);
            caller_seen |= env == caller;
        }
    }
    if (!caller_seen) {
        ppc_set_process_table(caller, tbl);
        ppc_set_lpcr_mmu(caller, radix, gtse);
    }
    spapr_smp_exclusive_end(m);
}

static int64_t h_register_proc_tbl(SpaprMachine *m, CPUPPCState *env,
                                   uint64_t *args)
{
    uint64_t flags = args[0], base = args[1], table_size = args[3];
    uint64_t type = flags & PROC_TABLE_TYPE_MASK;
    bool gtse = flags & PROC_TABLE_GTSE;

    if (flags & ~(uint64_t)(PROC_TABLE_OP_MASK | PROC_TABLE_TYPE_MASK |
                            PROC_TABLE_GTSE)) {
        return proc_tbl_bad("unknown flags", flags);
    }
    switch (flags & PROC_TABLE_OP_MASK) {
    case PROC_TABLE_DEREG:
        proc_tbl_set(m, env, 0, false, false);
        return H_SUCCESS;
    case PROC_TABLE_OP_NONE:
        if (type != PROC_TABLE_HPT_SLB || m->cas.radix) {
            return proc_tbl_bad("no table but not hash", flags);
        }
        proc_tbl_set(m, env, 0, false, gtse);
        return H_SUCCESS;
    case PROC_TABLE_NEW:
        break;
    default:
        return proc_tbl_bad("unknown operation", flags);
    }
    /* a partition that never called client-architecture-support (a
       bare-metal program, firmware) may still register a radix table: the
       hypervisor then switches it to radix, as QEMU's pseries does */
    bool unnegotiated = !m->cas.done && type == PROC_TABLE_RADIX;
    bool radix = m->cas.radix || unnegotiated;
    if (type != (radix ? PROC_TABLE_RADIX : PROC_TABLE_HPT_SLB)) {
        return proc_tbl_bad("MMU type not negotiated", flags);
    }
    if (gtse && !m->cas.gtse && !unnegotiated) {
        return proc_tbl_bad("GTSE not negotiated", flags);
    }
    if ((base & 0xfff) || table_size > PROC_TABLE_MAX_SIZE ||
        !spapr_ram_valid(m, base, 1ull << (12 + table_size))) {
        return proc_tbl_bad("table outside RAM or misaligned", flags);
    }
    if (unnegotiated) {
        m->cas.radix = true;
        m->cas.gtse = gtse;
    }
    proc_tbl_set(m, env, base | table_size, radix, gtse);
    return H_SUCCESS;
}

/* KVMPPC_H_RTAS: r4 = real address of the RTAS argument buffer */
static int64_t h_rtas(SpaprMachine *m, CPUPPCState *env, uint64_t *args)
{
    return spapr_rtas_call(m, env, args[0]);
}

/* SPAPR_H_VOF_CLIENT: r4 = real address of an Open Firmware client
   interface argument array (vof.c); reached through the entry code the
   client was given */
static int64_t h_vof_client(SpaprMachine *m, CPUPPCState *env,
                            uint64_t *args)
{
    return spapr_vof_client_call(m, env, args[0]);
}

/*
 * hcalls of PowerVM that this platform does not provide and that a guest
 * is expected to probe: H_FUNCTION, the LoPAPR answer for a function the
 * platform does not offer, without a line under -d unimp (they are not
 * missing pieces of ours; QEMU has none of them either).  Linux's hv-24x7
 * and hv-gpci PMUs ask for H_GET_PERF_COUNTER_INFO once each at boot and
 * stay off when it fails.
 */
static int64_t h_not_provided(SpaprMachine *m, CPUPPCState *env,
                              uint64_t *args)
{
    return H_FUNCTION;
}

static const SpaprHcall spapr_hcalls[] = {
    { H_REMOVE, "H_REMOVE", h_remove },
    { H_ENTER, "H_ENTER", h_enter },
    { H_READ, "H_READ", h_read },
    { H_CLEAR_MOD, "H_CLEAR_MOD", h_clear_mod },
    { H_CLEAR_REF, "H_CLEAR_REF", h_clear_ref },
    { H_PROTECT, "H_PROTECT", h_protect },
    { H_BULK_REMOVE, "H_BULK_REMOVE", h_bulk_remove },
    { H_GET_TERM_CHAR, "H_GET_TERM_CHAR", h_get_term_char },
    { H_PUT_TERM_CHAR, "H_PUT_TERM_CHAR", h_put_term_char },
    { H_CEDE, "H_CEDE", h_cede },
    { H_CONFER, "H_CONFER", h_confer },
    { H_PROD, "H_PROD", h_prod },
    { H_REGISTER_VPA, "H_REGISTER_VPA", h_register_vpa },
    { H_GET_PPP, "H_GET_PPP", h_get_ppp },
    { H_SET_PPP, "H_SET_PPP", h_set_ppp },
    { H_PURR, "H_PURR", h_purr },
    { H_POLL_PENDING, "H_POLL_PENDING", h_poll_pending },
    { H_EOI, "H_EOI", h_eoi },
    { H_CPPR, "H_CPPR", h_cppr },
    { H_IPI, "H_IPI", h_ipi },
    { H_IPOLL, "H_IPOLL", h_ipoll },
    { H_XIRR, "H_XIRR", h_xirr },
    { H_XIRR_X, "H_XIRR_X", h_xirr_x },
    { H_SET_MODE, "H_SET_MODE", h_set_mode },
    { H_SET_SPRG0, "H_SET_SPRG0", h_set_sprg0 },
    { H_SET_DABR, "H_SET_DABR", h_set_dabr },
    { H_SET_XDABR, "H_SET_XDABR", h_set_xdabr },
    { H_PAGE_INIT, "H_PAGE_INIT", h_page_init },
    { H_LOGICAL_CI_LOAD, "H_LOGICAL_CI_LOAD", h_logical_ci_load },
    { H_LOGICAL_CI_STORE, "H_LOGICAL_CI_STORE", h_logical_ci_store },
    { H_GET_CPU_CHARACTERISTICS, "H_GET_CPU_CHARACTERISTICS",
      h_get_cpu_characteristics },
    { H_RANDOM, "H_RANDOM", h_random },
    { H_REGISTER_PROC_TBL, "H_REGISTER_PROC_TBL", h_register_proc_tbl },
    /* the VIO bus (tce.c, crq.c) */
    { H_GET_TCE, "H_GET_TCE", h_get_tce },
    { H_PUT_TCE, "H_PUT_TCE", h_put_tce },
    { H_STUFF_TCE, "H_STUFF_TCE", h_stuff_tce },
    { H_PUT_TCE_INDIRECT, "H_PUT_TCE_INDIRECT", h_put_tce_indirect },
    { H_REG_CRQ, "H_REG_CRQ", h_reg_crq },
    { H_FREE_CRQ, "H_FREE_CRQ", h_free_crq },
    { H_SEND_CRQ, "H_SEND_CRQ", h_send_crq },
    { H_ENABLE_CRQ, "H_ENABLE_CRQ", h_enable_crq },
    { H_VIO_SIGNAL, "H_VIO_SIGNAL", h_vio_signal },
    /* hcall-lLAN: spapr-vlan (vlan.c) */
    { H_REGISTER_LOGICAL_LAN, "H_REGISTER_LOGICAL_LAN",
      h_register_logical_lan },
    { H_FREE_LOGICAL_LAN, "H_FREE_LOGICAL_LAN", h_free_logical_lan },
    { H_ADD_LOGICAL_LAN_BUFFER, "H_ADD_LOGICAL_LAN_BUFFER",
      h_add_logical_lan_buffer },
    { H_ADD_LOGICAL_LAN_BUFFERS, "H_ADD_LOGICAL_LAN_BUFFERS",
      h_add_logical_lan_buffers },
    { H_SEND_LOGICAL_LAN, "H_SEND_LOGICAL_LAN", h_send_logical_lan },
    { H_MULTICAST_CTRL, "H_MULTICAST_CTRL", h_multicast_ctrl },
    { H_CHANGE_LOGICAL_LAN_MAC, "H_CHANGE_LOGICAL_LAN_MAC",
      h_change_logical_lan_mac },
    { H_ILLAN_ATTRIBUTES, "H_ILLAN_ATTRIBUTES", h_illan_attributes },
    { KVMPPC_H_RTAS, "KVMPPC_H_RTAS", h_rtas },
    { H_GET_24X7_CATALOG_PAGE, "H_GET_24X7_CATALOG_PAGE", h_not_provided },
    { H_GET_24X7_DATA, "H_GET_24X7_DATA", h_not_provided },
    { H_GET_PERF_COUNTER_INFO, "H_GET_PERF_COUNTER_INFO", h_not_provided },
    /* for -bios firmware (hcall-fw.c) */
    { KVMPPC_H_LOGICAL_MEMOP, "KVMPPC_H_LOGICAL_MEMOP", h_logical_memop },
    { KVMPPC_H_CAS, "KVMPPC_H_CAS", h_cas },
    { KVMPPC_H_UPDATE_DT, "KVMPPC_H_UPDATE_DT", h_update_dt },
    { SPAPR_H_VOF_CLIENT, "H_VOF_CLIENT", h_vof_client },
    /* hcall-hpt-resize (hcall-hpt-resize.c) */
    { H_RESIZE_HPT_PREPARE, "H_RESIZE_HPT_PREPARE", h_resize_hpt_prepare },
    { H_RESIZE_HPT_COMMIT, "H_RESIZE_HPT_COMMIT", h_resize_hpt_commit },
};

/* a set only some configurations offer (NULL: every one) */
typedef bool SpaprHcallSetOffered(const SpaprMachine *m);

static bool resize_hpt_offered(const SpaprMachine *m)
{
    return m->cfg->resize_hpt != SPAPR_RESIZE_HPT_DISABLED;
}

/* LoPAPR function sets (the ibm,hypertas-functions names); 0 ends a list */
typedef struct SpaprHcallSet {
    const char *name;
    uint64_t calls[12];
    SpaprHcallSetOffered *offered;
} SpaprHcallSet;

static const SpaprHcallSet spapr_hcall_sets[] = {
    { "hcall-pft",
      { H_REMOVE, H_ENTER, H_READ, H_CLEAR_MOD, H_CLEAR_REF, H_PROTECT } },
    { "hcall-term", { H_GET_TERM_CHAR, H_PUT_TERM_CHAR } },
    { "hcall-interrupt", { H_EOI, H_CPPR, H_IPI, H_IPOLL, H_XIRR } },
    { "hcall-tce", { H_GET_TCE, H_PUT_TCE } },
    { "hcall-multi-tce", { H_STUFF_TCE, H_PUT_TCE_INDIRECT } },
    { "hcall-vio", { H_REG_CRQ, H_FREE_CRQ, H_SEND_CRQ, H_VIO_SIGNAL } },
    { "hcall-dabr", { H_SET_DABR } },
    { "hcall-sprg0", { H_SET_SPRG0 } },
    { "hcall-xdabr", { H_SET_XDABR } },
    { "hcall-copy", { H_PAGE_INIT } },
    { "hcall-debug", { H_LOGICAL_CI_LOAD, H_LOGICAL_CI_STORE } },
    { "hcall-bulk", { H_BULK_REMOVE } },
    { "hcall-set-mode", { H_SET_MODE } },
    { "hcall-splpar",
      { H_REGISTER_VPA, H_CEDE, H_CONFER, H_PROD, H_GET_PPP, H_SET_PPP,
        H_PURR, H_POLL_PENDING } },
    /* resize-hpt=disabled keeps the calls (H_AUTHORITY) but not the
       set's name, as QEMU does */
    { "hcall-hpt-resize", { H_RESIZE_HPT_PREPARE, H_RESIZE_HPT_COMMIT },
      resize_hpt_offered },
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
    /* a vCPU that ceded and was woken runs again: it was dispatched */
    spapr_vcpu_dispatch(m, env);
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

char *spapr_hypertas_functions(const SpaprMachine *m, size_t *len)
{
    GString *s = g_string_new(NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(spapr_hcall_sets); i++) {
        const SpaprHcallSet *set = &spapr_hcall_sets[i];
        bool complete = !set->offered || set->offered(m);

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

/*
 * An entry point into the hypervisor for code that calls firmware (RTAS,
 * the Open Firmware client interface): the caller's r3 holds the real
 * address of an argument buffer.  Callers use either byte order (Linux
 * calls RTAS big-endian and the client interface big-endian in 32-bit
 * mode; a little-endian bare-metal program may not switch), so the code
 * starts with a word that is a no-op read big-endian and a branch read
 * little-endian, and carries the sequence in both byte orders:
 *
 *   +0   08 00 00 48   BE: tdi 0,r0,0x48 (never traps)  LE: b +8
 *   +4   BE: b +24     (to the big-endian copy at +28)
 *   +8   LE copy, +28 BE copy, each:
 *          mr   r4,r3          the buffer address, the hcall's argument
 *          li   r3,0
 *          ori  r3,r3,opcode   (li alone would sign-extend 0xf000 up)
 *          sc   1              to the hypervisor
 *          blr
 *
 * Nothing in it depends on MSR[SF]: in 32-bit mode blr's target is the low
 * half of LR, which is where a 32-bit caller is.
 */
enum { HCALL_STUB_ORI = 2 }; /* the index of the ori in the sequence */

static const uint32_t hcall_stub_insns[] = {
    0x7c641b78, /* or r4,r3,r3 */
    0x38600000, /* addi r3,0,0 */
    0x60630000, /* ori r3,r3,0 (| opcode) */
    0x44000022, /* sc 1 */
    0x4e800020, /* bclr 20,0 */
};

static void hcall_put32(uint8_t *p, uint32_t v, bool be)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (be ? 24 - 8 * i : 8 * i));
    }
}

size_t spapr_hcall_stub(uint8_t *buf, size_t size, uint16_t opcode)
{
    const size_t n = G_N_ELEMENTS(hcall_stub_insns);
    const size_t total = 8 + 2 * 4 * n;
    static const uint8_t endian_switch[4] = { 0x08, 0x00, 0x00, 0x48 };

    if (size < total) {
        return 0;
    }
    memcpy(buf, endian_switch, 4);
    /* b to the BE copy: from +4 to +8 + 4n, an I-form branch (opcode 18) */
    hcall_put32(buf + 4, (18u << 26) | (uint32_t)(4 + 4 * n), true);
    for (size_t i = 0; i < n; i++) {
        uint32_t insn = hcall_stub_insns[i];

        if (i == HCALL_STUB_ORI) {
            insn |= opcode;
        }
        hcall_put32(buf + 8 + 4 * i, insn, false);
        hcall_put32(buf + 8 + 4 * n + 4 * i, insn, true);
    }
    return total;
}

/* every hcall (and RTAS) runs under the machine lock */
static void spapr_hcall_entry(void *opaque, CPUPPCState *env)
{
    spapr_machine_lock(opaque);
    spapr_hcall(opaque, env);
    spapr_machine_unlock(opaque);
}

/* the vCPU's interrupt presentation controller has its output up */
static bool spapr_irq_pending(void *opaque, CPUPPCState *env)
{
    SpaprMachine *m = opaque;

    return m->xics && xics_output(m->xics, env->cpu_index);
}

/* a load or store outside RAM: the PCI host bridges' windows, under the
   machine lock as an hcall is (with thread=multi two vCPUs may notify one
   virtio queue at once; H_LOGICAL_CI_LOAD/STORE reach the same devices
   from inside an hcall) */
static bool spapr_mmio_entry(void *opaque, CPUPPCState *env, uint64_t pa,
                             unsigned size, bool write, uint64_t *val)
{
    bool ok;

    spapr_machine_lock(opaque);
    ok = spapr_pci_mmio(opaque, pa, size, write, val);
    spapr_machine_unlock(opaque);
    return ok;
}

const PPCHypervisorOps spapr_hypervisor_ops = {
    .hcall = spapr_hcall_entry,
    .irq_pending = spapr_irq_pending,
    .mmio = spapr_mmio_entry,
    .nmi_delivered = spapr_fwnmi_delivered,
    .core_thread = spapr_core_thread,
    .kick = spapr_cpu_kick,
};
