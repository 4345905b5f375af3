/*
 * hw-spapr/firmware.c: booting a firmware image (-bios) instead of the
 * built-in Open Firmware client interface.
 *
 * The conventions are QEMU's pseries ones, so that an image written for
 * it runs unchanged (Debian's SLOF, bare-metal test programs):
 *
 *   - a raw image is copied to guest address 0 and entered at 0x100; an
 *     ELF image is loaded at its physical addresses and entered at its
 *     entry point;
 *   - the vCPU starts as QEMU's does after reset, with MSR = 0: real
 *     mode, 32-bit mode (the firmware sets MSR[SF] itself), big-endian
 *     (interrupts too: LPCR[ILE] = 0) unless an ELF image says
 *     little-endian; r3 = the real address of the flattened device tree,
 *     r1 = r4 = r5 = 0;
 *   - a -kernel ELF is preloaded with its segments shifted up by
 *     SPAPR_FW_KERNEL_ADDR (a vmlinux linked at 0 lands there), the initrd
 *     after it; /chosen says where: qemu,boot-kernel (two 64-bit cells,
 *     address and size), qemu,boot-kernel-le when the kernel is
 *     little-endian, linux,initrd-start and linux,initrd-end (32-bit
 *     cells), and the memory reservation map covers both;
 *   - RTAS is ours, as for the built-in interface: /rtas's
 *     linux,rtas-base, linux,rtas-entry and rtas-size tell the firmware
 *     where the entry code is (SLOF copies it on instantiate-rtas; it is
 *     position-independent), and the services run in rtas.c.
 *
 * The firmware talks to the hypervisor through the console hcalls and
 * QEMU's private ones (hcall-fw.c).
 */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <libfdt.h>

#include "spapr.h"

/* LPCR[ILE] (Power ISA 3.0 Book III 2.2, LPCR bit 38) */
#define FW_LPCR_ILE (1ull << (63 - 38))

static bool fw_is_elf(const uint8_t *data, size_t len)
{
    return len >= 4 && memcmp(data, "\177ELF", 4) == 0;
}

/*
 * QEMU's search for a firmware file: a name that can be opened as given
 * (relative to the working directory, or with a directory in it) is used
 * as it is; otherwise each -L directory in order, then the data directory.
 * NULL when none has it.
 */
static char *fw_find(const SpaprConfig *cfg, const char *name)
{
    if (strchr(name, '/') || access(name, R_OK) == 0) {
        return g_strdup(name);
    }
    for (guint i = 0; cfg->data_dirs && i < cfg->data_dirs->len; i++) {
        char *p = g_build_filename(g_ptr_array_index(cfg->data_dirs, i),
                                   name, NULL);
        if (access(p, R_OK) == 0) {
            return p;
        }
        g_free(p);
    }
    char *p = g_build_filename(SPAPR_DATA_DIR, name, NULL);
    if (access(p, R_OK) == 0) {
        return p;
    }
    g_free(p);
    return NULL;
}

bool spapr_firmware_read(SpaprMachine *m, char **err)
{
    const SpaprConfig *cfg = m->cfg;
    const char *name = cfg->bios;

    if (!name) {
        if (cfg->kernel) {
            return true;        /* the built-in client interface boots it */
        }
        if (cfg->vof) {
            *err = g_strdup("no -kernel given: with x-vof=on the built-in "
                            "client interface boots only a -kernel (SLOF, "
                            "the default, boots from disk)");
            return false;
        }
        name = SPAPR_DEFAULT_FIRMWARE;
    }
    m->bios_path = fw_find(cfg, name);
    if (!m->bios_path) {
        /* QEMU's words, and what provides the default */
        *err = g_strdup_printf("Could not find LPAR firmware '%s'%s", name,
                               cfg->bios ? "" : " (no -kernel given: SLOF "
                               "boots from disk; Debian's qemu-system-data "
                               "installs it)");
        return false;
    }
    const char *path = m->bios_path;

    if (!elf_read_file(path, "firmware", &m->bios_data, &m->bios_len, err)) {
        return false;
    }
    if (m->bios_len == 0) {
        *err = g_strdup_printf("could not load firmware '%s': empty file",
                               path);
        return false;
    }
    return true;
}

/* the lowest address of the firmware area spapr_layout() reserves at the
   top of the first GiB (device tree, RTAS, client interface) */
static uint64_t fw_reserved_base(const SpaprMachine *m)
{
    uint64_t top = MIN(m->ram_size, SPAPR_BOOT_TOP_MAX);
    uint64_t len = SPAPR_VOF_SIZE + SPAPR_FDT_MAX_SIZE + SPAPR_RTAS_SIZE;

    return top > len ? top - len : 0;
}

