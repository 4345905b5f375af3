/*
 * The Open Firmware client interface (hw-spapr/vof*.c), driven as a client
 * drives it: a machine reset from a tiny ELF (so RAM holds the kernel, an
 * initrd, the device tree and RTAS, all claimed), then IEEE 1275 argument
 * arrays written into guest RAM and handed to spapr_vof_client_call() as
 * the entry code's hcall would.
 *
 * Expected values come from the specifications, not from our output: the
 * argument array layout, handle and return conventions are IEEE 1275's
 * (and Linux prom_init's use of them), the client-architecture-support
 * vector layout and option vector 5 bytes are LoPAPR's (byte 24: 0x40
 * radix; byte 26: 0x40 GTSE), the logical PVR for ISA 3.00 is 0x0f000005,
 * and the tree walked through the interface is checked against the same
 * tree read directly with libfdt.
 */
#include <string.h>
#include <sys/mman.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>

#include "spapr.h"
#include "bytes-be.h"

#define RAM_SIZE (256ull << 20)
#define INITRD_SIZE 0x3000
/* scratch areas for the tests' strings, buffers and argument arrays */
#define STR 0x200000
#define BUF 0x300000
#define ARGS 0x400000
#define ERR 0xffffffffu

typedef struct Fixture {
    SpaprConfig cfg;
    SpaprMachine m;
    CPUPPCState env;
    char *dir;
    char *console_path;
    uint32_t str_next;
} Fixture;

/* a minimal little-endian ppc64 ET_EXEC (ELF-64 spec): one PT_LOAD of 8
   bytes at physical 0x10000, entry there */
static const uint8_t tiny_elf[] = {
    0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 0, 21, 0, 1, 0, 0, 0,
    0x00, 0x00, 0x01, 0, 0, 0, 0, 0,
    64, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 64, 0, 56, 0, 1, 0, 0, 0, 0, 0, 0, 0,
    1, 0, 0, 0, 5, 0, 0, 0,
    120, 0, 0, 0, 0, 0, 0, 0,
    0x00, 0x00, 0x01, 0, 0, 0, 0, 0,
    0x00, 0x00, 0x01, 0, 0, 0, 0, 0,
    8, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 0, 0, 0, 0, 0,
    0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x60,
};
static uint8_t initrd[INITRD_SIZE];

static void fixture_setup_model(Fixture *f, PPCModel model)
{
    char *err = NULL;

    memset(f, 0, sizeof(*f));
    f->dir = g_dir_make_tmp("powerjit-vof-XXXXXX", NULL);
    f->console_path = g_build_filename(f->dir, "console", NULL);
    f->cfg.console.kind = CHARDEV_FILE;
    f->cfg.console.path = f->console_path;
    f->cfg.cpu_model = model;
    f->cfg.ram_size = RAM_SIZE;
    f->cfg.kernel = (char *)"tiny.elf";
    f->cfg.append = (char *)"console=hvc0 quiet";
    f->m.cfg = &f->cfg;
    f->m.ram_size = RAM_SIZE;
    f->m.ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    g_assert_true(f->m.ram != MAP_FAILED);
    f->m.kernel_data = (uint8_t *)tiny_elf;
    f->m.kernel_len = sizeof(tiny_elf);
    f->m.initrd_data = initrd;
    f->m.initrd_len = sizeof(initrd);
    f->m.console = chardev_open(&f->cfg.console, &err);
    f->m.console_reg = 0x71000000; /* a -serial console: the first VIO address */
    f->m.nvram_reg = 0x71000001;
    g_assert_nonnull(f->m.console);
    g_assert_true(spapr_machine_reset(&f->m, &err));
    g_assert_null(err);
    /* a client in the binding's mode: 32-bit, big-endian */
    f->env.msr = 0;
    f->str_next = STR;
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    fixture_setup_model(f, PPC_MODEL_POWER9);
}

static void fixture_setup_p8(Fixture *f, gconstpointer data)
{
    fixture_setup_model(f, PPC_MODEL_POWER8);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    chardev_close(f->m.console);
    spapr_vof_free(f->m.vof);
    munmap(f->m.ram, RAM_SIZE);
    g_unlink(f->console_path);
    g_rmdir(f->dir);
    g_free(f->console_path);
    g_free(f->dir);
}

/* a NUL-terminated string in guest RAM; returns its address */
static uint32_t gstr(Fixture *f, const char *s)
{
    uint32_t addr = f->str_next;

    memcpy(f->m.ram + addr, s, strlen(s) + 1);
    f->str_next += (uint32_t)strlen(s) + 1;
    return addr;
}

/*
 * Calls service with nargs arguments through an array at addr (IEEE 1275:
 * service, nargs, nret, args, rets as big-endian cells); the returns go to
 * rets.  Returns the hcall status.
 */
