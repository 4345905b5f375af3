/*
 * system/options-machine.c: the options that choose the machine itself:
 * -machine (type, version, accel=, capabilities and other properties),
 * -accel and -enable-kvm, -cpu, -m with -mem-path/-mem-prealloc, and
 * -smp, with what is settled only after the whole command line (the
 * machine version's defaults under what was given, the accelerator
 * fallback).  The rows of the option table are in options.c.
 */
#include <ctype.h>
#include <inttypes.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "options.h"
#include "spapr-compat.h"
#include "system/options-int.h"

/* ------------------------------------------------------------ -machine */

/* -machine properties that describe nothing this machine has: accepted */
static const char *const machine_bool_props[] = {
    "graphics", "dump-guest-core", "mem-merge", "suppress-vmdesc",
};

typedef struct AccelType {
    const char *name;
    const char *unavailable; /* why it cannot be used, or NULL */
} AccelType;

static const AccelType accel_types[] = {
    { "tcg", NULL },
    /* QEMU built for a non-POWER host says "invalid accelerator kvm" */
    { "kvm", "invalid accelerator kvm (KVM needs a POWER host; powerjit "
             "runs the guest with TCG: -accel tcg)" },
};

static const AccelType *accel_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(accel_types); i++) {
        if (strcmp(accel_types[i].name, name) == 0) {
            return &accel_types[i];
        }
    }
    return NULL;
}

static void accel_list(FILE *out)
{
    fprintf(out, "Accelerators supported in powerjit:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(accel_types); i++) {
        if (!accel_types[i].unavailable) {
            fprintf(out, "%s\n", accel_types[i].name);
        }
    }
}

/* -machine accel=A[:B...]: the first usable accelerator of the list */
static bool machine_accel(OptCtx *c, const char *list)
{
    char **names = g_strsplit(list, ":", -1);
    const char *skipped = NULL;
    bool ok = false;

    for (char **n = names; *n; n++) {
        const AccelType *a = accel_find(*n);
        if (!a) {
            opt_error(c, "invalid accelerator %s", *n);
            g_strfreev(names);
            return false;
        }
        if (a->unavailable) {
            skipped = skipped ? skipped : a->unavailable;
            continue;
        }
        if (skipped) {
            opt_warn(c, "%s; falling back to %s", skipped, a->name);
        }
        ok = true;
        break;
    }
    if (!ok) {
        opt_error(c, "%s", skipped ? skipped : "no accelerator given");
    }
    g_strfreev(names);
    return ok;
}

static bool machine_prop(OptCtx *c, const KeyVal *kv)
{
    char *e = NULL;
    bool b;

    if (strcmp(kv->key, "accel") == 0) {
        return machine_accel(c, kv->value);
    }
    if (g_str_has_prefix(kv->key, "cap-")) {
        if (!spapr_caps_set(&c->o->machine.caps,
                            c->o->machine.machine_version, kv->key,
                            kv->value, &e)) {
            opt_error(c, "%s", e);
            g_free(e);
            return false;
        }
        return true;
    }
    if (strcmp(kv->key, "max-cpu-compat") == 0) {
        uint32_t pvr = spapr_compat_by_name(kv->value);

        if (!pvr) {
            return opt_error(c, "Invalid compatibility mode \"%s\"",
                             kv->value);
        }
        c->o->machine.max_compat_pvr = pvr;
        return true;
    }
    /* resize-hpt=: hcall-hpt-resize (hw-spapr/hcall-hpt-resize.c); the
       default is the machine version's (options_machine_finish) */
    if (strcmp(kv->key, "resize-hpt") == 0) {
        if (spapr_resize_hpt_parse(kv->value, &c->o->machine.resize_hpt)) {
            return true;
        }
        return opt_error(c, "Bad value for \"resize-hpt\" property");
    }
    if (strcmp(kv->key, "kvm-type") == 0) {
        return true; /* QEMU reads it only under KVM (any value passes) */
    }
    if (strcmp(kv->key, "memory-backend") == 0) {
        replace_str(&c->o->memory_backend, kv->value);
        return true;
    }
    if (strcmp(kv->key, "usb") == 0) {
        if (!parse_bool(kv->value, &b)) {
            return opt_error(c, "Parameter 'usb' expects 'on' or 'off'");
        }
        return b ? opt_error(c, "USB is not supported: this machine has no "
                             "USB controller")
                 : true;
    }
    /* x-vof=on: QEMU's Virtual Open Firmware instead of SLOF, which is
       what powerjit's built-in client interface is (hw-spapr/vof*.c); off
       names SLOF, which boots only as -bios FILE: either way the
       firmware follows from -bios */
    /* dumpdtb=FILE: QEMU's way to look at the tree the guest is given */
    if (strcmp(kv->key, "dumpdtb") == 0) {
        if (!kv->value[0]) {
            return opt_error(c, "Parameter 'dumpdtb' expects a file name");
        }
        replace_str(&c->o->machine.dumpdtb, kv->value);
        return true;
    }
    if (strcmp(kv->key, "x-vof") == 0) {
        if (!parse_bool(kv->value, &b)) {
            return opt_error(c, "Parameter 'x-vof' expects 'on' or 'off'");
        }
        c->o->machine.vof = b;
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(machine_bool_props); i++) {
        if (strcmp(kv->key, machine_bool_props[i]) == 0) {
            if (!parse_bool(kv->value, &b)) {
                return opt_error(c, "Parameter '%s' expects 'on' or 'off'",
                                 kv->key);
            }
            return true;
        }
    }
    return opt_error(c, "Property '%s-machine.%s' not found",
                     c->o->machine.machine_version, kv->key);
}

