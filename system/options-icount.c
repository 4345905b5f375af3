/*
 * system/options-icount.c: -icount [shift=]N|auto[,sleep=on|off]
 * [,align=on|off] (accel/tcg/icount.c runs it), with QEMU's texts for
 * what it refuses.
 *
 * As in QEMU, an -icount without shift= leaves the instruction clock
 * off (align= then wants a shift), shift is 0..10 or auto, and align=on
 * cannot go with sleep=off.  Record/replay (rr=record|replay, rrfile=,
 * rrsnapshot=) is not there: rr= is refused in one line.  The checks
 * that need the whole line (one vCPU, no thread=multi) run at the end.
 */
#include <string.h>

#include <glib.h>

#include "system/options-int.h"

static bool icount_shift(OptCtx *c, const char *v, ICountConfig *ic)
{
    char *end = NULL;
    gint64 n;

    if (strcmp(v, "auto") == 0) {
        ic->autoshift = true;
        ic->shift = ICOUNT_AUTO_START_SHIFT;
        return true;
    }
    n = g_ascii_strtoll(v, &end, 0);
    if (*v == '\0' || end == v || *end != '\0' || n < 0 ||
        n > ICOUNT_MAX_SHIFT) {
        return opt_error(c, "icount: Invalid shift value");
    }
    ic->autoshift = false;
    ic->shift = (uint8_t)n;
    return true;
}

bool opt_icount(OptCtx *c)
{
    ICountConfig ic = { .sleep = true };
    bool has_shift = false, has_align = false;
    GArray *kvs = keyval_parse(c, c->arg ? c->arg : "", "shift");
    bool ok = kvs != NULL;

    for (guint i = 0; ok && i < kvs->len; i++) {
        const KeyVal *kv = &g_array_index(kvs, KeyVal, i);

        if (strcmp(kv->key, "shift") == 0) {
            ok = icount_shift(c, kv->value, &ic);
            has_shift = true;
        } else if (strcmp(kv->key, "sleep") == 0 ||
                   strcmp(kv->key, "align") == 0) {
            bool *b = kv->key[0] == 's' ? &ic.sleep : &ic.align;
            if (!parse_bool(kv->value, b)) {
                ok = opt_error(c, "Parameter '%s' expects 'on' or 'off'",
                               kv->key);
            }
            has_align |= kv->key[0] == 'a';
        } else if (strcmp(kv->key, "rr") == 0) {
            ok = opt_error(c, "record/replay (rr=) is not supported");
        } else if (strcmp(kv->key, "rrfile") != 0 &&
                   strcmp(kv->key, "rrsnapshot") != 0) {
            ok = opt_error(c, "Invalid parameter '%s'", kv->key);
        }
    }
    if (kvs) {
        keyval_free(kvs);
    }
    if (!ok) {
        return false;
    }
    if (!has_shift) {
        /* QEMU: no shift, no instruction clock */
        if (has_align) {
            return opt_error(c, "Please specify shift option when using "
                                "align");
        }
        c->o->machine.icount = (ICountConfig){ 0 };
        return true;
    }
    if (ic.align && !ic.sleep) {
        return opt_error(c, "align=on and sleep=off are incompatible");
    }
    ic.on = true;
    c->o->machine.icount = ic;
    g_free(c->o->icount_arg);
    c->o->icount_arg = c->arg ? g_strdup_printf("%s %s", c->opt, c->arg)
                              : g_strdup(c->opt);
    return true;
}

bool options_finish_icount(PowerjitOptions *o, char **err)
{
    const SpaprConfig *mc = &o->machine;

    if (!mc->icount.on) {
        return true;
    }
    if (mc->thread_given && mc->mttcg) {
        /* QEMU's words */
        *err = g_strdup_printf("%s: No MTTCG when icount is enabled",
                               o->accel_thread_arg ? o->accel_thread_arg
                                                   : "-accel tcg,thread=multi");
        return false;
    }
    if (mc->smp_cpus > 1) {
        *err = g_strdup_printf("%s: icount with more than one vCPU is not "
                               "supported (-smp %u)", o->icount_arg,
                               mc->smp_cpus);
        return false;
    }
    return true;
}
