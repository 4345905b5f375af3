/*
 * The device tree and the boot layout (hw-spapr/fdt.c, spapr.c), read back
 * with libfdt's read-only API and, when the host has it, checked by dtc.
 *
 * Expected values: memory reg cells are the -m size split into two 32-bit
 * cells as the root's #address-cells/#size-cells = 2 say; bootargs is the
 * -append string; every row of the RTAS table is a /rtas property holding
 * its token; the PVR version halves are IBM's (0x004d POWER8, 0x004e
 * POWER9); ibm,pa-features bits are numbered from each byte's most
 * significant bit as LoPAPR and Linux's prom.c read them (byte 22 bit 0
 * transactional memory, byte 40 bit 0 radix); the radix AP encodings are
 * the Power ISA's tlbie AP values (4K 0, 64K 5, 2M 1, 1G 2).
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>

#include "spapr.h"

typedef struct Fixture {
    SpaprConfig cfg;
    SpaprMachine m;
    void *fdt;
    size_t fdt_size;
} Fixture;

static void fixture_init(Fixture *f, uint64_t ram_size)
{
    memset(f, 0, sizeof(*f));
    f->cfg.ram_size = ram_size;
    f->cfg.cpu_model = PPC_MODEL_POWER9;
    f->m.cfg = &f->cfg;
    f->m.ram_size = ram_size;
    f->m.kernel.low = 0;
    f->m.kernel.high = 0x123456;
}

static void fixture_build(Fixture *f)
{
    char *err = NULL;

    g_assert_true(spapr_layout(&f->m, &err));
    g_free(f->fdt);
    f->fdt = spapr_build_fdt(&f->m, &f->fdt_size, &err);
    g_assert_null(err);
    g_assert_nonnull(f->fdt);
    g_assert_cmpint(fdt_check_header(f->fdt), ==, 0);
    g_assert_cmpuint(fdt_totalsize(f->fdt), ==, f->fdt_size);
    g_assert_cmpuint(f->fdt_size, <=, SPAPR_FDT_MAX_SIZE);
}

static void fixture_clear(Fixture *f)
{
    g_free(f->fdt);
    f->fdt = NULL;
}

static const void *prop(Fixture *f, const char *path, const char *name,
                        int *len)
{
    int node = fdt_path_offset(f->fdt, path);

    if (node < 0) {
        g_error("no node %s", path);
    }
    const void *p = fdt_getprop(f->fdt, node, name, len);
    if (!p) {
        g_error("no property %s in %s", name, path);
    }
    return p;
}

static uint32_t prop_u32(Fixture *f, const char *path, const char *name)
{
    int len;
    const fdt32_t *p = prop(f, path, name, &len);

    g_assert_cmpint(len, ==, 4);
    return fdt32_to_cpu(*p);
}

static uint64_t prop_u64(Fixture *f, const char *path, const char *name)
{
    int len;
    const void *p = prop(f, path, name, &len);
    fdt64_t v;

    g_assert_cmpint(len, ==, 8);
    memcpy(&v, p, 8);
    return fdt64_to_cpu(v);
}

static const char *prop_str(Fixture *f, const char *path, const char *name)
{
    int len;
    const char *p = prop(f, path, name, &len);

    g_assert_cmpint(len, ==, (int)strlen(p) + 1);
    return p;
}

static void check_memory_reg(Fixture *f, uint32_t hi, uint32_t lo)
{
    int len;
    const fdt32_t *reg = prop(f, "/memory@0", "reg", &len);

    g_assert_cmpint(len, ==, 16);
    g_assert_cmphex(fdt32_to_cpu(reg[0]), ==, 0);
    g_assert_cmphex(fdt32_to_cpu(reg[1]), ==, 0);
    g_assert_cmphex(fdt32_to_cpu(reg[2]), ==, hi);
    g_assert_cmphex(fdt32_to_cpu(reg[3]), ==, lo);
}

static void test_memory(void)
{
    Fixture f;

    fixture_init(&f, 1ull << 30); /* -m 1G */
    fixture_build(&f);
    g_assert_cmpuint(prop_u32(&f, "/", "#address-cells"), ==, 2);
    g_assert_cmpuint(prop_u32(&f, "/", "#size-cells"), ==, 2);
    g_assert_cmpstr(prop_str(&f, "/memory@0", "device_type"), ==, "memory");
    check_memory_reg(&f, 0, 0x40000000);
    fixture_clear(&f);

    fixture_init(&f, 5ull << 30); /* -m 5G: above 32 bits */
    fixture_build(&f);
    check_memory_reg(&f, 1, 0x40000000);
    fixture_clear(&f);
}

