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
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "options.h"

typedef struct OptCtx {
    PowerjitOptions *o;
    FILE *out;
    const char *opt;    /* the option as typed ("-M", "--machine") */
    const char *arg;    /* its argument, or NULL */
    char *err;
    bool exit_now;      /* a help text was printed */
} OptCtx;

typedef bool (*OptFn)(OptCtx *c);

typedef struct OptionDef {
    const char *name;
    const char *metavar; /* NULL: the option takes no argument */
    OptFn fn;
    const char *help;    /* NULL: an alias, left out of -help */
} OptionDef;

static bool G_GNUC_PRINTF(2, 3) opt_error(OptCtx *c, const char *fmt, ...)
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

static void G_GNUC_PRINTF(2, 3) opt_warn(OptCtx *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_ptr_array_add(c->o->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

static bool is_help(const char *s)
{
    return strcmp(s, "help") == 0 || strcmp(s, "?") == 0;
}

/* ------------------------------------------------------------ values */

typedef struct KeyVal {
    char *key;
    char *value;
} KeyVal;

static void keyval_free(GArray *kvs)
{
    for (guint i = 0; i < kvs->len; i++) {
        g_free(g_array_index(kvs, KeyVal, i).key);
        g_free(g_array_index(kvs, KeyVal, i).value);
    }
    g_array_free(kvs, TRUE);
}

/* splits str into key=value items; NULL (and c->err) on error */
static GArray *keyval_parse(OptCtx *c, const char *str,
                            const char *implied_key)
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

static bool parse_bool(const char *s, bool *out)
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

typedef struct MachineType {
    const char *name;
    const char *desc;
} MachineType;

static const MachineType machine_types[] = {
    { "pseries", "pSeries Logical Partition (PAPR compliant) (default)" },
};

/* -machine properties that describe nothing this machine has: accepted */
static const char *const machine_bool_props[] = {
    "usb", "graphics", "dump-guest-core", "mem-merge",
};

typedef struct AccelType {
    const char *name;
    const char *unavailable; /* why it cannot be used, or NULL */
} AccelType;

static const AccelType accel_types[] = {
    { "tcg", NULL },
    { "kvm", "kvm accelerator not available on this host" },
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
            opt_warn(c, "%s, using %s", skipped, a->name);
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
    char *warning = NULL;
    char *e = NULL;
    bool b;

    if (strcmp(kv->key, "accel") == 0) {
        return machine_accel(c, kv->value);
    }
    if (g_str_has_prefix(kv->key, "cap-")) {
        if (!spapr_cap_check(kv->key, kv->value, &warning, &e)) {
            opt_error(c, "%s", e);
            g_free(e);
            return false;
        }
        if (warning) {
            opt_warn(c, "%s", warning);
            g_free(warning);
        }
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(machine_bool_props); i++) {
        if (strcmp(kv->key, machine_bool_props[i]) == 0) {
            if (!parse_bool(kv->value, &b)) {
                return opt_error(c, "parameter '%s' expects 'on' or 'off'",
                                 kv->key);
            }
            return true;
        }
    }
    return opt_error(c, "property '%s' not found", kv->key);
}

static bool opt_machine(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, "type");
    bool ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "type") != 0) {
            ok = machine_prop(c, kv);
            continue;
        }
        if (is_help(kv->value)) {
            fprintf(c->out, "Supported machines are:\n");
            for (size_t j = 0; j < G_N_ELEMENTS(machine_types); j++) {
                fprintf(c->out, "%-20s %s\n", machine_types[j].name,
                        machine_types[j].desc);
            }
            c->exit_now = true;
            break;
        }
        ok = false;
        for (size_t j = 0; j < G_N_ELEMENTS(machine_types); j++) {
            ok = ok || strcmp(kv->value, machine_types[j].name) == 0;
        }
        if (!ok) {
            opt_error(c, "unsupported machine type '%s' (-machine help lists "
                      "them)", kv->value);
        }
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
                return true; /* one vCPU: both mean the same */
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
            ok = opt_error(c, "%s", a->unavailable);
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

static bool opt_enable_kvm(OptCtx *c)
{
    return opt_error(c, "%s", accel_find("kvm")->unavailable);
}

/* ------------------------------------------------------------ -cpu */

typedef struct CpuType {
    const char *name;
    PPCModel model;
    const char *desc;
} CpuType;

