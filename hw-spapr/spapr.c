/*
 * hw-spapr/spapr.c: the pseries machine: RAM, the vCPU, boot, reset and the
 * run loop (include/spapr.h).
 *
 * Boot needs no firmware image: the machine loads the -kernel ELF and the
 * initrd, writes the RTAS entry code, the device tree and the Open
 * Firmware client interface's entry code at the top of the first GiB, and
 * starts the vCPU at the ELF entry in real mode as Open Firmware starts a
 * client: r1 a stack, r3/r4 the initrd, r5 the client interface (vof.c),
 * which Linux's prom_init then uses to read the device tree, negotiate the
 * MMU and place RTAS.  A reset repeats all of it from the copies of the
 * images kept in memory.  With -bios the firmware image is entered
 * instead, with QEMU's conventions (firmware.c).
 *
 * The run loop owns the vCPU thread (thread=single), or, with one host
 * thread per vCPU (spapr-smp.c), it stays on the main thread and only acts
 * on requests: a reset and a stop (the monitor, the debugger) run in an
 * exclusive section, with every vCPU thread out of generated code.  Everything that wants it to stop
 * (RTAS power-off and reboot, Ctrl-A x, a signal) posts a request bit and
 * kicks the vCPU with cpu_exit(); cpu_exec() then returns EXCP_INTERRUPT
 * at the next block boundary and the loop acts on the request.  A ceded
 * vCPU (EXCP_HALTED) sleeps in spapr_idle_wait() until an interrupt, its
 * decrementer or a request wakes it (hcall-misc.c).  Block I/O runs on
 * worker threads (system/block-aio.c); a finished request posts
 * SPAPR_REQ_IO and the loop runs its completion (the device's DMA and
 * answer) here, between two slices of guest code.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "block.h"
#include "exec.h"
#include "log.h"
#include "pci.h"
#include "runstate.h"
#include "spapr-hv.h"
#include "spapr-rng.h"
#include "net.h"
#include "spapr-vio.h"
#include "spapr-vscsi.h"
#include "spapr.h"
#include "spapr-compat.h"

/* LPCR[ILE] (Power ISA 3.0 Book III 2.2, LPCR bit 38): interrupts are
   taken little-endian */
#define LPCR_ILE (1ull << (63 - 38))

/* ------------------------------------------------------------ RAM access */

bool spapr_ram_valid(const SpaprMachine *m, uint64_t addr, uint64_t len)
{
    return addr <= m->ram_size && len <= m->ram_size - addr;
}

uint32_t spapr_ram_ld32(const SpaprMachine *m, uint64_t addr)
{
    if (!spapr_ram_valid(m, addr, 4)) {
        return 0;
    }
    const uint8_t *p = m->ram + addr;
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

void spapr_ram_st32(SpaprMachine *m, uint64_t addr, uint32_t val)
{
    if (!spapr_ram_valid(m, addr, 4)) {
        return;
    }
    uint8_t *p = m->ram + addr;
    p[0] = (uint8_t)(val >> 24);
    p[1] = (uint8_t)(val >> 16);
    p[2] = (uint8_t)(val >> 8);
    p[3] = (uint8_t)val;
}

/* ------------------------------------------------------------ layout */

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
                           uint64_t blen)
{
    return alen && blen && a < b + blen && b < a + alen;
}

