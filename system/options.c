/*
 * system/options.c: the command line (include/options.h).
 *
 * One table, powerjit_options[], lists every option with its argument name,
 * handler and help line; the parser, the -help text and the "invalid
 * option" check all read it.  Options of qemu-system-ppc64 that we do not
 * implement yet have rows too, so that they fail with "not yet supported"
 * rather than "invalid option".
 *
 * Values in QEMU's key=value form (-machine, -accel, -smp, -m) go through
 * keyval_parse(): items split at commas (",," is a literal comma), the
 * first item may leave out its key.  Names of machines, CPUs, accelerators
 * and capabilities are looked up in tables of their own.
 */
#include <ctype.h>
#include <inttypes.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "log.h"
#include "options.h"
#include "spapr-compat.h"
#include "spapr-vio.h"
#include "system/options-int.h"

typedef struct OptionDef {
    const char *name;
    const char *metavar; /* NULL: the option takes no argument */
    OptFn fn;
    const char *help;    /* NULL: an alias, left out of -help */
} OptionDef;

bool opt_error(OptCtx *c, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (c->arg) {
        c->err = g_strdup_printf("%s %s: %s", c->opt, c->arg, msg);
    } else {
        c->err = g_strdup_printf("%s: %s", c->opt, msg);
    }
    g_free(msg);
    return false;
}

void opt_warn(OptCtx *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_ptr_array_add(c->o->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

void replace_str(char **dst, const char *src)
{
    g_free(*dst);
    *dst = g_strdup(src);
}

bool is_help(const char *s)
{
    return strcmp(s, "help") == 0 || strcmp(s, "?") == 0;
}

/* ------------------------------------------------------------ values */

void keyval_free(GArray *kvs)
{
    for (guint i = 0; i < kvs->len; i++) {
        g_free(g_array_index(kvs, KeyVal, i).key);
        g_free(g_array_index(kvs, KeyVal, i).value);
    }
    g_array_free(kvs, TRUE);
}

/* splits str into key=value items; NULL (and c->err) on error */
GArray *keyval_parse(OptCtx *c, const char *str, const char *implied_key)
{
    GArray *kvs = g_array_new(FALSE, FALSE, sizeof(KeyVal));
    GString *item = g_string_new(NULL);
    const char *p = str;

    for (;;) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(item, ',');
            p += 2;
            continue;
        }
        if (*p != ',' && *p != '\0') {
            g_string_append_c(item, *p++);
            continue;
        }
        if (item->len > 0) {
            char *eq = strchr(item->str, '=');
            KeyVal kv;

            if (eq) {
                kv.key = g_strndup(item->str, (gsize)(eq - item->str));
                kv.value = g_strdup(eq + 1);
            } else if (kvs->len == 0 && implied_key) {
                kv.key = g_strdup(implied_key);
                kv.value = g_strdup(item->str);
            } else {
                opt_error(c, "expected '=' after parameter '%s'", item->str);
                g_string_free(item, TRUE);
                keyval_free(kvs);
                return NULL;
            }
            g_array_append_val(kvs, kv);
        }
        g_string_truncate(item, 0);
        if (*p == '\0') {
            break;
        }
        p++;
    }
    g_string_free(item, TRUE);
    return kvs;
}

bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (strcmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool parse_uint(const char *s, uint64_t *out)
{
    char *end;

    if (!isdigit((unsigned char)*s)) {
        return false;
    }
    errno = 0;
    *out = strtoull(s, &end, 0);
    return errno == 0 && *end == '\0';
}

bool options_parse_size(const char *str, uint64_t unit, uint64_t *out)
{
    static const char suffixes[] = "BKMGTPE";
    const char *p = str;
    char *end;
    uint64_t ival;
    double frac = 0;

    if (!isdigit((unsigned char)*p)) {
        return false;
    }
    errno = 0;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        ival = strtoull(p, &end, 16);
    } else {
        ival = strtoull(p, &end, 10);
        if (*end == '.') {
            const char *f = end + 1;
            double scale = 0.1;
            if (!isdigit((unsigned char)*f)) {
                return false;
            }
            for (; isdigit((unsigned char)*f); f++, scale /= 10) {
                frac += (*f - '0') * scale;
            }
            end = (char *)f;
        }
    }
    if (errno != 0) {
        return false;
    }
    if (*end != '\0') {
        const char *s = strchr(suffixes, toupper((unsigned char)*end));
        if (!s || end[1] != '\0') {
            return false;
        }
        unit = 1ull << (10 * (s - suffixes));
    }
    if (ival > UINT64_MAX / unit) {
        return false;
    }
    uint64_t whole = ival * unit;
    uint64_t part = (uint64_t)(frac * (double)unit);
    if (part > UINT64_MAX - whole) {
        return false;
    }
    *out = whole + part;
    return true;
}

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
    /* resize-hpt=: PAPR's HPT resizing (H_RESIZE_HPT_PREPARE/COMMIT,
       hcall-hpt-resize), which powerjit does not implement yet: the
       machine behaves as QEMU's resize-hpt=disabled (no hcall-hpt-resize
       in ibm,hypertas-functions, the hcalls H_FUNCTION), so only that
       value is taken */
    if (strcmp(kv->key, "resize-hpt") == 0) {
        if (strcmp(kv->value, "disabled") == 0) {
            return true;
        }
        if (strcmp(kv->value, "enabled") == 0 ||
            strcmp(kv->value, "required") == 0) {
            return opt_error(c, "resize-hpt=%s: HPT resizing "
                             "(H_RESIZE_HPT_PREPARE/COMMIT) is not "
                             "implemented; only resize-hpt=disabled",
                             kv->value);
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

static bool opt_machine(OptCtx *c)
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

static bool opt_accel(OptCtx *c)
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

static bool opt_enable_kvm(OptCtx *c)
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

static bool opt_cpu(OptCtx *c)
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

static bool opt_memory(OptCtx *c)
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
static bool memory_finish(const SpaprConfig *mc, char **err)
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

static bool opt_mem_path(OptCtx *c)
{
    if (c->arg[0] == '\0') {
        return opt_error(c, "empty path");
    }
    replace_str(&c->o->machine.mem_path, c->arg);
    return true;
}

static bool opt_mem_prealloc(OptCtx *c)
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

static bool opt_smp(OptCtx *c)
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

/* ------------------------------------------------------------ boot */

static bool opt_kernel(OptCtx *c)
{
    replace_str(&c->o->machine.kernel, c->arg);
    return true;
}

static bool opt_initrd(OptCtx *c)
{
    replace_str(&c->o->machine.initrd, c->arg);
    return true;
}

static bool opt_append(OptCtx *c)
{
    replace_str(&c->o->machine.append, c->arg);
    return true;
}

/* -L DIR: where firmware named without a directory is looked for */
static bool opt_data_dir(OptCtx *c)
{
    if (!c->o->machine.data_dirs) {
        c->o->machine.data_dirs = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(c->o->machine.data_dirs, g_strdup(c->arg));
    return true;
}

static bool opt_bios(OptCtx *c)
{
    if (c->arg[0] == '\0') {
        return opt_error(c, "empty file name");
    }
    replace_str(&c->o->machine.bios, c->arg);
    return true;
}

/* -rtc [base=utc|localtime|DATE][,clock=host|rt|vm][,driftfix=none|slew]
   (rtc.c says what each means here) */
typedef struct RtcName {
    const char *name;
    int value;
} RtcName;

static const RtcName rtc_bases[] = {
    { "utc", SPAPR_RTC_BASE_UTC },
    { "localtime", SPAPR_RTC_BASE_LOCALTIME },
};

static const RtcName rtc_clocks[] = {
    { "host", SPAPR_RTC_CLOCK_HOST },
    { "rt", SPAPR_RTC_CLOCK_RT },
    { "vm", SPAPR_RTC_CLOCK_VM },
};

/* QEMU's mc146818 lost-tick compensation: nothing on this machine uses it,
   and QEMU ignores it here too */
static const RtcName rtc_driftfixes[] = {
    { "none", 0 },
    { "slew", 0 },
};

static bool rtc_name(const RtcName *names, size_t n, const char *s, int *out)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i].name, s) == 0) {
            *out = names[i].value;
            return true;
        }
    }
    return false;
}

