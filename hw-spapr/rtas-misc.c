/*
 * hw-spapr/rtas-misc.c: the RTAS services outside the interrupt controller
 * (LoPAPR, "Run-Time Abstraction Services"), the NVRAM they read and
 * write, and what the device tree says about all of the hypervisor's
 * services (include/spapr-hv.h).
 *
 * The platform has no indicators, and one sensor: the EPOW sensor, which
 * with event-scan and check-exception belongs to the event queue
 * (events.c); set-indicator and get-sensor-state know no other token.  Processors can stop themselves and be
 * started again (stop-self, start-cpu, query-cpu-stopped-state).
 *
 * The NVRAM is 64 KiB in host memory, formatted at power-on as firmware
 * leaves an empty one (one CHRP free-space partition, so that Linux can
 * carve its own partitions out of it) and kept across resets.  With
 * -drive if=pflash,file=F (spapr_nvram_attach) it is F's contents: read
 * at start-up (an all-zero file is formatted and written back), and every
 * nvram-store goes to the file and is flushed before the call returns, so
 * that it survives a kill -9 of the emulator.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "block.h"
#include "exec.h"
#include "log.h"
#include "runstate.h"
#include "spapr-hv.h"
#include "xics.h"

/* RTAS statuses beyond spapr.h's */
#define RTAS_OUT_NOT_SUPPORTED (-3)  /* no such indicator/sensor/param */
#define RTAS_OUT_SYSPARM_PARAM_ERROR (-9999)

/* query-cpu-stopped-state's answers */
#define RTAS_CPU_STOPPED 0
#define RTAS_CPU_RUNNING 2

#define RTAS_EVENT_SCAN_RATE 1       /* event-scans a minute */
#define RTAS_OS_TERM_MAX 1024        /* the longest message we print */

/* ------------------------------------------------------------ NVRAM */

/* CHRP NVRAM partition header: signature, checksum, length in 16-byte
   blocks (big-endian, header included), 12-byte name */
#define NVRAM_HEADER_SIZE 16
#define NVRAM_SIG_FREE 0x7f
#define NVRAM_BLOCK 16

/* the header checksum: the 8-bit sum, with end-around carry, of every
   header byte but the checksum itself */
static uint8_t nvram_header_checksum(const uint8_t *h)
{
    unsigned sum = h[0];

    for (int i = 2; i < NVRAM_HEADER_SIZE; i++) {
        sum += h[i];
    }
    while (sum > 0xff) {
        sum = (sum & 0xff) + (sum >> 8);
    }
    return (uint8_t)sum;
}

void spapr_nvram_format(uint8_t *nvram, size_t size)
{
    size_t blocks = MIN(size / NVRAM_BLOCK, 0xffff);

    memset(nvram, 0, size);
    nvram[0] = NVRAM_SIG_FREE;
    nvram[2] = (uint8_t)(blocks >> 8);
    nvram[3] = (uint8_t)blocks;
    memset(nvram + 4, 'w', 12); /* the name of free space */
    nvram[1] = nvram_header_checksum(nvram);
}

/* nvram-fetch / nvram-store: index, buffer (real address), length;
   returns status and the number of bytes moved */
static void rtas_nvram_access(SpaprMachine *m, const SpaprRtasArgs *a,
                              bool store, const char *name)
{
    if (!spapr_rtas_check_counts(m, a, 3, 2, name)) {
        return;
    }
    uint64_t index = spapr_rtas_arg(m, a, 0);
    uint64_t buf = spapr_rtas_arg(m, a, 1);
    uint64_t len = spapr_rtas_arg(m, a, 2);

    if (!m->hv) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_HW_ERROR);
        spapr_rtas_ret(m, a, 1, 0);
        return;
    }
    if (index > SPAPR_NVRAM_SIZE || len > SPAPR_NVRAM_SIZE - index ||
        !spapr_ram_valid(m, buf, len)) {
        if (log_enabled(LOG_GUEST_ERROR)) {
            log_printf("RTAS %s: index 0x%" PRIx64 " length 0x%" PRIx64
                       " buffer 0x%" PRIx64 " out of range\n", name, index,
                       len, buf);
        }
        spapr_rtas_ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        spapr_rtas_ret(m, a, 1, 0);
        return;
    }
    if (store) {
        memcpy(m->hv->nvram + index, m->ram + buf, len);
        if (m->hv->nvram_blk &&
            (blk_pwrite(m->hv->nvram_blk, index, m->hv->nvram + index,
                        len) < 0 ||
             blk_flush(m->hv->nvram_blk) < 0)) {
            spapr_rtas_ret(m, a, 0, RTAS_OUT_HW_ERROR);
            spapr_rtas_ret(m, a, 1, 0);
            return;
        }
    } else {
        memcpy(m->ram + buf, m->hv->nvram + index, len);
        tb_invalidate_phys_range(buf, len);
    }
    spapr_rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
    spapr_rtas_ret(m, a, 1, (int32_t)len);
}

