/*
 * hw-spapr/caps.c: machine versions (-machine pseries-X.Y) and the pseries
 * capabilities (-machine cap-NAME=VALUE).
 *
 * A capability is a property of the virtual machine that a guest may
 * depend on across migration (transactional memory, VSX, the Spectre
 * mitigations, the largest hash page size...).  Every machine version
 * fixes its defaults, so that an old guest configuration keeps seeing the
 * machine it was started on.  The table of versions below gives each the
 * defaults qemu-system-ppc64 7.2 reports for it (read with QMP qom-get on
 * /machine cap-*, one run per version) and the CPU model it defaults to.
 *
 * Values are parsed as qemu-system-ppc64 parses them: on/off (and
 * yes/no/true/false) for booleans, a mode name for the mitigations, a size
 * (4096, 64k, 16M, 16777216) for cap-hpt-max-page-size.  The checks that
 * depend on the CPU and the accelerator run once the whole command line is
 * read (spapr_caps_finish): what TCG cannot do is refused, or warned about
 * where QEMU only warns.  Unlike QEMU we warn only about values the command
 * line asked for, not about the defaults (QEMU's default mitigations draw
 * four warnings on every TCG run; the guest cannot tell either way).
 *
 * The result lives in SpaprConfig.caps; spapr_caps_hpt_max_page_shift()
 * is what the hash MMU's ibm,segment-page-sizes must be restricted to.
 */
#include <string.h>

#include <glib.h>

#include "options.h"
#include "spapr.h"

/* the mode names of cap-cfpc, cap-sbbc (SPAPR_CAP_BROKEN... order) */
static const char *const cap_spec_modes[] = { "broken", "workaround",
                                              "fixed", NULL };
/* cap-ibs: "fixed-ccd" is the count-cache-disabled fix, "fixed-na" a
   processor without the vulnerability */
static const char *const cap_ibs_modes[] = { "broken", "workaround",
                                             "fixed-ibs", "fixed-ccd",
                                             "fixed-na", NULL };

typedef enum SpaprCapKind {
    CAP_KIND_BOOL,
    CAP_KIND_MODE,     /* one of modes[] (case-insensitive) */
    CAP_KIND_PAGESIZE, /* a power-of-two size, stored as its log2 */
} SpaprCapKind;

typedef struct SpaprCapDef {
    const char *name;          /* as on the command line */
    SpaprCapKind kind;
    const char *const *modes;  /* CAP_KIND_MODE */
} SpaprCapDef;

static const SpaprCapDef spapr_cap_defs[SPAPR_CAP_NUM] = {
    [SPAPR_CAP_HTM] = { "cap-htm", CAP_KIND_BOOL, NULL },
    [SPAPR_CAP_VSX] = { "cap-vsx", CAP_KIND_BOOL, NULL },
    [SPAPR_CAP_DFP] = { "cap-dfp", CAP_KIND_BOOL, NULL },
    [SPAPR_CAP_CFPC] = { "cap-cfpc", CAP_KIND_MODE, cap_spec_modes },
    [SPAPR_CAP_SBBC] = { "cap-sbbc", CAP_KIND_MODE, cap_spec_modes },
    [SPAPR_CAP_IBS] = { "cap-ibs", CAP_KIND_MODE, cap_ibs_modes },
    [SPAPR_CAP_HPT_MAXPAGESIZE] = { "cap-hpt-max-page-size",
                                    CAP_KIND_PAGESIZE, NULL },
    [SPAPR_CAP_NESTED_HV] = { "cap-nested-hv", CAP_KIND_BOOL, NULL },
    [SPAPR_CAP_LARGE_DECR] = { "cap-large-decr", CAP_KIND_BOOL, NULL },
    [SPAPR_CAP_CCF_ASSIST] = { "cap-ccf-assist", CAP_KIND_BOOL, NULL },
    [SPAPR_CAP_FWNMI] = { "cap-fwnmi", CAP_KIND_BOOL, NULL },
    [SPAPR_CAP_RPT_INVALIDATE] = { "cap-rpt-invalidate", CAP_KIND_BOOL,
                                   NULL },
    /* QEMU 8.0 and later (pseries-8.0); accepted so that command lines
       written for newer QEMUs run, with QEMU's default (on) */
    [SPAPR_CAP_AIL_MODE_3] = { "cap-ail-mode-3", CAP_KIND_BOOL, NULL },
};

/* ------------------------------------------------------------ versions */

enum { B = SPAPR_CAP_BROKEN, W = SPAPR_CAP_WORKAROUND };

/* defaults: htm vsx dfp cfpc sbbc ibs hpt-max-page-size nested-hv
   large-decr ccf-assist fwnmi rpt-invalidate ail-mode-3 */