static const CpuType cpu_types[] = {
    { "POWER8", PPC_MODEL_POWER8, "IBM POWER8 (Power ISA 2.07)" },
    { "POWER9", PPC_MODEL_POWER9, "IBM POWER9 (Power ISA 3.0B) (default)" },
    { "power8_v2.0", PPC_MODEL_POWER8, "(alias for POWER8)" },
    { "power9_v2.0", PPC_MODEL_POWER9, "(alias for POWER9)" },
};

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
            ok = true;
        }
    }
    if (!ok && g_ascii_strcasecmp(name, "host") == 0) {
        opt_error(c, "CPU model 'host' requires KVM, which is not available "
                  "on this host");
    } else if (!ok) {
        opt_error(c, "unable to find CPU model '%s' (-cpu help lists them)",
                  name);
    } else if (comma && comma[1]) {
        ok = opt_error(c, "CPU properties are not supported");
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

        if (strcmp(kv->key, "size") == 0) {
            if (!options_parse_size(kv->value, 1ull << 20,
                                    &c->o->machine.ram_size)) {
                ok = opt_error(c, "invalid size '%s' (a number with an "
                               "optional K, M, G, T, P or E suffix; MiB "
                               "without one)", kv->value);
            }
        } else if (strcmp(kv->key, "slots") == 0 ||
                   strcmp(kv->key, "maxmem") == 0) {
            ok = opt_error(c, "memory hotplug (slots, maxmem) is not yet "
                           "supported");
        } else {
            ok = opt_error(c, "property '%s' not found", kv->key);
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    return ok;
}

static const char *const smp_keys[] = {
    "cpus", "maxcpus", "sockets", "dies", "clusters", "cores", "threads",
};

static bool opt_smp(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, "cpus");
    uint64_t cpus = 0, maxcpus = 0, topology = 1;
    bool ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);
        bool known = false;
        uint64_t v;

        for (size_t k = 0; k < G_N_ELEMENTS(smp_keys); k++) {
            known = known || strcmp(kv->key, smp_keys[k]) == 0;
        }
        if (!known) {
            ok = opt_error(c, "property '%s' not found", kv->key);
        } else if (!parse_uint(kv->value, &v) || v > 1u << 16) {
            ok = opt_error(c, "parameter 'smp.%s' expects a number",
                           kv->key);
        } else if (strcmp(kv->key, "cpus") == 0) {
            cpus = v;
        } else if (strcmp(kv->key, "maxcpus") == 0) {
            maxcpus = v;
        } else if (v > 0) {
            topology *= v;
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    if (ok && ((cpus ? cpus : topology) > 1 || maxcpus > 1)) {
        ok = opt_error(c, "SMP is not yet supported: the machine has one "
                       "CPU (use -smp 1)");
    }
    return ok;
}

/* ------------------------------------------------------------ boot */

static void replace_str(char **dst, const char *src)
{
    g_free(*dst);
    *dst = g_strdup(src);
}

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

static bool opt_display(OptCtx *c)
{
    if (is_help(c->arg)) {
        fprintf(c->out, "Available display backend types:\nnone\n");
        c->exit_now = true;
        return true;
    }
    if (strcmp(c->arg, "none") != 0) {
        return opt_error(c, "display '%s' is not available (only 'none')",
                         c->arg);
    }
    c->o->display_none = true;
    return true;
}

static bool opt_nodefaults(OptCtx *c)
{
    c->o->nodefaults = true;
    return true;
}

static bool opt_monitor(OptCtx *c)
{
    if (strcmp(c->arg, "none") == 0) {
        return true;
    }
    return opt_error(c, "the monitor is not yet supported (only -monitor "
                     "none)");
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
    return true;
}

static bool opt_log_file(OptCtx *c)
{
    replace_str(&c->o->log_file, c->arg);
    return true;
}

/* ------------------------------------------------------------ storage and
   devices (-device; the block options follow here) */

/* -device DRIVER[,prop=value...] of a VIO model: checked when the
   machine is built, which knows the device models (hw-spapr/vio.c) */
