/*
 * system/options-json.c: the JSON form of -object, -device, -netdev,
 * -blockdev and -audiodev, as libvirt and QEMU's own tests write them
 * (-object '{"qom-type":"memory-backend-ram","id":"ram","size":2147483648}').
 *
 * QEMU takes an argument that starts with '{' as one JSON object and the
 * dotted key=value list as another spelling of the same tree.  We go the
 * other way: the object is flattened into the key=value list that the
 * option's own parser already reads, so that both spellings meet one set
 * of checks and messages.  The option's type key (qom-type, driver, type)
 * becomes the list's leading bare item; nested objects become dotted keys
 * (-blockdev's "file":{"driver":"file","filename":F} is file.driver=file,
 * file.filename=F); true/false become on/off; commas in strings are
 * doubled.  Arrays and null have no key=value spelling here and are
 * refused as QEMU refuses a member it does not expect.
 */
#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "system/options-int.h"

/* the options that take the JSON form, and the key their list leads with
   (NULL: every member is key=value) */
static const struct {
    const char *opt;
    const char *type_key;
} json_options[] = {
    { "object", "qom-type" },
    { "device", "driver" },
    { "netdev", "type" },
    { "audiodev", "driver" },
    { "blockdev", NULL },
};

static void kv_append_value(GString *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == ',') {
            g_string_append_c(out, ',');
        }
        g_string_append_c(out, *p);
    }
}

/* appends "prefix.key=value" for each member of obj; false and *err on a
   member that has no key=value spelling */
static bool kv_flatten(GString *out, const JsonNode *obj, const char *prefix,
                       const char *skip, char **err)
{
    for (guint i = 0; i < obj->keys->len; i++) {
        const char *k = g_ptr_array_index(obj->keys, i);
        const JsonNode *v = g_ptr_array_index(obj->items, i);
        char *key = prefix ? g_strdup_printf("%s.%s", prefix, k)
                           : g_strdup(k);
        bool ok = true;

        if (skip && !prefix && strcmp(k, skip) == 0) {
            g_free(key);
            continue;
        }
        if (v->type == JSON_OBJECT) {
            ok = kv_flatten(out, v, key, NULL, err);
            g_free(key);
            if (!ok) {
                return false;
            }
            continue;
        }
        if (v->type == JSON_ARRAY || v->type == JSON_NULL) {
            *err = g_strdup_printf("Parameter '%s' is unexpected", key);
            g_free(key);
            return false;
        }
        if (out->len) {
            g_string_append_c(out, ',');
        }
        kv_append_value(out, key);
        g_string_append_c(out, '=');
        if (v->type == JSON_STRING) {
            kv_append_value(out, v->str);
        } else if (v->type == JSON_BOOL) {
            g_string_append(out, v->b ? "on" : "off");
        } else if (v->is_int) {
            g_string_append_printf(out, "%" PRId64, v->i);
        } else {
            g_string_append_printf(out, "%.17g", v->num);
        }
        g_free(key);
    }
    return true;
}

char *options_json_to_keyval(const char *arg, const char *type_key,
                             char **err)
{
    JsonNode *n = json_parse(arg, strlen(arg), err);
    GString *out;
    const JsonNode *type = NULL;

    if (!n) {
        return NULL;
    }
    if (n->type != JSON_OBJECT) {
        json_free(n);
        *err = g_strdup("JSON parse error, expected an object");
        return NULL;
    }
    if (type_key) {
        type = json_get(n, type_key);
        if (!type) {
            json_free(n);
            *err = g_strdup_printf("Parameter '%s' is missing", type_key);
            return NULL;
        }
        if (type->type != JSON_STRING) {
            json_free(n);
            *err = g_strdup_printf("Invalid parameter type for '%s', "
                                   "expected: string", type_key);
            return NULL;
        }
    }
    out = g_string_new(NULL);
    if (type) {
        kv_append_value(out, type->str);
    }
    if (!kv_flatten(out, n, NULL, type_key, err)) {
        json_free(n);
        g_string_free(out, TRUE);
        return NULL;
    }
    json_free(n);
    /* a type alone: "TYPE" is already the list */
    return g_string_free(out, FALSE);
}

bool options_json_arg(OptCtx *c, const char *name, char **converted)
{
    char *e = NULL;

    *converted = NULL;
    if (!c->arg || c->arg[0] != '{') {
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(json_options); i++) {
        if (strcmp(name, json_options[i].opt) != 0) {
            continue;
        }
        *converted = options_json_to_keyval(c->arg, json_options[i].type_key,
                                            &e);
        if (!*converted) {
            opt_error(c, "%s", e);
            g_free(e);
            return false;
        }
        return true;
    }
    return true;
}