/* -machine TYPE,help: the machine's properties */
static bool machine_help(OptCtx *c)
{
    char *type = g_strndup(c->arg, strcspn(c->arg, ","));
    const SpaprMachineVersion *v =
        spapr_machine_version_find(type[0] ? type : "pseries");

    g_free(type);
    if (!v) {
        return opt_error(c, "unsupported machine type (-machine help lists "
                         "them)");
    }
    spapr_caps_list(c->out, v->name);
    c->exit_now = true;
    return true;
}

bool opt_machine(OptCtx *c)
{
    GArray *kvs;
    bool ok;

    if (g_str_has_suffix(c->arg, ",help") || g_str_has_suffix(c->arg, ",?")) {
        return machine_help(c);
    }
    kvs = keyval_parse(c, c->arg, "type");
    ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "type") != 0) {
            ok = machine_prop(c, kv);
            continue;
        }
        if (is_help(kv->value)) {
            spapr_machine_version_list(c->out);
            c->exit_now = true;
            break;
        }
        const SpaprMachineVersion *v = spapr_machine_version_find(kv->value);
        if (!v) {
            ok = opt_error(c, "unsupported machine type '%s' (-machine help "
                           "lists them)", kv->value);
            break;
        }
        c->o->machine.machine_version = v->name;
        c->o->machine_given = true;
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

/* ------------------------------------------------------------ -accel */

static const char *const accel_threads[] = { "single", "multi" };

static bool accel_prop(OptCtx *c, const KeyVal *kv)
{
    SpaprConfig *mc = &c->o->machine;
    uint64_t mib;

    if (strcmp(kv->key, "interp") == 0) {
        if (!parse_bool(kv->value, &mc->interp)) {
            return opt_error(c, "parameter 'interp' expects 'on' or 'off'");
        }
        return true;
    }
    if (strcmp(kv->key, "tb-size") == 0) {
        if (!parse_uint(kv->value, &mib) || mib > 4096) {
            return opt_error(c, "parameter 'tb-size' expects a size in MiB "
                             "up to 4096");
        }
        mc->code_size = mib ? mib << 20 : SPAPR_DEFAULT_CODE_SIZE;
        return true;
    }
    if (strcmp(kv->key, "thread") == 0) {
        for (size_t i = 0; i < G_N_ELEMENTS(accel_threads); i++) {
            if (strcmp(kv->value, accel_threads[i]) == 0) {
                mc->thread_given = true;
                mc->mttcg = i == 1;
                g_free(c->o->accel_thread_arg);
                c->o->accel_thread_arg = g_strdup_printf("%s %s", c->opt,
                                                         c->arg);
                return true;
            }
        }
        return opt_error(c, "parameter 'thread' expects 'single' or "
                         "'multi'");
    }
    return opt_error(c, "property '%s' not found", kv->key);
}