static int64_t ci_call_at(Fixture *f, uint64_t addr, const char *service,
                          int nargs, const uint32_t *args, int nret,
                          uint32_t *rets)
{
    uint8_t *p = f->m.ram + addr;
    int64_t status;

    st_be32(p, gstr(f, service));
    st_be32(p + 4, (uint32_t)nargs);
    st_be32(p + 8, (uint32_t)nret);
    for (int i = 0; i < nargs; i++) {
        st_be32(p + 12 + 4 * i, args[i]);
    }
    for (int i = 0; i < nret; i++) {
        st_be32(p + 12 + 4 * (nargs + i), 0x5a5a5a5a);
    }
    status = spapr_vof_client_call(&f->m, &f->env, addr);
    for (int i = 0; i < nret; i++) {
        rets[i] = ld_be32(p + 12 + 4 * (nargs + i));
    }
    return status;
}

/* a one-return call that must reach its service; returns that return */
static uint32_t ci1(Fixture *f, const char *service, int nargs,
                    const uint32_t *args)
{
    uint32_t ret;

    g_assert_cmpint(ci_call_at(f, ARGS, service, nargs, args, 1, &ret), ==,
                    0);
    return ret;
}

static uint32_t finddevice(Fixture *f, const char *path)
{
    uint32_t a[1] = { gstr(f, path) };
    return ci1(f, "finddevice", 1, a);
}

static uint32_t getprop(Fixture *f, uint32_t ph, const char *name,
                        uint32_t buf, uint32_t buflen)
{
    uint32_t a[4] = { ph, gstr(f, name), buf, buflen };
    return ci1(f, "getprop", 4, a);
}

static uint32_t open_dev(Fixture *f, const char *path)
{
    uint32_t a[1] = { gstr(f, path) };
    return ci1(f, "open", 1, a);
}

/* the live tree, read directly */
static const void *live_fdt(Fixture *f)
{
    return spapr_vof_fdt(f->m.vof);
}

/* ------------------------------------------------------------ tree */

static void test_finddevice(Fixture *f, gconstpointer data)
{
    static const char *const paths[] = {
        "/", "/chosen", "/cpus", "/cpus/PowerPC,POWER9@0", "/rtas",
        "/vdevice", "/vdevice/vty@71000000", "/interrupt-controller",
        "/memory@0",
    };
    const void *fdt = live_fdt(f);

    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
        uint32_t ph = finddevice(f, paths[i]);
        int node = fdt_path_offset(fdt, paths[i]);

        g_assert_cmpint(node, >=, 0);
        g_assert_cmphex(ph, !=, 0);
        g_assert_cmphex(ph, !=, ERR);
        g_assert_cmphex(ph, ==, fdt_get_phandle(fdt, node));
    }
    /* Open Firmware matches a node name without its unit address */
    g_assert_cmphex(finddevice(f, "/memory"), ==,
                    finddevice(f, "/memory@0"));
    /* arguments after ':' are not part of the path */
    g_assert_cmphex(finddevice(f, "/vdevice/vty@71000000:raw"), ==,
                    finddevice(f, "/vdevice/vty@71000000"));
    g_assert_cmphex(finddevice(f, "/no-such-node"), ==, ERR);
    g_assert_cmphex(finddevice(f, "/cpus/PowerPC,POWER8@0"), ==, ERR);
    g_assert_cmphex(finddevice(f, ""), ==, ERR);
}

static void test_getprop(Fixture *f, gconstpointer data)
{
    uint32_t cpu = finddevice(f, "/cpus/PowerPC,POWER9@0");
    uint32_t chosen = finddevice(f, "/chosen");
    uint8_t *buf = f->m.ram + BUF;

    /* a cell: the timebase runs at 512 MHz */
    g_assert_cmpuint(getprop(f, cpu, "timebase-frequency", BUF, 4), ==, 4);
    g_assert_cmpuint(ld_be32(buf), ==, 512000000);
    /* a string, with its NUL */
    memset(buf, 0x77, 64);
    g_assert_cmpuint(getprop(f, chosen, "bootargs", BUF, 64), ==,
                     sizeof("console=hvc0 quiet"));
    g_assert_cmpstr((char *)buf, ==, "console=hvc0 quiet");
    /* a short buffer: the full size is returned, only buflen copied */
    memset(buf, 0x77, 64);
    g_assert_cmpuint(getprop(f, chosen, "bootargs", BUF, 7), ==,
                     sizeof("console=hvc0 quiet"));
    g_assert_cmpmem(buf, 7, "console", 7);
    g_assert_cmpuint(buf[7], ==, 0x77);
    /* getproplen agrees */
    uint32_t a[2] = { chosen, gstr(f, "bootargs") };
    g_assert_cmpuint(ci1(f, "getproplen", 2, a), ==,
                     sizeof("console=hvc0 quiet"));
    /* "name" is the node name without the unit address */
    memset(buf, 0, 64);
    g_assert_cmpuint(getprop(f, cpu, "name", BUF, 64), ==,
                     sizeof("PowerPC,POWER9"));
    g_assert_cmpstr((char *)buf, ==, "PowerPC,POWER9");
    /* no such property, or no such node */
    g_assert_cmphex(getprop(f, cpu, "no-such-property", BUF, 64), ==, ERR);
    g_assert_cmphex(getprop(f, 0x7654321, "name", BUF, 64), ==, ERR);
    g_assert_cmphex(getprop(f, 0, "name", BUF, 64), ==, ERR);
}

