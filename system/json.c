/*
 * system/json.c: the JSON QMP needs (RFC 8259): a recursive-descent
 * reader into a small tree, and string quoting for the writer side
 * (include/json.h).  Errors say what QEMU's parser says for the same
 * input where the cases are common ("invalid keyword 'bad'").
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"

typedef struct JsonReader {
    const char *p, *end;
    char *err;
    int depth;
} JsonReader;

#define JSON_MAX_DEPTH 64

static void json_ws(JsonReader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
                             *r->p == '\n' || *r->p == '\r')) {
        r->p++;
    }
}

static JsonNode *json_new(JsonType t)
{
    JsonNode *n = g_new0(JsonNode, 1);
    n->type = t;
    if (t == JSON_ARRAY || t == JSON_OBJECT) {
        n->items = g_ptr_array_new_with_free_func((GDestroyNotify)json_free);
    }
    if (t == JSON_OBJECT) {
        n->keys = g_ptr_array_new_with_free_func(g_free);
    }
    return n;
}

void json_free(JsonNode *n)
{
    if (!n) {
        return;
    }
    g_free(n->str);
    if (n->items) {
        g_ptr_array_free(n->items, TRUE);
    }
    if (n->keys) {
        g_ptr_array_free(n->keys, TRUE);
    }
    g_free(n);
}

static JsonNode *json_value(JsonReader *r);

static void json_fail(JsonReader *r, char *msg)
{
    if (!r->err) {
        r->err = msg;
    } else {
        g_free(msg);
    }
}

static void json_utf8(GString *s, unsigned cp)
{
    char buf[8];
    gint n = g_unichar_to_utf8(cp, buf);
    g_string_append_len(s, buf, n);
}

static char *json_string(JsonReader *r)
{
    GString *s = g_string_new(NULL);
    char quote = *r->p++;

    while (r->p < r->end && *r->p != quote) {
        char c = *r->p++;
        if ((unsigned char)c < 0x20) {
            json_fail(r, g_strdup("JSON parse error, control character in "
                                  "string"));
            break;
        }
        if (c != '\\') {
            g_string_append_c(s, c);
            continue;
        }
        if (r->p >= r->end) {
            break;
        }
        c = *r->p++;
        switch (c) {
        case '"': case '\\': case '/': case '\'':
            g_string_append_c(s, c);
            break;
        case 'b': g_string_append_c(s, '\b'); break;
        case 'f': g_string_append_c(s, '\f'); break;
        case 'n': g_string_append_c(s, '\n'); break;
        case 'r': g_string_append_c(s, '\r'); break;
        case 't': g_string_append_c(s, '\t'); break;
        case 'u': {
            unsigned cp = 0;
            for (int i = 0; i < 4; i++) {
                int d = r->p < r->end ? g_ascii_xdigit_value(*r->p++) : -1;
                if (d < 0) {
                    json_fail(r, g_strdup("JSON parse error, invalid "
                                          "escape sequence in string"));
                    break;
                }
                cp = cp << 4 | (unsigned)d;
            }
            json_utf8(s, cp);
            break;
        }
        default:
            json_fail(r, g_strdup("JSON parse error, invalid escape "
                                  "sequence in string"));
        }
    }
    if (r->p >= r->end) {
        json_fail(r, g_strdup("JSON parse error, missing closing quote"));
    } else {
        r->p++;
    }
    return g_string_free(s, false);
}

static JsonNode *json_container(JsonReader *r, bool object)
{
    JsonNode *n = json_new(object ? JSON_OBJECT : JSON_ARRAY);
    char close = object ? '}' : ']';

    if (++r->depth > JSON_MAX_DEPTH) {
        json_fail(r, g_strdup("JSON nesting depth limit exceeded"));
        return n;
    }
    r->p++;
    json_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        r->depth--;
        return n;
    }
    while (!r->err) {
        json_ws(r);
        if (object) {
            if (r->p >= r->end || (*r->p != '"' && *r->p != '\'')) {
                JsonNode *bad = json_value(r);
                json_free(bad);
                json_fail(r, g_strdup("JSON parse error, key is not a "
                                      "string in object"));
                break;
            }
            g_ptr_array_add(n->keys, json_string(r));
            json_ws(r);
            if (r->p >= r->end || *r->p != ':') {
                json_fail(r, g_strdup("JSON parse error, missing : in "
                                      "object pair"));
                break;
            }
            r->p++;
        }
        g_ptr_array_add(n->items, json_value(r));
        json_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            break;
        }
        json_fail(r, g_strdup_printf("JSON parse error, expecting ',' or "
                                     "'%c'", close));
    }
    r->depth--;
    return n;
}

static JsonNode *json_value(JsonReader *r)
{
    json_ws(r);
    if (r->err) {
        return NULL;
    }
    if (r->p >= r->end) {
        json_fail(r, g_strdup("JSON parse error, expecting value"));
        return NULL;
    }
    switch (*r->p) {
    case '{':
        return json_container(r, true);
    case '[':
        return json_container(r, false);
    case '"':
    case '\'': {
        JsonNode *n = json_new(JSON_STRING);
        n->str = json_string(r);
        return n;
    }
    }
    if (*r->p == '-' || g_ascii_isdigit(*r->p)) {
        char *end;
        const char *start = r->p;
        JsonNode *n = json_new(JSON_NUMBER);
        n->num = g_ascii_strtod(start, &end);
        n->is_int = strcspn(start, ".eE") >= (size_t)(end - start);
        if (n->is_int) {
            n->i = g_ascii_strtoll(start, NULL, 10);
        }
        r->p = end;
        return n;
    }
    /* a keyword: true, false, null, or QEMU's "invalid keyword" */
    size_t len = 0;
    while (r->p + len < r->end && g_ascii_isalpha(r->p[len])) {
        len++;
    }
    if (len == 4 && strncmp(r->p, "true", 4) == 0) {
        r->p += 4;
        JsonNode *n = json_new(JSON_BOOL);
        n->b = true;
        return n;
    }
    if (len == 5 && strncmp(r->p, "false", 5) == 0) {
        r->p += 5;
        return json_new(JSON_BOOL);
    }
    if (len == 4 && strncmp(r->p, "null", 4) == 0) {
        r->p += 4;
        return json_new(JSON_NULL);
    }
    if (len == 0) {
        len = 1;
    }
    json_fail(r, g_strdup_printf("JSON parse error, invalid keyword '%.*s'",
                                 (int)len, r->p));
    return NULL;
}

