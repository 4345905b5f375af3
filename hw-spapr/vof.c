/*
 * hw-spapr/vof.c: the built-in Open Firmware client interface (IEEE 1275,
 * with its PowerPC binding), so that a kernel's own prom_init runs as on
 * real firmware without a firmware image.
 *
 * The client is entered with r5 = an entry point in guest RAM whose few
 * instructions (spapr_hcall_stub) hand r3, the address of an argument
 * array, to the private hcall SPAPR_H_VOF_CLIENT and return.  Everything
 * else happens here: spapr_vof_client_call() reads the array, looks the
 * service up in vof_services[] and writes the returns back.  The hcall's
 * own status (r3) is 0 when the service ran and -1 when there is no such
 * service or the array is unreadable, which is what a client's entry
 * wrapper checks before it reads the returns.
 *
 * The device tree the client sees is a live copy of the machine's (fdt.c)
 * that setprop and client-architecture-support change; services that need
 * an open device (write to the console, call-method) take an instance
 * handle from "open".  /chosen's stdout and stdin are instances of the vty,
 * opened at reset.
 *
 * Files: vof-tree.c (the tree services), vof-mem.c (guest memory, claim
 * and release), vof-method.c (call-method: client-architecture-support and
 * instantiate-rtas).
 */
#include <inttypes.h>
#include <string.h>

#include <libfdt.h>

#include "log.h"
#include "vof-internal.h"

/* ihandles count from here, apart from phandles to ease debugging */
#define VOF_IHANDLE_BASE 0x20000000u
/* what one write or read moves at most */
#define VOF_MAX_IO (1u << 20)
/* the live tree's room to grow before setprop has to enlarge it */
#define VOF_FDT_SLACK 0x10000
/* the client's stack: its top leaves room for the frame header that the
   client's first function saves its return address into */
#define VOF_STACK_HEADROOM 0x100

/* ------------------------------------------------------------ instances */

VofInstance *vof_instance(SpaprVof *vof, uint32_t ihandle)
{
    for (guint i = 0; i < vof->instances->len; i++) {
        VofInstance *in = &g_array_index(vof->instances, VofInstance, i);
        if (in->ihandle == ihandle) {
            return in;
        }
    }
    return NULL;
}

static uint32_t vof_open_node(SpaprVof *vof, int node)
{
    VofInstance in = {
        .ihandle = vof->next_ihandle++,
        .phandle = vof_phandle(vof, node),
        .kind = VOF_DEV_OTHER,
    };

    if (in.phandle == 0) {
        return 0;
    }
    if (fdt_node_check_compatible(vof->fdt, node, "hvterm1") == 0) {
        in.kind = VOF_DEV_CONSOLE;
    }
    g_array_append_val(vof->instances, in);
    return in.ihandle;
}

/* the instance of argument i; logs a bad handle */
static VofInstance *vof_arg_instance(VofCall *c, uint32_t i)
{
    VofInstance *in = vof_instance(c->vof, vof_arg(c, i));

    if (!in && log_enabled(LOG_GUEST_ERROR)) {
        log_printf("vof: %s: bad instance handle 0x%" PRIx32 "\n",
                   c->service, vof_arg(c, i));
    }
    return in;
}

/* open: device-specifier -> ihandle (0 on failure) */
static void vof_service_open(VofCall *c)
{
    char path[VOF_MAX_PATH];

    c->rets[0] = 0;
    if (vof_read_str(c->m, vof_arg(c, 0), path, sizeof(path))) {
        int node = vof_find_path(c->vof, path);
        if (node >= 0) {
            c->rets[0] = vof_open_node(c->vof, node);
        }
    }
}

/* close: ihandle */
static void vof_service_close(VofCall *c)
{
    GArray *a = c->vof->instances;

    for (guint i = 0; i < a->len; i++) {
        if (g_array_index(a, VofInstance, i).ihandle == vof_arg(c, 0)) {
            g_array_remove_index(a, i);
            return;
        }
    }
}

/* instance-to-package: ihandle -> phandle (or -1) */
static void vof_service_instance_to_package(VofCall *c)
{
    VofInstance *in = vof_arg_instance(c, 0);

    c->rets[0] = in ? in->phandle : VOF_ERROR;
}