static void test_chosen(void)
{
    Fixture f;

    fixture_init(&f, 512ull << 20);
    f.cfg.append = (char *)"console=hvc0 root=/dev/ram rw";
    f.m.initrd_len = 0x2345;
    fixture_build(&f);
    g_assert_cmpstr(prop_str(&f, "/chosen", "bootargs"), ==,
                    "console=hvc0 root=/dev/ram rw");
    /* the initrd follows the kernel (ending at 0x123456) at 64 KiB */
    g_assert_cmphex(prop_u64(&f, "/chosen", "linux,initrd-start"), ==,
                    0x130000);
    g_assert_cmphex(prop_u64(&f, "/chosen", "linux,initrd-end"), ==,
                    0x132345);
    fixture_clear(&f);

    fixture_init(&f, 512ull << 20);
    fixture_build(&f);
    /* no -append: no bootargs at all, as in QEMU 7.2's dumpdtb */
    g_assert_null(fdt_getprop(f.fdt, fdt_path_offset(f.fdt, "/chosen"),
                              "bootargs", NULL));
    g_assert_null(fdt_getprop(f.fdt, fdt_path_offset(f.fdt, "/chosen"),
                              "linux,initrd-start", NULL));
    fixture_clear(&f);
}

static void test_rtas_node(void)
{
    Fixture f;
    int len;

    fixture_init(&f, 512ull << 20);
    fixture_build(&f);
    g_assert_cmpuint(spapr_rtas_nb_calls, >=, 4);
    for (size_t i = 0; i < spapr_rtas_nb_calls; i++) {
        g_assert_cmphex(prop_u32(&f, "/rtas", spapr_rtas_calls[i].name), ==,
                        spapr_rtas_calls[i].token);
    }
    /* the services a bare-metal program and Linux look up by name */
    prop_u32(&f, "/rtas", "power-off");
    prop_u32(&f, "/rtas", "system-reboot");
    prop_u32(&f, "/rtas", "get-time-of-day");
    prop_u32(&f, "/rtas", "display-character");
    /* FWNMI (LoPAPR 7.3.14): Linux looks both up by these names */
    prop_u32(&f, "/rtas", "ibm,nmi-register");
    prop_u32(&f, "/rtas", "ibm,nmi-interlock");

    /* RTAS at the top of the first 512 MiB, the tree 1 MiB below it */
    g_assert_cmphex(prop_u32(&f, "/rtas", "linux,rtas-base"), ==,
                    0x20000000 - SPAPR_RTAS_SIZE);
    g_assert_cmphex(prop_u32(&f, "/rtas", "linux,rtas-entry"), ==,
                    0x20000000 - SPAPR_RTAS_SIZE);
    g_assert_cmphex(prop_u32(&f, "/rtas", "rtas-size"), ==, SPAPR_RTAS_SIZE);
    g_assert_cmphex(f.m.fdt_base, ==, 0x20000000 - SPAPR_RTAS_SIZE -
                                          SPAPR_FDT_MAX_SIZE);
    /* the function sets are the hcall table's (test-hcall checks which) */
    size_t sets_len;
    char *sets = spapr_hypertas_functions(&f.m, &sets_len);
    const char *hypertas = prop(&f, "/rtas", "ibm,hypertas-functions", &len);
    g_assert_cmpmem(hypertas, len, sets, sets_len);
    g_free(sets);

    /* the RTAS region is reserved */
    uint64_t addr, size;
    g_assert_cmpint(fdt_num_mem_rsv(f.fdt), ==, 1);
    g_assert_cmpint(fdt_get_mem_rsv(f.fdt, 0, &addr, &size), ==, 0);
    g_assert_cmphex(addr, ==, 0x20000000 - SPAPR_RTAS_SIZE);
    g_assert_cmphex(size, ==, SPAPR_RTAS_SIZE);
    fixture_clear(&f);

    /* above 1 GiB of RAM they stay at the top of the first GiB */
    fixture_init(&f, 4ull << 30);
    fixture_build(&f);
    g_assert_cmphex(prop_u32(&f, "/rtas", "linux,rtas-base"), ==,
                    0x40000000 - SPAPR_RTAS_SIZE);
    fixture_clear(&f);
}