bool spapr_layout(SpaprMachine *m, char **err)
{
    uint64_t top = MIN(m->ram_size, SPAPR_BOOT_TOP_MAX);
    uint64_t firmware_len =
        SPAPR_VOF_SIZE + SPAPR_FDT_MAX_SIZE + SPAPR_RTAS_SIZE;

    if (top < firmware_len) {
        *err = g_strdup_printf("%" PRIu64 " MiB of RAM is too small",
                               m->ram_size >> 20);
        return false;
    }
    m->rtas_base = top - SPAPR_RTAS_SIZE;
    m->fdt_base = m->rtas_base - SPAPR_FDT_MAX_SIZE;
    m->vof_base = m->fdt_base - SPAPR_VOF_SIZE;
    if (ranges_overlap(m->kernel.low, m->kernel.high - m->kernel.low,
                       m->vof_base, firmware_len)) {
        *err = g_strdup_printf("the kernel (0x%" PRIx64 "-0x%" PRIx64 ") "
                               "overlaps the device tree and RTAS at 0x%"
                               PRIx64 ": use a larger -m", m->kernel.low,
                               m->kernel.high, m->vof_base);
        return false;
    }

    m->initrd_size = m->initrd_len;
    m->initrd_base = 0;
    if (m->initrd_len) {
        uint64_t base = (m->kernel.high + SPAPR_INITRD_ALIGN - 1) &
                        ~(uint64_t)(SPAPR_INITRD_ALIGN - 1);
        if (!spapr_ram_valid(m, base, m->initrd_len) ||
            ranges_overlap(base, m->initrd_len, m->vof_base, firmware_len)) {
            *err = g_strdup_printf("the initrd (%zu bytes) does not fit "
                                   "between the kernel and the device tree "
                                   "at 0x%" PRIx64 ": use a larger -m",
                                   m->initrd_len, m->vof_base);
            return false;
        }
        m->initrd_base = base;
    }
    return true;
}

/* ------------------------------------------------------------ reset */

/* the secondaries wait, stopped, for RTAS start-cpu (LoPAPR: only the
   boot processor runs when the OS is entered) */
static void spapr_secondaries_stop(SpaprMachine *m)
{
    for (uint32_t i = 1; i < m->nr_cpus; i++) {
        CPUPPCState *env = m->cpus[i];
        SpaprVcpu *v = spapr_vcpu(m, i);

        ppc_cpu_reset(env);
        ppc_set_pcr(env, spapr_compat_pcr(m->cfg->cpu_model,
                                          m->cas.cpu_version));
        /* the partition has one HPT: a secondary walks it as soon as
           it turns translation on in hash mode */
        ppc_set_hpt(env, m->hpt, m->hpt_shift);
        env->halted = true;
        env->msr = MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME);
        tlb_flush(env);
        if (v) {
            v->stopped = true;
        }
    }
}

static void spapr_cpu_enter(SpaprMachine *m)
{
    CPUPPCState *env = m->cpu;

    spapr_secondaries_stop(m);
    ppc_cpu_reset(env);
    ppc_set_pcr(env, spapr_compat_pcr(m->cfg->cpu_model,
                                      m->cas.cpu_version));
    ppc_set_hpt(env, m->hpt, m->hpt_shift);
    env->halted = false;
    if (m->bios_data) {
        spapr_firmware_enter(m, env);
        tlb_flush(env);
        return;
    }
    env->nip = m->kernel.entry;
    env->msr = MSR_BIT(MSR_SF) | MSR_BIT(MSR_ME);
    if (m->kernel.little_endian) {
        env->msr |= MSR_BIT(MSR_LE);
        env->spr[SPR_LPCR] |= LPCR_ILE;
    } else {
        env->spr[SPR_LPCR] &= ~LPCR_ILE;
    }
    /* IEEE 1275 PowerPC binding, and what Linux's prom_init reads: a
       stack, the initrd (r3 = 0 when there is none), the client
       interface entry */
    env->gpr[1] = spapr_vof_stack(m);
    env->gpr[3] = m->initrd_base;
    env->gpr[4] = m->initrd_size;
    env->gpr[5] = spapr_vof_entry(m);
    tlb_flush(env);
}