bool opt_accel(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, "accel");
    bool ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "accel") != 0) {
            ok = accel_prop(c, kv);
            continue;
        }
        if (is_help(kv->value)) {
            accel_list(c->out);
            c->exit_now = true;
            break;
        }
        const AccelType *a = accel_find(kv->value);
        if (!a) {
            ok = opt_error(c, "invalid accelerator %s", kv->value);
        } else if (a->unavailable) {
            /* decided at the end: a later -accel tcg is the fallback */
            c->o->accel_kvm = true;
        } else {
            c->o->accel_tcg = true;
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

bool opt_enable_kvm(OptCtx *c)
{
    c->o->accel_kvm = true;
    return true;
}

/* ------------------------------------------------------------ -cpu */

typedef struct CpuType {
    const char *name;
    PPCModel model;
    const char *desc;
} CpuType;

/* models QEMU has that powerjit does not: refused by name */
static const char *const cpu_unmodelled[] = {
    "POWER10", "power10_v2.0", "POWER7", "power7_v2.3", "POWER7+",
    "power7+_v2.1", "POWER5+", "power5+_v2.1", "POWER5gs", "970",
    "970fx", "970mp", "power5p",
};

static const CpuType cpu_types[] = {
    { "POWER8", PPC_MODEL_POWER8, "IBM POWER8 (Power ISA 2.07)" },
    { "POWER9", PPC_MODEL_POWER9, "IBM POWER9 (Power ISA 3.0B) (default)" },
    { "power8_v2.0", PPC_MODEL_POWER8, "(alias for POWER8)" },
    { "power9_v2.0", PPC_MODEL_POWER9, "(alias for POWER9)" },
};

/*
 * -cpu MODEL,compat=power8: the spelling QEMU had before 5.0 for what is
 * now -machine max-cpu-compat= (QEMU 7.2 refuses the property; harness
 * lines written for older QEMUs still carry it).  Taken as
 * max-cpu-compat, with a warning saying so; any other CPU property is
 * refused.
 */
static bool cpu_props(OptCtx *c, const char *props)
{
    char **kvs = g_strsplit(props, ",", -1);
    bool ok = true;

    for (char **p = kvs; ok && *p; p++) {
        if (g_str_has_prefix(*p, "compat=")) {
            uint32_t pvr = spapr_compat_by_name(*p + strlen("compat="));

            if (!pvr) {
                ok = opt_error(c, "Invalid compatibility mode \"%s\"",
                               *p + strlen("compat="));
                break;
            }
            c->o->machine.max_compat_pvr = pvr;
            opt_warn(c, "CPU property 'compat' is QEMU's old spelling of "
                     "-machine max-cpu-compat=%s (QEMU 7.2 refuses it); "
                     "taken as that", *p + strlen("compat="));
        } else {
            ok = opt_error(c, "CPU property '%s' is not supported (only "
                           "compat=)", *p);
        }
    }
    g_strfreev(kvs);
    return ok;
}

bool opt_cpu(OptCtx *c)
{
    char *name = g_strdup(c->arg);
    char *comma = strchr(name, ',');
    bool ok = false;

    if (comma) {
        *comma = '\0';
    }
    if (is_help(name)) {
        fprintf(c->out, "Available CPUs:\n");
        for (size_t i = 0; i < G_N_ELEMENTS(cpu_types); i++) {
            fprintf(c->out, "  %-12s %s\n", cpu_types[i].name,
                    cpu_types[i].desc);
        }
        c->exit_now = true;
        g_free(name);
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cpu_types); i++) {
        if (g_ascii_strcasecmp(name, cpu_types[i].name) == 0) {
            c->o->machine.cpu_model = cpu_types[i].model;
            c->o->cpu_given = true;
            ok = true;
        }
    }
    if (!ok && g_ascii_strcasecmp(name, "host") == 0) {
        opt_error(c, "CPU model 'host' requires KVM, which is not available "
                  "on this host");
    } else if (!ok) {
        for (size_t i = 0; i < G_N_ELEMENTS(cpu_unmodelled); i++) {
            if (g_ascii_strcasecmp(name, cpu_unmodelled[i]) == 0) {
                opt_error(c, "CPU model '%s' is not supported: powerjit "
                          "models POWER8 and POWER9 (-cpu help)", name);
            }
        }
        if (!c->err) {
            opt_error(c, "unable to find CPU model '%s' (-cpu help lists "
                      "them)", name);
        }
    } else if (comma && comma[1]) {
        ok = cpu_props(c, comma + 1);
    }
    g_free(name);
    return ok;
}

/* ------------------------------------------------------------ -m, -smp */