static bool rtc_prop(OptCtx *c, const KeyVal *kv)
{
    SpaprConfig *mc = &c->o->machine;
    int v;

    if (strcmp(kv->key, "base") == 0) {
        if (rtc_name(rtc_bases, G_N_ELEMENTS(rtc_bases), kv->value, &v)) {
            mc->rtc_base = (SpaprRtcBase)v;
            return true;
        }
        if (!spapr_rtc_parse_date(kv->value, &mc->rtc_date)) {
            return opt_error(c, "invalid datetime format '%s' (valid "
                             "formats: '2006-06-17T16:01:21' or "
                             "'2006-06-17')", kv->value);
        }
        mc->rtc_base = SPAPR_RTC_BASE_DATE;
        return true;
    }
    if (strcmp(kv->key, "clock") == 0) {
        if (!rtc_name(rtc_clocks, G_N_ELEMENTS(rtc_clocks), kv->value, &v)) {
            return opt_error(c, "invalid option value '%s' for clock "
                             "(host, rt or vm)", kv->value);
        }
        mc->rtc_clock = (SpaprRtcClock)v;
        return true;
    }
    if (strcmp(kv->key, "driftfix") == 0) {
        if (!rtc_name(rtc_driftfixes, G_N_ELEMENTS(rtc_driftfixes),
                      kv->value, &v)) {
            return opt_error(c, "invalid option value '%s' for driftfix "
                             "(none or slew)", kv->value);
        }
        return true;
    }
    return opt_error(c, "invalid parameter '%s'", kv->key);
}

static bool opt_rtc(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, NULL);
    bool ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        ok = rtc_prop(c, &g_array_index(kvs, KeyVal, i));
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

static bool opt_no_reboot(OptCtx *c)
{
    c->o->machine.no_reboot = true;
    return true;
}

/* ------------------------------------------------------------ devices */

static bool opt_nographic(OptCtx *c)
{
    c->o->nographic = true;
    return true;
}

static bool opt_nodefaults(OptCtx *c)
{
    c->o->nodefaults = true;
    return true;
}


/* ------------------------------------------------------------ debugging */

static bool opt_log_items(OptCtx *c)
{
    char *e = NULL;

    if (is_help(c->arg)) {
        log_list_categories(c->out);
        c->exit_now = true;
        return true;
    }
    if (!log_parse_mask(c->arg, &c->o->log_mask, &e)) {
        opt_error(c, "%s", e);
        g_free(e);
        return false;
    }
    if (strspn(c->arg, ",") == strlen(c->arg)) {
        /* QEMU refuses an empty list too (it prints the items, status 1) */
        return opt_error(c, "no log items given (-d help lists them)");
    }
    return true;
}

static bool opt_log_file(OptCtx *c)
{
    replace_str(&c->o->log_file, c->arg);
    return true;
}

/* -monitor stdio|unix:PATH,server|tcp:HOST:PORT,server|none */
static bool opt_monitor(OptCtx *c)
{
    g_free(c->o->monitor_dev);
    c->o->monitor_dev = NULL;
    c->o->monitor_none = strcmp(c->arg, "none") == 0 ||
                         strcmp(c->arg, "null") == 0;
    if (c->o->monitor_none) {
        return true;
    }
    if (strcmp(c->arg, "stdio") != 0 && !g_str_has_prefix(c->arg, "unix:") &&
        !g_str_has_prefix(c->arg, "tcp:")) {
        return opt_error(c, "expected stdio, unix:PATH,server, "
                            "tcp:HOST:PORT,server or none");
    }
    c->o->monitor_dev = g_strdup(c->arg);
    return true;
}

/* -qmp unix:PATH,server=on,wait=off|tcp:HOST:PORT,server=on,wait=off */
static bool opt_qmp(OptCtx *c)
{
    if (!g_str_has_prefix(c->arg, "unix:") &&
        !g_str_has_prefix(c->arg, "tcp:")) {
        return opt_error(c, "expected unix:PATH,server=on,wait=off or "
                            "tcp:HOST:PORT,server=on,wait=off");
    }
    g_free(c->o->qmp_dev);
    c->o->qmp_dev = g_strdup(c->arg);
    return true;
}