#define CAPS(htm, cfpc, sbbc, ibs, hpt, ldecr, ccf, fwnmi)                   \
    { .val = { [SPAPR_CAP_HTM] = htm, [SPAPR_CAP_VSX] = 1,                  \
               [SPAPR_CAP_DFP] = 1, [SPAPR_CAP_CFPC] = cfpc,                \
               [SPAPR_CAP_SBBC] = sbbc, [SPAPR_CAP_IBS] = ibs,              \
               [SPAPR_CAP_HPT_MAXPAGESIZE] = hpt,                           \
               [SPAPR_CAP_LARGE_DECR] = ldecr,                              \
               [SPAPR_CAP_CCF_ASSIST] = ccf, [SPAPR_CAP_FWNMI] = fwnmi,     \
               [SPAPR_CAP_AIL_MODE_3] = 1 } }

/* pseries-2.12 and older allowed every page size (16 GiB: shift 34);
   pseries-2.11 and older offered transactional memory */
#define CAPS_2_11 CAPS(1, B, B, B, 34, 0, 0, 0)
#define CAPS_2_12 CAPS(0, B, B, B, 34, 0, 0, 0)
#define CAPS_3_1 CAPS(0, B, B, B, 16, 0, 0, 0)
#define CAPS_4_2 CAPS(0, W, W, W, 16, 1, 0, 0)
#define CAPS_7_2 CAPS(0, W, W, W, 16, 1, 1, 1)

#define P7 SPAPR_CPU_POWER7
#define P8 SPAPR_CPU_POWER8
#define P9 SPAPR_CPU_POWER9

/* resize-hpt's default: disabled up to pseries-2.9, enabled from 2.10
   (QEMU 7.2's qom-get /machine resize-hpt, one run per version) */
#define RD SPAPR_RESIZE_HPT_DISABLED
#define RE SPAPR_RESIZE_HPT_ENABLED

static const SpaprMachineVersion spapr_versions[] = {
    { "pseries-2.1", P7, CAPS_2_11, RD },  { "pseries-2.2", P7, CAPS_2_11, RD },
    { "pseries-2.3", P7, CAPS_2_11, RD },  { "pseries-2.4", P7, CAPS_2_11, RD },
    { "pseries-2.5", P7, CAPS_2_11, RD },  { "pseries-2.6", P7, CAPS_2_11, RD },
    { "pseries-2.7", P7, CAPS_2_11, RD },  { "pseries-2.8", P8, CAPS_2_11, RD },
    { "pseries-2.9", P8, CAPS_2_11, RD },  { "pseries-2.10", P8, CAPS_2_11, RE },
    { "pseries-2.11", P8, CAPS_2_11, RE }, { "pseries-2.12", P8, CAPS_2_12, RE },
    /* 2.12 with the Spectre/Meltdown mitigations on by default */
    { "pseries-2.12-sxxm", P8,
      { .val = { [SPAPR_CAP_VSX] = 1, [SPAPR_CAP_DFP] = 1,
                 [SPAPR_CAP_CFPC] = W, [SPAPR_CAP_SBBC] = W,
                 [SPAPR_CAP_IBS] = SPAPR_CAP_FIXED_CCD,
                 [SPAPR_CAP_HPT_MAXPAGESIZE] = 34,
                 [SPAPR_CAP_AIL_MODE_3] = 1 } }, RE },
    { "pseries-3.0", P8, CAPS_3_1, RE },   { "pseries-3.1", P8, CAPS_3_1, RE },
    { "pseries-4.0", P9, CAPS_4_2, RE },   { "pseries-4.1", P9, CAPS_4_2, RE },
    { "pseries-4.2", P9, CAPS_4_2, RE },   { "pseries-5.0", P9, CAPS_7_2, RE },
    { "pseries-5.1", P9, CAPS_7_2, RE },   { "pseries-5.2", P9, CAPS_7_2, RE },
    { "pseries-6.0", P9, CAPS_7_2, RE },   { "pseries-6.1", P9, CAPS_7_2, RE },
    { "pseries-6.2", P9, CAPS_7_2, RE },   { "pseries-7.0", P9, CAPS_7_2, RE },
    { "pseries-7.1", P9, CAPS_7_2, RE },   { "pseries-7.2", P9, CAPS_7_2, RE },
};

const SpaprMachineVersion *spapr_machine_version_find(const char *name)
{
    if (strcmp(name, "pseries") == 0) {
        name = SPAPR_MACHINE_LATEST;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(spapr_versions); i++) {
        if (strcmp(spapr_versions[i].name, name) == 0) {
            return &spapr_versions[i];
        }
    }
    return NULL;
}