bool opt_memory(OptCtx *c)
{
    GArray *kvs;
    bool ok;

    if (c->arg[0] == '\0') {
        return opt_error(c, "invalid size ''");
    }
    kvs = keyval_parse(c, c->arg, "size");
    ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        uint64_t v;

        if (strcmp(kv->key, "size") == 0) {
            if (!options_parse_size(kv->value, 1ull << 20,
                                    &c->o->machine.ram_size)) {
                ok = opt_error(c, "invalid size '%s' (a number with an "
                               "optional K, M, G, T, P or E suffix; MiB "
                               "without one)", kv->value);
            }
            c->o->ram_size_given = true;
        } else if (strcmp(kv->key, "slots") == 0) {
            if (!parse_uint(kv->value, &v) || v > 256) {
                ok = opt_error(c, "Parameter 'slots' expects a number up to "
                               "256");
            }
            c->o->machine.mem_slots = (uint32_t)v;
        } else if (strcmp(kv->key, "maxmem") == 0) {
            if (!options_parse_size(kv->value, 1ull << 20, &v)) {
                ok = opt_error(c, "invalid size '%s' for maxmem", kv->value);
            }
            c->o->machine.maxmem = v;
        } else {
            ok = opt_error(c, "property '%s' not found", kv->key);
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

/* QEMU's checks of slots/maxmem against the size (hotplug itself is not
   offered: the guest sees the initial memory only) */
bool memory_finish(const SpaprConfig *mc, char **err)
{
    if (mc->mem_slots && !mc->maxmem) {
        *err = g_strdup("slots specified but no max-size");
        return false;
    }
    if (mc->maxmem && mc->maxmem < mc->ram_size) {
        *err = g_strdup_printf("invalid value of maxmem: maximum memory size "
                               "(0x%" PRIx64 ") must be at least the initial "
                               "memory size (0x%" PRIx64 ")", mc->maxmem,
                               mc->ram_size);
        return false;
    }
    return true;
}

bool opt_mem_path(OptCtx *c)
{
    if (c->arg[0] == '\0') {
        return opt_error(c, "empty path");
    }
    replace_str(&c->o->machine.mem_path, c->arg);
    return true;
}

bool opt_mem_prealloc(OptCtx *c)
{
    c->o->machine.mem_prealloc = true;
    return true;
}

/*
 * -smp [cpus=]N[,maxcpus=M][,sockets=S][,dies=1][,clusters=1][,cores=C]
 * [,threads=T], with QEMU's rules (and its messages): a value of 0 is taken
 * as not given (with a warning); missing parameters are derived with cores
 * preferred over sockets (QEMU since 6.2); sockets * cores * threads must
 * equal maxcpus, and maxcpus >= cpus.  pseries has no dies or clusters.
 * The threads-per-core limit depends on the CPU model, which may come
 * later on the command line: spapr_machine_new checks it.
 */
enum { SMP_CPUS, SMP_MAXCPUS, SMP_SOCKETS, SMP_DIES, SMP_CLUSTERS,
       SMP_CORES, SMP_THREADS, SMP_NB_KEYS };

static const char *const smp_keys[SMP_NB_KEYS] = {
    "cpus", "maxcpus", "sockets", "dies", "clusters", "cores", "threads",
};

static bool smp_resolve(OptCtx *c, uint64_t *v)
{
    uint64_t cpus = v[SMP_CPUS], maxcpus = v[SMP_MAXCPUS];
    uint64_t sockets = v[SMP_SOCKETS], cores = v[SMP_CORES];
    uint64_t threads = v[SMP_THREADS];
    SpaprConfig *mc = &c->o->machine;

    if (v[SMP_DIES] > 1) {
        return opt_error(c, "dies not supported by this machine's CPU "
                         "topology");
    }
    if (v[SMP_CLUSTERS] > 1) {
        return opt_error(c, "clusters not supported by this machine's CPU "
                         "topology");
    }
    if (cpus == 0 && maxcpus == 0) {
        sockets = sockets ? sockets : 1;
        cores = cores ? cores : 1;
        threads = threads ? threads : 1;
    } else {
        maxcpus = maxcpus ? maxcpus : cpus;
        if (cores == 0) {
            sockets = sockets ? sockets : 1;
            threads = threads ? threads : 1;
            cores = maxcpus / (sockets * threads);
        } else if (sockets == 0) {
            threads = threads ? threads : 1;
            sockets = maxcpus / (cores * threads);
        } else if (threads == 0) {
            threads = maxcpus / (sockets * cores);
        }
    }
    uint64_t total;
    if (__builtin_mul_overflow(sockets, cores, &total) ||
        __builtin_mul_overflow(total, threads, &total)) {
        total = UINT64_MAX;         /* beyond any limit: refused below */
    }
    maxcpus = maxcpus ? maxcpus : total;
    cpus = cpus ? cpus : maxcpus;
    if (total != maxcpus) {
        return opt_error(c, "Invalid CPU topology: product of the hierarchy "
                         "must match maxcpus: sockets (%" PRIu64 ") * cores "
                         "(%" PRIu64 ") * threads (%" PRIu64 ") != maxcpus "
                         "(%" PRIu64 ")", sockets, cores, threads, maxcpus);
    }
    if (maxcpus < cpus) {
        return opt_error(c, "Invalid CPU topology: maxcpus must be equal to "
                         "or greater than smp: sockets (%" PRIu64 ") * "
                         "cores (%" PRIu64 ") * threads (%" PRIu64 ") == "
                         "maxcpus (%" PRIu64 ") < smp_cpus (%" PRIu64 ")",
                         sockets, cores, threads, maxcpus, cpus);
    }
    if (maxcpus > SPAPR_MAX_CPUS) {
        return opt_error(c, "Invalid SMP CPUs %" PRIu64 ". The max CPUs "
                         "supported by machine 'pseries' is %d", maxcpus,
                         SPAPR_MAX_CPUS);
    }
    mc->smp_cpus = (uint32_t)cpus;
    mc->smp_max_cpus = (uint32_t)maxcpus;
    mc->smp_threads = (uint32_t)threads;
    return true;
}

bool opt_smp(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, "cpus");
    uint64_t v[SMP_NB_KEYS] = { 0 };
    bool ok = kvs != NULL, zero = false;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);
        size_t k = 0;

        while (k < SMP_NB_KEYS && strcmp(kv->key, smp_keys[k]) != 0) {
            k++;
        }
        if (k == SMP_NB_KEYS) {
            ok = opt_error(c, "Parameter 'smp.%s' is unexpected", kv->key);
        } else if (!parse_uint(kv->value, &v[k]) || v[k] > UINT32_MAX) {
            /* QEMU's properties are 32-bit: larger values are not integers
             * to it; smaller ones reach the machine's limit check */
            ok = opt_error(c, "Parameter 'smp.%s' expects integer",
                           kv->key);
        } else {
            zero = zero || v[k] == 0;
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    if (ok && zero) {
        opt_warn(c, "Deprecated CPU topology (considered invalid): CPU "
                 "topology parameters must be greater than zero");
    }
    return ok && smp_resolve(c, v);
}

/* the machine version's defaults under what the command line set */
bool options_machine_finish(PowerjitOptions *o, char **err)
{
    SpaprConfig *mc = &o->machine;
    const SpaprMachineVersion *v =
        spapr_machine_version_find(mc->machine_version);
    SpaprCaps caps = v->caps;
    SpaprCpuModel cpu;

    for (int i = 0; i < SPAPR_CAP_NUM; i++) {
        if ((mc->caps.given >> i) & 1) {
            caps.val[i] = mc->caps.val[i];
        }
    }
    caps.given = mc->caps.given;
    mc->caps = caps;
    if (mc->resize_hpt == SPAPR_RESIZE_HPT_DEFAULT) {
        mc->resize_hpt = v->resize_hpt;
    }
    if (!o->cpu_given) {
        if (v->default_cpu == SPAPR_CPU_POWER7) {
            *err = g_strdup_printf("%s defaults to a POWER7 CPU, which "
                                   "powerjit does not model (add -cpu POWER8 "
                                   "or -cpu POWER9)", v->name);
            return false;
        }
        mc->cpu_model = v->default_cpu == SPAPR_CPU_POWER8 ? PPC_MODEL_POWER8
                                                           : PPC_MODEL_POWER9;
    }
    if (mc->max_compat_pvr &&
        !spapr_compat_valid(mc->cpu_model, mc->max_compat_pvr)) {
        *err = g_strdup_printf("Compatibility PVR 0x%08" PRIx32 " not valid "
                               "for CPU", mc->max_compat_pvr);
        return false;
    }
    cpu = mc->cpu_model == PPC_MODEL_POWER8 ? SPAPR_CPU_POWER8
                                            : SPAPR_CPU_POWER9;
    return spapr_caps_finish(&mc->caps, cpu, o->warnings, err);
}

/* -accel kvm (-enable-kvm) alone fails; followed by -accel tcg it falls
   back, as QEMU's list of accelerators does */
bool options_accel_finish(PowerjitOptions *o, char **err)
{
    const char *why = accel_find("kvm")->unavailable;

    if (!o->accel_kvm) {
        return true;
    }
    if (!o->accel_tcg) {
        *err = g_strdup(why);
        return false;
    }
    g_ptr_array_add(o->warnings, g_strdup_printf("%s; falling back to tcg",
                                                 why));
    return true;
}