static void test_console_nodes(void)
{
    Fixture f;
    ChardevSpec null_spec = { .kind = CHARDEV_NULL };
    char *err = NULL;

    fixture_init(&f, 512ull << 20);
    f.m.console = chardev_open(&null_spec, &err);
    f.m.console_reg = 0x71000000; /* a -serial console: the first VIO address */
    f.m.nvram_reg = 0x71000001;
    fixture_build(&f);
    g_assert_cmpstr(prop_str(&f, "/vdevice", "device_type"), ==, "vdevice");
    g_assert_cmpstr(prop_str(&f, "/vdevice", "compatible"), ==,
                    "IBM,vdevice");
    g_assert_cmpstr(prop_str(&f, "/vdevice/vty@71000000", "compatible"), ==,
                    "hvterm1");
    g_assert_cmpstr(prop_str(&f, "/vdevice/vty@71000000", "device_type"), ==,
                    "serial");
    g_assert_cmphex(prop_u32(&f, "/vdevice/vty@71000000", "reg"), ==,
                    0x71000000);
    g_assert_cmpstr(prop_str(&f, "/chosen", "linux,stdout-path"), ==,
                    "/vdevice/vty@71000000");
    chardev_close(f.m.console);
    fixture_clear(&f);

    /* -nodefaults: no vty, and /chosen points at none */
    fixture_init(&f, 512ull << 20);
    fixture_build(&f);
    g_assert_cmpint(fdt_path_offset(f.fdt, "/vdevice/vty@71000000"), <, 0);
    g_assert_null(fdt_getprop(f.fdt, fdt_path_offset(f.fdt, "/chosen"),
                              "linux,stdout-path", NULL));
    fixture_clear(&f);
}

static void test_cpu_node(void)
{
    Fixture f;

    fixture_init(&f, 512ull << 20);
    fixture_build(&f);
    g_assert_cmpstr(prop_str(&f, "/", "device_type"), ==, "chrp");
    g_assert_cmpstr(prop_str(&f, "/cpus/PowerPC,POWER9@0", "device_type"),
                    ==, "cpu");
    g_assert_cmphex(prop_u32(&f, "/cpus/PowerPC,POWER9@0", "reg"), ==, 0);
    g_assert_cmphex(prop_u32(&f, "/cpus/PowerPC,POWER9@0", "cpu-version") >>
                        16, ==, 0x004e);
    g_assert_cmpuint(prop_u32(&f, "/cpus/PowerPC,POWER9@0",
                              "timebase-frequency"), ==, 512000000);
    fixture_clear(&f);

    fixture_init(&f, 512ull << 20);
    f.cfg.cpu_model = PPC_MODEL_POWER8;
    fixture_build(&f);
    g_assert_cmphex(prop_u32(&f, "/cpus/PowerPC,POWER8@0", "cpu-version") >>
                        16, ==, 0x004d);
    fixture_clear(&f);
}

/* -smp 6,threads=2: LoPAPR's processor node stands for a core, so three
   nodes named after their first thread (@0, @2, @4), each with its two
   threads' interrupt servers; vCPU i is server i (spapr-smp.c) */
static void test_cpu_smt(void)
{
    Fixture f;
    int len;

    fixture_init(&f, 512ull << 20);
    f.m.nr_cpus = 6;
    f.m.smp_threads = 2;
    fixture_build(&f);
    for (uint32_t core = 0; core < 3; core++) {
        char *path = g_strdup_printf("/cpus/PowerPC,POWER9@%x", 2 * core);
        const fdt32_t *sv = prop(&f, path, "ibm,ppc-interrupt-server#s",
                                 &len);

        g_assert_cmpint(len, ==, 8);
        g_assert_cmpuint(fdt32_to_cpu(sv[0]), ==, 2 * core);
        g_assert_cmpuint(fdt32_to_cpu(sv[1]), ==, 2 * core + 1);
        g_assert_cmpuint(prop_u32(&f, path, "reg"), ==, 2 * core);
        sv = prop(&f, path, "ibm,ppc-interrupt-gserver#s", &len);
        g_assert_cmpint(len, ==, 16);
        g_assert_cmpuint(fdt32_to_cpu(sv[2]), ==, 2 * core + 1);
        g_free(path);
    }
    g_assert_cmpint(fdt_path_offset(f.fdt, "/cpus/PowerPC,POWER9@1"), <, 0);
    g_assert_cmpint(fdt_path_offset(f.fdt, "/cpus/PowerPC,POWER9@6"), <, 0);
    fixture_clear(&f);
}