/* every node reached with peer/child from peer(0), as prom_init walks */
static int walk(Fixture *f, uint32_t ph, int depth)
{
    int count = 1;
    uint32_t a[1] = { ph };

    g_assert_cmpint(depth, <, 16);
    for (uint32_t c = ci1(f, "child", 1, a); c != 0;) {
        uint32_t b[1] = { c };
        g_assert_cmphex(ci1(f, "parent", 1, b), ==, ph);
        count += walk(f, c, depth + 1);
        c = ci1(f, "peer", 1, b);
    }
    return count;
}

static void test_walk(Fixture *f, gconstpointer data)
{
    uint32_t zero[1] = { 0 };
    uint32_t root = ci1(f, "peer", 1, zero);
    const void *fdt = live_fdt(f);
    int nodes = 0;

    g_assert_cmphex(root, ==, finddevice(f, "/"));
    uint32_t a[1] = { root };
    g_assert_cmphex(ci1(f, "parent", 1, a), ==, 0);
    g_assert_cmphex(ci1(f, "peer", 1, a), ==, 0);
    for (int n = 0; n >= 0; n = fdt_next_node(fdt, n, NULL)) {
        nodes++;
    }
    g_assert_cmpint(walk(f, root, 0), ==, nodes);
    /* a bad handle ends a walk instead of looping */
    a[0] = 0x7654321;
    g_assert_cmphex(ci1(f, "child", 1, a), ==, 0);
    g_assert_cmphex(ci1(f, "peer", 1, a), ==, 0);
}

static void test_nextprop(Fixture *f, gconstpointer data)
{
    uint32_t rtas = finddevice(f, "/rtas");
    const void *fdt = live_fdt(f);
    int node = fdt_path_offset(fdt, "/rtas"), off;
    char prev[64] = "";

    fdt_for_each_property_offset(off, fdt, node) {
        const char *name;
        fdt_getprop_by_offset(fdt, off, &name, NULL);
        uint32_t a[3] = { rtas, gstr(f, prev), BUF };
        g_assert_cmpuint(ci1(f, "nextprop", 3, a), ==, 1);
        g_assert_cmpstr((char *)f->m.ram + BUF, ==, name);
        g_strlcpy(prev, name, sizeof(prev));
    }
    uint32_t a[3] = { rtas, gstr(f, prev), BUF };
    g_assert_cmpuint(ci1(f, "nextprop", 3, a), ==, 0);
    a[1] = gstr(f, "no-such-property");
    g_assert_cmphex(ci1(f, "nextprop", 3, a), ==, ERR);
}

static void test_setprop(Fixture *f, gconstpointer data)
{
    uint32_t chosen = finddevice(f, "/chosen");
    static const uint8_t val[6] = { 1, 2, 3, 4, 5, 6 };

    memcpy(f->m.ram + BUF, val, sizeof(val));
    uint32_t a[4] = { chosen, gstr(f, "linux,test"), BUF, sizeof(val) };
    g_assert_cmpuint(ci1(f, "setprop", 4, a), ==, sizeof(val));
    memset(f->m.ram + BUF, 0, sizeof(val));
    g_assert_cmpuint(getprop(f, chosen, "linux,test", BUF + 64, 64), ==,
                     sizeof(val));
    g_assert_cmpmem(f->m.ram + BUF + 64, sizeof(val), val, sizeof(val));
    /* a large value makes the tree grow; handles stay valid */
    a[1] = gstr(f, "linux,big");
    a[3] = 512 * 1024;
    g_assert_cmpuint(ci1(f, "setprop", 4, a), ==, 512 * 1024);
    g_assert_cmphex(finddevice(f, "/chosen"), ==, chosen);
    /* the package handle cannot be changed */
    a[1] = gstr(f, "phandle");
    a[3] = 4;
    g_assert_cmphex(ci1(f, "setprop", 4, a), ==, ERR);
}

static void test_paths(Fixture *f, gconstpointer data)
{
    uint32_t vty = finddevice(f, "/vdevice/vty@71000000");
    uint32_t a[3] = { vty, BUF, 256 };
    const char *path = "/vdevice/vty@71000000";

    g_assert_cmpuint(ci1(f, "package-to-path", 3, a), ==, strlen(path));
    g_assert_cmpstr((char *)f->m.ram + BUF, ==, path);
    /* a short buffer still gets the full length back */
    a[2] = 4;
    g_assert_cmpuint(ci1(f, "package-to-path", 3, a), ==, strlen(path));
    a[0] = gstr(f, "/vdevice/vty");
    a[2] = 256;
    g_assert_cmpuint(ci1(f, "canon", 3, a), ==, strlen(path));
    g_assert_cmpstr((char *)f->m.ram + BUF, ==, path);
    a[0] = finddevice(f, "/");
    g_assert_cmpuint(ci1(f, "package-to-path", 3, a), ==, 1);
    g_assert_cmpstr((char *)f->m.ram + BUF, ==, "/");
}

