/*
 * The command line's devices and backends (system/options.c, issue 10):
 * -device, -object, and later -chardev, -netdev, -nic and -net.  Accepted
 * lines fill the machine's configuration as QEMU's documentation says
 * they should (rng-random reads /dev/urandom unless told otherwise); every
 * bad one is a single-line error naming what is wrong.
 */
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "options.h"

/* parses "powerjit" and the NULL-terminated arguments into o; returns the
   result and (on an error) *err */
static OptionsResult parse_v(PowerjitOptions *o, char **err, va_list ap)
{
    GPtrArray *argv = g_ptr_array_new();
    FILE *out = fopen("/dev/null", "w");
    OptionsResult r;

    g_ptr_array_add(argv, (char *)"powerjit");
    for (const char *a = va_arg(ap, const char *); a;
         a = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (char *)a);
    }
    g_ptr_array_add(argv, NULL);
    options_init(o);
    r = options_parse(o, (int)argv->len - 1, (char **)argv->pdata, out, err);
    fclose(out);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static void parse_ok(PowerjitOptions *o, ...)
{
    char *err = NULL;
    va_list ap;

    va_start(ap, o);
    OptionsResult r = parse_v(o, &err, ap);
    va_end(ap);
    if (r != OPTIONS_RUN) {
        g_error("unexpected error: %s", err);
    }
}

/* the arguments must be rejected with one line that contains what */
static void expect_error(const char *what, ...)
{
    PowerjitOptions o;
    char *err = NULL;
    va_list ap;

    va_start(ap, what);
    OptionsResult r = parse_v(&o, &err, ap);
    va_end(ap);
    g_assert_cmpint(r, ==, OPTIONS_ERROR);
    g_assert_nonnull(err);
    g_assert_null(strchr(err, '\n'));
    if (!strstr(err, what)) {
        g_error("error '%s' does not mention '%s'", err, what);
    }
    g_free(err);
    options_free(&o);
}

static void test_rng(void)
{
    PowerjitOptions o;

    parse_ok(&o, NULL);
    g_assert_false(o.machine.rng.present);
    options_free(&o);

    parse_ok(&o, "-device", "spapr-rng", NULL);
    g_assert_true(o.machine.rng.present);
    g_assert_null(o.machine.rng.filename);
    options_free(&o);

    /* -object may come after the -device that names it */
    parse_ok(&o, "-device", "spapr-rng,rng=r0,id=x", "-object",
             "rng-random,id=r0,filename=/dev/random", NULL);
    g_assert_true(o.machine.rng.present);
    g_assert_cmpstr(o.machine.rng.filename, ==, "/dev/random");
    options_free(&o);

    parse_ok(&o, "-object", "rng-random,id=r0", "-device",
             "driver=spapr-rng,rng=r0", NULL);
    g_assert_cmpstr(o.machine.rng.filename, ==, "/dev/urandom");
    options_free(&o);

    parse_ok(&o, "-object", "rng-builtin,id=b", "-device", "spapr-rng,rng=b",
             NULL);
    g_assert_true(o.machine.rng.present);
    g_assert_null(o.machine.rng.filename);
    options_free(&o);
}

static void test_rng_bad(void)
{
    expect_error("can't find value 'nope'", "-device", "spapr-rng,rng=nope",
                 NULL);
    expect_error("'spapr-rng.foo' not found", "-device", "spapr-rng,foo=1",
                 NULL);
    expect_error("only one spapr-rng", "-device", "spapr-rng", "-device",
                 "spapr-rng", NULL);
    expect_error("'driver' is missing", "-device", "rng=r0", NULL);
    expect_error("'id' is missing", "-object", "rng-builtin", NULL);
    expect_error("duplicate", "-object", "rng-builtin,id=a", "-object",
                 "rng-random,id=a", NULL);
    expect_error("'rng-random.size' not found", "-object",
                 "rng-random,id=a,size=3", NULL);
    expect_error("object type 'memory-backend-foo'", "-object",
                 "memory-backend-foo,id=a", NULL);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/options-dev/rng", test_rng);
    g_test_add_func("/options-dev/rng-bad", test_rng_bad);
    return g_test_run();
}