bool spapr_machine_reset(SpaprMachine *m, char **err)
{
    void *fdt;
    size_t fdt_size;

    /* I/O the guest started finishes before its memory goes */
    if (m->blk_aio) {
        blk_aio_ctx_drain(m->blk_aio);
    }
    /* fresh zero pages: nothing of the previous run survives a reboot */
    spapr_ram_clear(m->cfg, m->ram, m->ram_size);
    if (m->bios_data) {
        if (!spapr_firmware_load(m, err)) {
            return false;
        }
    } else if (!elf_load(m->kernel_data, m->kernel_len, m->ram, m->ram_size,
                         &m->kernel, err)) {
        char *e = *err;
        *err = g_strdup_printf("could not load kernel '%s': %s",
                               m->cfg->kernel, e);
        g_free(e);
        return false;
    }
    if (!spapr_layout(m, err)) {
        return false;
    }
    if (m->initrd_len) {
        memcpy(m->ram + m->initrd_base, m->initrd_data, m->initrd_len);
    }
    m->rtas_guest_base = m->rtas_base;
    if (!spapr_rtas_entry_code(m->ram + m->rtas_base, SPAPR_RTAS_SIZE)) {
        *err = g_strdup("the RTAS entry code does not fit");
        return false;
    }
    fdt = spapr_build_fdt(m, &fdt_size, err);
    if (!fdt) {
        return false;
    }
    memcpy(m->ram + m->fdt_base, fdt, fdt_size);
    /* until the client negotiates: the real PVR, or max-cpu-compat's
       level as QEMU starts its vCPUs with */
    uint32_t compat = m->cfg->max_compat_pvr;
    m->cas = (SpaprCasResult){
        .cpu_version = compat ? compat : ppc_model_pvr(m->cfg->cpu_model),
    };
    /* spapr_cpu_enter and spapr_secondaries_stop set each vCPU's PCR
       for that level */
    /* a firmware image brings its own client interface */
    bool ok = m->bios_data || spapr_vof_reset(m, fdt, err);
    g_free(fdt);
    if (!ok) {
        return false;
    }

    spapr_hv_reset(m);
    spapr_vio_reset(m);
    spapr_pci_reset(m);
    spapr_hpt_reset(m);
    if (m->cpu) {
        tb_flush();
        spapr_cpu_enter(m);
    }
    return true;
}

/* ------------------------------------------------------------ requests */

void spapr_machine_request(SpaprMachine *m, int req)
{
    __atomic_fetch_or(&m->request, req, __ATOMIC_SEQ_CST);
    for (uint32_t i = 0; i < m->nr_cpus; i++) {
        if (m->cpus[i]) {
            cpu_exit(m->cpus[i]);
        }
    }
    if (m->cpu && m->nr_cpus == 0) {
        cpu_exit(m->cpu);
    }
    spapr_idle_wake(m);
}

/* an I/O worker finished something: the run loop polls m->blk_aio */
static void spapr_blk_aio_notify(void *opaque)
{
    spapr_machine_request(opaque, SPAPR_REQ_IO);
}

static void spapr_console_event(void *opaque, ChardevEvent ev)
{
    SpaprMachine *m = opaque;

    if (ev == CHARDEV_EVENT_QUIT) {
        m->quit_reason = "host-ui";
        spapr_machine_request(m, SPAPR_REQ_QUIT);
    } else if (ev == CHARDEV_EVENT_INPUT) {
        spapr_vty_input(m);
    }
}

/* ------------------------------------------------------------ life cycle */

/* after a reset of a machine made by spapr_machine_new: the images (mapped
   by elf_read_file) are in RAM now and not read again until the next
   reset, so their pages need not stay resident */
static void spapr_drop_image_pages(SpaprMachine *m)
{
    elf_file_drop_pages(m->kernel_data, m->kernel_len);
    elf_file_drop_pages(m->initrd_data, m->initrd_len);
    elf_file_drop_pages(m->bios_data, m->bios_len);
}

/* is there a spapr-vscsi (for a scsi-hd without bus=)? */
static bool spapr_vscsi_exists(SpaprMachine *m)
{
    size_t n;
    SpaprVioDevice **devs = spapr_vio_devices(m, &n);

    for (size_t i = 0; i < n; i++) {
        if (devs[i]->type == &spapr_vscsi_type) {
            return true;
        }
    }
    return false;
}