/* ------------------------------------------------------------ devices */

static void test_stdout(Fixture *f, gconstpointer data)
{
    uint32_t chosen = finddevice(f, "/chosen");
    uint32_t ih, ret;
    char *text;

    g_assert_cmpuint(getprop(f, chosen, "stdout", BUF, 4), ==, 4);
    ih = ld_be32(f->m.ram + BUF);
    g_assert_cmphex(ih, !=, 0);
    g_assert_cmphex(ih, !=, ERR);

    uint32_t a[3] = { ih, gstr(f, "hello, world"), 12 };
    g_assert_cmpuint(ci1(f, "write", 3, a), ==, 12);
    g_assert_true(g_file_get_contents(f->console_path, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "hello, world");
    g_free(text);

    uint32_t b[3] = { ih, BUF, 256 };
    g_assert_cmpuint(ci1(f, "instance-to-path", 3, b), ==,
                     strlen("/vdevice/vty@71000000"));
    g_assert_cmpstr((char *)f->m.ram + BUF, ==, "/vdevice/vty@71000000");
    g_assert_cmphex(ci1(f, "instance-to-package", 1, &ih), ==,
                    finddevice(f, "/vdevice/vty@71000000"));

    /* a write from outside RAM, or to a non-console instance, fails */
    a[1] = (uint32_t)RAM_SIZE - 4;
    g_assert_cmphex(ci1(f, "write", 3, a), ==, ERR);
    a[0] = open_dev(f, "/rtas");
    a[1] = gstr(f, "x");
    a[2] = 1;
    g_assert_cmphex(ci1(f, "write", 3, a), ==, ERR);
    /* closed instances are gone */
    g_assert_cmpint(ci_call_at(f, ARGS, "close", 1, a, 0, &ret), ==, 0);
    g_assert_cmphex(ci1(f, "instance-to-package", 1, a), ==, ERR);
    g_assert_cmphex(open_dev(f, "/no-such-node"), ==, 0);
}

/* ------------------------------------------------------------ bad input */

static void test_bad_addresses(Fixture *f, gconstpointer data)
{
    uint32_t ret[2];
    uint32_t a[4];

    /* the argument array itself outside RAM */
    g_assert_cmpint(spapr_vof_client_call(&f->m, &f->env, RAM_SIZE), ==, -1);
    g_assert_cmpint(spapr_vof_client_call(&f->m, &f->env, RAM_SIZE - 8), ==,
                    -1);
    g_assert_cmpint(spapr_vof_client_call(&f->m, &f->env, 0xfffffff8ull), ==,
                    -1);
    /* an array whose return cell is past the end of RAM */
    uint8_t *tail = f->m.ram + RAM_SIZE - 16;
    st_be32(tail, gstr(f, "finddevice"));
    st_be32(tail + 4, 1);
    st_be32(tail + 8, 1);
    st_be32(tail + 12, gstr(f, "/"));
    g_assert_cmpint(spapr_vof_client_call(&f->m, &f->env, RAM_SIZE - 16), ==,
                    -1);
    /* absurd counts */
    st_be32(f->m.ram + ARGS, gstr(f, "milliseconds"));
    st_be32(f->m.ram + ARGS + 4, 0xffffffff);
    st_be32(f->m.ram + ARGS + 8, 1);
    g_assert_cmpint(spapr_vof_client_call(&f->m, &f->env, ARGS), ==, -1);
    /* a service name outside RAM */
    st_be32(f->m.ram + ARGS, (uint32_t)RAM_SIZE + 16);
    st_be32(f->m.ram + ARGS + 4, 0);
    g_assert_cmpint(spapr_vof_client_call(&f->m, &f->env, ARGS), ==, -1);
    /* an unknown service */
    g_assert_cmpint(ci_call_at(f, ARGS, "frobnicate", 0, NULL, 1, ret), ==,
                    -1);
    /* too few arguments */
    g_assert_cmpint(ci_call_at(f, ARGS, "getprop", 1, a, 1, ret), ==, -1);

    /* string and buffer arguments outside RAM: the service fails */
    a[0] = (uint32_t)RAM_SIZE + 0x100;
    g_assert_cmphex(ci1(f, "finddevice", 1, a), ==, ERR);
    uint32_t chosen = finddevice(f, "/chosen");
    g_assert_cmphex(getprop(f, chosen, "bootargs", (uint32_t)RAM_SIZE, 64),
                    ==, ERR);
    g_assert_cmphex(getprop(f, chosen, "bootargs", (uint32_t)RAM_SIZE - 4,
                            64), ==, ERR);
    a[0] = chosen;
    a[1] = gstr(f, "linux,x");
    a[2] = (uint32_t)RAM_SIZE - 2;
    a[3] = 16;
    g_assert_cmphex(ci1(f, "setprop", 4, a), ==, ERR);
    /* a string without its NUL before the end of RAM */
    memset(f->m.ram + RAM_SIZE - 8, 'a', 8);
    a[0] = (uint32_t)RAM_SIZE - 8;
    g_assert_cmphex(ci1(f, "finddevice", 1, a), ==, ERR);
    /* a 64-bit caller's address with the real-mode-ignored top bits set */
    f->env.msr = MSR_BIT(MSR_SF);
    st_be32(f->m.ram + ARGS, gstr(f, "milliseconds"));
    st_be32(f->m.ram + ARGS + 4, 0);
    st_be32(f->m.ram + ARGS + 8, 1);
    g_assert_cmpint(spapr_vof_client_call(&f->m, &f->env,
                                          0xc000000000000000ull | ARGS),
                    ==, 0);
    g_assert_cmpint(spapr_vof_client_call(&f->m, &f->env,
                                          0x100000000ull | ARGS),
                    ==, -1);
}

/* ------------------------------------------------------------ memory */

static uint32_t claim(Fixture *f, uint32_t virt, uint32_t size,
                      uint32_t align)
{
    uint32_t a[3] = { virt, size, align };
    return ci1(f, "claim", 3, a);
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

static void test_claim(Fixture *f, gconstpointer data)
{
    SpaprMachine *m = &f->m;
    uint32_t ret;

    /* what the machine placed is reserved: kernel, initrd, tree, RTAS,
       the entry code */
    g_assert_cmphex(claim(f, 0x10000, 0x1000, 0), ==, ERR);
    g_assert_cmphex(claim(f, 0xf000, 0x2000, 0), ==, ERR);
    g_assert_cmphex(claim(f, (uint32_t)m->initrd_base + 0x1000, 0x10, 0), ==,
                    ERR);
    g_assert_cmphex(claim(f, (uint32_t)m->fdt_base - 0x10, 0x20, 0), ==,
                    ERR);
    g_assert_cmphex(claim(f, (uint32_t)m->rtas_base, 0x10, 0), ==, ERR);
    g_assert_cmphex(claim(f, (uint32_t)spapr_vof_entry(m), 4, 0), ==, ERR);
    /* free memory: exactly where asked, once */
    g_assert_cmphex(claim(f, 0x1000000, 0x10000, 0), ==, 0x1000000);
    g_assert_cmphex(claim(f, 0x1008000, 0x10000, 0), ==, ERR);
    g_assert_cmphex(claim(f, 0x1010000, 0x10000, 0), ==, 0x1010000);
    /* beyond RAM, empty, or a bad alignment */
    g_assert_cmphex(claim(f, (uint32_t)RAM_SIZE - 0x1000, 0x2000, 0), ==,
                    ERR);
    g_assert_cmphex(claim(f, 0x2000000, 0, 0), ==, ERR);
    g_assert_cmphex(claim(f, 0, 0x1000, 0x3000), ==, ERR);
    /* with an alignment: somewhere free and aligned */
    uint32_t a1 = claim(f, 0, 0x20000, 0x10000);
    uint32_t a2 = claim(f, 0, 0x20000, 0x10000);
    g_assert_cmphex(a1, !=, ERR);
    g_assert_cmphex(a2, !=, ERR);
    g_assert_cmphex(a1 & 0xffff, ==, 0);
    g_assert_cmphex(a2 & 0xffff, ==, 0);
    g_assert_false(overlaps(a1, 0x20000, a2, 0x20000));
    g_assert_false(overlaps(a1, 0x20000, m->kernel.low,
                            m->kernel.high - m->kernel.low));
    g_assert_false(overlaps(a1, 0x20000, m->initrd_base, m->initrd_size));
    g_assert_false(overlaps(a1, 0x20000, 0x1000000, 0x20000));
    /* released memory can be claimed again, in part or whole */
    uint32_t r[2] = { 0x1004000, 0x8000 };
    g_assert_cmpint(ci_call_at(f, ARGS, "release", 2, r, 0, &ret), ==, 0);
    g_assert_cmphex(claim(f, 0x1004000, 0x4000, 0), ==, 0x1004000);
    g_assert_cmphex(claim(f, 0x1000000, 0x1000, 0), ==, ERR);
    g_assert_cmphex(claim(f, 0x1008000, 0x4000, 0), ==, 0x1008000);
    /* too large for RAM */
    g_assert_cmphex(claim(f, 0, (uint32_t)RAM_SIZE, 0x1000), ==, ERR);
}

/* ------------------------------------------------------------ methods */

/*
 * A client-architecture-support vector laid out as LoPAPR B.5.2.3 says
 * (and Linux's prom_init builds it): (mask, value) PVR pairs, the last a
 * terminator whose value has a bit outside its mask; the number of option
 * vectors minus one; vectors 1..6, each a length byte (size - 1) and its
 * bytes.  Vector 5 is 26 bytes, with byte 24 = mmu and byte 26 = radix_ext.
 */
static uint32_t cas_vector(Fixture *f, uint32_t addr, uint32_t pvr_val,
                           uint32_t pvr_mask, uint8_t mmu, uint8_t radix_ext)
{
    uint8_t *p = f->m.ram + addr;
    static const uint8_t sizes[6] = { 3, 34, 2, 2, 26, 3 };

    st_be32(p, 0xffff0000);         /* a POWER7, not us */
    st_be32(p + 4, 0x003f0000);
    st_be32(p + 8, pvr_mask);
    st_be32(p + 12, pvr_val);
    st_be32(p + 16, 0xfffffffe);    /* the terminator */
    st_be32(p + 20, 0x0f000001);
    p += 24;
    *p++ = 6 - 1;
    for (int v = 1; v <= 6; v++) {
        *p = (uint8_t)(sizes[v - 1] - 1);
        memset(p + 1, 0, sizes[v - 1]);
        if (v == 5) {
            p[24] = mmu;
            p[26] = radix_ext;
        }
        p += 1 + sizes[v - 1];
    }
    return addr;
}

/* call-method name, ihandle, one argument -> catch-result, one return */
static uint32_t call_method(Fixture *f, const char *name, uint32_t ih,
                            uint32_t arg, uint32_t *ret)
{
    uint32_t a[3] = { gstr(f, name), ih, arg }, r[2];

    g_assert_cmpint(ci_call_at(f, ARGS, "call-method", 3, a, 2, r), ==, 0);
    *ret = r[1];
    return r[0];
}

static const uint8_t *chosen_vec5(Fixture *f, int *len)
{
    const void *fdt = live_fdt(f);
    return fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"),
                       "ibm,architecture-vec-5", len);
}

static uint32_t cpu_version(Fixture *f, const char *cpu)
{
    const void *fdt = live_fdt(f);
    const fdt32_t *v = fdt_getprop(fdt, fdt_path_offset(fdt, cpu),
                                   "cpu-version", NULL);
    return fdt32_to_cpu(*v);
}

static void test_cas_radix(Fixture *f, gconstpointer data)
{
    uint32_t root = open_dev(f, "/"), ret;
    const uint8_t *vec5;
    int len;

    /* the platform says what may be asked for: radix and GTSE */
    const void *fdt = live_fdt(f);
    const uint8_t *ps = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"),
                                    "ibm,arch-vec-5-platform-support", &len);
    g_assert_nonnull(ps);
    bool radix_offered = false;
    for (int i = 0; i + 1 < len; i += 2) {
        if (ps[i] == 24) {
            radix_offered = (ps[i + 1] & 0xc0) == 0x80 ||
                            (ps[i + 1] & 0xc0) == 0x40;
        }
    }
    g_assert_true(radix_offered);

    g_assert_null(chosen_vec5(f, &len));
    cas_vector(f, BUF, 0x0f000005, 0xffffffff, 0x40, 0x40);
    g_assert_cmphex(call_method(f, "ibm,client-architecture-support", root,
                                BUF, &ret), ==, 0);
    g_assert_cmphex(ret, ==, 0);
    g_assert_true(f->m.cas.done);
    g_assert_true(f->m.cas.radix);
    g_assert_true(f->m.cas.gtse);
    g_assert_false(f->m.cas.xive);
    vec5 = chosen_vec5(f, &len);
    g_assert_nonnull(vec5);
    g_assert_cmpint(len, >, 26);
    g_assert_cmphex(vec5[24] & 0xc0, ==, 0x40);
    g_assert_cmphex(vec5[26] & 0x40, ==, 0x40);
    g_assert_cmphex(vec5[23] & 0xc0, ==, 0x00); /* XICS */
    /* the client runs as an architected ISA 3.00 processor */
    g_assert_cmphex(cpu_version(f, "/cpus/PowerPC,POWER9@0"), ==,
                    0x0f000005);
}