JsonNode *json_parse(const char *text, size_t len, char **err)
{
    JsonReader r = { .p = text, .end = text + len };
    JsonNode *n = json_value(&r);

    json_ws(&r);
    if (!r.err && r.p != r.end) {
        json_fail(&r, g_strdup("JSON parse error, trailing characters"));
    }
    if (r.err) {
        json_free(n);
        *err = r.err;
        return NULL;
    }
    return n;
}

JsonNode *json_get(const JsonNode *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT) {
        return NULL;
    }
    for (guint i = 0; i < obj->keys->len; i++) {
        if (strcmp(g_ptr_array_index(obj->keys, i), key) == 0) {
            return g_ptr_array_index(obj->items, i);
        }
    }
    return NULL;
}

void json_append_string(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        case '\t': g_string_append(out, "\\t"); break;
        default:
            if (*p < 0x20) {
                g_string_append_printf(out, "\\u%04x", *p);
            } else {
                g_string_append_c(out, (char)*p);
            }
        }
    }
    g_string_append_c(out, '"');
}

/* the value again as JSON (QEMU echoes "id" back as it came) */
void json_append(GString *out, const JsonNode *n)
{
    switch (n->type) {
    case JSON_NULL: g_string_append(out, "null"); break;
    case JSON_BOOL: g_string_append(out, n->b ? "true" : "false"); break;
    case JSON_NUMBER:
        if (n->is_int) {
            g_string_append_printf(out, "%" G_GINT64_FORMAT, n->i);
        } else {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            g_string_append(out, g_ascii_dtostr(buf, sizeof(buf), n->num));
        }
        break;
    case JSON_STRING: json_append_string(out, n->str); break;
    case JSON_ARRAY:
    case JSON_OBJECT:
        g_string_append_c(out, n->type == JSON_ARRAY ? '[' : '{');
        for (guint i = 0; i < n->items->len; i++) {
            if (i) {
                g_string_append(out, ", ");
            }
            if (n->type == JSON_OBJECT) {
                json_append_string(out, g_ptr_array_index(n->keys, i));
                g_string_append(out, ": ");
            }
            json_append(out, g_ptr_array_index(n->items, i));
        }
        g_string_append_c(out, n->type == JSON_ARRAY ? ']' : '}');
        break;
    }
}