/* QEMU 8.1's -perfmap, ahead of the 7.2 command line (docs/architecture.md) */
static bool opt_perfmap(OptCtx *c)
{
    c->o->machine.perfmap = true;
    return true;
}

static bool opt_no_shutdown(OptCtx *c)
{
    c->o->machine.no_shutdown = true;
    return true;
}

static bool opt_daemonize(OptCtx *c)
{
    c->o->daemonize = true;
    return true;
}

static bool opt_pidfile(OptCtx *c)
{
    g_free(c->o->pidfile);
    c->o->pidfile = g_strdup(c->arg);
    return true;
}

/* -icount [shift=]N|auto[,sleep=on|off][,align=...]: QEMU's
   instruction-counting clock.  powerjit's timebase follows the host's
   clock (target-ppc/timebase.c) and counts no instructions, so the option
   is refused in one line rather than accepted with another meaning. */
/* -s is -gdb tcp::1234; -S starts with the vCPU stopped */
static bool opt_gdbstub(OptCtx *c)
{
    const char *dev = c->arg;

    if (strcmp(c->opt + strspn(c->opt, "-"), "S") == 0) {
        c->o->machine.start_stopped = true;
        return true;
    }
    if (!dev) {
        dev = "tcp::1234";
    } else if (!g_str_has_prefix(dev, "tcp:") &&
               !g_str_has_prefix(dev, "unix:") && strcmp(dev, "none") != 0) {
        return opt_error(c, "expected tcp::PORT, tcp:HOST:PORT, unix:PATH "
                            "or none");
    }
    g_free(c->o->gdb_dev);
    c->o->gdb_dev = g_strdup(dev);
    return true;
}

static bool opt_ignored(OptCtx *c)
{
    return true;
}


/* ------------------------------------------------------------ help */

static bool opt_help(OptCtx *c);

/* "powerjit emulator version 7.2.0 (powerjit 0.1.0)": scripts that parse
   QEMU's banner with "version X.Y.Z" read the QEMU release whose command
   line we follow; the name says it is not QEMU (docs/architecture.md) */
static bool opt_version(OptCtx *c)
{
    fprintf(c->out, "powerjit emulator version %s (powerjit %s; the "
            "qemu-system-ppc64 %s command line, not QEMU)\n",
            POWERJIT_QEMU_COMPAT_VERSION, POWERJIT_VERSION,
            POWERJIT_QEMU_COMPAT_VERSION);
    c->exit_now = true;
    return true;
}