static void test_cas_hash(Fixture *f, gconstpointer data)
{
    uint32_t root = open_dev(f, "/"), ret;
    int len;

    /* a client that lists only the real POWER9 PVR and asks for hash */
    cas_vector(f, BUF, 0x004e0000, 0xffff0000, 0x00, 0x00);
    g_assert_cmphex(call_method(f, "ibm,client-architecture-support", root,
                                BUF, &ret), ==, 0);
    g_assert_cmphex(ret, ==, 0);
    g_assert_false(f->m.cas.radix);
    const uint8_t *vec5 = chosen_vec5(f, &len);
    g_assert_nonnull(vec5);
    g_assert_cmphex(vec5[24] & 0xc0, ==, 0x00);
    g_assert_cmphex(cpu_version(f, "/cpus/PowerPC,POWER9@0") >> 16, ==,
                    0x004e);
}

static void test_cas_power8(Fixture *f, gconstpointer data)
{
    uint32_t root = open_dev(f, "/"), ret;
    int len;

    /* POWER8 has no radix MMU: a request for it gets hash */
    cas_vector(f, BUF, 0x0f000004, 0xffffffff, 0x40, 0x40);
    g_assert_cmphex(call_method(f, "ibm,client-architecture-support", root,
                                BUF, &ret), ==, 0);
    g_assert_cmphex(ret, ==, 0);
    g_assert_false(f->m.cas.radix);
    g_assert_cmphex(chosen_vec5(f, &len)[24] & 0xc0, ==, 0x00);
    g_assert_cmphex(cpu_version(f, "/cpus/PowerPC,POWER8@0"), ==,
                    0x0f000004);
}

