/*
 * hcalls and RTAS (hw-spapr/hcall.c, rtas.c), driven directly: a machine
 * struct with 1 MiB of RAM and a console writing to a file, and a calloc'ed
 * CPU state whose r3.. are set as the guest would before `sc 1`.
 *
 * Expected values: the register packing of the console hcalls is Linux's
 * (hvc_put_chars: the first byte in the most significant byte of r6), the
 * return codes and RTAS statuses are LoPAPR's, the RTAS entry code bytes
 * are what binutils' powerpc64 assembler produces for the same sequence.
 */
#include <string.h>
#include <time.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "log.h"
#include "spapr.h"
#include "bytes-be.h"
#include "rtas-args.h"

#define RAM_SIZE (1u << 20)
#define VTY 0x71000000u

typedef struct Fixture {
    SpaprConfig cfg;
    SpaprMachine m;
    CPUPPCState *env;
    char *dir;
    char *console_path;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    char *err = NULL;

    memset(f, 0, sizeof(*f));
    f->dir = g_dir_make_tmp("powerjit-hcall-XXXXXX", NULL);
    f->console_path = g_build_filename(f->dir, "console", NULL);
    f->cfg.console.kind = CHARDEV_FILE;
    f->cfg.console.path = f->console_path;
    f->m.cfg = &f->cfg;
    f->m.ram = g_malloc0(RAM_SIZE);
    f->m.ram_size = RAM_SIZE;
    f->m.console = chardev_open(&f->cfg.console, &err);
    f->m.console_reg = 0x71000000; /* a -serial console: the first VIO address */
    f->m.nvram_reg = 0x71000001;
    g_assert_nonnull(f->m.console);
    f->env = calloc(1, sizeof(*f->env));
    f->env->msr = MSR_BIT(MSR_SF);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    chardev_close(f->m.console);
    g_unlink(f->console_path);
    g_rmdir(f->dir);
    g_free(f->console_path);
    g_free(f->dir);
    g_free(f->m.ram);
    free(f->env);
}

static char *console_text(Fixture *f)
{
    char *text;

    g_assert_true(g_file_get_contents(f->console_path, &text, NULL, NULL));
    return text;
}

static int64_t hcall(Fixture *f, uint64_t opcode, uint64_t a0, uint64_t a1,
                     uint64_t a2, uint64_t a3)
{
    f->env->gpr[3] = opcode;
    f->env->gpr[4] = a0;
    f->env->gpr[5] = a1;
    f->env->gpr[6] = a2;
    f->env->gpr[7] = a3;
    spapr_hcall(&f->m, f->env);
    return (int64_t)f->env->gpr[3];
}

/* ------------------------------------------------------------ console */

static void test_put_term_char(Fixture *f, gconstpointer data)
{
    char *text;

    /* "Hello, w" and "orld!" as Linux packs them into r6 and r7 */
    g_assert_cmpint(hcall(f, H_PUT_TERM_CHAR, VTY, 13, 0x48656c6c6f2c2077ull,
                          0x6f726c6421000000ull), ==, H_SUCCESS);
    g_assert_cmpint(hcall(f, H_PUT_TERM_CHAR, VTY, 0, ~0ull, ~0ull), ==,
                    H_SUCCESS);
    g_assert_cmpint(hcall(f, H_PUT_TERM_CHAR, VTY, 16, 0x3031323334353637ull,
                          0x3839616263646566ull), ==, H_SUCCESS);
    text = console_text(f);
    g_assert_cmpstr(text, ==, "Hello, world!0123456789abcdef");
    g_free(text);
}