static bool device_collect_vio(OptCtx *c)
{
    SpaprConfig *cfg = &c->o->machine;

    if (!cfg->devices) {
        cfg->devices = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(cfg->devices, g_strdup(c->arg));
    return true;
}

/* ------------------------------------------------------------ devices and
   backends: -device, -object (issue 10: rng, consoles, network) */

typedef struct ObjectSpec {
    char *type;         /* "rng-random", "rng-builtin" */
    char *id;
    char *filename;     /* rng-random */
} ObjectSpec;

static void object_spec_free(gpointer p)
{
    ObjectSpec *obj = p;

    g_free(obj->type);
    g_free(obj->id);
    g_free(obj->filename);
    g_free(obj);
}

static const ObjectSpec *object_find(PowerjitOptions *o, const char *id)
{
    for (guint i = 0; i < o->objects->len; i++) {
        const ObjectSpec *obj = g_ptr_array_index(o->objects, i);
        if (strcmp(obj->id, id) == 0) {
            return obj;
        }
    }
    return NULL;
}

/* the -object types and the properties each takes besides id */
typedef struct ObjectType {
    const char *name;
    const char *const props[2];
} ObjectType;

static const ObjectType object_types[] = {
    { "rng-random", { "filename" } },
    { "rng-builtin", { NULL } },
};

static bool opt_object(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, "qom-type");
    ObjectSpec *obj;
    const ObjectType *t = NULL;
    bool ok = kvs != NULL;

    if (!ok) {
        return false;
    }
    obj = g_new0(ObjectSpec, 1);
    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "qom-type") == 0) {
            for (size_t j = 0; j < G_N_ELEMENTS(object_types); j++) {
                if (strcmp(kv->value, object_types[j].name) == 0) {
                    t = &object_types[j];
                }
            }
            if (!t) {
                ok = opt_error(c, "object type '%s' is not supported (rng-"
                               "random, rng-builtin)", kv->value);
            }
            replace_str(&obj->type, kv->value);
        } else if (strcmp(kv->key, "id") == 0) {
            replace_str(&obj->id, kv->value);
        } else if (t && t->props[0] && strcmp(kv->key, t->props[0]) == 0) {
            replace_str(&obj->filename, kv->value);
        } else {
            ok = opt_error(c, "Property '%s.%s' not found",
                           obj->type ? obj->type : "object", kv->key);
        }
    }
    keyval_free(kvs);
    if (ok && !obj->id) {
        ok = opt_error(c, "Parameter 'id' is missing");
    } else if (ok && object_find(c->o, obj->id)) {
        ok = opt_error(c, "attempt to add duplicate property '%s' to object",
                       obj->id);
    }
    if (ok && strcmp(obj->type, "rng-random") == 0 && !obj->filename) {
        obj->filename = g_strdup("/dev/urandom"); /* QEMU's default */
    }
    if (!ok) {
        object_spec_free(obj);
        return false;
    }
    g_ptr_array_add(c->o->objects, obj);
    return true;
}

/* -device spapr-rng[,rng=ID]: the backend is resolved once every -object
   has been read (options_finish_devices) */
static bool device_spapr_rng(OptCtx *c, GArray *kvs)
{
    SpaprRngConfig *rc = &c->o->machine.rng;

    if (rc->present) {
        return opt_error(c, "only one spapr-rng is supported");
    }
    rc->present = true;
    for (guint i = 1; i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "rng") == 0) {
            replace_str(&c->o->rng_backend, kv->value);
        } else if (strcmp(kv->key, "id") != 0) {
            return opt_error(c, "Property 'spapr-rng.%s' not found",
                             kv->key);
        }
    }
    return true;
}

/* -chardev BACKEND,id=ID,...: kept by id for -serial chardev:ID and
   -device spapr-vty,chardev=ID (opened by the device that uses it) */
static void chardev_spec_free(gpointer p)
{
    chardev_spec_clear(p);
    g_free(p);
}

static ChardevSpec *options_chardev(PowerjitOptions *o, const char *id)
{
    GPtrArray *a = o->machine.chardevs;

    for (guint i = 0; a && i < a->len; i++) {
        ChardevSpec *s = g_ptr_array_index(a, i);
        if (strcmp(s->id, id) == 0) {
            return s;
        }
    }
    return NULL;
}

static void options_add_chardev(PowerjitOptions *o, ChardevSpec *spec)
{
    if (!o->machine.chardevs) {
        o->machine.chardevs = g_ptr_array_new_with_free_func(
            chardev_spec_free);
    }
    g_ptr_array_add(o->machine.chardevs, spec);
}