static const OptionDef powerjit_options[] = {
    { "h", NULL, opt_help, "display this help and exit (also -help)" },
    { "help", NULL, opt_help, NULL },
    { "version", NULL, opt_version, "display version information and exit" },
    { "machine", "[type=]pseries[-X.Y][,accel=tcg][,cap-NAME=VALUE...]",
      opt_machine, "the machine (-machine help lists them, "
      "-machine pseries,help its properties; also -M)" },
    { "M", "MACHINE", opt_machine, NULL },
    { "accel", "tcg[,interp=on|off][,tb-size=MiB][,thread=single|multi]",
      opt_accel, "the accelerator; interp=on runs the IR interpreter" },
    { "enable-kvm", NULL, opt_enable_kvm, NULL },
    { "cpu", "MODEL", opt_cpu, "the CPU model (-cpu help lists them)" },
    { "m", "[size=]SIZE[,slots=N,maxmem=SIZE]", opt_memory,
      "guest RAM (default 512M; a plain number is MiB)" },
    { "mem-path", "DIR", opt_mem_path,
      "guest RAM in a file in DIR (hugetlbfs: huge pages)" },
    { "mem-prealloc", NULL, opt_mem_prealloc,
      "allocate all guest RAM at start" },
    { "smp", "[cpus=]N[,maxcpus=M][,sockets=S][,cores=C][,threads=T]",
      opt_smp, "number of CPUs and their topology" },
    { "kernel", "FILE", opt_kernel, "the ppc64 ELF image to boot" },
    { "initrd", "FILE", opt_initrd, "an initial ram disk" },
    { "append", "CMDLINE", opt_append, "the kernel command line" },
    { "bios", "FILE", opt_bios,
      "a firmware image for QEMU's pseries (e.g. SLOF's slof.bin)" },
    { "L", "DIR", opt_data_dir,
      "look for firmware (-bios NAME, SLOF's slof.bin) in DIR first" },
    { "rtc", "[base=utc|localtime|DATE][,clock=host|rt|vm]", opt_rtc,
      "the time-of-day clock (DATE: 2006-06-17[T16:01:21])" },
    { "no-reboot", NULL, opt_no_reboot, "exit instead of rebooting" },
    { "nographic", NULL, opt_nographic,
      "no display; the console is on stdio (Ctrl-A h for help)" },
    { "display", "none|curses", opt_display,
      "the display: none, or curses (the console on the terminal)" },
    { "vga", "none", opt_vga, "the graphics card (only none)" },
    { "nodefaults", NULL, opt_nodefaults, "no default devices (no console)" },
    { "parallel", "none", opt_parallel, NULL },
    { "audiodev", "none,id=ID", opt_audiodev, NULL },
    { "usb", NULL, opt_usb, NULL },
    { "echr", "CHAR", opt_echr,
      "the console escape character, a number (default 1, Ctrl-A)" },
    { "msg", "timestamp=on|off", opt_msg, "timestamps on our messages" },
    { "uuid", "UUID", opt_uuid, "the machine's UUID" },
    { "overcommit", "mem-lock=on|off,cpu-pm=on|off", opt_overcommit,
      "mem-lock=on locks the emulator's memory (mlockall)" },
    { "boot", "[order=]DRIVES[,menu=on|off,strict=on|off]", opt_boot,
      "the boot order (with -kernel the kernel boots)" },
    { "sandbox", "on|off", opt_sandbox, NULL },
    { "action", "reboot=reset|shutdown,shutdown=poweroff|pause,"
                "panic=pause|shutdown|exit-failure|none,watchdog=ACTION",
      opt_action, "what a guest reboot, power-off or panic does" },
    { "watchdog-action", "ACTION", opt_watchdog_action, NULL },
    { "no-hpet", NULL, opt_not_this_target, NULL },
    { "no-acpi", NULL, opt_not_this_target, NULL },
    { "no-fd-bootchk", NULL, opt_not_this_target, NULL },
    { "win2k-hack", NULL, opt_not_this_target, NULL },
    { "rtc-td-hack", NULL, opt_not_this_target, NULL },
    { "no-kvm-pit-reinjection", NULL, opt_not_this_target, NULL },
    { "acpitable", "SPEC", opt_not_this_target, NULL },
    { "smbios", "SPEC", opt_not_this_target, NULL },
    { "fsdev", "SPEC", opt_missing_backend, NULL },
    { "virtfs", "SPEC", opt_missing_backend, NULL },
    { "tpmdev", "SPEC", opt_missing_backend, NULL },
    { "numa", "SPEC", opt_missing_backend, NULL },
    { "d", "ITEM,...", opt_log_items, "log items (-d help lists them)" },
    { "D", "FILE", opt_log_file, "write the log to FILE (default stderr)" },
    /* debugging and control (system/gdbstub.c, system/runstate.c) */
    { "s", NULL, opt_gdbstub, "shorthand for -gdb tcp::1234" },
    { "icount", "[shift=]N|auto[,sleep=on|off][,align=on|off]", opt_icount,
      "guest time counts instructions, 2^N ns each: deterministic runs" },
    { "S", NULL, opt_gdbstub, "do not start the CPU (a debugger or the "
      "monitor lets it go)" },
    { "gdb", "tcp:[HOST]:PORT|unix:PATH", opt_gdbstub,
      "wait for a GDB connection on the socket" },
    { "monitor", "stdio|unix:PATH,server|tcp:HOST:PORT,server|none",
      opt_monitor, "the human monitor (HMP)" },
    { "name", "NAME[,process=PNAME]", opt_name,
      "the VM's name (info name); process= renames the emulator's process" },
    { "mon", "[chardev=]ID[,mode=readline|control][,pretty=on|off]",
      opt_mon, "a monitor on -chardev ID (a socket server, or the console's "
      "mux=on stdio)" },
    { "qmp", "unix:PATH,server=on,wait=off|tcp:HOST:PORT,server=on,wait=off",
      opt_qmp, "the QEMU Machine Protocol" },
    { "no-shutdown", NULL, opt_no_shutdown,
      "stop instead of exiting when the guest powers off" },
    { "pidfile", "FILE", opt_pidfile, "write the process id to FILE" },
    { "daemonize", NULL, opt_daemonize,
      "detach from the terminal once the machine is set up" },
    { "perfmap", NULL, opt_perfmap,
      "write /tmp/perf-PID.map (the JIT's code, for perf)" },
    { "no-user-config", NULL, opt_ignored, NULL },
    { "nodefconfig", NULL, opt_ignored, NULL },
    /* devices and their backends (issue 10) */
    { "chardev", "BACKEND,id=ID[,...]", opt_chardev,
      "a character device (-chardev help lists the backends)" },
    { "serial", "DEV", opt_serial,
      "a console: stdio, mon:stdio, file:PATH, pipe:PATH, pty, "
      "unix:PATH[,server=on,wait=off], tcp:[HOST]:PORT[,...], chardev:ID, "
      "null or none; the first is hvc0, more are hvc1..." },
    { "device", "DRIVER[,PROP=VALUE...]", opt_device,
      "a device (-device help lists them)" },
    { "object", "TYPE,id=ID[,PROP=VALUE...]", opt_object,
      "a backend object: rng-random[,filename=F], rng-builtin, "
      "memory-backend-ram|memory-backend-file,size=SIZE[,mem-path=DIR] "
      "(for -machine memory-backend=ID)" },
    { "drive", "[file=F][,if=none|scsi|pflash][,id=][,format=raw|qcow2]...",
      opt_drive, "a disk or CD-ROM image (media=cdrom, readonly=on, "
      "cache=, snapshot=on, index=)" },
    { "blockdev", "driver=file|raw|qcow2,node-name=N[,filename=|file=]...",
      opt_blockdev, "a block node (-device scsi-hd,drive=N takes it)" },
    /* the network (options-net.c) */
    { "netdev", "TYPE,id=ID[,...]", opt_netdev,
      "a network backend: user[,net=,host=,dhcpstart=,dns=,hostname=,"
      "hostfwd=,guestfwd=,tftp=,bootfile=,restrict=,ipv6=...]" },
    { "nic", "[TYPE][,model=spapr-vlan][,mac=MAC][,...]|none", opt_nic,
      "a NIC with its own backend" },
    { "net", "nic[,model=][,macaddr=][,netdev=]|user[,...]|none", opt_net,
      "the old NIC and backend syntax (hub 0)" },
    { "hda", "FILE", opt_hda_cdrom, "a disk image (scsi-id 0)" },
    { "cdrom", "FILE", opt_hda_cdrom, "a CD-ROM image (scsi-id 2)" },
    { "global", "spapr-nvram.drive=ID", opt_global,
      "the NVRAM's image is the -drive if=none,id=ID" },
    { "snapshot", NULL, opt_snapshot,
      "the guest's disk writes are discarded at exit" },
};

