/*
 * Command-line parsing (system/options.c): accepted values give the
 * numbers QEMU's documentation defines (-m 1G is 2^30 bytes, a plain -m
 * number is MiB), and every bad value is an error.
 */
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "log.h"
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

static void test_memory_bad(void)
{
    expect_error("-m 1x:", "-m", "1x", NULL);
    expect_error("invalid size", "-m", "-1", NULL);
    expect_error("invalid size", "-m", "", NULL);
    expect_error("invalid size", "-m", "1Z", NULL);
    expect_error("invalid size", "-m", "1.G", NULL);
    expect_error("invalid size", "-m", "99999999999999999999", NULL);
    expect_error("invalid size", "-m", "16E", NULL);  /* 2^64 */
    expect_error("hotplug", "-m", "1G,maxmem=2G", NULL);
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
    expect_error("cap-foo", "-M", "pseries,cap-foo=on", NULL);
    expect_error("cap-htm", "-M", "pseries,cap-htm=maybe", NULL);
    expect_error("transactional memory", "-M", "pseries,cap-htm=on", NULL);
    expect_error("'bogus' not found", "-M", "pseries,bogus=1", NULL);
    expect_error("expected '='", "-M", "pseries,usb", NULL);
    expect_error("kvm accelerator not available on this host", "-M",
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

    expect_error("-accel kvm: kvm accelerator not available on this host",
                 "-accel", "kvm", NULL);
    expect_error("kvm accelerator not available", "-enable-kvm", NULL);
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
    expect_error("properties", "-cpu", "POWER9,vsx=off", NULL);
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

    expect_error("SMP is not yet supported", "-smp", "2", NULL);
    expect_error("SMP is not yet supported", "-smp", "sockets=2", NULL);
    expect_error("SMP is not yet supported", "-smp", "1,maxcpus=4", NULL);
    expect_error("expects a number", "-smp", "x", NULL);
    expect_error("not found", "-smp", "1,books=2", NULL);
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
    expect_error("only 'none'", "-display", "gtk", NULL);
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
}

static void test_invalid(void)
{
    expect_error("-foo: invalid option", "-foo", NULL);
    expect_error("--foo: invalid option", "--foo", NULL);
    expect_error("-kernel: requires an argument", "-kernel", NULL);
    expect_error("disk image", "disk.img", NULL);
    expect_error("not yet supported", "-s", NULL);
    expect_error("not yet supported", "-S", NULL);
    expect_error("not yet supported", "-monitor", "stdio", NULL);
    expect_error("not yet supported", "-qmp", "unix:/tmp/q,server", NULL);
    expect_error("not yet supported", "-drive", "file=x.img", NULL);
}

static void test_accepted_noops(void)
{
    Parsed p;

    parse(&p, "-monitor", "none", "-name", "guest", "-no-user-config",
          "--machine", "pseries", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_RUN);
    parsed_clear(&p);
}

static void test_help_and_version(void)
{
    Parsed p;

    parse(&p, "--version", NULL);
    g_assert_cmpint(p.r, ==, OPTIONS_EXIT);
    g_assert_true(g_str_has_prefix(p.out, "powerjit emulator version "));
    g_assert_nonnull(strstr(p.out, "(QEMU-compatible command line)\n"));
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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/options/defaults", test_defaults);
    g_test_add_func("/options/memory/sizes", test_memory_sizes);
    g_test_add_func("/options/memory/bad", test_memory_bad);
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
    g_test_add_func("/options/help-version", test_help_and_version);
    return g_test_run();
}
