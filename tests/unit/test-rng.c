/*
 * -device spapr-rng (hw-spapr/rng.c): H_RANDOM from getrandom() and from a
 * file backend, the backend's failure as H_HARDWARE (LoPAPR: H_RANDOM), a
 * backend that cannot be opened, and the device-tree node Linux's
 * pseries-rng binds to.
 */
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <libfdt.h>

#include "spapr-rng.h"

static void test_getrandom(void)
{
    SpaprConfig cfg = { .rng = { .present = true } };
    SpaprMachine m = { .cfg = &cfg };
    uint64_t a[1] = { 0 }, b[1] = { 0 };
    char *err = NULL;

    g_assert_true(spapr_rng_init(&m, &err));
    g_assert_null(m.rng);
    g_assert_cmpint(h_random(&m, NULL, a), ==, H_SUCCESS);
    g_assert_cmpint(h_random(&m, NULL, b), ==, H_SUCCESS);
    /* equal with probability 2^-64 */
    g_assert_cmphex(a[0], !=, b[0]);
    spapr_rng_free(&m);
}

static void test_file_backend(void)
{
    /* 12 bytes: one full H_RANDOM, then a short read (end of file) */
    static const uint8_t data[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
    char *path = NULL;
    GError *gerr = NULL;
    int fd = g_file_open_tmp("test-rng-XXXXXX", &path, &gerr);

    g_assert_no_error(gerr);
    g_assert_cmpint(write(fd, data, sizeof(data)), ==, sizeof(data));
    close(fd);

    SpaprConfig cfg = { .rng = { .present = true, .filename = path } };
    SpaprMachine m = { .cfg = &cfg };
    uint64_t args[1] = { 0 }, want;
    char *err = NULL;

    g_assert_true(spapr_rng_init(&m, &err));
    g_assert_nonnull(m.rng);
    memcpy(&want, data, 8);
    g_assert_cmpint(h_random(&m, NULL, args), ==, H_SUCCESS);
    g_assert_cmphex(args[0], ==, want);
    args[0] = 0x55;
    g_assert_cmpint(h_random(&m, NULL, args), ==, H_HARDWARE);
    g_assert_cmphex(args[0], ==, 0x55); /* r4 left alone on failure */
    spapr_rng_free(&m);
    g_assert_null(m.rng);
    unlink(path);
    g_free(path);
}

static void test_bad_file(void)
{
    SpaprConfig cfg = {
        .rng = { .present = true, .filename = (char *)"/nonexistent/rng" },
    };
    SpaprMachine m = { .cfg = &cfg };
    char *err = NULL;

    g_assert_false(spapr_rng_init(&m, &err));
    g_assert_nonnull(strstr(err, "/nonexistent/rng"));
    g_assert_null(strchr(err, '\n'));
    g_free(err);
}

static void test_fdt(void)
{
    SpaprConfig cfg = { .rng = { .present = true } };
    SpaprMachine m = { .cfg = &cfg };
    char fdt[4096];
    const char *compat;
    int node;

    g_assert_cmpint(fdt_create_empty_tree(fdt, sizeof(fdt)), ==, 0);
    g_assert_cmpint(spapr_rng_fdt(&m, fdt), ==, 0);
    node = fdt_path_offset(fdt, "/ibm,platform-facilities/ibm,random-v1");
    g_assert_cmpint(node, >=, 0);
    compat = fdt_getprop(fdt, node, "compatible", NULL);
    g_assert_cmpstr(compat, ==, "ibm,random");
    node = fdt_path_offset(fdt, "/ibm,platform-facilities");
    g_assert_cmpstr(fdt_getprop(fdt, node, "device_type", NULL), ==,
                    "ibm,platform-facilities");

    /* no device, no node */
    cfg.rng.present = false;
    g_assert_cmpint(fdt_create_empty_tree(fdt, sizeof(fdt)), ==, 0);
    g_assert_cmpint(spapr_rng_fdt(&m, fdt), ==, 0);
    g_assert_cmpint(fdt_path_offset(fdt, "/ibm,platform-facilities"), <, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/rng/getrandom", test_getrandom);
    g_test_add_func("/rng/file-backend", test_file_backend);
    g_test_add_func("/rng/bad-file", test_bad_file);
    g_test_add_func("/rng/fdt", test_fdt);
    return g_test_run();
}