/* the if=scsi drives' adapters first (as QEMU makes them at machine
   init), then the -device arguments in order: a model of the VIO bus or a
   SCSI unit */
static bool spapr_machine_add_devices(SpaprMachine *m, char **err)
{
    const GPtrArray *devs = m->cfg->devices;

    bool nvram_found = !m->cfg->nvram_drive;

    if (!m->drives_claimed) {
        m->drives_claimed = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                  g_free, NULL);
    }
    /* the NVRAM's image: -drive if=pflash, or -global spapr-nvram.drive= */
    for (guint i = 0; m->cfg->drives && i < m->cfg->drives->len; i++) {
        const SpaprDriveSpec *d = g_ptr_array_index(m->cfg->drives, i);
        bool named = m->cfg->nvram_drive && d->id &&
                     d->iface == SPAPR_DRIVE_IF_NONE &&
                     strcmp(d->id, m->cfg->nvram_drive) == 0;

        if (named && !d->file) {
            *err = g_strdup_printf("spapr-nvram.drive: drive '%s' has no "
                                   "file", d->id);
            return false;
        }
        if ((d->iface == SPAPR_DRIVE_IF_PFLASH || named) &&
            !spapr_nvram_attach(m, d, err)) {
            return false;
        }
        if (named) {
            g_hash_table_add(m->drives_claimed, g_strdup(d->id));
        }
        nvram_found |= named;
    }
    if (!nvram_found) {
        *err = g_strdup_printf("spapr-nvram.drive: no -drive if=none,id=%s",
                               m->cfg->nvram_drive);
        return false;
    }
    /* the NICs of -nic and -net (options-net.c), before the SCSI
       adapters as QEMU makes them */
    for (guint i = 0; m->cfg->nics && i < m->cfg->nics->len; i++) {
        const char *spec = g_ptr_array_index(m->cfg->nics, i);
        SpaprDevProps *props = spapr_devprops_parse(spec, err);
        bool ok = props &&
                  (spapr_pci_driver_known(spapr_devprops_driver(props))
                       ? spapr_pci_device_add(m, props, err)
                       : spapr_vio_add(m, props, err));

        spapr_devprops_free(props);
        if (!ok) {
            char *e = *err;

            *err = g_strdup_printf("-nic/-net %s: %s", spec, e);
            g_free(e);
            return false;
        }
    }
    if (!spapr_scsi_drives_setup(m, err)) {
        return false;
    }

    for (guint i = 0; devs ? i <= devs->len : i == 0; i++) {
        /* the console's vty of -device spapr-vty stood here */
        if (m->cfg->console_from_device && i == m->cfg->console_dev_pos &&
            !spapr_vio_console_reg(m, m->cfg->console_dev_reg, err)) {
            return false;
        }
        if (!devs || i == devs->len) {
            break;
        }
        const char *spec = g_ptr_array_index(devs, i);
        SpaprDevProps *props = spapr_devprops_parse(spec, err);
        bool ok;

        if (!props) {
            return false;
        }
        if (spapr_scsi_driver_known(spapr_devprops_driver(props))) {
            ok = virtio_scsi_owns(m, spapr_devprops_take(props, "bus"),
                                  spapr_vscsi_exists(m))
                     ? virtio_scsi_unit_add(m, props, err)
                     : spapr_scsi_device_add(m, props, err);
        } else if (spapr_pci_driver_known(spapr_devprops_driver(props))) {
            ok = spapr_pci_device_add(m, props, err);
        } else {
            ok = spapr_vio_add(m, props, err);
        }
        spapr_devprops_free(props);
        if (!ok) {
            char *e = *err;

            *err = g_strdup_printf("-device %s: %s", spec, e);
            g_free(e);
            return false;
        }
    }
    return true;
}

/* -M dumpdtb=FILE: the tree the guest is given at reset, with every
   device in it (the rng-seed is a fresh one) */