bool spapr_nvram_attach(SpaprMachine *m, const SpaprDriveSpec *d,
                        char **err)
{
    SpaprHv *hv = m->hv;
    BlockOpenOpts o = { .file = d->file, .readonly = d->readonly,
                        .snapshot = d->snapshot,
                        .format = (BlockFormat)d->format,
                        .cache = (BlockCache)d->cache,
                        .stats = d->stats };
    BlockBackend *b;
    bool blank = true;

    if (hv->nvram_blk) {
        *err = g_strdup("only one -drive if=pflash (the NVRAM) is possible");
        return false;
    }
    b = blk_open(&o, err);
    if (!b) {
        return false;
    }
    if (blk_size(b) != SPAPR_NVRAM_SIZE) {
        *err = g_strdup_printf("NVRAM image '%s' is %llu bytes; it must be "
                               "%u (qemu-img create -f raw F 64K)", d->file,
                               (unsigned long long)blk_size(b),
                               SPAPR_NVRAM_SIZE);
        blk_close(b);
        return false;
    }
    if (blk_pread(b, 0, hv->nvram, SPAPR_NVRAM_SIZE) < 0) {
        *err = g_strdup_printf("cannot read NVRAM image '%s'", d->file);
        blk_close(b);
        return false;
    }
    for (size_t i = 0; i < SPAPR_NVRAM_SIZE && blank; i++) {
        blank = hv->nvram[i] == 0;
    }
    if (blank) {
        spapr_nvram_format(hv->nvram, SPAPR_NVRAM_SIZE);
        if (!blk_readonly(b) &&
            (blk_pwrite(b, 0, hv->nvram, SPAPR_NVRAM_SIZE) < 0 ||
             blk_flush(b) < 0)) {
            *err = g_strdup_printf("cannot write NVRAM image '%s'", d->file);
            blk_close(b);
            return false;
        }
    }
    hv->nvram_blk = b;
    return true;
}

void rtas_nvram_fetch(SpaprMachine *m, CPUPPCState *env,
                      const SpaprRtasArgs *a)
{
    rtas_nvram_access(m, a, false, "nvram-fetch");
}

void rtas_nvram_store(SpaprMachine *m, CPUPPCState *env,
                      const SpaprRtasArgs *a)
{
    rtas_nvram_access(m, a, true, "nvram-store");
}

/* ------------------------------------------------------------ events */

/* set-indicator: token, index, state */
void rtas_set_indicator(SpaprMachine *m, CPUPPCState *env,
                        const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 3, 1, "set-indicator")) {
        return;
    }
    if (log_enabled(LOG_UNIMP)) {
        log_printf("RTAS set-indicator: no indicator %" PRIu32 "\n",
                   spapr_rtas_arg(m, a, 0));
    }
    spapr_rtas_ret(m, a, 0, RTAS_OUT_NOT_SUPPORTED);
}

/* get-sensor-state: token, index; returns status, state */
void rtas_get_sensor_state(SpaprMachine *m, CPUPPCState *env,
                           const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 2, 2, "get-sensor-state")) {
        return;
    }
    uint32_t state;
    if (spapr_events_sensor(m, spapr_rtas_arg(m, a, 0),
                            spapr_rtas_arg(m, a, 1), &state)) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
        spapr_rtas_ret(m, a, 1, (int32_t)state);
        return;
    }
    if (log_enabled(LOG_UNIMP)) {
        log_printf("RTAS get-sensor-state: no sensor %" PRIu32 "\n",
                   spapr_rtas_arg(m, a, 0));
    }
    spapr_rtas_ret(m, a, 0, RTAS_OUT_NOT_SUPPORTED);
    spapr_rtas_ret(m, a, 1, 0);
}

/* ------------------------------------------------------------ processors */

/* query-cpu-stopped-state: the processor's interrupt server number;
   returns status, 0 (stopped) or 2 (running) */
void rtas_query_cpu_stopped_state(SpaprMachine *m, CPUPPCState *env,
                                  const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 1, 2, "query-cpu-stopped-state")) {
        return;
    }
    uint32_t id = spapr_rtas_arg(m, a, 0);
    SpaprVcpu *v = spapr_vcpu(m, id);

    if (!v || !spapr_cpu_by_index(m, id)) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        spapr_rtas_ret(m, a, 1, 0);
        return;
    }
    spapr_rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
    spapr_rtas_ret(m, a, 1, v->stopped ? RTAS_CPU_STOPPED : RTAS_CPU_RUNNING);
}

