/*
 * Command-line parsing (system/options.c): accepted values give the
 * numbers QEMU's documentation defines (-m 1G is 2^30 bytes, a plain -m
 * number is MiB), and every bad value is an error.
 */
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "log.h"
#include "block.h"
#include "options.h"

typedef struct Parsed {
    PowerjitOptions o;
    OptionsResult r;
    char *err;
    char *out;  /* what a help option printed */
} Parsed;

/* parses "powerjit" followed by the NULL-terminated arguments */
static void parse(Parsed *p, const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    size_t out_len = 0;
    FILE *out;
    va_list ap;

    memset(p, 0, sizeof(*p));
    g_ptr_array_add(argv, (char *)"powerjit");
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (char *)a);
    }
    va_end(ap);
    g_ptr_array_add(argv, NULL);

    out = open_memstream(&p->out, &out_len);
    options_init(&p->o);
    p->r = options_parse(&p->o, (int)argv->len - 1, (char **)argv->pdata, out,
                         &p->err);
    fclose(out);
    g_ptr_array_free(argv, TRUE);
}

static void parsed_clear(Parsed *p)
{
    options_free(&p->o);
    g_free(p->err);
    free(p->out);
}

/* the arguments must be rejected, with a message containing what */
static void expect_error(const char *what, const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    PowerjitOptions o;
    char *err = NULL;
    FILE *out = fopen("/dev/null", "w");
    va_list ap;

    g_ptr_array_add(argv, (char *)"powerjit");
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (char *)a);
    }
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    options_init(&o);
    g_assert_cmpint(options_parse(&o, (int)argv->len - 1,
                                  (char **)argv->pdata, out, &err),
                    ==, OPTIONS_ERROR);
    g_assert_nonnull(err);
    g_assert_null(strchr(err, '\n'));
    if (!strstr(err, what)) {
        g_error("error '%s' does not mention '%s'", err, what);
    }
    g_free(err);
    options_free(&o);
    fclose(out);
    g_ptr_array_free(argv, TRUE);
}

static void test_defaults(void)
{
    Parsed p;

    parse(&p, NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.machine.ram_size, ==, 512ull * 1024 * 1024);
    g_assert_cmpint(p.o.machine.cpu_model, ==, PPC_MODEL_POWER9);
    g_assert_false(p.o.machine.interp);
    g_assert_cmpint(p.o.machine.console.kind, ==, CHARDEV_STDIO);
    g_assert_true(p.o.machine.console.mux);
    g_assert_cmpuint(p.o.warnings->len, ==, 0);
    parsed_clear(&p);
}

static void test_memory_sizes(void)
{
    static const struct {
        const char *arg;
        uint64_t bytes;
    } cases[] = {
        { "1G", 1073741824ull },
        { "1g", 1073741824ull },
        { "512", 536870912ull },         /* no suffix: MiB */
        { "2048M", 2147483648ull },
        { "1.5G", 1610612736ull },
        { "size=256M", 268435456ull },
        { "262144k", 268435456ull },
        { "0x100", 268435456ull },       /* 256 MiB */
        { "4T", 4398046511104ull },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        Parsed p;

        parse(&p, "-m", cases[i].arg, NULL);
        g_assert_cmpint(p.r, ==, OPTIONS_RUN);
        g_assert_cmpuint(p.o.machine.ram_size, ==, cases[i].bytes);
        parsed_clear(&p);
    }
}

/* -icount: the forms and texts of QEMU 7.2's qemu-system-ppc64 (run by
   hand: `-icount shift=abc` and so on) */