static bool fw_load_image(SpaprMachine *m, uint64_t *end, char **err)
{
    const char *path = m->bios_path;

    if (fw_is_elf(m->bios_data, m->bios_len)) {
        ElfImage img;
        char *e = NULL;
        if (!elf_load(m->bios_data, m->bios_len, m->ram, m->ram_size, &img,
                      &e)) {
            *err = g_strdup_printf("could not load firmware '%s': %s", path,
                                   e);
            g_free(e);
            return false;
        }
        m->bios_entry = img.entry;
        *end = img.high;
        return true;
    }
    if (m->bios_len > m->ram_size) {
        *err = g_strdup_printf("could not load firmware '%s': %zu bytes do "
                               "not fit in %" PRIu64 " MiB of RAM", path,
                               m->bios_len, m->ram_size >> 20);
        return false;
    }
    memcpy(m->ram, m->bios_data, m->bios_len);
    m->bios_entry = SPAPR_FW_ENTRY;
    *end = m->bios_len;
    return true;
}

/* the kernel's segments go SPAPR_FW_KERNEL_ADDR higher than their
   physical addresses: elf_load() sees RAM from there on */
static bool fw_load_kernel(SpaprMachine *m, char **err)
{
    const uint64_t base = SPAPR_FW_KERNEL_ADDR;
    char *e = NULL;

    if (m->ram_size <= base ||
        !elf_load(m->kernel_data, m->kernel_len, m->ram + base,
                  m->ram_size - base, &m->kernel, &e)) {
        *err = g_strdup_printf("could not load kernel '%s': %s",
                               m->cfg->kernel, e ? e : "RAM too small");
        g_free(e);
        return false;
    }
    m->kernel.entry += base;
    m->kernel.low += base;
    m->kernel.high += base;
    return true;
}

bool spapr_firmware_load(SpaprMachine *m, char **err)
{
    uint64_t end;

    if (!fw_load_image(m, &end, err)) {
        return false;
    }
    if (end > fw_reserved_base(m)) {
        *err = g_strdup_printf("firmware '%s' (up to 0x%" PRIx64 ") overlaps "
                               "the device tree and RTAS at 0x%" PRIx64
                               ": use a larger -m", m->bios_path, end,
                               fw_reserved_base(m));
        return false;
    }
    memset(&m->kernel, 0, sizeof(m->kernel));
    if (!m->kernel_data) {
        return true;
    }
    if (end > SPAPR_FW_KERNEL_ADDR) {
        *err = g_strdup_printf("firmware '%s' (up to 0x%" PRIx64 ") overlaps "
                               "the kernel at 0x%x", m->bios_path, end,
                               SPAPR_FW_KERNEL_ADDR);
        return false;
    }
    return fw_load_kernel(m, err);
}

int spapr_firmware_fdt(const SpaprMachine *m, void *fdt)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    int r;

    if (chosen < 0) {
        return chosen;
    }
    if (m->kernel_data) {
        fdt64_t kernel[2] = { cpu_to_fdt64(m->kernel.low),
                              cpu_to_fdt64(m->kernel.high - m->kernel.low) };
        r = fdt_setprop(fdt, chosen, "qemu,boot-kernel", kernel,
                        sizeof(kernel));
        if (r == 0 && m->kernel.little_endian) {
            r = fdt_setprop(fdt, chosen, "qemu,boot-kernel-le", NULL, 0);
        }
        if (r == 0) {
            r = fdt_add_mem_rsv(fdt, m->kernel.low,
                                m->kernel.high - m->kernel.low);
        }
        if (r < 0) {
            return r;
        }
    }
    if (m->initrd_size) {
        /* 32-bit cells, as QEMU gives them to firmware (the initrd lies
           below the first GiB) */
        r = fdt_setprop_u32(fdt, chosen, "linux,initrd-start",
                            (uint32_t)m->initrd_base);
        if (r == 0) {
            r = fdt_setprop_u32(fdt, chosen, "linux,initrd-end",
                                (uint32_t)(m->initrd_base + m->initrd_size));
        }
        if (r == 0) {
            r = fdt_add_mem_rsv(fdt, m->initrd_base, m->initrd_size);
        }
        if (r < 0) {
            return r;
        }
    }
    return 0;
}

void spapr_firmware_enter(SpaprMachine *m, CPUPPCState *env)
{
    bool le = fw_is_elf(m->bios_data, m->bios_len) && m->bios_len > 5 &&
              m->bios_data[5] == 1; /* EI_DATA: ELFDATA2LSB */

    env->nip = m->bios_entry;
    /* 32-bit real mode (QEMU's reset state; the firmware sets SF itself),
       with MSR[ME] = 1: a pseries partition always runs with machine
       checks enabled, and cannot change ME (only the hypervisor can) */
    env->msr = MSR_BIT(MSR_ME);
    if (le) {
        env->msr |= MSR_BIT(MSR_LE);
        env->spr[SPR_LPCR] |= FW_LPCR_ILE;
    } else {
        env->spr[SPR_LPCR] &= ~FW_LPCR_ILE;
    }
    env->gpr[1] = 0;
    env->gpr[3] = m->fdt_base;
    env->gpr[4] = 0;
    env->gpr[5] = 0;
}