const SpaprMachineVersion *spapr_machine_version_at(size_t i)
{
    return i < G_N_ELEMENTS(spapr_versions) ? &spapr_versions[i] : NULL;
}

void spapr_machine_version_list(FILE *out)
{
    fprintf(out, "Supported machines are:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(spapr_versions); i++) {
        const char *n = spapr_versions[i].name;

        if (strcmp(n, SPAPR_MACHINE_LATEST) == 0) {
            fprintf(out, "%-20s pSeries Logical Partition (PAPR compliant) "
                    "(alias of %s)\n", "pseries", n);
            fprintf(out, "%-20s pSeries Logical Partition (PAPR compliant) "
                    "(default)\n", n);
        } else {
            fprintf(out, "%-20s pSeries Logical Partition (PAPR "
                    "compliant)\n", n);
        }
    }
}

void spapr_caps_list(FILE *out, const char *machine)
{
    static const char *const helps[SPAPR_CAP_NUM] = {
        [SPAPR_CAP_HTM] = "<bool>  - Allow Hardware Transactional Memory "
                          "(HTM)",
        [SPAPR_CAP_VSX] = "<bool>  - Allow Vector Scalar Extensions (VSX)",
        [SPAPR_CAP_DFP] = "<bool>  - Allow Decimal Floating Point (DFP)",
        [SPAPR_CAP_CFPC] = "<string> - Cache Flush on Privilege Change "
                           "(broken, workaround, fixed)",
        [SPAPR_CAP_SBBC] = "<string> - Speculation Barrier Bounds Checking "
                           "(broken, workaround, fixed)",
        [SPAPR_CAP_IBS] = "<string> - Indirect Branch Speculation (broken, "
                          "workaround, fixed-ibs, fixed-ccd, fixed-na)",
        [SPAPR_CAP_HPT_MAXPAGESIZE] = "<size> - Maximum page size for Hash "
                                      "Page Table guests",
        [SPAPR_CAP_NESTED_HV] = "<bool>  - Allow Nested KVM-HV",
        [SPAPR_CAP_LARGE_DECR] = "<bool>  - Allow Large Decrementer",
        [SPAPR_CAP_CCF_ASSIST] = "<bool>  - Count Cache Flush Assist via HW "
                                 "Instruction",
        [SPAPR_CAP_FWNMI] = "<bool>  - Implements PAPR FWNMI option",
        [SPAPR_CAP_RPT_INVALIDATE] = "<bool> - Allow H_RPT_INVALIDATE",
        [SPAPR_CAP_AIL_MODE_3] = "<bool> - Alternate interrupt location "
                                 "(AIL) mode 3 support",
    };
    static const char *const others[] = {
        "accel=<string>         - the accelerator list (tcg; kvm needs a "
        "POWER host)",
        "dump-guest-core=<bool> - Include guest memory in a core dump",
        "graphics=<bool>        - Set on/off to enable/disable graphics "
        "emulation",
        "kvm-type=<string>      - HV or PR (KVM only)",
        "max-cpu-compat=<string> - Maximum permitted CPU compatibility "
        "mode (power6 .. power10, up to the CPU's own)",
        "mem-merge=<bool>       - Enable/disable memory merge support",
        "resize-hpt=<string>    - Resizing of the Hash Page Table "
        "(default, disabled, enabled, required)",
        "memory-backend=<id>    - Set RAM backend (an -object "
        "memory-backend-*)",
        "usb=<bool>             - Set on/off to enable/disable usb",
    };

    fprintf(out, "%s-machine options:\n", machine);
    for (size_t i = 0; i < SPAPR_CAP_NUM; i++) {
        fprintf(out, "  %s=%s\n", spapr_cap_defs[i].name, helps[i]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(others); i++) {
        fprintf(out, "  %s\n", others[i]);
    }
}

/* ------------------------------------------------------------ values */

static bool cap_bool(const char *s, uint8_t *out)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (strcmp(s, yes[i]) == 0) {
            *out = 1;
            return true;
        }
        if (strcmp(s, no[i]) == 0) {
            *out = 0;
            return true;
        }
    }
    return false;
}

