/*
 * The time-of-day clock and the firmware boot options: -rtc and -bios
 * parsing (system/options.c, hw-spapr/rtc.c), RTAS get-time-of-day and
 * set-time-of-day (LoPAPR: RTAS time of day), and the private hcalls
 * firmware makes (hw-spapr/hcall-fw.c).  Expected dates come from the
 * host's C library (timegm/gmtime) and GNU date, not from the code under
 * test.
 */
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <libfdt.h>

#include "options.h"
#include "spapr.h"
#include "bytes-be.h"
#include "rtas-args.h"

/* `date -u -d 2006-06-17T16:01:21 +%s` and `... 2000-02-29 +%s` */
#define EPOCH_2006_06_17_160121 1150560081ll
#define EPOCH_2000_02_29 951782400ll

#define RAM_SIZE (1u << 20)
#define ARGS 0x8000

/* ------------------------------------------------------------ options */

static OptionsResult parse(PowerjitOptions *o, char **err, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    FILE *out = fopen("/dev/null", "w");
    va_list ap;

    g_ptr_array_add(argv, (char *)"powerjit");
    va_start(ap, err);
    for (const char *a = va_arg(ap, const char *); a;
         a = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (char *)a);
    }
    va_end(ap);
    options_init(o);
    OptionsResult r = options_parse(o, (int)argv->len, (char **)argv->pdata,
                                    out, err);
    fclose(out);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static void test_rtc_options(void)
{
    PowerjitOptions o;
    char *err = NULL;

    g_assert_cmpint(parse(&o, &err, NULL), ==, OPTIONS_RUN);
    g_assert_cmpint(o.machine.rtc_base, ==, SPAPR_RTC_BASE_UTC);
    g_assert_cmpint(o.machine.rtc_clock, ==, SPAPR_RTC_CLOCK_HOST);
    options_free(&o);

    g_assert_cmpint(parse(&o, &err, "-rtc", "base=localtime,clock=rt", NULL),
                    ==, OPTIONS_RUN);
    g_assert_cmpint(o.machine.rtc_base, ==, SPAPR_RTC_BASE_LOCALTIME);
    g_assert_cmpint(o.machine.rtc_clock, ==, SPAPR_RTC_CLOCK_RT);
    options_free(&o);

    g_assert_cmpint(parse(&o, &err, "-rtc",
                          "base=2006-06-17T16:01:21,clock=vm,driftfix=slew",
                          NULL), ==, OPTIONS_RUN);
    g_assert_cmpint(o.machine.rtc_base, ==, SPAPR_RTC_BASE_DATE);
    g_assert_cmpint(o.machine.rtc_date, ==, EPOCH_2006_06_17_160121);
    g_assert_cmpint(o.machine.rtc_clock, ==, SPAPR_RTC_CLOCK_VM);
    options_free(&o);

    g_assert_cmpint(parse(&o, &err, "-rtc", "base=2000-02-29", NULL), ==,
                    OPTIONS_RUN);
    g_assert_cmpint(o.machine.rtc_date, ==, EPOCH_2000_02_29);
    options_free(&o);
}

static void test_rtc_options_bad(void)
{
    static const char *const bad[] = {
        "base=2006-13-01", "base=2001-02-29", "base=2006-06-17T24:00:00",
        "base=2006-06-17T16:01", "base=2006-06-17 ", "base=06-06-17",
        "base=now", "base=", "base=2300-01-01", "clock=guest",
        "driftfix=fast", "speed=1",
        "utc",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        PowerjitOptions o;
        char *err = NULL;

        g_assert_cmpint(parse(&o, &err, "-rtc", bad[i], NULL), ==,
                        OPTIONS_ERROR);
        g_assert_nonnull(err);
        g_assert_null(strchr(err, '\n'));
        g_free(err);
        options_free(&o);
    }
}

static void test_bios_option(void)
{
    PowerjitOptions o;
    char *err = NULL;

    g_assert_cmpint(parse(&o, &err, "-bios", "slof.bin", NULL), ==,
                    OPTIONS_RUN);
    g_assert_cmpstr(o.machine.bios, ==, "slof.bin");
    options_free(&o);

    g_assert_cmpint(parse(&o, &err, "-bios", "", NULL), ==, OPTIONS_ERROR);
    g_free(err);
    options_free(&o);
}

/* ------------------------------------------------------------ RTAS */

typedef struct Machine {
    SpaprConfig cfg;
    SpaprMachine m;
} Machine;

static void machine_init(Machine *t)
{
    memset(t, 0, sizeof(*t));
    t->m.cfg = &t->cfg;
    t->m.ram = g_malloc0(RAM_SIZE);
    t->m.ram_size = RAM_SIZE;
}

