/*
 * hw-spapr/caps.c: the pseries capability options (-machine cap-NAME=...).
 *
 * Command lines written for qemu-system-ppc64 often pin capabilities
 * (cap-htm=off, cap-cfpc=broken...).  They are accepted here with QEMU's
 * value vocabulary and QEMU's TCG verdicts: a warning where TCG cannot
 * provide the requested mitigation, an error for transactional memory.
 * None of them changes the machine yet.
 */
#include <string.h>

#include <glib.h>

#include "spapr.h"

static const char *const cap_bool[] = { "on", "off", NULL };
static const char *const cap_spec[] = { "broken", "workaround", "fixed",
                                        NULL };
static const char *const cap_ibs[] = { "broken", "workaround", "fixed-ibs",
                                       "fixed-ccd", "fixed-na", NULL };
static const char *const cap_page_size[] = { "4k", "4K", "64k", "64K",
                                             "16m", "16M", NULL };

/* values that are security-mitigation requests TCG cannot honour */
static const char *const cap_mitigations[] = { "workaround", "fixed",
                                               "fixed-ibs", "fixed-ccd",
                                               "fixed-na", NULL };
static const char *const cap_on[] = { "on", NULL };

typedef struct SpaprCapDef {
    const char *name;            /* as on the command line */
    const char *const *values;   /* the accepted values */
    const char *const *tcg_warn; /* values that get a warning under TCG */
    const char *tcg_error;       /* a value TCG refuses, with its message */
    const char *tcg_error_msg;
} SpaprCapDef;

static const SpaprCapDef spapr_caps[] = {
    { "cap-htm", cap_bool, NULL, "on",
      "no transactional memory support in TCG (use cap-htm=off)" },
    { "cap-vsx", cap_bool, NULL, NULL, NULL },
    { "cap-dfp", cap_bool, NULL, NULL, NULL },
    { "cap-cfpc", cap_spec, cap_mitigations, NULL, NULL },
    { "cap-sbbc", cap_spec, cap_mitigations, NULL, NULL },
    { "cap-ibs", cap_ibs, cap_mitigations, NULL, NULL },
    { "cap-hpt-max-page-size", cap_page_size, NULL, NULL, NULL },
    { "cap-nested-hv", cap_bool, NULL, NULL, NULL },
    { "cap-large-decr", cap_bool, NULL, NULL, NULL },
    { "cap-ccf-assist", cap_bool, cap_on, NULL, NULL },
    { "cap-fwnmi", cap_bool, NULL, NULL, NULL },
    { "cap-rpt-invalidate", cap_bool, NULL, NULL, NULL },
    { "cap-ail-mode-3", cap_bool, NULL, NULL, NULL },
};

static bool cap_in(const char *const *list, const char *value)
{
    for (; list && *list; list++) {
        if (strcmp(*list, value) == 0) {
            return true;
        }
    }
    return false;
}

bool spapr_cap_check(const char *name, const char *value, char **warning,
                     char **err)
{
    *warning = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(spapr_caps); i++) {
        const SpaprCapDef *c = &spapr_caps[i];

        if (strcmp(c->name, name) != 0) {
            continue;
        }
        if (!cap_in(c->values, value)) {
            char *list = g_strjoinv(", ", (char **)c->values);
            *err = g_strdup_printf("%s expects one of: %s", name, list);
            g_free(list);
            return false;
        }
        if (c->tcg_error && strcmp(c->tcg_error, value) == 0) {
            *err = g_strdup(c->tcg_error_msg);
            return false;
        }
        if (cap_in(c->tcg_warn, value)) {
            *warning = g_strdup_printf("TCG doesn't support requested "
                                       "feature, %s=%s", name, value);
        }
        return true;
    }
    *err = g_strdup_printf("property '%s' not found", name);
    return false;
}