static void test_put_term_char_bad(Fixture *f, gconstpointer data)
{
    char *text;

    g_assert_cmpint(hcall(f, H_PUT_TERM_CHAR, VTY, 17, 0x4141414141414141ull,
                          0x4141414141414141ull), ==, H_PARAMETER);
    g_assert_cmpint(hcall(f, H_PUT_TERM_CHAR, VTY + 1, 1,
                          0x4100000000000000ull, 0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(f, H_PUT_TERM_CHAR, 0x30000000, 1,
                          0x4100000000000000ull, 0), ==, H_PARAMETER);
    text = console_text(f);
    g_assert_cmpstr(text, ==, "");
    g_free(text);
}

/* unit address 0 is the first vty, as on PowerVM and QEMU: firmware
   (SLOF) and early debug output print before reading the device tree */
static void test_put_term_char_unit0(Fixture *f, gconstpointer data)
{
    char *text;

    g_assert_cmpint(hcall(f, H_PUT_TERM_CHAR, 0, 2, 0x4f4b000000000000ull, 0),
                    ==, H_SUCCESS);
    text = console_text(f);
    g_assert_cmpstr(text, ==, "OK");
    g_free(text);
}

static void test_get_term_char(Fixture *f, gconstpointer data)
{
    static const uint8_t typed[] = "abcdefghijklmnopqrs"; /* 19 bytes */

    g_assert_cmpint(hcall(f, H_GET_TERM_CHAR, VTY, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(f->env->gpr[4], ==, 0);

    chardev_feed(f->m.console, typed, 19);
    g_assert_cmpint(hcall(f, H_GET_TERM_CHAR, VTY, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(f->env->gpr[4], ==, 16);
    g_assert_cmphex(f->env->gpr[5], ==, 0x6162636465666768ull);
    g_assert_cmphex(f->env->gpr[6], ==, 0x696a6b6c6d6e6f70ull);
    g_assert_cmpint(hcall(f, H_GET_TERM_CHAR, VTY, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmpuint(f->env->gpr[4], ==, 3);
    g_assert_cmphex(f->env->gpr[5], ==, 0x7172730000000000ull);
    g_assert_cmphex(f->env->gpr[6], ==, 0);

    g_assert_cmpint(hcall(f, H_GET_TERM_CHAR, 0x30000000, 0, 0, 0), ==,
                    H_PARAMETER);
}

static void test_no_console(Fixture *f, gconstpointer data)
{
    chardev_close(f->m.console);
    f->m.console = NULL;
    g_assert_cmpint(hcall(f, H_PUT_TERM_CHAR, VTY, 1, 0x4100000000000000ull,
                          0), ==, H_PARAMETER);
    g_assert_cmpint(hcall(f, H_GET_TERM_CHAR, VTY, 0, 0, 0), ==, H_PARAMETER);
}

/* ------------------------------------------------------------ dispatch */

static void test_unknown_hcall(Fixture *f, gconstpointer data)
{
    static const uint64_t unknown[] = { 0, 0x3, 0x1234, 0xf0ff, ~0ull };

    for (size_t i = 0; i < G_N_ELEMENTS(unknown); i++) {
        g_assert_cmpint(hcall(f, unknown[i], 0, 0, 0, 0), ==, H_FUNCTION);
        g_assert_cmphex(f->env->gpr[3], ==, 0xfffffffffffffffeull);
    }
}

/* the hcalls a guest probes and we do not provide: H_FUNCTION, with no
   line under -d unimp (an hcall we lack gets one) */
static void test_not_provided_quiet(Fixture *f, gconstpointer data)
{
    static const uint64_t probed[] = { 0xf078, 0xf07c, 0xf080 };
    char *path = g_build_filename(f->dir, "log", NULL), *text, *err = NULL;

    g_assert_true(log_set_file(path, &err));
    log_set_mask(LOG_UNIMP | LOG_GUEST_ERROR);
    for (size_t i = 0; i < G_N_ELEMENTS(probed); i++) {
        g_assert_cmpint(hcall(f, probed[i], 0x10, 0x1000, 0x100, 0),
                        ==, H_FUNCTION);
    }
    log_flush();
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "");
    g_free(text);
    g_assert_cmpint(hcall(f, 0xf0fc, 0, 0, 0, 0), ==, H_FUNCTION);
    log_flush();
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "unimplemented hcall 0xf0fc"));
    g_free(text);
    log_set_mask(0);
    g_unlink(path);
    g_free(path);
}

static void test_problem_state(Fixture *f, gconstpointer data)
{
    char *text;

    f->env->msr |= MSR_BIT(MSR_PR);
    g_assert_cmpint(hcall(f, H_PUT_TERM_CHAR, VTY, 1, 0x4100000000000000ull,
                          0), ==, H_PRIVILEGE);
    text = console_text(f);
    g_assert_cmpstr(text, ==, "");
    g_free(text);
}

/* the names in s (a NUL-separated list) are expected[0..n), each once */
static void check_sets(const char *s, size_t len, const char *const *expected,
                       size_t n_expected)
{
    size_t n = 0;

    g_assert_cmpuint(len, >, 0);
    g_assert_cmpint(s[len - 1], ==, '\0');
    for (size_t off = 0; off < len; off += strlen(s + off) + 1, n++) {
        bool known = false;
        for (size_t i = 0; i < n_expected; i++) {
            known |= strcmp(s + off, expected[i]) == 0;
        }
        g_assert_true(known);
    }
    g_assert_cmpuint(n, ==, n_expected);
}

static void test_hypertas(void)
{
    /* the LoPAPR function sets whose every hcall is implemented (the
       interrupt calls are xics.c's, the TCE and CRQ calls tce.c's and
       crq.c's, pft and bulk hcall-hpt.c's, hpt-resize
       hcall-hpt-resize.c's, the rest hcall-misc.c's) */
    static const char *const expected[] = {
        "hcall-pft", "hcall-bulk",
        "hcall-term", "hcall-interrupt", "hcall-tce", "hcall-multi-tce",
        "hcall-vio", "hcall-dabr", "hcall-sprg0",
        "hcall-xdabr",
        "hcall-copy", "hcall-debug", "hcall-set-mode", "hcall-splpar",
        "hcall-hpt-resize",
    };
    SpaprConfig cfg = { .resize_hpt = SPAPR_RESIZE_HPT_ENABLED };
    SpaprMachine m = { .cfg = &cfg };
    size_t len;
    char *s = spapr_hypertas_functions(&m, &len);

    check_sets(s, len, expected, G_N_ELEMENTS(expected));
    g_free(s);
    /* resize-hpt=required offers it too; disabled does not (QEMU's
       ibm,hypertas-functions with resize-hpt=disabled) */
    cfg.resize_hpt = SPAPR_RESIZE_HPT_REQUIRED;
    s = spapr_hypertas_functions(&m, &len);
    check_sets(s, len, expected, G_N_ELEMENTS(expected));
    g_free(s);
    cfg.resize_hpt = SPAPR_RESIZE_HPT_DISABLED;
    s = spapr_hypertas_functions(&m, &len);
    check_sets(s, len, expected, G_N_ELEMENTS(expected) - 1);
    g_free(s);
}

/* ------------------------------------------------------------ RTAS */

#define ARGS 0x8000 /* where the tests put the RTAS argument buffer */

/* the RTAS argument buffer at addr of the fixture's RAM */
static void rtas_buffer(Fixture *f, uint64_t addr, uint32_t token,
                        uint32_t nargs, const uint32_t *args, uint32_t nret)
{
    rtas_buffer_put(f->m.ram + addr, token, nargs, args, nret);
}

static uint32_t rtas_ret(Fixture *f, uint64_t addr, uint32_t nargs, int i)
{
    return rtas_buffer_ret(f->m.ram + addr, nargs, (uint32_t)i);
}

static void test_rtas_buffer_outside_ram(Fixture *f, gconstpointer data)
{
    static const uint64_t bad[] = {
        RAM_SIZE, RAM_SIZE - 4, RAM_SIZE - 11, 0x0fffffffffffff00ull,
        0x7ffffffffffffff8ull,
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_cmpint(hcall(f, KVMPPC_H_RTAS, bad[i], 0, 0, 0), ==,
                        H_PARAMETER);
    }

    /* a header inside RAM whose counts reach past its end */
    rtas_buffer(f, RAM_SIZE - 16, rtas_token("get-time-of-day"), 0, NULL, 0);
    st_be32(f->m.ram + RAM_SIZE - 8, 8);
    g_assert_cmpint(hcall(f, KVMPPC_H_RTAS, RAM_SIZE - 16, 0, 0, 0), ==,
                    H_PARAMETER);
    rtas_buffer(f, ARGS, rtas_token("power-off"), 0, NULL, 0);
    st_be32(f->m.ram + ARGS + 4, 0xffffffffu);
    st_be32(f->m.ram + ARGS + 8, 0xffffffffu);
    g_assert_cmpint(hcall(f, KVMPPC_H_RTAS, ARGS, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmpint(f->m.request, ==, 0);
}

static void test_rtas_bad_token(Fixture *f, gconstpointer data)
{
    rtas_buffer(f, ARGS, 0xdeadbeef, 0, NULL, 1);
    g_assert_cmpint(hcall(f, KVMPPC_H_RTAS, ARGS, 0, 0, 0), ==, H_PARAMETER);
    g_assert_cmphex(rtas_ret(f, ARGS, 0, 0), ==, (uint32_t)-3);
}

static void test_rtas_power_off(Fixture *f, gconstpointer data)
{
    static const uint32_t mask[2] = { 0xffffffff, 0xffffffff };

    /* wrong argument counts: parameter error, no power-off */
    rtas_buffer(f, ARGS, rtas_token("power-off"), 1, mask, 1);
    g_assert_cmpint(hcall(f, KVMPPC_H_RTAS, ARGS, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(rtas_ret(f, ARGS, 1, 0), ==, (uint32_t)-3);
    g_assert_cmpint(f->m.request, ==, 0);

    rtas_buffer(f, ARGS, rtas_token("power-off"), 2, mask, 1);
    g_assert_cmpint(hcall(f, KVMPPC_H_RTAS, ARGS, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(rtas_ret(f, ARGS, 2, 0), ==, 0);
    g_assert_cmpint(f->m.request, ==, SPAPR_REQ_SHUTDOWN);
}

static void test_rtas_system_reboot(Fixture *f, gconstpointer data)
{
    /* through an address with the top nibble set, as real mode allows */
    rtas_buffer(f, ARGS, rtas_token("system-reboot"), 0, NULL, 1);
    g_assert_cmpint(hcall(f, KVMPPC_H_RTAS, 0xc000000000000000ull | ARGS, 0,
                          0, 0), ==, H_SUCCESS);
    g_assert_cmphex(rtas_ret(f, ARGS, 0, 0), ==, 0);
    g_assert_cmpint(f->m.request, ==, SPAPR_REQ_RESET);
}

static void test_rtas_display_character(Fixture *f, gconstpointer data)
{
    static const uint32_t ch[1] = { 'Z' };
    char *text;

    rtas_buffer(f, ARGS, rtas_token("display-character"), 1, ch, 1);
    g_assert_cmpint(hcall(f, KVMPPC_H_RTAS, ARGS, 0, 0, 0), ==, H_SUCCESS);
    g_assert_cmphex(rtas_ret(f, ARGS, 1, 0), ==, 0);
    text = console_text(f);
    g_assert_cmpstr(text, ==, "Z");
    g_free(text);
}

static void test_rtas_get_time_of_day(Fixture *f, gconstpointer data)
{
    /* the same clock the RTAS call reads: time() may use a coarser clock
       that lags CLOCK_REALTIME by a tick */
    struct timespec ts;
    time_t before, after;
    struct tm tb, ta;

    clock_gettime(CLOCK_REALTIME, &ts);
    before = ts.tv_sec;
    rtas_buffer(f, ARGS, rtas_token("get-time-of-day"), 0, NULL, 8);
    g_assert_cmpint(hcall(f, KVMPPC_H_RTAS, ARGS, 0, 0, 0), ==, H_SUCCESS);
    clock_gettime(CLOCK_REALTIME, &ts);
    after = ts.tv_sec;
    gmtime_r(&before, &tb);
    gmtime_r(&after, &ta);

    g_assert_cmphex(rtas_ret(f, ARGS, 0, 0), ==, 0);
    uint32_t year = rtas_ret(f, ARGS, 0, 1);
    g_assert_true(year == (uint32_t)tb.tm_year + 1900 ||
                  year == (uint32_t)ta.tm_year + 1900);
    g_assert_cmpuint(rtas_ret(f, ARGS, 0, 2), >=, 1);
    g_assert_cmpuint(rtas_ret(f, ARGS, 0, 2), <=, 12);
    g_assert_cmpuint(rtas_ret(f, ARGS, 0, 3), >=, 1);
    g_assert_cmpuint(rtas_ret(f, ARGS, 0, 3), <=, 31);
    g_assert_cmpuint(rtas_ret(f, ARGS, 0, 4), <=, 23);
    g_assert_cmpuint(rtas_ret(f, ARGS, 0, 5), <=, 59);
    g_assert_cmpuint(rtas_ret(f, ARGS, 0, 6), <=, 60);
    g_assert_cmpuint(rtas_ret(f, ARGS, 0, 7), <, 1000000000u);
    if (before == after) {
        g_assert_cmpuint(rtas_ret(f, ARGS, 0, 4), ==, tb.tm_hour);
        g_assert_cmpuint(rtas_ret(f, ARGS, 0, 5), ==, tb.tm_min);
        g_assert_cmpuint(rtas_ret(f, ARGS, 0, 6), ==, tb.tm_sec);
    }
}

static void test_rtas_tokens_unique(void)
{
    for (size_t i = 0; i < spapr_rtas_nb_calls; i++) {
        for (size_t j = i + 1; j < spapr_rtas_nb_calls; j++) {
            g_assert_cmpuint(spapr_rtas_calls[i].token, !=,
                             spapr_rtas_calls[j].token);
            g_assert_cmpstr(spapr_rtas_calls[i].name, !=,
                            spapr_rtas_calls[j].name);
        }
    }
}

static void test_rtas_entry_code(void)
{
    /*
     * powerpc64-linux-gnu-as / powerpc64le-linux-gnu-as of
     *   mr 4,3; li 3,0; ori 3,3,0xf000; sc 1; blr
     * preceded by the byte-order switch (08 00 00 48: tdi 0,r0,72 read
     * big-endian, b .+8 read little-endian, as objdump -EB / -EL show)
     * and b .+24 (48 00 00 18) to the big-endian copy.
     */
    static const uint8_t expected[] = {
        0x08, 0x00, 0x00, 0x48, 0x48, 0x00, 0x00, 0x18,
        0x78, 0x1b, 0x64, 0x7c, 0x00, 0x00, 0x60, 0x38,
        0x00, 0xf0, 0x63, 0x60, 0x22, 0x00, 0x00, 0x44,
        0x20, 0x00, 0x80, 0x4e,
        0x7c, 0x64, 0x1b, 0x78, 0x38, 0x60, 0x00, 0x00,
        0x60, 0x63, 0xf0, 0x00, 0x44, 0x00, 0x00, 0x22,
        0x4e, 0x80, 0x00, 0x20,
    };
    uint8_t buf[128];

    memset(buf, 0xee, sizeof(buf));
    g_assert_cmpuint(spapr_rtas_entry_code(buf, sizeof(buf)), ==,
                     sizeof(expected));
    g_assert_cmpmem(buf, sizeof(expected), expected, sizeof(expected));
    g_assert_cmpuint(buf[sizeof(expected)], ==, 0xee);
    g_assert_cmpuint(spapr_rtas_entry_code(buf, sizeof(expected) - 1), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                        \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/hcall/term/put", test_put_term_char);
    ADD("/hcall/term/put-bad", test_put_term_char_bad);
    ADD("/hcall/term/put-unit0", test_put_term_char_unit0);
    ADD("/hcall/term/get", test_get_term_char);
    ADD("/hcall/term/no-console", test_no_console);
    ADD("/hcall/unknown", test_unknown_hcall);
    ADD("/hcall/not-provided-quiet", test_not_provided_quiet);
    ADD("/hcall/problem-state", test_problem_state);
    ADD("/rtas/buffer-outside-ram", test_rtas_buffer_outside_ram);
    ADD("/rtas/bad-token", test_rtas_bad_token);
    ADD("/rtas/power-off", test_rtas_power_off);
    ADD("/rtas/system-reboot", test_rtas_system_reboot);
    ADD("/rtas/display-character", test_rtas_display_character);
    ADD("/rtas/get-time-of-day", test_rtas_get_time_of_day);
#undef ADD
    g_test_add_func("/hcall/hypertas", test_hypertas);
    g_test_add_func("/rtas/tokens-unique", test_rtas_tokens_unique);
    g_test_add_func("/rtas/entry-code", test_rtas_entry_code);
    return g_test_run();
}