/* HPT resizing in client-architecture-support: vector 5 byte 6 bit 7
   (0x01; Linux's OV5_RESIZE_HPT 0x0601) says the client can do it; the
   answer keeps the bit when the machine offers it (resize-hpt=enabled or
   required); a client without it on resize-hpt=required ends the machine
   with QEMU 7.2's line ("h_client_architecture_support: Guest doesn't
   support HPT resizing, but resize-hpt=required", then exit status 1) */
static void test_cas_resize_hpt(Fixture *f, gconstpointer data)
{
    /* vector 5's length byte: after the 24 bytes of PVR pairs, the count
       and vectors 1..4 (sizes 3, 34, 2, 2, each with its length byte) */
    uint8_t *ov5_byte6 = f->m.ram + BUF + 24 + 1 + 4 + 35 + 3 + 3 + 6;
    uint32_t root = open_dev(f, "/"), ret;
    int len;

    f->cfg.resize_hpt = SPAPR_RESIZE_HPT_ENABLED;
    cas_vector(f, BUF, 0x0f000005, 0xffffffff, 0x00, 0x00);
    *ov5_byte6 = 0x01;
    g_assert_cmphex(call_method(f, "ibm,client-architecture-support", root,
                                BUF, &ret), ==, 0);
    g_assert_cmphex(ret, ==, 0);
    g_assert_true(f->m.cas.hpt_resize);
    g_assert_cmphex(chosen_vec5(f, &len)[6], ==, 0x01);

    /* disabled: not agreed */
    f->cfg.resize_hpt = SPAPR_RESIZE_HPT_DISABLED;
    g_assert_cmphex(call_method(f, "ibm,client-architecture-support", root,
                                BUF, &ret), ==, 0);
    g_assert_cmphex(ret, ==, 0);
    g_assert_false(f->m.cas.hpt_resize);
    g_assert_cmphex(chosen_vec5(f, &len)[6], ==, 0x00);

    /* required, and the client can: as enabled */
    f->cfg.resize_hpt = SPAPR_RESIZE_HPT_REQUIRED;
    g_assert_cmphex(call_method(f, "ibm,client-architecture-support", root,
                                BUF, &ret), ==, 0);
    g_assert_cmphex(ret, ==, 0);
    g_assert_true(f->m.cas.hpt_resize);
    g_assert_cmpint(f->m.request & SPAPR_REQ_UNSUPPORTED, ==, 0);

    /* required, and the client cannot: the machine ends */
    *ov5_byte6 = 0x04; /* hot-plug events only */
    g_assert_cmphex(call_method(f, "ibm,client-architecture-support", root,
                                BUF, &ret), ==, 0);
    g_assert_cmphex(ret, !=, 0);
    g_assert_cmpint(f->m.request & SPAPR_REQ_UNSUPPORTED, !=, 0);
    g_assert_cmpstr(f->m.unsupported, ==,
                    "h_client_architecture_support: Guest doesn't support "
                    "HPT resizing, but resize-hpt=required");
}