/* instance-to-path: ihandle, buf, buflen -> the path's length (or -1) */
static void vof_service_instance_to_path(VofCall *c)
{
    VofInstance *in = vof_arg_instance(c, 0);
    char path[VOF_MAX_PATH];
    int len;

    c->rets[0] = VOF_ERROR;
    if (!in) {
        return;
    }
    len = vof_node_path(c->vof, vof_node(c->vof, in->phandle), path,
                        sizeof(path));
    if (len >= 0 && vof_write_out(c->m, vof_arg(c, 1), vof_arg(c, 2), path,
                                  (size_t)len + 1)) {
        c->rets[0] = (uint32_t)len;
    }
}

/* write: ihandle, addr, len -> bytes written (or -1); the console's
   output is lost when the machine has no console */
static void vof_service_write(VofCall *c)
{
    VofInstance *in = vof_arg_instance(c, 0);
    uint32_t len = vof_arg(c, 2);

    c->rets[0] = VOF_ERROR;
    if (!in || in->kind != VOF_DEV_CONSOLE || len > VOF_MAX_IO) {
        return;
    }
    void *buf = g_malloc(len ? len : 1);
    if (vof_read(c->m, vof_arg(c, 1), buf, len)) {
        if (c->m->console) {
            chardev_write(c->m->console, buf, len);
        }
        c->rets[0] = len;
    }
    g_free(buf);
}

/* read: ihandle, addr, len -> bytes read (0 when no input is waiting) */
static void vof_service_read(VofCall *c)
{
    VofInstance *in = vof_arg_instance(c, 0);
    uint32_t len = MIN(vof_arg(c, 2), (uint32_t)VOF_MAX_IO);
    size_t n = 0;

    c->rets[0] = VOF_ERROR;
    if (!in || in->kind != VOF_DEV_CONSOLE ||
        !spapr_ram_valid(c->m, vof_arg(c, 1), len)) {
        return;
    }
    if (c->m->console && len) {
        uint8_t *buf = g_malloc(len);
        n = chardev_read(c->m->console, buf, len);
        vof_write(c->m, vof_arg(c, 1), buf, (uint32_t)n);
        g_free(buf);
    }
    c->rets[0] = (uint32_t)n;
}

/* seek: ihandle, pos.hi, pos.lo -> -1: no device here is seekable */
static void vof_service_seek(VofCall *c)
{
    c->rets[0] = VOF_ERROR;
}

/* ------------------------------------------------------------ misc */

/* milliseconds: -> a millisecond count since the machine started */
static void vof_service_milliseconds(VofCall *c)
{
    int64_t us = g_get_monotonic_time() - c->vof->start_us;

    if (c->m->cfg && c->m->cfg->icount.on && c->m->cpus[0]) {
        /* -icount: the guest's clock (since the start, not the reset) */
        us = (int64_t)(icount_guest_ns(c->m->cpus[0]) / 1000);
    }

    c->rets[0] = (uint32_t)(us / 1000);
}

/* quiesce: the client takes the machine over; nothing of ours is running
   that it could disturb */
static void vof_service_quiesce(VofCall *c)
{
    c->vof->quiesced = true;
}

/* exit: the client gives up (Linux's prom_panic): the machine stops */
static void vof_service_exit(VofCall *c)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("vof: the client called exit\n");
    }
    spapr_machine_request(c->m, SPAPR_REQ_SHUTDOWN);
}

static void vof_service_test(VofCall *c);

typedef struct VofService {
    const char *name;
    VofServiceFn fn;
    uint8_t nargs;      /* the arguments it needs at least */
} VofService;