static void test_icount(void)
{
    static const struct {
        const char *arg;
        bool on, autoshift, sleep, align;
        unsigned shift;
    } ok[] = {
        { "5", true, false, true, false, 5 },
        { "shift=0", true, false, true, false, 0 },
        { "shift=10,sleep=off", true, false, false, false, 10 },
        { "0x5", true, false, true, false, 5 },
        { "auto", true, true, true, false, ICOUNT_AUTO_START_SHIFT },
        { "shift=auto,sleep=off", true, true, false, false,
          ICOUNT_AUTO_START_SHIFT },
        { "shift=7,align=on", true, false, true, true, 7 },
        { "shift=3,align=off,sleep=off", true, false, false, false, 3 },
        { "sleep=off", false, false, false, false, 0 }, /* no shift: off */
        { "shift=4,rrfile=x", true, false, true, false, 4 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
        Parsed p;

        parse(&p, "-icount", ok[i].arg, NULL);
        g_assert_cmpint(p.r, ==, OPTIONS_RUN);
        const ICountConfig *ic = &p.o.machine.icount;
        g_assert_cmpint(ic->on, ==, ok[i].on);
        if (ok[i].on) {
            g_assert_cmpint(ic->autoshift, ==, ok[i].autoshift);
            g_assert_cmpint(ic->sleep, ==, ok[i].sleep);
            g_assert_cmpint(ic->align, ==, ok[i].align);
            g_assert_cmpuint(ic->shift, ==, ok[i].shift);
        }
        parsed_clear(&p);
    }
    expect_error("-icount shift=abc: icount: Invalid shift value", "-icount",
                 "shift=abc", NULL);
    expect_error("-icount shift=11: icount: Invalid shift value", "-icount",
                 "shift=11", NULL);
    expect_error("-icount shift=-1: icount: Invalid shift value", "-icount",
                 "shift=-1", NULL);
    expect_error("-icount shift=: icount: Invalid shift value", "-icount",
                 "shift=", NULL);
    expect_error("-icount 5x: icount: Invalid shift value", "-icount", "5x",
                 NULL);
    expect_error("-icount 5,foo=1: Invalid parameter 'foo'", "-icount",
                 "5,foo=1", NULL);
    expect_error("-icount shift=5,sleep=maybe: Parameter 'sleep' expects "
                 "'on' or 'off'", "-icount", "shift=5,sleep=maybe", NULL);
    expect_error("-icount shift=5,sleep=off,align=on: align=on and "
                 "sleep=off are incompatible", "-icount",
                 "shift=5,sleep=off,align=on", NULL);
    expect_error("-icount align=on: Please specify shift option when using "
                 "align", "-icount", "align=on", NULL);
    expect_error("-accel tcg,thread=multi: No MTTCG when icount is enabled",
                 "-accel", "tcg,thread=multi", "-icount", "5", NULL);
    expect_error("-icount 5: icount with more than one vCPU is not "
                 "supported", "-smp", "2", "-icount", "5", NULL);
    expect_error("record/replay (rr=) is not supported", "-icount",
                 "rr=record", NULL);
}

static void test_memory_bad(void)
{
    expect_error("-m 1x:", "-m", "1x", NULL);
    expect_error("invalid size", "-m", "-1", NULL);
    expect_error("invalid size", "-m", "", NULL);
    expect_error("invalid size", "-m", "1Z", NULL);
    expect_error("invalid size", "-m", "1.G", NULL);
    expect_error("invalid size", "-m", "99999999999999999999", NULL);
    expect_error("invalid size", "-m", "16E", NULL);  /* 2^64 */
    expect_error("slots specified but no max-size", "-m", "1G,slots=4", NULL);
    expect_error("must be at least the initial memory size (0x40000000)",
                 "-m", "1G,maxmem=512M", NULL);
    expect_error("slots", "-m", "1G,slots=many,maxmem=2G", NULL);
    expect_error("maxmem", "-m", "1G,maxmem=lots", NULL);
    expect_error("not found", "-m", "1G,foo=1", NULL);
    expect_error("requires an argument", "-m", NULL);
}

static void test_size_parser(void)
{
    uint64_t v;

    g_assert_true(options_parse_size("1k", 1, &v));
    g_assert_cmpuint(v, ==, 1024);
    g_assert_true(options_parse_size("1.5K", 1, &v));
    g_assert_cmpuint(v, ==, 1536);
    g_assert_true(options_parse_size("3B", 1u << 20, &v));
    g_assert_cmpuint(v, ==, 3);
    g_assert_true(options_parse_size("15E", 1, &v));
    g_assert_cmpuint(v, ==, 15ull << 60);
    g_assert_false(options_parse_size("1kk", 1, &v));
    g_assert_false(options_parse_size(" 1", 1, &v));
}

static void test_machine(void)
{
    static const char *const good[] = {
        "pseries", "pseries,accel=tcg", "type=pseries",
        "pseries,cap-htm=off,cap-vsx=on,cap-dfp=on",
        "pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken",
        "pseries,cap-hpt-max-page-size=64k,cap-large-decr=off",
        "pseries,usb=off,dump-guest-core=off",
        "pseries,x-vof=on", "pseries,x-vof=off",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        Parsed p;

        parse(&p, "-M", good[i], NULL);
        g_assert_cmpint(p.r, ==, OPTIONS_RUN);
        g_assert_cmpuint(p.o.warnings->len, ==, 0);
        parsed_clear(&p);
    }
    expect_error("unsupported machine type", "-M", "foo", NULL);
    expect_error("unsupported machine type", "-machine", "pc,accel=tcg",
                 NULL);
    expect_error("Property 'pseries-7.2-machine.cap-foo' not found", "-M",
                 "pseries,cap-foo=on", NULL);
    expect_error("Parameter 'cap-htm' expects 'on' or 'off'", "-M",
                 "pseries,cap-htm=maybe", NULL);
    expect_error("No Transactional Memory support in TCG", "-M",
                 "pseries,cap-htm=on", NULL);
    expect_error("'pseries-7.2-machine.bogus' not found", "-M",
                 "pseries,bogus=1", NULL);
    expect_error("expected '='", "-M", "pseries,usb", NULL);
    expect_error("Parameter 'x-vof' expects 'on' or 'off'", "-M",
                 "pseries,x-vof=maybe", NULL);
    expect_error("invalid accelerator kvm (KVM needs a POWER host", "-M",
                 "pseries,accel=kvm", NULL);
    expect_error("invalid accelerator", "-M", "pseries,accel=hax", NULL);
}

static void test_machine_warnings(void)
{
    Parsed p;

    /* QEMU warns for these under TCG and carries on */
    parse(&p, "-M", "pseries,cap-cfpc=workaround,cap-ccf-assist=on", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.warnings->len, ==, 2);
    g_assert_nonnull(strstr(g_ptr_array_index(p.o.warnings, 0),
                            "cap-cfpc=workaround"));
    g_assert_nonnull(strstr(g_ptr_array_index(p.o.warnings, 1),
                            "cap-ccf-assist=on"));
    parsed_clear(&p);

    /* a list of accelerators falls back past the unavailable one */
    parse(&p, "-machine", "pseries,accel=kvm:tcg", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.warnings->len, ==, 1);
    parsed_clear(&p);
}

static void test_machine_help(void)
{
    Parsed p;

    parse(&p, "-M", "help", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    g_assert_nonnull(strstr(p.out, "pseries"));
    parsed_clear(&p);
}

static void test_accel(void)
{
    Parsed p;

    parse(&p, "-accel", "tcg", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_false(p.o.machine.interp);
    parsed_clear(&p);

    parse(&p, "-accel", "tcg,interp=on", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_true(p.o.machine.interp);
    parsed_clear(&p);

    parse(&p, "-accel", "tcg,tb-size=128,thread=single", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.machine.code_size, ==, 128ull << 20);
    parsed_clear(&p);

    parse(&p, "-accel", "help", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    g_assert_nonnull(strstr(p.out, "tcg"));
    parsed_clear(&p);

    expect_error("invalid accelerator kvm (KVM needs a POWER host",
                 "-accel", "kvm", NULL);
    expect_error("KVM needs a POWER host", "-enable-kvm", NULL);
    expect_error("KVM needs a POWER host", "-M",
                 "pseries,accel=kvm,kvm-type=HV", NULL);
    expect_error("KVM needs a POWER host", "-M", "pseries,kvm-type=PR",
                 "-enable-kvm", NULL);

    /* -accel kvm -accel tcg: QEMU's fallback list, with a warning */
    parse(&p, "-accel", "kvm", "-accel", "tcg", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.warnings->len, ==, 1);
    g_assert_nonnull(strstr(g_ptr_array_index(p.o.warnings, 0),
                            "falling back to tcg"));
    parsed_clear(&p);
    expect_error("invalid accelerator xen", "-accel", "xen", NULL);
    expect_error("interp", "-accel", "tcg,interp=maybe", NULL);
    expect_error("'foo' not found", "-accel", "tcg,foo=1", NULL);
}

static void test_cpu(void)
{
    static const struct {
        const char *arg;
        PPCModel model;
    } cases[] = {
        { "POWER8", PPC_MODEL_POWER8 },
        { "power8", PPC_MODEL_POWER8 },
        { "POWER9", PPC_MODEL_POWER9 },
        { "Power9", PPC_MODEL_POWER9 },
    };
    Parsed p;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        parse(&p, "-cpu", cases[i].arg, NULL);
        g_assert_cmpint(p.r, ==, OPTIONS_RUN);
        g_assert_cmpint(p.o.machine.cpu_model, ==, cases[i].model);
        parsed_clear(&p);
    }
    parse(&p, "-cpu", "help", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    g_assert_nonnull(strstr(p.out, "POWER8"));
    g_assert_nonnull(strstr(p.out, "POWER9"));
    parsed_clear(&p);

    expect_error("unable to find CPU model 'foo'", "-cpu", "foo", NULL);
    expect_error("requires KVM", "-cpu", "host", NULL);
    expect_error("CPU property 'vsx=off' is not supported", "-cpu",
                 "POWER9,vsx=off", NULL);
}

/* -machine max-cpu-compat= (QEMU's names and messages) and the old
   -cpu MODEL,compat= spelling of it */
static void test_cpu_compat(void)
{
    Parsed p;

    parse(&p, "-M", "pseries,max-cpu-compat=power8", "-cpu", "POWER9", NULL);
    g_assert_null(p.err);
    g_assert_cmphex(p.o.machine.max_compat_pvr, ==, 0x0f000004);
    parsed_clear(&p);
    parse(&p, "-cpu", "POWER8", "-M", "pseries,max-cpu-compat=power7", NULL);
    g_assert_null(p.err);
    g_assert_cmphex(p.o.machine.max_compat_pvr, ==, 0x0f000003);
    parsed_clear(&p);
    parse(&p, "-cpu", "POWER9,compat=power8", NULL);
    g_assert_null(p.err);
    g_assert_cmphex(p.o.machine.max_compat_pvr, ==, 0x0f000004);
    parsed_clear(&p);
    parse(&p, "-M", "pseries", NULL);
    g_assert_cmphex(p.o.machine.max_compat_pvr, ==, 0);
    parsed_clear(&p);

    expect_error("Invalid compatibility mode \"foo\"", "-M",
                 "pseries,max-cpu-compat=foo", NULL);
    expect_error("Invalid compatibility mode \"power5+\"", "-M",
                 "pseries,max-cpu-compat=power5+", NULL);
    expect_error("Compatibility PVR 0x0f000005 not valid for CPU", "-cpu",
                 "POWER8", "-M", "pseries,max-cpu-compat=power9", NULL);
    expect_error("Compatibility PVR 0x0f000006 not valid for CPU", "-M",
                 "pseries,max-cpu-compat=power10", NULL);
    expect_error("Invalid compatibility mode \"power4\"", "-cpu",
                 "POWER9,compat=power4", NULL);
}

/* resize-hpt=: QEMU's values (disabled, enabled, required, default: the
   machine version's); QEMU 7.2's qom-get /machine resize-hpt says
   "enabled" on pseries and pseries-2.10, "disabled" on pseries-2.9 */
static void test_resize_hpt(void)
{
    static const struct {
        const char *machine;
        SpaprResizeHpt want;
    } cases[] = {
        { "pseries", SPAPR_RESIZE_HPT_ENABLED },
        { "pseries,resize-hpt=default", SPAPR_RESIZE_HPT_ENABLED },
        { "pseries,resize-hpt=disabled", SPAPR_RESIZE_HPT_DISABLED },
        { "pseries,resize-hpt=enabled", SPAPR_RESIZE_HPT_ENABLED },
        { "pseries,resize-hpt=required", SPAPR_RESIZE_HPT_REQUIRED },
        { "pseries-2.10,cap-htm=off", SPAPR_RESIZE_HPT_ENABLED },
        { "pseries-2.9,cap-htm=off", SPAPR_RESIZE_HPT_DISABLED },
        { "pseries-2.9,cap-htm=off,resize-hpt=default", SPAPR_RESIZE_HPT_DISABLED },
        { "pseries-2.9,cap-htm=off,resize-hpt=required", SPAPR_RESIZE_HPT_REQUIRED },
    };
    Parsed p;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        parse(&p, "-M", cases[i].machine, "-cpu", "POWER8", NULL);
        g_assert_null(p.err);
        g_assert_cmpint(p.o.machine.resize_hpt, ==, cases[i].want);
        parsed_clear(&p);
    }
    expect_error("Bad value for \"resize-hpt\" property", "-M",
                 "pseries,resize-hpt=bogus", NULL);
    expect_error("Bad value for \"resize-hpt\" property", "-M",
                 "pseries,resize-hpt=Enabled", NULL);
}

static void test_smp(void)
{
    Parsed p;

    parse(&p, "-smp", "1", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    parsed_clear(&p);
    parse(&p, "-smp", "cpus=1,sockets=1,cores=1,threads=1", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    parsed_clear(&p);

    parse(&p, "-smp", "4,threads=2", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.machine.smp_cpus, ==, 4);
    g_assert_cmpuint(p.o.machine.smp_threads, ==, 2);
    parsed_clear(&p);

    /* QEMU 7.2's messages for the same command lines */
    expect_error("Invalid CPU topology: product of the hierarchy must match "
                 "maxcpus: sockets (1) * cores (0) * threads (8) != maxcpus "
                 "(2)", "-smp", "2,threads=8", NULL);
    expect_error("Invalid CPU topology: maxcpus must be equal to or greater "
                 "than smp: sockets (1) * cores (2) * threads (1) == maxcpus "
                 "(2) < smp_cpus (3)", "-smp", "3,maxcpus=2", NULL);
    expect_error("dies not supported", "-smp", "2,dies=2", NULL);
    expect_error("Parameter 'smp.cpus' expects integer", "-smp", "x", NULL);
    expect_error("Parameter 'smp.books' is unexpected", "-smp", "1,books=2",
                 NULL);
    expect_error("The max CPUs supported by machine 'pseries' is 64", "-smp",
                 "65", NULL);
}

static void test_console(void)
{
    static const struct {
        const char *const args[3];
        ChardevKind kind;
        bool mux;
    } cases[] = {
        { { "-serial", "stdio" }, CHARDEV_STDIO, false },
        { { "-serial", "mon:stdio" }, CHARDEV_STDIO, true },
        { { "-serial", "null" }, CHARDEV_NULL, false },
        { { "-serial", "none" }, CHARDEV_NONE, false },
        { { "-nographic" }, CHARDEV_STDIO, true },
        { { "-display", "none" }, CHARDEV_NULL, false },
        { { "-nodefaults" }, CHARDEV_NONE, false },
    };
    Parsed p;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        parse(&p, cases[i].args[0], cases[i].args[1], NULL);
        g_assert_cmpint(p.r, ==, OPTIONS_RUN);
        g_assert_cmpint(p.o.machine.console.kind, ==, cases[i].kind);
        g_assert_cmpint(p.o.machine.console.mux, ==, cases[i].mux);
        parsed_clear(&p);
    }

    parse(&p, "-nodefaults", "-serial", "file:/tmp/console.txt", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpint(p.o.machine.console.kind, ==, CHARDEV_FILE);
    g_assert_cmpstr(p.o.machine.console.path, ==, "/tmp/console.txt");
    parsed_clear(&p);

    expect_error("not a supported character device", "-serial", "bogus",
                 NULL);
    expect_error("needs a path", "-serial", "file:", NULL);
    expect_error("Display 'gtk' is not available.", "-display", "gtk", NULL);
}

static void test_boot_options(void)
{
    Parsed p;

    parse(&p, "-kernel", "vmlinux", "-initrd", "initrd.img", "-append",
          "console=hvc0 root=/dev/ram", "-no-reboot", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpstr(p.o.machine.kernel, ==, "vmlinux");
    g_assert_cmpstr(p.o.machine.initrd, ==, "initrd.img");
    g_assert_cmpstr(p.o.machine.append, ==, "console=hvc0 root=/dev/ram");
    g_assert_true(p.o.machine.no_reboot);
    parsed_clear(&p);

    expect_error("-append only allowed with -kernel", "-append", "quiet",
                 NULL);
    expect_error("-initrd only allowed with -kernel", "-initrd", "x", NULL);
}

static void test_logging(void)
{
    Parsed p;

    parse(&p, "-d", "in_asm,cpu", "-D", "/tmp/log.txt", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.log_mask, ==, LOG_IN_ASM | LOG_CPU);
    g_assert_cmpstr(p.o.log_file, ==, "/tmp/log.txt");
    parsed_clear(&p);

    parse(&p, "-d", "help", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    g_assert_nonnull(strstr(p.out, "in_asm"));
    g_assert_nonnull(strstr(p.out, "guest_errors"));
    g_assert_nonnull(strstr(p.out, "nochain"));
    parsed_clear(&p);

    expect_error("unknown log item 'bogus'", "-d", "in_asm,bogus", NULL);
    /* an empty list is refused, as QEMU does */
    expect_error("no log items", "-d", "", NULL);
    expect_error("no log items", "-d", ",", NULL);
}

static void test_invalid(void)
{
    expect_error("-foo: invalid option", "-foo", NULL);
    expect_error("--foo: invalid option", "--foo", NULL);
    expect_error("-kernel: requires an argument", "-kernel", NULL);
    expect_error("disk image", "disk.img", NULL);
    expect_error("expected tcp::PORT", "-gdb", "bogus", NULL);
    expect_error("expected stdio", "-monitor", "bogus", NULL);
    expect_error("expected unix:PATH", "-qmp", "bogus", NULL);
    expect_error("Unknown driver 'vmdk'", "-drive", "file=x.img,format=vmdk",
                 NULL);
    expect_error("Parameter 'driver' is missing", "-blockdev",
                 "node-name=n0", NULL);
    expect_error("Parameter 'filename' is missing", "-blockdev",
                 "driver=file,node-name=n0", NULL);
    expect_error("Cannot find device='' nor node-name='nope'", "-blockdev",
                 "driver=qcow2,file=nope,node-name=q0", NULL);
    expect_error("Unknown driver 'vmdk'", "-blockdev",
                 "driver=vmdk,file=f,node-name=q0", NULL);
    expect_error("Duplicate nodes with node-name='f'", "-blockdev",
                 "driver=file,filename=a,node-name=f", "-blockdev",
                 "driver=file,filename=b,node-name=f", NULL);
    expect_error("Parameter 'filename' is missing", "-blockdev",
                 "{\"driver\":\"file\"}", NULL);
    expect_error("unsupported bus type 'ide'", "-drive", "file=x,if=ide",
                 NULL);
    expect_error("'tape' invalid media", "-drive", "file=x,media=tape", NULL);
    expect_error("invalid cache option", "-drive", "file=x,cache=fast",
                 NULL);
    expect_error("'readonly' expects 'on' or 'off'", "-drive",
                 "file=x,readonly=yes", NULL);
    expect_error("Property 'drive.foo' not found", "-drive", "file=x,foo=1",
                 NULL);
    expect_error("drive with bus=0, unit=0 exists", "-hda", "a.img",
                 "-drive", "file=b.img,format=raw,index=0", NULL);
    expect_error("only spapr-nvram.drive", "-global", "foo.bar=1", NULL);
    expect_error("Duplicate ID 'd'", "-drive", "file=a,if=none,id=d",
                 "-drive", "file=b,if=none,id=d", NULL);
    expect_error("Option not supported for this target", "-no-hpet", NULL);
    expect_error("Option not supported for this target", "-no-acpi", NULL);
    expect_error("Option not supported for this target", "-no-fd-bootchk",
                 NULL);
    expect_error("invalid option", "-soundhw", "hda", NULL);
}

static void test_accepted_noops(void)
{
    Parsed p;

    parse(&p, "-monitor", "none", "-name", "guest", "-no-user-config",
          "--machine", "pseries", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    parsed_clear(&p);
}

static void test_gdbstub(void)
{
    Parsed p;

    parse(&p, "-s", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpstr(p.o.gdb_dev, ==, "tcp::1234");
    g_assert_false(p.o.machine.start_stopped);
    parsed_clear(&p);

    parse(&p, "-S", "-gdb", "unix:/tmp/x.sock,server,nowait", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpstr(p.o.gdb_dev, ==, "unix:/tmp/x.sock,server,nowait");
    g_assert_true(p.o.machine.start_stopped);
    parsed_clear(&p);
}

static void test_help_and_version(void)
{
    Parsed p;

    parse(&p, "--version", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    /* "version 7.2.0" for scripts that parse QEMU's banner; never
       "QEMU emulator" */
    g_assert_true(g_str_has_prefix(p.out, "powerjit emulator version 7.2.0 "
                                          "(powerjit "));
    g_assert_null(strstr(p.out, "QEMU emulator"));
    parsed_clear(&p);

    parse(&p, "-h", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    g_assert_nonnull(strstr(p.out, "-kernel FILE"));
    g_assert_nonnull(strstr(p.out, "-machine"));
    parsed_clear(&p);

    /* the help stops parsing: what follows is not looked at */
    parse(&p, "-help", "-bogus", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    parsed_clear(&p);
}

/* every machine version of QEMU 7.2, with its defaults (from QMP qom-get
   on each version of qemu-system-ppc64 7.2) */
static void test_machine_versions(void)
{
    static const struct {
        const char *name;
        PPCModel cpu;
        unsigned hpt_shift;
        uint8_t cfpc, large_decr, ccf, fwnmi;
    } cases[] = {
        { "pseries", PPC_MODEL_POWER9, 16, 1, 1, 1, 1 },
        { "pseries-7.2", PPC_MODEL_POWER9, 16, 1, 1, 1, 1 },
        { "pseries-7.1", PPC_MODEL_POWER9, 16, 1, 1, 1, 1 },
        { "pseries-5.0", PPC_MODEL_POWER9, 16, 1, 1, 1, 1 },
        { "pseries-4.2", PPC_MODEL_POWER9, 16, 1, 1, 0, 0 },
        { "pseries-4.0", PPC_MODEL_POWER9, 16, 1, 1, 0, 0 },
        { "pseries-3.1", PPC_MODEL_POWER8, 16, 0, 0, 0, 0 },
        { "pseries-2.12", PPC_MODEL_POWER8, 34, 0, 0, 0, 0 },
        { "pseries-2.12-sxxm", PPC_MODEL_POWER8, 34, 1, 0, 0, 0 },
    };
    static const char *const all[] = {
        "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9",
        "2.10", "2.11", "2.12", "3.0", "3.1", "4.0", "4.1", "4.2", "5.0",
        "5.1", "5.2", "6.0", "6.1", "6.2", "7.0", "7.1", "7.2",
    };
    Parsed p;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        parse(&p, "-M", cases[i].name, NULL);
        g_assert_cmpint(p.r, ==, OPTIONS_RUN);
        g_assert_cmpint(p.o.machine.cpu_model, ==, cases[i].cpu);
        g_assert_cmpuint(spapr_caps_hpt_max_page_shift(&p.o.machine.caps), ==,
                         cases[i].hpt_shift);
        g_assert_cmpuint(p.o.machine.caps.val[SPAPR_CAP_CFPC], ==,
                         cases[i].cfpc);
        g_assert_cmpuint(p.o.machine.caps.val[SPAPR_CAP_LARGE_DECR], ==,
                         cases[i].large_decr);
        g_assert_cmpuint(p.o.machine.caps.val[SPAPR_CAP_CCF_ASSIST], ==,
                         cases[i].ccf);
        g_assert_cmpuint(p.o.machine.caps.val[SPAPR_CAP_FWNMI], ==,
                         cases[i].fwnmi);
        /* the defaults draw no warning (QEMU's do; see caps.c) */
        g_assert_cmpuint(p.o.warnings->len, ==, 0);
        parsed_clear(&p);
    }
    /* -machine help lists every version, pseries as the alias */
    parse(&p, "-machine", "help", NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
        char *line = g_strdup_printf("\npseries-%-12s pSeries", all[i]);
        g_assert_nonnull(strstr(p.out, line));
        g_free(line);
    }
    g_assert_nonnull(strstr(p.out, "(alias of pseries-7.2)"));
    parsed_clear(&p);

    /* 2.11 and older offer transactional memory, which TCG lacks */
    expect_error("No Transactional Memory support in TCG", "-M",
                 "pseries-2.11", NULL);
    expect_error("No Transactional Memory support in TCG", "-M",
                 "pseries-2.8", "-cpu", "POWER8", NULL);
    parse(&p, "-M", "pseries-2.11,cap-htm=off", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpint(p.o.machine.cpu_model, ==, PPC_MODEL_POWER8);
    parsed_clear(&p);
    /* 2.7 and older default to POWER7 */
    expect_error("POWER7", "-M", "pseries-2.7,cap-htm=off", NULL);
    parse(&p, "-M", "pseries-2.1,cap-htm=off", "-cpu", "POWER9", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    parsed_clear(&p);
    expect_error("unsupported machine type 'pseries-2.0'", "-M",
                 "pseries-2.0", NULL);
    expect_error("unsupported machine type 'pseries-8.0'", "-M",
                 "pseries-8.0", NULL);
    expect_error("unsupported machine type", "-M", "pseries-7.2x", NULL);
}

static void test_caps(void)
{
    static const struct {
        const char *arg;
        unsigned shift;
        guint warnings;
    } sizes[] = {
        { "pseries,cap-hpt-max-page-size=4096", 12, 1 },
        { "pseries,cap-hpt-max-page-size=4k", 12, 1 },
        { "pseries,cap-hpt-max-page-size=64k", 16, 0 },
        { "pseries,cap-hpt-max-page-size=64K", 16, 0 },
        { "pseries,cap-hpt-max-page-size=65536", 16, 0 },
        { "pseries,cap-hpt-max-page-size=16M", 24, 0 },
        { "pseries,cap-hpt-max-page-size=16m", 24, 0 },
        { "pseries,cap-hpt-max-page-size=16777216", 24, 0 },
        { "pseries,cap-hpt-max-page-size=16G", 34, 0 },
    };
    Parsed p;

    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        parse(&p, "-M", sizes[i].arg, NULL);
        g_assert_cmpint(p.r, ==, OPTIONS_RUN);
        g_assert_cmpuint(spapr_caps_hpt_max_page_shift(&p.o.machine.caps), ==,
                         sizes[i].shift);
        g_assert_cmpuint(p.o.warnings->len, ==, sizes[i].warnings);
        if (sizes[i].warnings) {
            g_assert_cmpstr(g_ptr_array_index(p.o.warnings, 0), ==,
                            "Many guests require at least 64kiB "
                            "hpt-max-page-size");
        }
        parsed_clear(&p);
    }
    /* the command lines */
    parse(&p, "-m", "2048", "-machine", "pseries,cap-hpt-max-page-size=4096,"
          "cap-nested-hv=on", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.machine.caps.val[SPAPR_CAP_NESTED_HV], ==, 1);
    parsed_clear(&p);
    /* a later -machine adds to the first, whatever the order */
    parse(&p, "-M", "cap-hpt-max-page-size=64k", "-M", "pseries-4.2", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(spapr_caps_hpt_max_page_shift(&p.o.machine.caps), ==, 16);
    parsed_clear(&p);

    /* every capability and every mode spelling */
    parse(&p, "-M", "pseries,cap-htm=off,cap-vsx=on,cap-dfp=off,"
          "cap-cfpc=BROKEN,cap-sbbc=broken,cap-ibs=broken,"
          "cap-nested-hv=off,cap-large-decr=no,cap-ccf-assist=off,"
          "cap-fwnmi=false,cap-rpt-invalidate=off,cap-ail-mode-3=on", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.warnings->len, ==, 0);
    g_assert_cmpuint(p.o.machine.caps.val[SPAPR_CAP_DFP], ==, 0);
    g_assert_cmpuint(p.o.machine.caps.val[SPAPR_CAP_LARGE_DECR], ==, 0);
    parsed_clear(&p);
    parse(&p, "-M", "pseries,cap-ibs=fixed-ccd,cap-sbbc=fixed", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.warnings->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(p.o.warnings, 0), ==,
                    "TCG doesn't support requested feature, cap-sbbc=fixed");
    g_assert_cmpstr(g_ptr_array_index(p.o.warnings, 1), ==,
                    "TCG doesn't support requested feature, "
                    "cap-ibs=fixed-ccd");
    parsed_clear(&p);

    expect_error("Parameter 'cap-hpt-max-page-size' expects size", "-M",
                 "pseries,cap-hpt-max-page-size=foo", NULL);
    expect_error("cap-hpt-max-page-size must be a power of 2", "-M",
                 "pseries,cap-hpt-max-page-size=5000", NULL);
    expect_error("cap-hpt-max-page-size must be a power of 2", "-M",
                 "pseries,cap-hpt-max-page-size=0", NULL);
    expect_error("Require at least 4kiB", "-M",
                 "pseries,cap-hpt-max-page-size=2k", NULL);
    expect_error("Invalid capability mode \"bogus\" for cap-cfpc", "-M",
                 "pseries,cap-cfpc=bogus", NULL);
    expect_error("Invalid capability mode \"fixed\" for cap-ibs", "-M",
                 "pseries,cap-ibs=fixed", NULL);
    expect_error("Parameter 'cap-vsx' expects 'on' or 'off'", "-M",
                 "pseries,cap-vsx=2", NULL);
    expect_error("No H_RPT_INVALIDATE support in TCG", "-M",
                 "pseries,cap-rpt-invalidate=on", NULL);
    expect_error("Nested-HV only supported on POWER9", "-M",
                 "pseries,cap-nested-hv=on", "-cpu", "POWER8", NULL);
    expect_error("Large decrementer only supported on POWER9", "-M",
                 "pseries,cap-large-decr=on", "-cpu", "POWER8", NULL);
    /* the default large-decr=on is dropped for POWER8 silently */
    parse(&p, "-cpu", "POWER8", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    parsed_clear(&p);

    parse(&p, "-machine", "pseries,help", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    g_assert_nonnull(strstr(p.out, "pseries-7.2-machine options:"));
    g_assert_nonnull(strstr(p.out, "cap-hpt-max-page-size="));
    parsed_clear(&p);
    parse(&p, "-machine", "pseries-2.12,help", NULL);
    g_assert_nonnull(strstr(p.out, "pseries-2.12-machine options:"));
    parsed_clear(&p);
    expect_error("unsupported machine type", "-M", "pc,help", NULL);
}

static void test_memory_backends(void)
{
    Parsed p;

    parse(&p, "-m", "2048", "-mem-path", "/dev/hugepages", "-mem-prealloc",
          NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpstr(p.o.machine.mem_path, ==, "/dev/hugepages");
    g_assert_true(p.o.machine.mem_prealloc);
    parsed_clear(&p);

    /* libvirt's form */
    parse(&p, "-object", "memory-backend-file,id=pc.ram,size=1073741824,"
          "mem-path=/dev/shm,share=on,prealloc=on", "-machine",
          "pseries,memory-backend=pc.ram", "-m", "1024", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.machine.ram_size, ==, 1ull << 30);
    g_assert_cmpstr(p.o.machine.mem_path, ==, "/dev/shm");
    g_assert_true(p.o.machine.mem_share);
    g_assert_true(p.o.machine.mem_prealloc);
    parsed_clear(&p);
    /* the backend's size is the RAM size without -m */
    parse(&p, "-object", "memory-backend-ram,id=m,size=256M", "-M",
          "memory-backend=m", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.machine.ram_size, ==, 256ull << 20);
    g_assert_null(p.o.machine.mem_path);
    parsed_clear(&p);
    parse(&p, "-m", "1G,slots=4,maxmem=4G", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.machine.maxmem, ==, 4ull << 30);
    g_assert_cmpuint(p.o.machine.mem_slots, ==, 4);
    parsed_clear(&p);
    parse(&p, "-object", "help", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    g_assert_nonnull(strstr(p.out, "memory-backend-file"));
    parsed_clear(&p);

    expect_error("Memory backend 'x' not found", "-M",
                 "pseries,memory-backend=x", NULL);
    expect_error("Machine memory size does not match the size of the memory "
                 "backend", "-m", "512", "-object",
                 "memory-backend-ram,id=m,size=1G", "-M", "memory-backend=m",
                 NULL);
    expect_error("Parameter 'size' is missing", "-object",
                 "memory-backend-ram,id=m", NULL);
    expect_error("Parameter 'id' is missing", "-object",
                 "memory-backend-ram,size=1G", NULL);
    expect_error("Parameter 'mem-path' is missing", "-object",
                 "memory-backend-file,id=m,size=1G", NULL);
    expect_error("Invalid parameter 'foo'", "-object",
                 "memory-backend-ram,id=m,size=1G,foo=1", NULL);
    expect_error("Invalid parameter 'mem-path'", "-object",
                 "memory-backend-ram,id=m,size=1G,mem-path=/x", NULL);
    expect_error("Parameter 'share' expects 'on' or 'off'", "-object",
                 "memory-backend-ram,id=m,size=1G,share=maybe", NULL);
    expect_error("Parameter 'size' expects", "-object",
                 "memory-backend-ram,id=m,size=big", NULL);
    expect_error("duplicate", "-object", "memory-backend-ram,id=m,size=1G",
                 "-object", "memory-backend-ram,id=m,size=1G", NULL);
    /* libvirt's master key: checked, not kept (texts: qemu-system-ppc64
       7.2 on the same arguments) */
    parse(&p, "-object", "secret,id=masterKey0,format=raw,data=abc", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    parsed_clear(&p);
    parse(&p, "-object", "secret,id=k,format=base64,file=/dev/null", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    parsed_clear(&p);
    expect_error("Unable to read /nonexistent/key: ", "-object",
                 "secret,id=k,file=/nonexistent/key", NULL);
    expect_error("Either 'file' or 'data' must be provided", "-object",
                 "secret,id=k", NULL);
    expect_error("'file' and 'data' are mutually exclusive", "-object",
                 "secret,id=k,data=x,file=/dev/null", NULL);
    expect_error("Parameter 'format' does not accept value 'bad'", "-object",
                 "secret,id=k,format=bad,data=x", NULL);
    expect_error("Parameter 'id' is missing", "-object", "secret,data=x",
                 NULL);
    expect_error("Invalid parameter 'foo'", "-object",
                 "secret,id=k,data=x,foo=1", NULL);
    expect_error("empty path", "-mem-path", "", NULL);
}

/* the JSON form that libvirt and QEMU's tests write is the key=value form
   (error texts: qemu-system-ppc64 7.2 on the same arguments) */
static void test_json_form(void)
{
    Parsed p;

    parse(&p, "-object", "{\"qom-type\":\"memory-backend-ram\",\"id\":"
          "\"ppc_spapr.ram\",\"size\":2147483648}", "-machine",
          "pseries-5.0,usb=off,dump-guest-core=off,memory-backend="
          "ppc_spapr.ram", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.machine.ram_size, ==, 2ull << 30);
    parsed_clear(&p);
    /* true is on; a string holding a comma stays one value */
    parse(&p, "-object", "{\"qom-type\":\"memory-backend-file\",\"id\":"
          "\"m\",\"size\":1073741824,\"mem-path\":\"/dev/shm/a,b\","
          "\"share\":true}", "-M", "memory-backend=m", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpstr(p.o.machine.mem_path, ==, "/dev/shm/a,b");
    g_assert_true(p.o.machine.mem_share);
    parsed_clear(&p);
    /* -device: the driver leads the list the devices are made from */
    parse(&p, "-device", "{\"driver\":\"spapr-vscsi\",\"id\":\"scsi1\","
          "\"reg\":12288}", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpstr(g_ptr_array_index(p.o.machine.devices, 0), ==,
                    "spapr-vscsi,id=scsi1,reg=12288");
    parsed_clear(&p);
    /* -blockdev, nested: libvirt's two nodes, and file.* in one */
    parse(&p, "-blockdev", "{\"driver\":\"file\",\"filename\":\"/x/d.img\","
          "\"node-name\":\"libvirt-1-storage\",\"auto-read-only\":true,"
          "\"discard\":\"unmap\"}", "-blockdev", "{\"node-name\":"
          "\"libvirt-1-format\",\"read-only\":false,\"driver\":\"raw\","
          "\"file\":\"libvirt-1-storage\"}", "-blockdev",
          "{\"driver\":\"raw\",\"node-name\":\"r0\",\"file\":{\"driver\":"
          "\"file\",\"filename\":\"/x/e.img\"}}", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpstr(((SpaprDriveSpec *)g_ptr_array_index(
                        p.o.machine.drives, 0))->id, ==, "libvirt-1-format");
    g_assert_cmpstr(((SpaprDriveSpec *)g_ptr_array_index(
                        p.o.machine.drives, 0))->file, ==, "/x/d.img");
    g_assert_cmpstr(((SpaprDriveSpec *)g_ptr_array_index(
                        p.o.machine.drives, 1))->file, ==, "/x/e.img");
    parsed_clear(&p);
    parse(&p, "-audiodev", "{\"id\":\"audio1\",\"driver\":\"none\"}",
          "-netdev", "{\"type\":\"user\",\"id\":\"hostnet0\"}", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    parsed_clear(&p);

    expect_error("-object {bad: JSON parse error, invalid keyword 'bad'",
                 "-object", "{bad", NULL);
    expect_error("-object {\"id\":\"m\"}: Parameter 'qom-type' is missing",
                 "-object", "{\"id\":\"m\"}", NULL);
    expect_error("Parameter 'x' is unexpected", "-object",
                 "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m\","
                 "\"size\":1048576,\"x\":[1]}", NULL);
    expect_error("Parameter 'size' expects", "-object",
                 "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m\","
                 "\"size\":\"big\"}", NULL);
    expect_error("-device {\"id\":\"x\"}: Parameter 'driver' is missing",
                 "-device", "{\"id\":\"x\"}", NULL);
    expect_error("-netdev {\"type\":\"user\"}: Parameter 'id' is missing",
                 "-netdev", "{\"type\":\"user\"}", NULL);
    expect_error("-blockdev {\"driver\":\"file\"}: Parameter 'filename' is "
                 "missing", "-blockdev", "{\"driver\":\"file\"}", NULL);
    expect_error("-audiodev {\"id\":\"a\"}: Parameter 'driver' is missing",
                 "-audiodev", "{\"id\":\"a\"}", NULL);
    expect_error("JSON parse error", "-device", "{\"driver\":", NULL);
    expect_error("expected: string", "-device", "{\"driver\":1}", NULL);
    expect_error("JSON parse error, trailing characters", "-object",
                 "{\"qom-type\":\"secret\"} x", NULL);
}

/* -mon chardev=ID,mode=: the QMP or HMP device on a -chardev, which may
   come later on the line (texts: qemu-system-ppc64 7.2) */
static void test_mon(void)
{
    Parsed p;

    /* syzkaller's QMP, on a TCP server */
    parse(&p, "-chardev", "socket,id=SOCKSYZ,server=on,wait=off,"
          "host=localhost,port=4444", "-mon", "chardev=SOCKSYZ,mode=control",
          NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpstr(p.o.qmp_dev, ==, "tcp:localhost:4444,server=on,wait=off");
    g_assert_null(p.o.monitor_dev);
    parsed_clear(&p);
    /* libvirt's, on a unix socket; -mon first, the chardev after */
    parse(&p, "-mon", "chardev=charmonitor,id=monitor,mode=control",
          "-chardev", "socket,id=charmonitor,path=/tmp/q.sock,server=on,"
          "wait=off", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpstr(p.o.qmp_dev, ==, "unix:/tmp/q.sock,server=on,wait=off");
    parsed_clear(&p);
    /* the human monitor by default, on a socket */
    parse(&p, "-chardev", "socket,id=h,path=/tmp/h.sock,server=on,wait=off",
          "-mon", "h", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpstr(p.o.monitor_dev, ==,
                    "unix:/tmp/h.sock,server=on,wait=off");
    g_assert_null(p.o.qmp_dev);
    parsed_clear(&p);
    /* virtme-ng's: the monitor multiplexed on the console's stdio */
    parse(&p, "-chardev", "stdio,id=console,signal=off,mux=on", "-serial",
          "chardev:console", "-mon", "chardev=console", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_true(p.o.machine.console.mux);
    g_assert_null(p.o.monitor_dev);
    parsed_clear(&p);

    expect_error("-mon chardev=nope: chardev \"nope\" not found", "-mon",
                 "chardev=nope", NULL);
    expect_error("-mon c: chardev \"c\" not found", "-mon", "c", NULL);
    expect_error("Parameter 'mode' does not accept value 'bad'", "-mon",
                 "chardev=c,mode=bad", "-chardev", "null,id=c", NULL);
    expect_error("-mon mode=control: Parameter 'chardev' is missing", "-mon",
                 "mode=control", NULL);
    expect_error("Parameter 'pretty' expects 'on' or 'off'", "-mon",
                 "chardev=c,pretty=maybe", "-chardev", "null,id=c", NULL);
    expect_error("Invalid parameter 'foo'", "-mon", "chardev=c,foo=1",
                 "-chardev", "null,id=c", NULL);
    expect_error("client socket", "-chardev", "socket,id=m,path=/tmp/x",
                 "-mon", "chardev=m,mode=control", NULL);
    expect_error("needs mux=on", "-chardev", "stdio,id=con", "-serial",
                 "chardev:con", "-mon", "chardev=con", NULL);
    expect_error("not supported", "-chardev", "null,id=n", "-mon",
                 "chardev=n,mode=control", NULL);
    expect_error("only one QMP monitor", "-chardev",
                 "socket,id=a,path=/tmp/a,server=on,wait=off", "-chardev",
                 "socket,id=b,path=/tmp/b,server=on,wait=off", "-mon",
                 "chardev=a,mode=control", "-mon", "chardev=b,mode=control",
                 NULL);
}

static void test_compat_options(void)
{
    Parsed p;

    /* the options CI lines carry, all at once */
    parse(&p, "-vga", "none", "-display", "none", "-monitor", "null",
          "-parallel", "none", "-audiodev", "none,id=snd0", "-echr", "0x14",
          "-msg", "timestamp=on", "-uuid",
          "12345678-1234-1234-1234-123456789ABC", "-overcommit",
          "mem-lock=off,cpu-pm=off", "-boot", "order=cdn,menu=off,strict=on",
          "-no-user-config", "-nodefaults", "-name",
          "guest=vm1,process=pj-vm1,debug-threads=on", "-sandbox", "off",
          "-machine", "pseries,usb=off", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.warnings->len, ==, 0);
    g_assert_cmpuint(p.o.echr, ==, 0x14);
    g_assert_true(p.o.msg_timestamp);
    g_assert_cmpstr(p.o.uuid, ==, "12345678-1234-1234-1234-123456789abc");
    g_assert_cmpstr(p.o.process_name, ==, "pj-vm1");
    g_assert_cmpstr(p.o.guest_name, ==, "vm1");
    g_assert_false(p.o.mem_lock);
    parsed_clear(&p);

    parse(&p, "-display", "curses", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpint(p.o.machine.console.kind, ==, CHARDEV_STDIO);
    parsed_clear(&p);
    parse(&p, "-echr", "20", "-nographic", NULL);
    g_assert_cmpuint(p.o.machine.console.escape, ==, 20);
    parsed_clear(&p);
    parse(&p, "-sandbox", "on", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.warnings->len, ==, 1);
    g_assert_nonnull(strstr(g_ptr_array_index(p.o.warnings, 0), "seccomp"));
    parsed_clear(&p);
    parse(&p, "-boot", "c", "-overcommit", "mem-lock=on", "-name", "x", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_true(p.o.mem_lock);
    parsed_clear(&p);
    parse(&p, "-parallel", "stdio", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpuint(p.o.warnings->len, ==, 1);
    parsed_clear(&p);

    expect_error("use -vga none", "-vga", "std", NULL);
    expect_error("unknown vga type: foo", "-vga", "foo", NULL);
    expect_error("Display 'gtk' is not available.", "-display", "gtk", NULL);
    expect_error("Parameter 'type' does not accept value 'foo'", "-display",
                 "foo", NULL);
    expect_error("Parameter 'driver' does not accept value 'foo'",
                 "-audiodev", "foo,id=a", NULL);
    expect_error("Parameter 'id' is missing", "-audiodev", "none", NULL);
    expect_error("USB is not supported", "-usb", NULL);
    expect_error("USB is not supported", "-device", "usb-storage,drive=d",
                 NULL);
    expect_error("USB is not supported", "-device", "qemu-xhci", NULL);
    expect_error("USB is not supported", "-M", "pseries,usb=on", NULL);
    expect_error("NVMe is not supported", "-device", "nvme,serial=1,drive=d",
                 NULL);
    expect_error("Device 'foo' not found", "-device", "foo,help", NULL);
    expect_error("Bad argument to echr", "-echr", "foo", NULL);
    expect_error("Bad argument to echr", "-echr", "300", NULL);
    expect_error("Parameter 'timestamp' expects 'on' or 'off'", "-msg",
                 "timestamp=foo", NULL);
    expect_error("Invalid parameter 'foo'", "-msg", "foo=on", NULL);
    expect_error("failed to parse UUID string: wrong format", "-uuid", "foo",
                 NULL);
    expect_error("wrong format", "-uuid",
                 "12345678-1234-1234-1234-123456789abcd", NULL);
    expect_error("wrong format", "-uuid",
                 "12345678+1234-1234-1234-123456789abc", NULL);
    expect_error("Invalid parameter 'foo'", "-overcommit", "foo=on", NULL);
    expect_error("Parameter 'mem-lock' expects", "-overcommit",
                 "mem-lock=maybe", NULL);
    expect_error("Invalid boot device 'x'", "-boot", "order=x", NULL);
    expect_error("Parameter 'boot.menu' expects 'on' or 'off'", "-boot",
                 "menu=foo", NULL);
    expect_error("Parameter 'boot.foo' is unexpected", "-boot", "foo=bar",
                 NULL);
    expect_error("Parameter 'enable' expects 'on' or 'off'", "-sandbox",
                 "foo", NULL);
    expect_error("Invalid parameter 'bar'", "-name", "foo,bar=1", NULL);
    expect_error("Parameter 'debug-threads' expects", "-name",
                 "foo,debug-threads=2", NULL);
    expect_error("CPU model 'POWER10' is not supported", "-cpu", "POWER10",
                 NULL);
    expect_error("CPU model 'power7' is not supported", "-cpu", "power7",
                 NULL);
    expect_error("-monitor", "-monitor", "vc", NULL);
    /* -fsdev / -virtfs: qemu-system-ppc64 7.2's messages */
    expect_error("-fsdev local,id=f,path=/: security_model property not "
                 "set", "-fsdev", "local,id=f,path=/", NULL);
    expect_error("fsdev: No id specified", "-fsdev", "local", NULL);
    expect_error("fsdev: fsdriver bogus not found", "-fsdev", "bogus,id=f",
                 NULL);
    expect_error("invalid security_model property 'bogus'", "-fsdev",
                 "local,id=f,path=/,security_model=bogus", NULL);
    expect_error("path property not set", "-fsdev",
                 "local,id=f,security_model=none", NULL);
    expect_error("Invalid parameter 'foo'", "-fsdev",
                 "local,id=f,path=/,security_model=none,foo=1", NULL);
    expect_error("Parameter 'readonly' expects 'on' or 'off'", "-fsdev",
                 "local,id=f,path=/,security_model=none,readonly=maybe",
                 NULL);
    expect_error("fmode is only valid for mapped security modes", "-fsdev",
                 "local,id=f,path=/,security_model=none,fmode=0600", NULL);
    expect_error("Duplicate ID 'f' for fsdev", "-fsdev",
                 "local,id=f,path=/,security_model=none", "-fsdev",
                 "local,id=f,path=/,security_model=none", NULL);
    expect_error("Usage: -virtfs fsdriver,mount_tag=tag", "-virtfs",
                 "local,path=/", NULL);
    expect_error("-virtfs local,mount_tag=t,security_model=none: path "
                 "property not set", "-virtfs",
                 "local,mount_tag=t,security_model=none", NULL);
    expect_error("TPMs are not supported", "-tpmdev",
                 "emulator,id=t,chardev=c", NULL);
    expect_error("NUMA nodes are not supported", "-numa",
                 "node,memdev=m0", NULL);

    /* -device help lists every model (QEMU's "name ..., bus ..." lines) */
    parse(&p, "-device", "help", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    g_assert_nonnull(strstr(p.out, "name \"spapr-vscsi\", bus spapr-vio-bus"));
    g_assert_nonnull(strstr(p.out, "name \"virtio-blk-pci\", bus PCI, "
                                   "alias \"virtio-blk\""));
    g_assert_nonnull(strstr(p.out, "name \"spapr-rng\""));
    parsed_clear(&p);
    parse(&p, "-device", "virtio-scsi-pci,help", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    g_assert_nonnull(strstr(p.out, "PCI bus"));
    parsed_clear(&p);
}

/* -action as QEMU 7.2 accepts it (its error texts for a bad value and an
   unknown key, checked with qemu-system-ppc64) */
static void test_action(void)
{
    Parsed p;

    parse(&p, "-kernel", "k", NULL);
    g_assert_cmpint(p.o.machine.panic_action, ==, SPAPR_PANIC_SHUTDOWN);
    g_assert_false(p.o.machine.no_reboot);
    g_assert_false(p.o.machine.no_shutdown);
    parsed_clear(&p);
    parse(&p, "-kernel", "k", "-action",
          "reboot=shutdown,shutdown=pause,panic=exit-failure,watchdog=none",
          NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_true(p.o.machine.no_reboot);
    g_assert_true(p.o.machine.no_shutdown);
    g_assert_cmpint(p.o.machine.panic_action, ==, SPAPR_PANIC_EXIT_FAILURE);
    parsed_clear(&p);
    parse(&p, "-kernel", "k", "-action", "panic=pause", "-action",
          "panic=none", "-watchdog-action", "inject-nmi", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    g_assert_cmpint(p.o.machine.panic_action, ==, SPAPR_PANIC_NONE);
    parsed_clear(&p);
    expect_error("-action panic=foo: Parameter 'panic' does not accept "
                 "value 'foo'", "-action", "panic=foo", NULL);
    expect_error("-action bogus=1: Invalid parameter 'bogus'", "-action",
                 "bogus=1", NULL);
    expect_error("Parameter 'watchdog' does not accept value 'foo'",
                 "-watchdog-action", "foo", NULL);
}

/* -blockdev: a file node taken by a format node is one drive, named by
   the format node; format= on -drive */
static void test_blockdev(void)
{
    Parsed p;
    const SpaprDriveSpec *d;

    parse(&p, "-blockdev", "driver=file,filename=/x/a.qcow2,node-name=f0",
          "-blockdev", "driver=qcow2,file=f0,node-name=q0,read-only=on",
          "-blockdev", "driver=raw,file.driver=file,file.filename=/x/b.raw,"
          "node-name=r0,cache.no-flush=on",
          "-drive", "file=/x/c.qcow2,if=none,id=c0,format=qcow2", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    /* and QEMU's default empty CD-ROM last */
    g_assert_cmpuint(p.o.machine.drives->len, ==, 4);
    g_assert_true(((SpaprDriveSpec *)g_ptr_array_index(p.o.machine.drives,
                                                       3))->cdrom);
    d = g_ptr_array_index(p.o.machine.drives, 0);
    g_assert_cmpstr(d->id, ==, "q0");
    g_assert_cmpstr(d->file, ==, "/x/a.qcow2");
    g_assert_cmpint(d->format, ==, BLOCK_FORMAT_QCOW2);
    g_assert_true(d->readonly);
    g_assert_cmpint(d->iface, ==, SPAPR_DRIVE_IF_NONE);
    d = g_ptr_array_index(p.o.machine.drives, 1);
    g_assert_cmpstr(d->id, ==, "r0");
    g_assert_cmpstr(d->file, ==, "/x/b.raw");
    g_assert_cmpint(d->format, ==, BLOCK_FORMAT_RAW);
    g_assert_cmpint(d->cache, ==, BLOCK_CACHE_UNSAFE);
    d = g_ptr_array_index(p.o.machine.drives, 2);
    g_assert_cmpint(d->format, ==, BLOCK_FORMAT_QCOW2);
    g_assert_false(d->probed);
    parsed_clear(&p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/options/defaults", test_defaults);
    g_test_add_func("/options/memory/sizes", test_memory_sizes);
    g_test_add_func("/options/memory/bad", test_memory_bad);
    g_test_add_func("/options/icount", test_icount);
    g_test_add_func("/options/memory/size-parser", test_size_parser);
    g_test_add_func("/options/machine/values", test_machine);
    g_test_add_func("/options/machine/warnings", test_machine_warnings);
    g_test_add_func("/options/machine/help", test_machine_help);
    g_test_add_func("/options/accel", test_accel);
    g_test_add_func("/options/cpu", test_cpu);
    g_test_add_func("/options/smp", test_smp);
    g_test_add_func("/options/console", test_console);
    g_test_add_func("/options/boot", test_boot_options);
    g_test_add_func("/options/logging", test_logging);
    g_test_add_func("/options/invalid", test_invalid);
    g_test_add_func("/options/accepted-noops", test_accepted_noops);
    g_test_add_func("/options/gdbstub", test_gdbstub);
    g_test_add_func("/options/help-version", test_help_and_version);
    g_test_add_func("/options/machine/versions", test_machine_versions);
    g_test_add_func("/options/machine/caps", test_caps);
    g_test_add_func("/options/memory/backends", test_memory_backends);
    g_test_add_func("/options/compat", test_compat_options);
    g_test_add_func("/options/action", test_action);
    g_test_add_func("/options/blockdev", test_blockdev);
    g_test_add_func("/options/json-form", test_json_form);
    g_test_add_func("/options/mon", test_mon);
    g_test_add_func("/options/cpu-compat", test_cpu_compat);
    g_test_add_func("/options/resize-hpt", test_resize_hpt);
    return g_test_run();
}