/* runs an RTAS call; rets[] gets every return value, the status first */
static void rtas(Machine *t, const char *name, uint32_t nargs,
                 const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    uint8_t *p = t->m.ram + ARGS;

    rtas_buffer_put(p, rtas_token(name), nargs, args, nret);
    g_assert_cmpint(spapr_rtas_call(&t->m, NULL, ARGS), ==, H_SUCCESS);
    for (uint32_t i = 0; i < nret; i++) {
        rets[i] = rtas_buffer_ret(p, nargs, i);
    }
}

/* the guest's time from get-time-of-day, in seconds since the epoch */
static int64_t guest_time(Machine *t)
{
    uint32_t r[8];
    struct tm tm = { 0 };

    rtas(t, "get-time-of-day", 0, NULL, 8, r);
    g_assert_cmpint((int32_t)r[0], ==, 0);
    g_assert_cmpuint(r[7], <, 1000000000u);
    tm.tm_year = (int)r[1] - 1900;
    tm.tm_mon = (int)r[2] - 1;
    tm.tm_mday = (int)r[3];
    tm.tm_hour = (int)r[4];
    tm.tm_min = (int)r[5];
    tm.tm_sec = (int)r[6];
    return (int64_t)timegm(&tm);
}

static void test_tod_fixed_base(gconstpointer data)
{
    Machine t;

    machine_init(&t);
    t.cfg.rtc_base = SPAPR_RTC_BASE_DATE;
    t.cfg.rtc_date = EPOCH_2006_06_17_160121;
    t.cfg.rtc_clock = (SpaprRtcClock)GPOINTER_TO_INT(data);
    spapr_rtc_init(&t.m);
    int64_t got = guest_time(&t);
    g_assert_cmpint(got, >=, EPOCH_2006_06_17_160121);
    g_assert_cmpint(got, <=, EPOCH_2006_06_17_160121 + 1);
    g_free(t.m.ram);
}

static void test_tod_utc(void)
{
    Machine t;

    machine_init(&t);
    spapr_rtc_init(&t.m);
    int64_t got = guest_time(&t), host = (int64_t)time(NULL);
    g_assert_cmpint(got, >=, host - 1);
    g_assert_cmpint(got, <=, host + 1);
    g_free(t.m.ram);
}

static void test_tod_set(void)
{
    /* 2000-02-29 12:34:56.5: a leap day */
    const uint32_t date[7] = { 2000, 2, 29, 12, 34, 56, 500000000 };
    const int64_t expect = EPOCH_2000_02_29 + 12 * 3600 + 34 * 60 + 56;
    Machine t;
    uint32_t r[8];

    machine_init(&t);
    spapr_rtc_init(&t.m);
    rtas(&t, "set-time-of-day", 7, date, 1, r);
    g_assert_cmpint((int32_t)r[0], ==, 0);
    int64_t got = guest_time(&t);
    g_assert_cmpint(got, >=, expect);
    g_assert_cmpint(got, <=, expect + 1);

    /* a reset keeps the clock, as a battery-backed one does */
    g_assert_cmpint(t.m.rtc_offset_ns, !=, 0);
    g_free(t.m.ram);
}

static void test_tod_set_bad(void)
{
    static const uint32_t bad[][7] = {
        { 2001, 2, 29, 0, 0, 0, 0 },          /* not a leap year */
        { 2000, 13, 1, 0, 0, 0, 0 },
        { 2000, 0, 1, 0, 0, 0, 0 },
        { 2000, 4, 31, 0, 0, 0, 0 },
        { 2000, 1, 1, 24, 0, 0, 0 },
        { 2000, 1, 1, 0, 60, 0, 0 },
        { 2000, 1, 1, 0, 0, 60, 0 },
        { 2000, 1, 1, 0, 0, 0, 1000000000 },
        { 1969, 12, 31, 23, 59, 59, 0 },
        { 9999, 12, 31, 23, 59, 59, 0 },      /* past 2262: 64-bit ns */
    };
    Machine t;
    uint32_t r[8];

    machine_init(&t);
    spapr_rtc_init(&t.m);
    int64_t before = t.m.rtc_offset_ns;
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        rtas(&t, "set-time-of-day", 7, bad[i], 1, r);
        g_assert_cmpint((int32_t)r[0], ==, RTAS_OUT_PARAM_ERROR);
    }
    g_assert_cmpint(t.m.rtc_offset_ns, ==, before);
    /* wrong argument counts */
    rtas(&t, "set-time-of-day", 6, bad[0], 1, r);
    g_assert_cmpint((int32_t)r[0], ==, RTAS_OUT_PARAM_ERROR);
    rtas(&t, "get-time-of-day", 1, bad[0], 8, r);
    g_assert_cmpint((int32_t)r[0], ==, RTAS_OUT_PARAM_ERROR);
    g_free(t.m.ram);
}