static bool opt_help(OptCtx *c)
{
    fprintf(c->out, "powerjit %s: a POWER (pseries) emulator that takes "
            "qemu-system-ppc64 %s command lines\n", POWERJIT_VERSION,
            POWERJIT_QEMU_COMPAT_VERSION);
    fprintf(c->out, "usage: powerjit [options]\n\n");
    for (size_t i = 0; i < G_N_ELEMENTS(powerjit_options); i++) {
        const OptionDef *d = &powerjit_options[i];
        char *lhs;

        if (!d->help) {
            continue;
        }
        lhs = d->metavar ? g_strdup_printf("-%s %s", d->name, d->metavar)
                         : g_strdup_printf("-%s", d->name);
        if (strlen(lhs) <= 22) {
            fprintf(c->out, "%-22s  %s\n", lhs, d->help);
        } else {
            fprintf(c->out, "%s\n%-22s  %s\n", lhs, "", d->help);
        }
        g_free(lhs);
    }
    c->exit_now = true;
    return true;
}

static const OptionDef *option_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(powerjit_options); i++) {
        if (strcmp(powerjit_options[i].name, name) == 0) {
            return &powerjit_options[i];
        }
    }
    return NULL;
}

/* ------------------------------------------------------------ parse */

void options_init(PowerjitOptions *o)
{
    memset(o, 0, sizeof(*o));
    o->machine.cpu_model = PPC_MODEL_POWER9;
    o->machine.ram_size = SPAPR_DEFAULT_RAM_SIZE;
    o->machine.code_size = SPAPR_DEFAULT_CODE_SIZE;
    o->machine.machine_version = SPAPR_MACHINE_LATEST;
    o->machine.smp_cpus = 1;
    o->machine.smp_max_cpus = 1;
    o->machine.smp_threads = 1;
    o->warnings = g_ptr_array_new_with_free_func(g_free);
    o->mem_backends = g_array_new(FALSE, TRUE, sizeof(MemoryBackendSpec));
    o->objects = g_ptr_array_new_with_free_func(object_spec_free);
}