static bool spapr_dump_dtb(SpaprMachine *m, char **err)
{
    size_t size;
    void *fdt = spapr_build_fdt(m, &size, err);
    GError *ge = NULL;

    if (!fdt) {
        return false;
    }
    if (!g_file_set_contents(m->cfg->dumpdtb, fdt, (gssize)size, &ge)) {
        *err = g_strdup_printf("dumpdtb: %s", ge->message);
        g_error_free(ge);
        g_free(fdt);
        return false;
    }
    g_free(fdt);
    m->dtb_dumped = true;
    return true;
}

SpaprMachine *spapr_machine_new(const SpaprConfig *cfg, char **err)
{
    SpaprMachine *m;

    if (cfg->ram_size == 0 || cfg->ram_size % SPAPR_MEMORY_BLOCK_SIZE) {
        *err = g_strdup_printf("memory size 0x%" PRIx64 " is not aligned to "
                               "%llu MiB", cfg->ram_size,
                               SPAPR_MEMORY_BLOCK_SIZE >> 20);
        return NULL;
    }
    m = g_new0(SpaprMachine, 1);
    g_mutex_init(&m->lock);
    m->cfg = cfg;
    if (!spapr_smp_check(m, cfg, err)) {
        goto fail;
    }
    m->ram_size = cfg->ram_size;
    m->runstate = runstate_new(cfg->start_stopped);
    spapr_rtc_init(m);
    if (!spapr_rng_init(m, err)) {
        goto fail;
    }
    m->ram = spapr_ram_alloc(cfg, m->ram_size, err);
    if (!m->ram) {
        goto fail;
    }
    if (!spapr_firmware_read(m, err)) {
        goto fail;
    }
    if (cfg->kernel && !elf_read_file(cfg->kernel, "kernel", &m->kernel_data,
                                      &m->kernel_len, err)) {
        goto fail;
    }
    if (cfg->initrd &&
        !elf_read_file(cfg->initrd, "initial ram disk", &m->initrd_data,
                       &m->initrd_len, err)) {
        goto fail;
    }
    /* everything that can be wrong with the images shows up here, before
       the terminal is put in raw mode and the JIT is set up */
    if (!spapr_machine_reset(m, err)) {
        goto fail;
    }

    if (!spapr_hpt_init(m, err)) {
        goto fail;
    }
    accel_set_parallel(m->threaded);
    accel_init(cfg->code_size, cfg->interp);
    if (cfg->perfmap && !tb_gen_perfmap_open(err)) {
        goto fail;
    }
    m->icount_rng = ICOUNT_RANDOM_SEED;
    for (uint32_t i = 0; i < m->nr_cpus; i++) {
        CPUPPCState *env = ppc_cpu_new(cfg->cpu_model, m->ram, m->ram_size);

        if (!env) {
            *err = g_strdup("cannot create the CPU");
            goto fail;
        }
        m->cpus[i] = env;
        env->vhyp = &spapr_hypervisor_ops;
        env->vhyp_opaque = m;
        env->cpu_index = i;
        env->smt_tid = i % (m->smp_threads ? m->smp_threads : 1);
        env->interp = cfg->interp;
        accel_cpu_init(env);
        icount_cpu_init(env, &cfg->icount);
    }
    m->cpu = m->cpus[0];
    /* the interrupt controller exists before the console can raise it */
    if (!spapr_hv_init(m, err)) {
        goto fail;
    }
    m->net = net_stack_new(cfg->netdevs, err);
    if (!m->net) {
        goto fail;
    }
    spapr_vio_bus_init(m);
    m->blk_aio = blk_aio_ctx_new(spapr_blk_aio_notify, m);
    /* the default PHB is part of the machine (-nodefaults keeps it) */
    if (!spapr_pci_init(m, true, err)) {
        goto fail;
    }
    if (!spapr_machine_add_devices(m, err)) {
        goto fail;
    }
    for (guint i = 0; cfg->net_dumps && i < cfg->net_dumps->len; i++) {
        const NetDumpSpec *d = g_ptr_array_index(cfg->net_dumps, i);

        if (!net_stack_add_dump(m->net, d->netdev, d->file, d->maxlen,
                                err)) {
            goto fail;
        }
    }

    if (cfg->console.kind != CHARDEV_NONE) {
        m->console = chardev_open(&cfg->console, err);
        if (!m->console) {
            goto fail;
        }
        chardev_set_event_handler(m->console, spapr_console_event, m);
    }
    /* the device tree describes the console, which exists only now */
    if (!spapr_machine_reset(m, err)) {
        goto fail;
    }
    if (cfg->dumpdtb && !spapr_dump_dtb(m, err)) {
        goto fail;
    }
    spapr_drop_image_pages(m);
    return m;

fail:
    spapr_machine_free(m);
    return NULL;
}