static const VofService vof_services[] = {
    { "finddevice", vof_service_finddevice, 1 },
    { "getprop", vof_service_getprop, 4 },
    { "getproplen", vof_service_getproplen, 2 },
    { "nextprop", vof_service_nextprop, 3 },
    { "setprop", vof_service_setprop, 4 },
    { "peer", vof_service_peer, 1 },
    { "child", vof_service_child, 1 },
    { "parent", vof_service_parent, 1 },
    { "package-to-path", vof_service_package_to_path, 3 },
    { "canon", vof_service_canon, 3 },
    { "open", vof_service_open, 1 },
    { "close", vof_service_close, 1 },
    { "instance-to-package", vof_service_instance_to_package, 1 },
    { "instance-to-path", vof_service_instance_to_path, 3 },
    { "write", vof_service_write, 3 },
    { "read", vof_service_read, 3 },
    { "seek", vof_service_seek, 3 },
    { "claim", vof_service_claim, 3 },
    { "release", vof_service_release, 2 },
    { "call-method", vof_service_call_method, 2 },
    { "milliseconds", vof_service_milliseconds, 0 },
    { "quiesce", vof_service_quiesce, 0 },
    { "exit", vof_service_exit, 0 },
    { "test", vof_service_test, 1 },
};

static const VofService *vof_find_service(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(vof_services); i++) {
        if (strcmp(vof_services[i].name, name) == 0) {
            return &vof_services[i];
        }
    }
    return NULL;
}

/* test: service name -> 0 if the service exists, else -1 */
static void vof_service_test(VofCall *c)
{
    char name[VOF_MAX_NAME];

    c->rets[0] = VOF_ERROR;
    if (vof_read_str(c->m, vof_arg(c, 0), name, sizeof(name)) &&
        vof_find_service(name)) {
        c->rets[0] = 0;
    }
}

/* ------------------------------------------------------------ the call */

static uint32_t vof_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static void vof_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static int64_t vof_call_fail(uint64_t addr, const char *why)
{
    if (log_enabled(LOG_GUEST_ERROR)) {
        log_printf("vof: client call at 0x%" PRIx64 ": %s\n", addr, why);
    }
    return -1;
}

int64_t spapr_vof_client_call(SpaprMachine *m, CPUPPCState *env,
                              uint64_t args_addr)
{
    SpaprVof *vof = m->vof;
    uint8_t cells[4 * (3 + VOF_MAX_CELLS)];
    char service[VOF_MAX_NAME];
    VofCall c = { .m = m, .vof = vof, .service = service };

    /* the binding's client runs in 32-bit mode, where addresses are the
       low word; a 64-bit caller must pass a 32-bit address */
    if (env && (env->msr & MSR_BIT(MSR_SF))) {
        args_addr &= 0x0fffffffffffffffull;
    } else {
        args_addr &= 0xffffffffull;
    }
    if (!vof) {
        return vof_call_fail(args_addr, "no client interface");
    }
    if (args_addr > 0xffffffffull ||
        !vof_read(m, (uint32_t)args_addr, cells, 12)) {
        return vof_call_fail(args_addr, "argument array outside RAM");
    }
    c.nargs = vof_be32(cells + 4);
    c.nret = vof_be32(cells + 8);
    if (c.nargs > VOF_MAX_CELLS || c.nret > VOF_MAX_CELLS ||
        c.nargs + c.nret > VOF_MAX_CELLS) {
        return vof_call_fail(args_addr, "too many argument cells");
    }
    if (!vof_read(m, (uint32_t)args_addr + 12, cells + 12, 4 * c.nargs)) {
        return vof_call_fail(args_addr, "arguments outside RAM");
    }
    for (uint32_t i = 0; i < c.nargs; i++) {
        c.args[i] = vof_be32(cells + 12 + 4 * i);
    }
    if (!vof_read_str(m, vof_be32(cells), service, sizeof(service))) {
        return vof_call_fail(args_addr, "bad service name");
    }

    const VofService *s = vof_find_service(service);
    if (!s) {
        if (log_enabled(LOG_UNIMP)) {
            log_printf("vof: unknown client service '%s'\n", service);
        }
        return -1;
    }
    if (c.nargs < s->nargs) {
        return vof_call_fail(args_addr, "too few arguments");
    }
    s->fn(&c);

    for (uint32_t i = 0; i < c.nret; i++) {
        vof_put_be32(cells + 4 * i, c.rets[i]);
    }
    if (!vof_write(m, (uint32_t)args_addr + 12 + 4 * c.nargs, cells,
                   4 * c.nret)) {
        return vof_call_fail(args_addr, "returns outside RAM");
    }
    return 0;
}