static bool opt_chardev(OptCtx *c)
{
    ChardevSpec *spec = g_new0(ChardevSpec, 1);
    char *e = NULL;

    if (is_help(c->arg)) {
        fprintf(c->out, "Available chardev backend types:\n  null\n  stdio\n"
                "  file\n  pipe\n  pty\n  socket\n  ringbuf\n");
        c->exit_now = true;
        g_free(spec);
        return true;
    }
    if (!chardev_parse_opts(c->arg, spec, &e)) {
        opt_error(c, "%s", e);
        g_free(e);
        g_free(spec);
        return false;
    }
    if (options_chardev(c->o, spec->id)) {
        opt_error(c, "Duplicate ID '%s' for chardev", spec->id);
        chardev_spec_free(spec);
        return false;
    }
    options_add_chardev(c->o, spec);
    return true;
}

/* -serial DEV: the first is the console (hvc0, the machine's vty); each
   further one is a spapr-vty (hvc1...) on a chardev named serialN */
static bool opt_serial(OptCtx *c)
{
    ChardevSpec spec = { 0 };
    char *e = NULL;

    if (!chardev_parse(c->arg, &spec, &e)) {
        opt_error(c, "%s", e);
        g_free(e);
        return false;
    }
    if (!c->o->serial_given) {
        chardev_spec_clear(&c->o->machine.console);
        c->o->machine.console = spec;
        c->o->serial_given = true;
        c->o->nb_serials = 1;
        return true;
    }
    if (spec.kind == CHARDEV_NONE && !spec.id) {
        return true; /* -serial none: no device */
    }
    if (!spec.id) {
        ChardevSpec *named = g_new0(ChardevSpec, 1);
        *named = spec;
        named->id = g_strdup_printf("serial%u", c->o->nb_serials);
        if (options_chardev(c->o, named->id)) {
            chardev_spec_free(named);
            return opt_error(c, "Duplicate ID 'serial%u' for chardev",
                             c->o->nb_serials);
        }
        options_add_chardev(c->o, named);
        spec.id = g_strdup(named->id);
        spec.path = spec.host = spec.port = spec.logfile = NULL;
    }
    if (!c->o->serial_vtys) {
        c->o->serial_vtys = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(c->o->serial_vtys,
                    g_strdup_printf("spapr-vty,chardev=%s", spec.id));
    c->o->nb_serials++;
    chardev_spec_clear(&spec);
    return true;
}

/* -nodefaults (or -serial none) and -device spapr-vty,chardev=ID without
   reg= or with reg=0x71000000: that vty is the console, hvc0 */
static bool options_vty_console(PowerjitOptions *o, char **err)
{
    GPtrArray *devs = o->machine.devices;
    OptCtx c = { .o = o, .opt = "-device" };

    if (o->machine.console.kind != CHARDEV_NONE || o->machine.console.id ||
        !devs) {
        return true;
    }
    for (guint i = 0; i < devs->len; i++) {
        const char *str = g_ptr_array_index(devs, i);
        GArray *kvs;
        const char *driver = NULL, *chr = NULL, *reg = NULL;
        bool other = false;

        c.arg = str;
        kvs = keyval_parse(&c, str, "driver");
        if (!kvs) {
            g_free(c.err);
            continue; /* the VIO bus reports it */
        }
        for (guint k = 0; k < kvs->len; k++) {
            const KeyVal *kv = &g_array_index(kvs, KeyVal, k);
            if (!strcmp(kv->key, "driver")) {
                driver = kv->value;
            } else if (!strcmp(kv->key, "chardev")) {
                chr = kv->value;
            } else if (!strcmp(kv->key, "reg")) {
                reg = kv->value;
            } else if (strcmp(kv->key, "id") != 0) {
                other = true;
            }
        }
        bool console = driver && !strcmp(driver, "spapr-vty") && chr &&
                       !other &&
                       (!reg || strtoull(reg, NULL, 0) == SPAPR_VTY_REG);
        if (console) {
            ChardevSpec *spec = options_chardev(o, chr);
            if (!spec) {
                *err = g_strdup_printf("-device %s: Property 'spapr-vty."
                                       "chardev' can't find value '%s'",
                                       str, chr);
                keyval_free(kvs);
                return false;
            }
            chardev_spec_copy(&o->machine.console, spec);
            g_ptr_array_remove_index(devs, i);
        }
        keyval_free(kvs);
        if (console) {
            break;
        }
    }
    return true;
}

/* after the whole command line: -serial chardev:ID, and the vtys of the
   extra -serial options, created before the -device ones (QEMU's order) */
static bool options_finish_consoles(PowerjitOptions *o, char **err)
{
    ChardevSpec *con = &o->machine.console;

    if (con->kind == CHARDEV_NONE && con->id) {
        const ChardevSpec *spec = options_chardev(o, con->id);
        if (!spec) {
            *err = g_strdup_printf("-serial chardev:%s: chardev '%s' not "
                                   "found", con->id, con->id);
            return false;
        }
        chardev_spec_copy(con, spec);
    }
    if (o->serial_vtys) {
        if (!o->machine.devices) {
            o->machine.devices = g_ptr_array_new_with_free_func(g_free);
        }
        for (guint i = 0; i < o->serial_vtys->len; i++) {
            g_ptr_array_insert(o->machine.devices, (gint)i,
                               g_strdup(g_ptr_array_index(o->serial_vtys,
                                                          i)));
        }
    }
    return options_vty_console(o, err);
}

typedef struct DeviceModel {
    const char *name;
    bool (*add)(OptCtx *c, GArray *kvs); /* kvs[0] is the driver */
    const char *desc;
} DeviceModel;

static const DeviceModel device_models[] = {
    { "spapr-rng", device_spapr_rng,
      "random numbers for the guest (H_RANDOM), rng=ID optional" },
};

static bool opt_device(OptCtx *c)
{
    GArray *kvs = keyval_parse(c, c->arg, "driver");
    const KeyVal *drv;
    bool ok = false;

    if (!kvs) {
        return false;
    }
    drv = kvs->len ? &g_array_index(kvs, KeyVal, 0) : NULL;
    if (!drv || strcmp(drv->key, "driver") != 0) {
        ok = opt_error(c, "Parameter 'driver' is missing");
    } else if (is_help(drv->value)) {
        fprintf(c->out, "Devices:\n");
        for (size_t i = 0; i < G_N_ELEMENTS(device_models); i++) {
            fprintf(c->out, "name \"%s\", desc \"%s\"\n",
                    device_models[i].name, device_models[i].desc);
        }
        c->exit_now = true;
        ok = true;
    } else {
        const DeviceModel *dm = NULL;
        for (size_t i = 0; i < G_N_ELEMENTS(device_models); i++) {
            if (strcmp(drv->value, device_models[i].name) == 0) {
                dm = &device_models[i];
            }
        }
        /* the rest are the VIO bus's, which checks them */
        ok = dm ? dm->add(c, kvs) : device_collect_vio(c);
    }
    keyval_free(kvs);
    return ok;
}

/* after the whole command line: what -device properties refer to */
static bool options_finish_devices(PowerjitOptions *o, char **err)
{
    if (o->rng_backend) {
        const ObjectSpec *obj = object_find(o, o->rng_backend);
        if (!obj || !g_str_has_prefix(obj->type, "rng-")) {
            *err = g_strdup_printf("-device spapr-rng: Property "
                                   "'spapr-rng.rng' can't find value '%s'",
                                   o->rng_backend);
            return false;
        }
        replace_str(&o->machine.rng.filename, obj->filename);
    }
    return true;
}

static bool opt_not_yet(OptCtx *c)
{
    return opt_error(c, "not yet supported");
}

static bool opt_gdbstub(OptCtx *c)
{
    return opt_error(c, "the gdbstub is not yet supported");
}

static bool opt_ignored(OptCtx *c)
{
    return true;
}

/* ------------------------------------------------------------ help */

static bool opt_help(OptCtx *c);

static bool opt_version(OptCtx *c)
{
    fprintf(c->out, "powerjit emulator version %s (QEMU-compatible command "
            "line)\n", POWERJIT_VERSION);
    c->exit_now = true;
    return true;
}

static const OptionDef powerjit_options[] = {
    { "h", NULL, opt_help, "display this help and exit (also -help)" },
    { "help", NULL, opt_help, NULL },
    { "version", NULL, opt_version, "display version information and exit" },
    { "machine", "[type=]pseries[,accel=tcg][,cap-NAME=VALUE...]",
      opt_machine, "the machine (-machine help lists them; also -M)" },
    { "M", "MACHINE", opt_machine, NULL },
    { "accel", "tcg[,interp=on|off][,tb-size=MiB][,thread=single|multi]",
      opt_accel, "the accelerator; interp=on runs the IR interpreter" },
    { "enable-kvm", NULL, opt_enable_kvm, NULL },
    { "cpu", "MODEL", opt_cpu, "the CPU model (-cpu help lists them)" },
    { "m", "[size=]SIZE", opt_memory,
      "guest RAM (default 512M; a plain number is MiB)" },
    { "smp", "[cpus=]N", opt_smp, "number of CPUs (only 1 for now)" },
    { "kernel", "FILE", opt_kernel, "the ppc64 ELF image to boot" },
    { "initrd", "FILE", opt_initrd, "an initial ram disk" },
    { "append", "CMDLINE", opt_append, "the kernel command line" },
    { "bios", "FILE", opt_bios,
      "a firmware image for QEMU's pseries (e.g. SLOF's slof.bin)" },
    { "rtc", "[base=utc|localtime|DATE][,clock=host|rt|vm]", opt_rtc,
      "the time-of-day clock (DATE: 2006-06-17[T16:01:21])" },
    { "no-reboot", NULL, opt_no_reboot, "exit instead of rebooting" },
    { "nographic", NULL, opt_nographic,
      "no display; the console is on stdio (Ctrl-A h for help)" },
    { "display", "none", opt_display, "the display (only none)" },
    { "nodefaults", NULL, opt_nodefaults, "no default devices (no console)" },
    { "monitor", "none", opt_monitor, "the monitor (only none for now)" },
    { "qmp", "DEV", opt_not_yet, NULL },
    { "d", "ITEM,...", opt_log_items, "log items (-d help lists them)" },
    { "D", "FILE", opt_log_file, "write the log to FILE (default stderr)" },
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
      "a backend object: rng-random[,filename=F], rng-builtin" },
    { "s", NULL, opt_gdbstub, NULL },
    { "S", NULL, opt_gdbstub, NULL },
    { "gdb", "DEV", opt_gdbstub, NULL },
    { "name", "NAME", opt_ignored, NULL },
    { "no-user-config", NULL, opt_ignored, NULL },
    { "nodefconfig", NULL, opt_ignored, NULL },
    { "drive", "SPEC", opt_not_yet, NULL },
    { "netdev", "SPEC", opt_not_yet, NULL },
    { "nic", "SPEC", opt_not_yet, NULL },
    { "mem-path", "PATH", opt_not_yet, NULL },
    { "hda", "FILE", opt_not_yet, NULL },
    { "cdrom", "FILE", opt_not_yet, NULL },
    { "boot", "SPEC", opt_not_yet, NULL },
    { "snapshot", NULL, opt_not_yet, NULL },
};