void spapr_machine_free(SpaprMachine *m)
{
    if (!m) {
        return;
    }
    spapr_threads_stop(m);
    spapr_sched_stop(m);
    /* the I/O still in flight completes into devices that still exist */
    if (m->blk_aio) {
        blk_aio_ctx_drain(m->blk_aio);
    }
    chardev_close(m->console);
    spapr_rng_free(m);
    net_stack_stop(m->net); /* no frame reaches a NIC being freed */
    spapr_vio_bus_free(m);
    blk_aio_ctx_free(m->blk_aio);
    spapr_pci_free(m);
    if (m->pci_ids) {
        g_hash_table_destroy(m->pci_ids);
    }
    net_stack_free(m->net);
    if (m->drives_claimed) {
        g_hash_table_destroy(m->drives_claimed);
    }
    spapr_hv_free(m);
    spapr_hpt_free(m);
    for (uint32_t i = 0; i < m->nr_cpus; i++) {
        if (m->cpus[i]) {
            ppc_cpu_free(m->cpus[i]); /* and its accelerator state */
        }
    }
    m->cpu = NULL;
    if (m->ram) {
        munmap(m->ram, m->ram_size);
    }
    spapr_vof_free(m->vof);
    elf_free_file(m->kernel_data, m->kernel_len);
    elf_free_file(m->initrd_data, m->initrd_len);
    elf_free_file(m->bios_data, m->bios_len);
    g_free(m->bios_path);
    runstate_free(m->runstate);
    g_mutex_clear(&m->lock);
    g_free(m);
}

/* ------------------------------------------------------------ run loop */

/* a reset of the whole machine: with vCPU threads, inside an exclusive
   section, then every vCPU is kicked to look at its new state */
static bool spapr_machine_reset_all(SpaprMachine *m, char **err)
{
    bool ok;

    if (!m->threads) {
        return spapr_machine_reset(m, err);
    }
    start_exclusive();
    spapr_machine_lock(m);
    ok = spapr_machine_reset(m, err);
    spapr_machine_unlock(m);
    end_exclusive();
    spapr_threads_kick_all(m);
    return ok;
}

/* the loop proper; spapr_machine_run tells the run state when it ends,
   with the SHUTDOWN reason the loop leaves in *why (QMP's names) */