bool spapr_caps_set(SpaprCaps *caps, const char *machine, const char *name,
                    const char *value,
                    char **err)
{
    for (size_t i = 0; i < SPAPR_CAP_NUM; i++) {
        const SpaprCapDef *d = &spapr_cap_defs[i];
        uint64_t size;
        uint8_t v = 0;

        if (strcmp(d->name, name) != 0) {
            continue;
        }
        switch (d->kind) {
        case CAP_KIND_BOOL:
            if (!cap_bool(value, &v)) {
                *err = g_strdup_printf("Parameter '%s' expects 'on' or "
                                       "'off'", name);
                return false;
            }
            break;
        case CAP_KIND_MODE:
            for (v = 0; d->modes[v]; v++) {
                if (g_ascii_strcasecmp(d->modes[v], value) == 0) {
                    break;
                }
            }
            if (!d->modes[v]) {
                *err = g_strdup_printf("Invalid capability mode \"%s\" for "
                                       "%s", value, name);
                return false;
            }
            break;
        case CAP_KIND_PAGESIZE:
            if (!options_parse_size(value, 1, &size)) {
                *err = g_strdup_printf("Parameter '%s' expects size", name);
                return false;
            }
            if (size == 0 || (size & (size - 1)) != 0) {
                *err = g_strdup_printf("%s must be a power of 2", name);
                return false;
            }
            v = (uint8_t)__builtin_ctzll(size);
            break;
        }
        caps->val[i] = v;
        caps->given |= 1u << i;
        return true;
    }
    *err = g_strdup_printf("Property '%s-machine.%s' not found", machine,
                           name);
    return false;
}

/* ------------------------------------------------------------ TCG */

static bool caps_given(const SpaprCaps *caps, SpaprCapId id)
{
    return (caps->given >> id) & 1;
}

static void caps_warn_tcg(const SpaprCaps *caps, SpaprCapId id,
                          const char *value, GPtrArray *warnings)
{
    if (caps_given(caps, id)) {
        g_ptr_array_add(warnings,
                        g_strdup_printf("TCG doesn't support requested "
                                        "feature, %s=%s",
                                        spapr_cap_defs[id].name, value));
    }
}

bool spapr_caps_finish(const SpaprCaps *caps, SpaprCpuModel cpu,
                       GPtrArray *warnings, char **err)
{
    const uint8_t *v = caps->val;
    static const SpaprCapId mitigations[] = { SPAPR_CAP_CFPC,
                                              SPAPR_CAP_SBBC,
                                              SPAPR_CAP_IBS };

    /* POWER7 has no transactional memory: QEMU lets the capability pass
       there; elsewhere TCG has none to give */
    if (v[SPAPR_CAP_HTM] && cpu != SPAPR_CPU_POWER7) {
        *err = g_strdup("No Transactional Memory support in TCG; try "
                        "appending -machine cap-htm=off");
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(mitigations); i++) {
        SpaprCapId id = mitigations[i];
        const char *const *modes = spapr_cap_defs[id].modes;

        if (v[id] != SPAPR_CAP_BROKEN) {
            caps_warn_tcg(caps, id, modes[v[id]], warnings);
        }
    }
    if (v[SPAPR_CAP_HPT_MAXPAGESIZE] < 12) {
        *err = g_strdup("Require at least 4kiB hpt-max-page-size");
        return false;
    }
    if (v[SPAPR_CAP_HPT_MAXPAGESIZE] < 16) {
        g_ptr_array_add(warnings, g_strdup("Many guests require at least "
                                           "64kiB hpt-max-page-size"));
    }
    if (v[SPAPR_CAP_CCF_ASSIST]) {
        caps_warn_tcg(caps, SPAPR_CAP_CCF_ASSIST, "on", warnings);
    }
    if (v[SPAPR_CAP_NESTED_HV] && cpu != SPAPR_CPU_POWER9) {
        *err = g_strdup("Nested-HV only supported on POWER9 and later; try "
                        "appending -machine cap-nested-hv=off");
        return false;
    }
    if (v[SPAPR_CAP_LARGE_DECR] && cpu != SPAPR_CPU_POWER9 &&
        caps_given(caps, SPAPR_CAP_LARGE_DECR)) {
        *err = g_strdup("Large decrementer only supported on POWER9; try "
                        "-cpu POWER9");
        return false;
    }
    if (v[SPAPR_CAP_RPT_INVALIDATE]) {
        *err = g_strdup("No H_RPT_INVALIDATE support in TCG; try appending "
                        "-machine cap-rpt-invalidate=off");
        return false;
    }
    return true;
}

bool spapr_resize_hpt_parse(const char *value, SpaprResizeHpt *out)
{
    static const char *const names[] = {
        [SPAPR_RESIZE_HPT_DEFAULT] = "default",
        [SPAPR_RESIZE_HPT_DISABLED] = "disabled",
        [SPAPR_RESIZE_HPT_ENABLED] = "enabled",
        [SPAPR_RESIZE_HPT_REQUIRED] = "required",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (strcmp(value, names[i]) == 0) {
            *out = (SpaprResizeHpt)i;
            return true;
        }
    }
    return false;
}

unsigned spapr_caps_hpt_max_page_shift(const SpaprCaps *caps)
{
    return caps->val[SPAPR_CAP_HPT_MAXPAGESIZE];
}