/* start-cpu: server number, start address, r3.  A stopped processor
   starts there in real mode, 64-bit, big-endian, with r3 as given; one
   that runs cannot be started (hardware error) */
void rtas_start_cpu(SpaprMachine *m, CPUPPCState *env, const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 3, 1, "start-cpu")) {
        return;
    }
    uint32_t id = spapr_rtas_arg(m, a, 0);
    CPUPPCState *cpu = spapr_cpu_by_index(m, id);
    SpaprVcpu *v = spapr_vcpu(m, id);

    if (!cpu || !v) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_PARAM_ERROR);
        return;
    }
    if (!v->stopped) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_HW_ERROR);
        return;
    }
    cpu->nip = spapr_rtas_arg(m, a, 1);
    cpu->gpr[3] = spapr_rtas_arg(m, a, 2);
    cpu->msr = MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME);
    v->stopped = false;
    cpu->halted = false;
    spapr_rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
    spapr_idle_wake_cpu(m, cpu);
}

/* stop-self: the caller stops until a start-cpu; it does not return.
   External interrupts go off so that nothing but start-cpu wakes it */
void rtas_stop_self(SpaprMachine *m, CPUPPCState *env,
                    const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 0, 1, "stop-self")) {
        return;
    }
    SpaprVcpu *v = spapr_vcpu(m, env->cpu_index);

    if (!v) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_HW_ERROR);
        return;
    }
    v->stopped = true;
    env->msr &= ~MSR_BIT(MSR_EE);
    env->halted = true;
}

/* ------------------------------------------------------------ the OS */

/* ibm,os-term: the real address of a message.  The OS has given up (a
   panic): the message goes to stderr as QEMU prints it, QMP gets
   GUEST_PANICKED, and -action panic= says what follows (QEMU's rules: a
   "shutdown" under -no-shutdown is a pause) */
void rtas_ibm_os_term(SpaprMachine *m, CPUPPCState *env,
                      const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 1, 1, "ibm,os-term")) {
        return;
    }
    uint64_t addr = spapr_rtas_arg(m, a, 0);
    GString *msg = g_string_new(NULL);

    for (uint64_t i = 0; i < RTAS_OS_TERM_MAX &&
                         spapr_ram_valid(m, addr + i, 1) && m->ram[addr + i];
         i++) {
        uint8_t c = m->ram[addr + i];
        g_string_append_c(msg, c >= 0x20 && c < 0x7f ? (char)c : '?');
    }
    fprintf(stderr, "\r\npowerjit: OS terminated: %s\r\n", msg->str);
    g_string_free(msg, TRUE);
    spapr_rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);

    SpaprPanicAction act = m->cfg->panic_action;
    if (act == SPAPR_PANIC_SHUTDOWN && m->cfg->no_shutdown) {
        act = SPAPR_PANIC_PAUSE;
    }
    static const char *const event[] = {
        [SPAPR_PANIC_SHUTDOWN] = "{\"action\": \"poweroff\"}",
        [SPAPR_PANIC_EXIT_FAILURE] = "{\"action\": \"poweroff\"}",
        [SPAPR_PANIC_PAUSE] = "{\"action\": \"pause\"}",
        [SPAPR_PANIC_NONE] = "{\"action\": \"run\"}",
    };
    /* pause: the state is guest-panicked before the event goes out, so a
       query-status sent on GUEST_PANICKED already sees it (QEMU stops the
       machine under its big lock before the monitor runs again) */
    if (act == SPAPR_PANIC_PAUSE && m->runstate) {
        runstate_panic_stop(m->runstate);
    }
    if (m->runstate) {
        runstate_event(m->runstate, "GUEST_PANICKED", event[act]);
    }
    switch (act) {
    case SPAPR_PANIC_NONE:
        return;
    case SPAPR_PANIC_PAUSE:
        if (m->runstate) {
            spapr_machine_request(m, SPAPR_REQ_PAUSE);
            return;
        }
        break; /* no run state (a bare machine): power off */
    case SPAPR_PANIC_SHUTDOWN:
    case SPAPR_PANIC_EXIT_FAILURE:
        break;
    }
    m->shutdown_reason = "guest-panic";
    m->shutdown_status = act == SPAPR_PANIC_EXIT_FAILURE ? 1 : 0;
    spapr_machine_request(m, SPAPR_REQ_SHUTDOWN);
}

/* system parameters (LoPAPR, ibm,get-system-parameter) */
#define SYSPARM_SPLPAR_CHARACTERISTICS 20