static int spapr_run_loop(SpaprMachine *m, const char **why)
{
    char *err = NULL;

    if (!spapr_sched_start(m, &err) || !spapr_threads_start(m, &err)) {
        fprintf(stderr, "powerjit: %s\n", err);
        g_free(err);
        return 1;
    }
    for (;;) {
        int req = __atomic_exchange_n(&m->request, 0, __ATOMIC_SEQ_CST);

        if (req & SPAPR_REQ_QUIT) {
            *why = m->quit_reason ? m->quit_reason : "host-signal";
            if (m->quit_signal) {
                fprintf(stderr, "powerjit: terminating on signal %d\n",
                        m->quit_signal);
            }
            return 0;
        }
        if (req & SPAPR_REQ_IO) {
            /* the devices answer the guest for the I/O that is done, and
               take the work other threads queued (host input); under the
               machine lock, as the vCPUs' hcalls and MMIO reach the same
               device state */
            spapr_machine_lock(m);
            blk_aio_ctx_poll(m->blk_aio);
            spapr_pci_poll(m);
            spapr_machine_unlock(m);
        }
        if (req & SPAPR_REQ_UNSUPPORTED) {
            fprintf(stderr, "powerjit: %s\n", m->unsupported);
            return 1;
        }
        if (req & SPAPR_REQ_SHUTDOWN) {
            *why = m->shutdown_reason ? m->shutdown_reason
                                      : "guest-shutdown";
            if (!m->cfg->no_shutdown) {
                return m->shutdown_status;
            }
            /* -no-shutdown: the event, then stopped until a reset */
            runstate_event(m->runstate, "SHUTDOWN",
                           "{\"guest\": true, \"reason\": "
                           "\"guest-shutdown\"}");
            *why = NULL;
            runstate_shutdown_stop(m->runstate);
            continue;
        }
        if (req & (SPAPR_REQ_RESET | SPAPR_REQ_RESET_HOST)) {
            bool host = req & SPAPR_REQ_RESET_HOST;
            if (m->cfg->no_reboot && !host) {
                *why = "guest-reset";
                return 0;
            }
            runstate_event(m->runstate, "RESET",
                           host ? "{\"guest\": false, \"reason\": "
                                  "\"host-qmp-system-reset\"}"
                                : "{\"guest\": true, \"reason\": "
                                  "\"guest-reset\"}");
            if (!spapr_machine_reset_all(m, &err)) {
                fprintf(stderr, "powerjit: reset failed: %s\n", err);
                g_free(err);
                return 1;
            }
            spapr_drop_image_pages(m);
            runstate_reset_done(m->runstate);
            continue;
        }
        if (runstate_stop_wanted(m->runstate)) {
            if (m->threads) {
                /* every vCPU parked: the monitor and the debugger may
                   look at all of them */
                start_exclusive();
                runstate_park(m->runstate, m);
                end_exclusive();
                spapr_threads_kick_all(m);
            } else {
                runstate_park(m->runstate, m);
            }
            continue;
        }
        if (m->threads) {
            CPUPPCState *cs = spapr_threads_checkstop(m);
            if (cs) {
                fprintf(stderr, "powerjit: CPU %u checkstop: machine check "
                        "with MSR[ME]=0 at 0x%016" PRIx64 "\n",
                        cs->cpu_index, cs->nip);
                return 1;
            }
            /* the vCPUs run on their threads; wait for a request */
            spapr_request_wait(m);
            continue;
        }

        if (m->nr_cpus > 1) {
            if (!spapr_sched_run_once(m)) {
                spapr_idle_wait(m);
            }
            continue;
        }
        spapr_vcpu_dispatch(m, m->cpu);
        int r = cpu_exec(m->cpu);
        if (m->cpu->checkstop) {
            fprintf(stderr, "powerjit: CPU %u checkstop: machine check with "
                    "MSR[ME]=0 at 0x%016" PRIx64 "\n", m->cpu->cpu_index,
                    m->cpu->nip);
            return 1;
        }
        if (r == EXCP_HALTED) {
            spapr_idle_wait(m);
        } else if (r == EXCP_DEBUG) {
            runstate_debug_stop(m->runstate);
        }
    }
}

int spapr_machine_run(SpaprMachine *m)
{
    const char *why = NULL;
    int status = spapr_run_loop(m, &why);

    spapr_threads_stop(m);
    if (why) {
        char *data = g_strdup_printf("{\"guest\": %s, \"reason\": \"%s\"}",
                                     g_str_has_prefix(why, "guest")
                                         ? "true" : "false", why);
        runstate_event(m->runstate, "SHUTDOWN", data);
        g_free(data);
    }
    runstate_exit(m->runstate);
    return status;
}