/* cap-hpt-max-page-size=16M (the default of the machine versions up to
   2.12): ibm,segment-page-sizes lists every base size with its actual
   sizes, as POWER8's firmware does (LoPAPR: base shift, SLB encoding,
   count, then (shift, LP) pairs; the 4K base holds 4K, 64K and 16M, the
   64K base 64K and 16M, the 16M base 16M): 3 * 3 + 6 * 2 cells */
static void test_segment_page_sizes_16m(void)
{
    static const uint32_t want[] = {
        12, 0x000, 3, 12, 0, 16, 7, 24, 0x38,
        16, 0x110, 2, 16, 1, 24, 8,
        24, 0x100, 1, 24, 0,
    };
    Fixture f;
    int len;

    fixture_init(&f, 512ull << 20);
    f.cfg.caps.val[SPAPR_CAP_HPT_MAXPAGESIZE] = 24;
    fixture_build(&f);
    const fdt32_t *c = prop(&f, "/cpus/PowerPC,POWER9@0",
                            "ibm,segment-page-sizes", &len);
    g_assert_cmpint(len, ==, (int)sizeof(want));
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        g_assert_cmphex(fdt32_to_cpu(c[i]), ==, want[i]);
    }
    fixture_clear(&f);
}

static void test_layout_errors(void)
{
    Fixture f;
    char *err = NULL;

    /* a kernel reaching into the device tree area */
    fixture_init(&f, 256ull << 20);
    f.m.kernel.high = (256ull << 20) - 0x1000;
    g_assert_false(spapr_layout(&f.m, &err));
    g_assert_nonnull(strstr(err, "overlaps"));
    g_clear_pointer(&err, g_free);

    /* an initrd too large for what is left */
    fixture_init(&f, 256ull << 20);
    f.m.initrd_len = 255ull << 20;
    g_assert_false(spapr_layout(&f.m, &err));
    g_assert_nonnull(strstr(err, "initrd"));
    g_clear_pointer(&err, g_free);
}

/* the whole tree through an independent parser */
static void test_dtc_accepts(void)
{
    Fixture f;
    char *path, *out = NULL, *errout = NULL;
    int status;
    char *dtc = g_find_program_in_path("dtc");

    if (!dtc) {
        g_test_skip("dtc is not installed");
        return;
    }
    fixture_init(&f, 512ull << 20);
    f.cfg.append = (char *)"quiet";
    fixture_build(&f);
    int fd = g_file_open_tmp("powerjit-fdt-XXXXXX.dtb", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(g_file_set_contents(path, f.fdt, (gssize)f.fdt_size,
                                      NULL));
    char *argv[] = { dtc, (char *)"-I", (char *)"dtb", (char *)"-O",
                     (char *)"dts", path, NULL };
    g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &errout, &status, NULL));
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    g_assert_nonnull(strstr(out, "bootargs = \"quiet\";"));
    g_assert_nonnull(strstr(out, "rtas {"));
    g_unlink(path);
    g_free(path);
    g_free(out);
    g_free(errout);
    g_free(dtc);
    fixture_clear(&f);
}

