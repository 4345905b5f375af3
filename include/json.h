/*
 * system/json.c: a JSON reader into a tree, and the writer's quoting, for
 * QMP.
 */
#ifndef POWERJIT_JSON_H
#define POWERJIT_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

typedef enum JsonType {
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} JsonType;

typedef struct JsonNode {
    JsonType type;
    bool b;
    double num;
    bool is_int;      /* a number without fraction or exponent: i */
    int64_t i;
    char *str;
    GPtrArray *items; /* array elements, object values (JsonNode *) */
    GPtrArray *keys;  /* object keys (char *), parallel to items */
} JsonNode;

/* one value filling text[0..len); NULL and *err (g_free) on error */
JsonNode *json_parse(const char *text, size_t len, char **err);
void json_free(JsonNode *n);
/* an object's member, or NULL */
JsonNode *json_get(const JsonNode *obj, const char *key);
void json_append_string(GString *out, const char *s);
void json_append(GString *out, const JsonNode *n);

#endif