void options_free(PowerjitOptions *o)
{
    g_free(o->accel_thread_arg);
    g_free(o->icount_arg);
    g_free(o->machine.kernel);
    g_free(o->machine.initrd);
    g_free(o->machine.append);
    g_free(o->machine.bios);
    g_free(o->machine.dumpdtb);
    if (o->machine.data_dirs) {
        g_ptr_array_free(o->machine.data_dirs, TRUE);
    }
    chardev_spec_clear(&o->machine.console);
    g_free(o->machine.rng.filename);
    if (o->machine.rng_objects) {
        g_hash_table_destroy(o->machine.rng_objects);
    }
    g_free(o->rng_backend);
    if (o->objects) {
        g_ptr_array_free(o->objects, TRUE);
    }
    if (o->machine.devices) {
        g_ptr_array_free(o->machine.devices, TRUE);
    }
    if (o->machine.drives) {
        g_ptr_array_free(o->machine.drives, TRUE);
    }
    g_free(o->machine.nvram_drive);
    options_free_net(o);
    if (o->machine.chardevs) {
        g_ptr_array_free(o->machine.chardevs, TRUE);
    }
    if (o->serial_vtys) {
        g_ptr_array_free(o->serial_vtys, TRUE);
    }
    g_free(o->log_file);
    g_free(o->machine.mem_path);
    g_free(o->memory_backend);
    g_free(o->uuid);
    g_free(o->process_name);
    g_free(o->guest_name);
    if (o->mem_backends) {
        options_free_backends(o->mem_backends);
    }
    g_free(o->gdb_dev);
    g_free(o->monitor_dev);
    g_free(o->qmp_dev);
    if (o->mons) {
        options_free_monitors(o->mons);
    }
    g_free(o->pidfile);
    g_free(o->machine.name);
    if (o->warnings) {
        g_ptr_array_free(o->warnings, TRUE);
    }
    memset(o, 0, sizeof(*o));
}

/* what QEMU would do without -serial: -nographic puts the console on
   stdio with the Ctrl-A escapes; -display none sends it nowhere.  With no
   display option at all QEMU would open a window; we have none, so the
   console goes to stdio as with -nographic. */
static void options_default_console(PowerjitOptions *o)
{
    ChardevSpec *con = &o->machine.console;

    if (o->serial_given) {
        return;
    }
    chardev_spec_clear(con);
    if (o->nodefaults) {
        con->kind = CHARDEV_NONE;
    } else if ((o->display_none || o->daemonize) && !o->nographic) {
        /* no window to open, and no terminal for a daemon */
        con->kind = CHARDEV_NULL;
    } else {
        con->kind = CHARDEV_STDIO;
        con->mux = true;
    }
}

