/*
 * tests/unit/vio-fixture.h: the machine the VIO device tests drive
 * directly (test-vio, test-vlan, test-vscsi): a SpaprMachine with 1 MiB of
 * RAM, the interrupt controller, the VIO bus and one device of the test's
 * type, a vCPU whose registers carry the hcalls as Linux's drivers make
 * them (r3 = opcode, r4.. = arguments, r3 = the return code).
 */
#ifndef TESTS_UNIT_VIO_FIXTURE_H
#define TESTS_UNIT_VIO_FIXTURE_H

#include <string.h>

#include <glib.h>

#include "exec.h"
#include "spapr-vio.h"
#include "xics.h"

#define VIO_FIXTURE_RAM (1u << 20)

typedef struct VioFixture {
    SpaprConfig cfg;
    SpaprMachine m;
    CPUPPCState *env;
    SpaprVioDevice *dev;
} VioFixture;

static inline void vio_fixture_init(VioFixture *f,
                                    const SpaprVioType *type)
{
    char *err = NULL;

    memset(f, 0, sizeof(*f));
    f->m.cfg = &f->cfg;
    f->m.ram = g_malloc0(VIO_FIXTURE_RAM);
    f->m.ram_size = VIO_FIXTURE_RAM;
    f->m.xics = xics_new(1, NULL, NULL);
    f->env = g_new0(CPUPPCState, 1);
    f->env->msr = MSR_BIT(MSR_SF);
    spapr_vio_bus_init(&f->m);
    f->dev = spapr_vio_create(&f->m, type, 0, NULL, &err);
    g_assert_null(err);
    g_assert_nonnull(f->dev);
}

static inline void vio_fixture_fini(VioFixture *f)
{
    spapr_vio_bus_free(&f->m);
    xics_free(f->m.xics);
    g_free(f->m.ram);
    g_free(f->env);
}

/* the hcall with arguments a[0..n-1] (the rest of r4-r12 zero) */
static inline int64_t vio_hcall(VioFixture *f, uint64_t opcode,
                                const uint64_t *a, int n)
{
    f->env->gpr[3] = opcode;
    for (int i = 0; i < 9; i++) {
        f->env->gpr[4 + i] = i < n ? a[i] : 0;
    }
    spapr_hcall(&f->m, f->env);
    return (int64_t)f->env->gpr[3];
}

/* HC(f, H_FOO, a0, a1...) */
#define HC(f, op, ...)                                                       \
    vio_hcall(f, op, (const uint64_t[]){ __VA_ARGS__ },                      \
              (int)(sizeof((const uint64_t[]){ __VA_ARGS__ }) / 8))

#endif