/* ------------------------------------------------------------ hcalls */

static void test_logical_memop(void)
{
    Machine t;
    uint64_t args[9] = { 0 };

    machine_init(&t);
    for (int i = 0; i < 64; i++) {
        t.m.ram[0x1000 + i] = (uint8_t)(i * 3 + 1);
    }
    /* copy 8 elements of 4 bytes */
    args[0] = 0x2000, args[1] = 0x1000, args[2] = 2, args[3] = 8, args[4] = 0;
    g_assert_cmpint(h_logical_memop(&t.m, NULL, args), ==, H_SUCCESS);
    g_assert_cmpmem(t.m.ram + 0x2000, 32, t.m.ram + 0x1000, 32);
    g_assert_cmpuint(t.m.ram[0x2020], ==, 0);
    /* the complement, bytes */
    args[0] = 0x3000, args[2] = 0, args[3] = 4, args[4] = 1;
    g_assert_cmpint(h_logical_memop(&t.m, NULL, args), ==, H_SUCCESS);
    for (int i = 0; i < 4; i++) {
        g_assert_cmpuint(t.m.ram[0x3000 + i], ==,
                         (uint8_t)~(uint8_t)(i * 3 + 1));
    }
    /* overlapping, upwards: as memmove */
    uint8_t expect[64];
    memcpy(expect, t.m.ram + 0x1000, 64);
    args[0] = 0x1008, args[1] = 0x1000, args[2] = 3, args[3] = 7, args[4] = 0;
    g_assert_cmpint(h_logical_memop(&t.m, NULL, args), ==, H_SUCCESS);
    g_assert_cmpmem(t.m.ram + 0x1008, 56, expect, 56);
    /* bad arguments */
    args[2] = 4;
    g_assert_cmpint(h_logical_memop(&t.m, NULL, args), ==, H_PARAMETER);
    args[2] = 0, args[4] = 2;
    g_assert_cmpint(h_logical_memop(&t.m, NULL, args), ==, H_PARAMETER);
    args[0] = RAM_SIZE - 2, args[3] = 4, args[4] = 0;
    g_assert_cmpint(h_logical_memop(&t.m, NULL, args), ==, H_PARAMETER);
    args[0] = 0x1000, args[2] = 3, args[3] = UINT64_MAX / 4;
    g_assert_cmpint(h_logical_memop(&t.m, NULL, args), ==, H_PARAMETER);
    g_free(t.m.ram);
}

static void test_update_dt(void)
{
    Machine t;
    uint64_t args[9] = { 0 };

    machine_init(&t);
    g_assert_cmpint(fdt_create_empty_tree(t.m.ram + 0x4000, 0x1000), ==, 0);
    args[0] = 0x4000;
    g_assert_cmpint(h_update_dt(&t.m, NULL, args), ==, H_SUCCESS);
    args[0] = 0x5000; /* zeroes: no tree */
    g_assert_cmpint(h_update_dt(&t.m, NULL, args), ==, H_PARAMETER);
    args[0] = RAM_SIZE - 8;
    g_assert_cmpint(h_update_dt(&t.m, NULL, args), ==, H_PARAMETER);
    g_free(t.m.ram);
}

static void test_cas_bad_vector(void)
{
    Machine t;
    uint64_t args[9] = { 0 };

    machine_init(&t);
    t.cfg.cpu_model = PPC_MODEL_POWER9;
    /* a vector that never terminates its PVR list before the end of RAM */
    memset(t.m.ram, 0, RAM_SIZE);
    args[0] = RAM_SIZE - 8, args[1] = 0x10000, args[2] = 0x10000;
    g_assert_cmpint(h_cas(&t.m, NULL, args), ==, H_PARAMETER);
    g_assert_false(t.m.cas.done);
    g_free(t.m.ram);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/rtc/options", test_rtc_options);
    g_test_add_func("/rtc/options-bad", test_rtc_options_bad);
    g_test_add_func("/rtc/bios-option", test_bios_option);
    g_test_add_data_func("/rtc/fixed-base-host",
                         GINT_TO_POINTER(SPAPR_RTC_CLOCK_HOST),
                         test_tod_fixed_base);
    g_test_add_data_func("/rtc/fixed-base-rt",
                         GINT_TO_POINTER(SPAPR_RTC_CLOCK_RT),
                         test_tod_fixed_base);
    g_test_add_func("/rtc/utc", test_tod_utc);
    g_test_add_func("/rtc/set", test_tod_set);
    g_test_add_func("/rtc/set-bad", test_tod_set_bad);
    g_test_add_func("/firmware/logical-memop", test_logical_memop);
    g_test_add_func("/firmware/update-dt", test_update_dt);
    g_test_add_func("/firmware/cas-bad-vector", test_cas_bad_vector);
    return g_test_run();
}