/* ------------------------------------------------------------ reset */

uint64_t spapr_vof_entry(const SpaprMachine *m)
{
    return m->vof_base;
}

uint64_t spapr_vof_stack(const SpaprMachine *m)
{
    return m->vof_base + SPAPR_VOF_SIZE - VOF_STACK_HEADROOM;
}

const void *spapr_vof_fdt(const SpaprVof *vof)
{
    return vof->fdt;
}

/* an ihandle for a node of the tree, as a /chosen property */
static bool vof_chosen_instance(SpaprVof *vof, int chosen, const char *prop,
                                int node)
{
    fdt32_t ih = cpu_to_fdt32(vof_open_node(vof, node));

    return vof_setprop(vof, chosen, prop, &ih, sizeof(ih)) == 0;
}

static bool vof_setup_chosen(SpaprMachine *m, SpaprVof *vof)
{
    int chosen = fdt_path_offset(vof->fdt, "/chosen");

    if (chosen < 0) {
        return false;
    }
    if (m->console) {
        int vty = fdt_node_offset_by_compatible(vof->fdt, -1, "hvterm1");
        if (vty < 0 || !vof_chosen_instance(vof, chosen, "stdout", vty) ||
            !vof_chosen_instance(vof, chosen, "stdin", vty)) {
            return false;
        }
    }
    /* the CPU the client runs on (Linux reads its "reg") */
    int cpu = fdt_node_offset_by_prop_value(vof->fdt, -1, "device_type",
                                            "cpu", sizeof("cpu"));
    return cpu >= 0 && vof_chosen_instance(vof, chosen, "cpu", cpu);
}

/* what the machine placed in RAM is not the client's to claim */
static bool vof_claim_boot_images(SpaprMachine *m, SpaprVof *vof)
{
    const VofRange used[] = {
        { m->kernel.low, m->kernel.high - m->kernel.low },
        { m->initrd_base, m->initrd_size },
        { m->vof_base, SPAPR_VOF_SIZE },
        { m->fdt_base, SPAPR_FDT_MAX_SIZE },
        { m->rtas_base, SPAPR_RTAS_SIZE },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(used); i++) {
        if (used[i].size && !vof_claim_range(m, vof, used[i].base,
                                             used[i].size)) {
            return false;
        }
    }
    return true;
}

bool spapr_vof_reset(SpaprMachine *m, const void *fdt, char **err)
{
    SpaprVof *vof = m->vof;
    size_t size = fdt_totalsize(fdt) + VOF_FDT_SLACK;
    int r;

    if (!vof) {
        vof = m->vof = g_new0(SpaprVof, 1);
        vof->claimed = g_array_new(FALSE, FALSE, sizeof(VofRange));
        vof->instances = g_array_new(FALSE, FALSE, sizeof(VofInstance));
    }
    g_array_set_size(vof->claimed, 0);
    g_array_set_size(vof->instances, 0);
    vof->next_ihandle = VOF_IHANDLE_BASE;
    vof->start_us = g_get_monotonic_time();
    vof->quiesced = false;

    g_free(vof->fdt);
    vof->fdt = g_malloc0(size);
    vof->fdt_bufsize = size;
    r = fdt_open_into(fdt, vof->fdt, (int)size);
    if (r < 0) {
        *err = g_strdup_printf("client interface: bad device tree: %s",
                               fdt_strerror(r));
        return false;
    }
    if (!vof_setup_chosen(m, vof)) {
        *err = g_strdup("client interface: cannot set up /chosen");
        return false;
    }
    if (!vof_claim_boot_images(m, vof)) {
        *err = g_strdup("client interface: the boot images overlap");
        return false;
    }
    if (!spapr_hcall_stub(m->ram + m->vof_base, SPAPR_VOF_SIZE,
                          SPAPR_H_VOF_CLIENT)) {
        *err = g_strdup("client interface: the entry code does not fit");
        return false;
    }
    return true;
}

void spapr_vof_free(SpaprVof *vof)
{
    if (!vof) {
        return;
    }
    g_free(vof->fdt);
    g_array_free(vof->claimed, TRUE);
    g_array_free(vof->instances, TRUE);
    g_free(vof);
}