/* a reset writes the kernel, the RTAS code and the tree into RAM */
static void test_reset_places_boot_data(void)
{
    static const uint8_t elf_header_le[] = {
        /* a minimal little-endian ppc64 ET_EXEC: one PT_LOAD of 8 bytes at
           physical 0x10000, entry there (fields per the ELF-64 spec) */
        0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        2, 0, 21, 0, 1, 0, 0, 0,                         /* type, machine */
        0x00, 0x00, 0x01, 0, 0, 0, 0, 0,                 /* entry 0x10000 */
        64, 0, 0, 0, 0, 0, 0, 0,                         /* phoff */
        0, 0, 0, 0, 0, 0, 0, 0,                          /* shoff */
        0, 0, 0, 0, 64, 0, 56, 0, 1, 0, 0, 0, 0, 0, 0, 0,
        1, 0, 0, 0, 5, 0, 0, 0,                          /* PT_LOAD, R+X */
        120, 0, 0, 0, 0, 0, 0, 0,                        /* offset */
        0x00, 0x00, 0x01, 0, 0, 0, 0, 0,                 /* vaddr */
        0x00, 0x00, 0x01, 0, 0, 0, 0, 0,                 /* paddr */
        8, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0,  /* filesz, memsz */
        0, 0, 1, 0, 0, 0, 0, 0,                          /* align */
        0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x60,  /* b .; nop */
    };
    Fixture f;
    char *err = NULL;
    uint8_t rtas[64];

    fixture_init(&f, 256ull << 20);
    f.m.ram = mmap(NULL, f.m.ram_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    g_assert_true(f.m.ram != MAP_FAILED);
    f.m.kernel_data = (uint8_t *)elf_header_le;
    f.m.kernel_len = sizeof(elf_header_le);
    f.cfg.kernel = (char *)"test.elf";

    g_assert_true(spapr_machine_reset(&f.m, &err));
    g_assert_null(err);
    g_assert_cmphex(f.m.kernel.entry, ==, 0x10000);
    g_assert_true(f.m.kernel.little_endian);
    g_assert_cmpmem(f.m.ram + 0x10000, 8, elf_header_le + 120, 8);
    g_assert_cmpint(fdt_check_header(f.m.ram + f.m.fdt_base), ==, 0);
    size_t n = spapr_rtas_entry_code(rtas, sizeof(rtas));
    g_assert_cmpmem(f.m.ram + f.m.rtas_base, n, rtas, n);

    /* a second reset starts from clean RAM */
    f.m.ram[0x20000] = 0x77;
    g_assert_true(spapr_machine_reset(&f.m, &err));
    g_assert_cmpuint(f.m.ram[0x20000], ==, 0);

    /* the client interface's entry code is in place, its stack above */
    n = spapr_hcall_stub(rtas, sizeof(rtas), SPAPR_H_VOF_CLIENT);
    g_assert_cmpuint(n, >, 0);
    g_assert_cmpmem(f.m.ram + spapr_vof_entry(&f.m), n, rtas, n);
    g_assert_cmphex(f.m.vof_base + SPAPR_VOF_SIZE, ==, f.m.fdt_base);
    spapr_vof_free(f.m.vof);
    munmap(f.m.ram, f.m.ram_size);
}

/* the XICS presentation controller that Linux's icp-hv code looks for */
static void test_xics_node(void)
{
    Fixture f;
    ChardevSpec null_spec = { .kind = CHARDEV_NULL };
    char *err = NULL;
    int len;

    fixture_init(&f, 512ull << 20);
    f.m.console = chardev_open(&null_spec, &err);
    f.m.console_reg = 0x71000000; /* a -serial console: the first VIO address */
    f.m.nvram_reg = 0x71000001;
    fixture_build(&f);
    g_assert_cmpstr(prop_str(&f, "/interrupt-controller", "compatible"), ==,
                    "IBM,ppc-xicp");
    g_assert_cmpstr(prop_str(&f, "/interrupt-controller", "device_type"), ==,
                    "PowerPC-External-Interrupt-Presentation");
    g_assert_cmpuint(prop_u32(&f, "/interrupt-controller",
                              "#interrupt-cells"), ==, 2);
    prop(&f, "/interrupt-controller", "interrupt-controller", &len);
    g_assert_cmpint(len, ==, 0);
    const fdt32_t *ranges = prop(&f, "/interrupt-controller",
                                 "ibm,interrupt-server-ranges", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmpuint(fdt32_to_cpu(ranges[0]), ==, 0);
    g_assert_cmpuint(fdt32_to_cpu(ranges[1]), ==, 1);
    /* the VIO bus is an interrupt controller domain of two cells */
    prop(&f, "/vdevice", "interrupt-controller", &len);
    g_assert_cmpuint(prop_u32(&f, "/vdevice", "#interrupt-cells"), ==, 2);
    chardev_close(f.m.console);
    fixture_clear(&f);
}

/* every node has a distinct phandle: they are the client interface's
   package handles */
static void test_phandles(void)
{
    Fixture f;
    GHashTable *seen = g_hash_table_new(NULL, NULL);

    fixture_init(&f, 512ull << 20);
    fixture_build(&f);
    for (int n = 0; n >= 0; n = fdt_next_node(f.fdt, n, NULL)) {
        uint32_t ph = fdt_get_phandle(f.fdt, n);
        g_assert_cmphex(ph, !=, 0);
        g_assert_cmphex(ph, !=, 0xffffffff);
        g_assert_false(g_hash_table_contains(seen, GUINT_TO_POINTER(ph)));
        g_hash_table_add(seen, GUINT_TO_POINTER(ph));
    }
    g_assert_cmpuint(g_hash_table_size(seen), >=, 7);
    g_hash_table_destroy(seen);
    fixture_clear(&f);
}

static bool pa_bit(const uint8_t *pa, int len, int byte, int bit)
{
    g_assert_cmpint(len, >=, 2);
    g_assert_cmpint(pa[0], ==, len - 2); /* attribute bytes after header */
    g_assert_cmpint(pa[1], ==, 0);       /* descriptor type 0 */
    return byte < pa[0] && (pa[2 + byte] & (0x80 >> bit));
}

static void test_cpu_features(void)
{
    Fixture f;
    int len;
    const char *p9 = "/cpus/PowerPC,POWER9@0";

    fixture_init(&f, 1ull << 30);
    fixture_build(&f);
    const uint8_t *pa = prop(&f, p9, "ibm,pa-features", &len);
    g_assert_true(pa_bit(pa, len, 0, 0));   /* MMU */
    g_assert_true(pa_bit(pa, len, 0, 1));   /* FPU */
    g_assert_true(pa_bit(pa, len, 5, 0));   /* true little-endian */
    g_assert_false(pa_bit(pa, len, 22, 0)); /* no transactional memory */
    g_assert_true(pa_bit(pa, len, 40, 0));  /* radix */
    g_assert_cmpint(pa[0], >, 40);
    const fdt32_t *ap = prop(&f, p9, "ibm,processor-radix-AP-encodings",
                             &len);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmphex(fdt32_to_cpu(ap[0]), ==, 12);
    g_assert_cmphex(fdt32_to_cpu(ap[1]), ==, (5u << 29) | 16);
    g_assert_cmphex(fdt32_to_cpu(ap[2]), ==, (1u << 29) | 21);
    g_assert_cmphex(fdt32_to_cpu(ap[3]), ==, (2u << 29) | 30);
    /* 1 GiB of RAM: a 2^23-byte hash table (1/128 of RAM) */
    const fdt32_t *pft = prop(&f, p9, "ibm,pft-size", &len);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmpuint(fdt32_to_cpu(pft[1]), ==, 23);
    /* the platform offers radix with GTSE, and only XICS */
    const uint8_t *ps = prop(&f, "/chosen", "ibm,arch-vec-5-platform-support",
                             &len);
    bool radix = false, gtse = false, xics_only = false;
    for (int i = 0; i + 1 < len; i += 2) {
        radix |= ps[i] == 24 && (ps[i + 1] & 0xc0) != 0;
        gtse |= ps[i] == 26 && (ps[i + 1] & 0x40);
        xics_only |= ps[i] == 23 && (ps[i + 1] & 0xc0) == 0;
    }
    g_assert_true(radix && gtse && xics_only);
    fixture_clear(&f);

    /* POWER8: no radix anywhere */
    fixture_init(&f, 1ull << 30);
    f.cfg.cpu_model = PPC_MODEL_POWER8;
    fixture_build(&f);
    pa = prop(&f, "/cpus/PowerPC,POWER8@0", "ibm,pa-features", &len);
    g_assert_false(pa_bit(pa, len, 40, 0));
    g_assert_null(fdt_getprop(f.fdt, fdt_path_offset(f.fdt,
                                                     "/cpus/PowerPC,POWER8@0"),
                              "ibm,processor-radix-AP-encodings", NULL));
    ps = prop(&f, "/chosen", "ibm,arch-vec-5-platform-support", &len);
    for (int i = 0; i + 1 < len; i += 2) {
        g_assert_false(ps[i] == 24 && (ps[i + 1] & 0xc0) != 0);
    }
    fixture_clear(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fdt/memory", test_memory);
    g_test_add_func("/fdt/chosen", test_chosen);
    g_test_add_func("/fdt/rtas", test_rtas_node);
    g_test_add_func("/fdt/console", test_console_nodes);
    g_test_add_func("/fdt/cpu", test_cpu_node);
    g_test_add_func("/fdt/cpu-smt", test_cpu_smt);
    g_test_add_func("/fdt/segment-page-sizes-16m",
                    test_segment_page_sizes_16m);
    g_test_add_func("/fdt/dtc", test_dtc_accepts);
    g_test_add_func("/fdt/xics", test_xics_node);
    g_test_add_func("/fdt/phandles", test_phandles);
    g_test_add_func("/fdt/cpu-features", test_cpu_features);
    g_test_add_func("/spapr/layout-errors", test_layout_errors);
    g_test_add_func("/spapr/reset", test_reset_places_boot_data);
    return g_test_run();
}