/* the machine version's defaults under what the command line set */
static bool options_machine_finish(PowerjitOptions *o, char **err)
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
static bool options_accel_finish(PowerjitOptions *o, char **err)
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

static bool options_finish(PowerjitOptions *o, char **err)
{
    return options_accel_finish(o, err) &&
           options_resolve_memory_backend(o, err) &&
           memory_finish(&o->machine, err) &&
           options_machine_finish(o, err);
}

OptionsResult options_parse(PowerjitOptions *o, int argc, char **argv,
                            FILE *out, char **err)
{
    OptCtx c = { .o = o, .out = out };

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *name = a + 1;
        const OptionDef *d;
        char *json_arg = NULL;
        bool ok;

        if (a[0] != '-' || a[1] == '\0') {
            *err = g_strdup_printf("%s: disk image arguments are not yet "
                                   "supported", a);
            return OPTIONS_ERROR;
        }
        if (*name == '-') {
            name++; /* --option is the same as -option */
        }
        d = option_find(name);
        if (!d) {
            *err = g_strdup_printf("%s: invalid option", a);
            return OPTIONS_ERROR;
        }
        c.opt = a;
        c.arg = NULL;
        if (d->metavar) {
            if (i + 1 >= argc) {
                *err = g_strdup_printf("%s: requires an argument", a);
                return OPTIONS_ERROR;
            }
            c.arg = argv[++i];
        }
        /* the JSON form of -object, -device...: read as its key=value list
           (options-json.c) */
        if (!options_json_arg(&c, d->name, &json_arg)) {
            *err = c.err;
            return OPTIONS_ERROR;
        }
        if (json_arg) {
            c.arg = json_arg;
        }
        ok = d->fn(&c);
        if (!ok && json_arg) {
            /* the message names the argument as it was typed */
            char *typed = g_strdup_printf("%s %s: ", a, json_arg);
            if (g_str_has_prefix(c.err, typed)) {
                char *e = g_strdup_printf("%s %s: %s", a, argv[i],
                                          c.err + strlen(typed));
                g_free(c.err);
                c.err = e;
            }
            g_free(typed);
        }
        g_free(json_arg);
        if (!ok) {
            *err = c.err;
            return OPTIONS_ERROR;
        }
        if (c.exit_now) {
            return OPTIONS_EXIT;
        }
    }

    if (!o->machine.kernel && o->machine.append) {
        *err = g_strdup("-append only allowed with -kernel option");
        return OPTIONS_ERROR;
    }
    if (!o->machine.kernel && o->machine.initrd) {
        *err = g_strdup("-initrd only allowed with -kernel option");
        return OPTIONS_ERROR;
    }
    if (!options_finish(o, err) || !options_finish_devices(o, err) ||
        !options_finish_net(o, err) || !options_finish_icount(o, err)) {
        return OPTIONS_ERROR;
    }
    options_default_console(o);
    if (!options_finish_consoles(o, err) ||
        !options_resolve_monitors(o, err)) {
        return OPTIONS_ERROR;
    }
    o->machine.console.escape = o->echr;
    options_default_cdrom(o);
    /* a daemon has no terminal (QEMU's messages) */
    if (o->daemonize && o->nographic) {
        *err = g_strdup("-nographic cannot be used with -daemonize");
        return OPTIONS_ERROR;
    }
    if (o->daemonize && o->machine.console.kind == CHARDEV_STDIO) {
        *err = g_strdup("-serial stdio: cannot use stdio with -daemonize");
        return OPTIONS_ERROR;
    }
    if (o->daemonize && o->monitor_dev &&
        strcmp(o->monitor_dev, "stdio") == 0) {
        *err = g_strdup("-monitor stdio: cannot use stdio with -daemonize");
        return OPTIONS_ERROR;
    }
    /* as QEMU: one stdio, one user */
    if (o->monitor_dev && strcmp(o->monitor_dev, "stdio") == 0 &&
        o->machine.console.kind == CHARDEV_STDIO) {
        *err = g_strdup("-monitor stdio: stdio is the console already (add "
                        "-serial none or -serial file:PATH)");
        return OPTIONS_ERROR;
    }
    return OPTIONS_RUN;
}