static void test_cas_bad(Fixture *f, gconstpointer data)
{
    uint32_t root = open_dev(f, "/"), ret;
    int len;

    /* no PVR of ours in the list: CAS fails, nothing changes */
    cas_vector(f, BUF, 0x004b0000, 0xffff0000, 0x40, 0x40);
    g_assert_cmphex(call_method(f, "ibm,client-architecture-support", root,
                                BUF, &ret), ==, 0);
    g_assert_cmphex(ret, !=, 0);
    g_assert_false(f->m.cas.done);
    g_assert_null(chosen_vec5(f, &len));
    /* a vector running past the end of RAM */
    g_assert_cmphex(call_method(f, "ibm,client-architecture-support", root,
                                (uint32_t)RAM_SIZE - 12, &ret), ==, 0);
    g_assert_cmphex(ret, !=, 0);
    /* the method needs the root's instance; unknown methods throw */
    uint32_t rtas = open_dev(f, "/rtas");
    g_assert_cmphex(call_method(f, "ibm,client-architecture-support", rtas,
                                BUF, &ret), !=, 0);
    g_assert_cmphex(call_method(f, "frobnicate", root, 0, &ret), !=, 0);
    g_assert_cmphex(call_method(f, "instantiate-rtas", 0x1234, BUF, &ret),
                    !=, 0);
}