/* ibm,get-system-parameter: token, buffer, length.  The buffer gets a
   16-bit big-endian length and the value (truncated to fit).  Only the
   partition's characteristics are known; everything else is "not
   supported", which Linux takes as absent */
void rtas_ibm_get_system_parameter(SpaprMachine *m, CPUPPCState *env,
                                   const SpaprRtasArgs *a)
{
    if (!spapr_rtas_check_counts(m, a, 3, 1, "ibm,get-system-parameter")) {
        return;
    }
    uint32_t token = spapr_rtas_arg(m, a, 0);
    uint64_t buf = spapr_rtas_arg(m, a, 1);
    uint64_t len = spapr_rtas_arg(m, a, 2);

    if (len < 2 || !spapr_ram_valid(m, buf, len)) {
        spapr_rtas_ret(m, a, 0, RTAS_OUT_SYSPARM_PARAM_ERROR);
        return;
    }
    if (token != SYSPARM_SPLPAR_CHARACTERISTICS) {
        if (log_enabled(LOG_UNIMP)) {
            log_printf("RTAS ibm,get-system-parameter: parameter %" PRIu32
                       " not supported\n", token);
        }
        spapr_rtas_ret(m, a, 0, RTAS_OUT_NOT_SUPPORTED);
        return;
    }
    uint32_t n = m->hv ? m->hv->nr_vcpus : 1;
    char *val = g_strdup_printf("MaxEntCap=%" PRIu32 ",DesMem=%" PRIu64
                                ",DesProcs=%" PRIu32 ",MaxPlatProcs=%"
                                PRIu32, 100 * n, m->ram_size >> 20, n, n);
    uint64_t vlen = MIN(strlen(val), len - 2);

    m->ram[buf] = (uint8_t)(vlen >> 8);
    m->ram[buf + 1] = (uint8_t)vlen;
    memcpy(m->ram + buf + 2, val, vlen);
    tb_invalidate_phys_range(buf, vlen + 2);
    g_free(val);
    spapr_rtas_ret(m, a, 0, RTAS_OUT_SUCCESS);
}

/* ------------------------------------------------------------ device tree */

/* the vty's interrupt (the /vdevice interrupt controller is its parent)
   and the NVRAM node */
static int spapr_hv_fdt_vdevice(SpaprMachine *m, void *fdt, int vdev)
{
    char name[32];
    int r, node;

    snprintf(name, sizeof(name), "vty@%x", m->console_reg);
    node = fdt_subnode_offset(fdt, vdev, name);
    if (m->xics && node >= 0) {
        /* cells: source, sense (0: edge) */
        fdt32_t cells[2] = { cpu_to_fdt32(SPAPR_VTY_IRQ), cpu_to_fdt32(0) };

        if ((r = fdt_setprop(fdt, node, "interrupts", cells,
                             sizeof(cells)))) {
            return r;
        }
    }
    if (m->hv) {
        snprintf(name, sizeof(name), "nvram@%x", m->nvram_reg);
        node = fdt_add_subnode(fdt, vdev, name);
        if (node < 0) {
            return node;
        }
        /* what Linux's pseries NVRAM code looks for: the device_type and
           the size */
        if ((r = fdt_setprop_string(fdt, node, "device_type", "nvram")) ||
            (r = fdt_setprop_string(fdt, node, "compatible",
                                    "qemu,spapr-nvram")) ||
            (r = fdt_setprop_cell(fdt, node, "reg", m->nvram_reg)) ||
            (r = fdt_setprop_cell(fdt, node, "#bytes", SPAPR_NVRAM_SIZE))) {
            return r;
        }
    }
    return 0;
}

/* /rtas: how often to call event-scan (Linux's rtasd runs only when it is
   given), and that ibm,os-term returns */
static int spapr_hv_fdt_rtas(void *fdt, int rtas)
{
    int r;

    if ((r = fdt_setprop_cell(fdt, rtas, "rtas-event-scan-rate",
                              RTAS_EVENT_SCAN_RATE)) ||
        (r = fdt_setprop_empty(fdt, rtas, "ibm,extended-os-term"))) {
        return r;
    }
    return 0;
}

int spapr_hv_fdt(SpaprMachine *m, void *fdt)
{
    int r, node;

    node = fdt_path_offset(fdt, "/vdevice");
    if (node >= 0 && (r = spapr_hv_fdt_vdevice(m, fdt, node))) {
        return r;
    }
    node = fdt_path_offset(fdt, "/rtas");
    if (node >= 0 && (r = spapr_hv_fdt_rtas(fdt, node))) {
        return r;
    }
    return spapr_events_fdt(m, fdt);
}