static bool opt_help(OptCtx *c)
{
    fprintf(c->out, "powerjit emulator version %s (QEMU-compatible command "
            "line)\n", POWERJIT_VERSION);
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
    o->warnings = g_ptr_array_new_with_free_func(g_free);
    o->objects = g_ptr_array_new_with_free_func(object_spec_free);
}

void options_free(PowerjitOptions *o)
{
    g_free(o->machine.kernel);
    g_free(o->machine.initrd);
    g_free(o->machine.append);
    g_free(o->machine.bios);
    chardev_spec_clear(&o->machine.console);
    g_free(o->machine.rng.filename);
    g_free(o->rng_backend);
    if (o->objects) {
        g_ptr_array_free(o->objects, TRUE);
    }
    if (o->machine.devices) {
        g_ptr_array_free(o->machine.devices, TRUE);
    }
    if (o->machine.chardevs) {
        g_ptr_array_free(o->machine.chardevs, TRUE);
    }
    if (o->serial_vtys) {
        g_ptr_array_free(o->serial_vtys, TRUE);
    }
    g_free(o->log_file);
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
    } else if (o->display_none && !o->nographic) {
        con->kind = CHARDEV_NULL;
    } else {
        con->kind = CHARDEV_STDIO;
        con->mux = true;
    }
}

OptionsResult options_parse(PowerjitOptions *o, int argc, char **argv,
                            FILE *out, char **err)
{
    OptCtx c = { .o = o, .out = out };

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *name = a + 1;
        const OptionDef *d;

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
        if (!d->fn(&c)) {
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
    if (!options_finish_devices(o, err)) {
        return OPTIONS_ERROR;
    }
    options_default_console(o);
    if (!options_finish_consoles(o, err)) {
        return OPTIONS_ERROR;
    }
    return OPTIONS_RUN;
}