static void test_instantiate_rtas(Fixture *f, gconstpointer data)
{
    uint32_t rtas_node = finddevice(f, "/rtas");
    uint32_t rtas = open_dev(f, "/rtas"), entry, size;
    uint8_t code[256];
    size_t n = spapr_rtas_entry_code(code, sizeof(code));

    g_assert_cmpuint(getprop(f, rtas_node, "rtas-size", BUF, 4), ==, 4);
    size = ld_be32(f->m.ram + BUF);
    g_assert_cmpuint(size, >=, n);
    uint32_t base = claim(f, 0, size, 0x10000);
    g_assert_cmphex(base, !=, ERR);
    g_assert_cmphex(call_method(f, "instantiate-rtas", rtas, base, &entry),
                    ==, 0);
    g_assert_cmphex(entry, ==, base);
    g_assert_cmpmem(f->m.ram + base, n, code, n);
    /* not anywhere outside RAM */
    g_assert_cmphex(call_method(f, "instantiate-rtas", rtas,
                                (uint32_t)RAM_SIZE - 8, &entry), !=, 0);
}

/* ------------------------------------------------------------ misc */

static void test_entry_code(Fixture *f, gconstpointer data)
{
    const uint8_t *p = f->m.ram + spapr_vof_entry(&f->m);

    /* the byte-order switch, then (big-endian copy at +28) mr r4,r3;
       li r3,0; ori r3,r3,0xf005; sc 1; blr as binutils encodes them */
    static const uint8_t be_copy[] = {
        0x7c, 0x64, 0x1b, 0x78, 0x38, 0x60, 0x00, 0x00,
        0x60, 0x63, 0xf0, 0x05, 0x44, 0x00, 0x00, 0x22,
        0x4e, 0x80, 0x00, 0x20,
    };
    g_assert_cmphex(SPAPR_H_VOF_CLIENT, ==, 0xf005);
    g_assert_cmpmem(p, 4, ((const uint8_t[]){ 0x08, 0x00, 0x00, 0x48 }), 4);
    g_assert_cmpmem(p + 28, sizeof(be_copy), be_copy, sizeof(be_copy));
    /* the stack is inside RAM, 16-byte aligned, above the entry code */
    uint64_t sp = spapr_vof_stack(&f->m);
    g_assert_cmphex(sp & 15, ==, 0);
    g_assert_cmphex(sp, >, spapr_vof_entry(&f->m) + 48);
    g_assert_cmphex(sp, <, f->m.fdt_base);
}

static void test_misc_services(Fixture *f, gconstpointer data)
{
    uint32_t t0 = ci1(f, "milliseconds", 0, NULL);
    g_usleep(20000);
    uint32_t t1 = ci1(f, "milliseconds", 0, NULL);
    g_assert_cmpuint(t1 - t0, >=, 19);
    g_assert_cmpuint(t1 - t0, <, 60000);

    uint32_t a[1] = { gstr(f, "claim") };
    g_assert_cmpuint(ci1(f, "test", 1, a), ==, 0);
    a[0] = gstr(f, "interpret");
    g_assert_cmphex(ci1(f, "test", 1, a), ==, ERR);

    uint32_t ret;
    g_assert_cmpint(ci_call_at(f, ARGS, "quiesce", 0, NULL, 0, &ret), ==, 0);
    g_assert_cmpint(f->m.request, ==, 0);
    g_assert_cmpint(ci_call_at(f, ARGS, "exit", 0, NULL, 0, &ret), ==, 0);
    g_assert_cmpint(f->m.request, ==, SPAPR_REQ_SHUTDOWN);
}

/* /chosen's cpu is the boot CPU, whose reg prom_init reads */
static void test_chosen_cpu(Fixture *f, gconstpointer data)
{
    uint32_t chosen = finddevice(f, "/chosen"), ih;

    g_assert_cmpuint(getprop(f, chosen, "cpu", BUF, 4), ==, 4);
    ih = ld_be32(f->m.ram + BUF);
    uint32_t pkg = ci1(f, "instance-to-package", 1, &ih);
    g_assert_cmphex(pkg, ==, finddevice(f, "/cpus/PowerPC,POWER9@0"));
    g_assert_cmpuint(getprop(f, pkg, "reg", BUF, 4), ==, 4);
    g_assert_cmpuint(ld_be32(f->m.ram + BUF), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                        \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/vof/tree/finddevice", test_finddevice);
    ADD("/vof/tree/getprop", test_getprop);
    ADD("/vof/tree/walk", test_walk);
    ADD("/vof/tree/nextprop", test_nextprop);
    ADD("/vof/tree/setprop", test_setprop);
    ADD("/vof/tree/paths", test_paths);
    ADD("/vof/stdout", test_stdout);
    ADD("/vof/chosen-cpu", test_chosen_cpu);
    ADD("/vof/bad-addresses", test_bad_addresses);
    ADD("/vof/claim", test_claim);
    ADD("/vof/cas/radix", test_cas_radix);
    ADD("/vof/cas/hash", test_cas_hash);
    ADD("/vof/cas/bad", test_cas_bad);
    ADD("/vof/cas/resize-hpt", test_cas_resize_hpt);
    ADD("/vof/instantiate-rtas", test_instantiate_rtas);
    ADD("/vof/entry-code", test_entry_code);
    ADD("/vof/misc", test_misc_services);
#undef ADD
    g_test_add("/vof/cas/power8", Fixture, NULL, fixture_setup_p8,
               test_cas_power8, fixture_teardown);
    return g_test_run();
}
