/* A small streaming JSON writer: enough for report --json. */
#ifndef CLONESH_JSON_H
#define CLONESH_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct output;

struct json {
	struct output *out;
	int depth;
	bool need_comma[32];
};

void json_init(struct json *j, struct output *out);
void json_begin_object(struct json *j, const char *key);	/* key NULL inside arrays / at top */
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
void json_string(struct json *j, const char *key, const char *s);	/* s NULL -> null */
void json_int(struct json *j, const char *key, long long v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* -1 -> null, 0 -> false, 1 -> true */
void json_tri(struct json *j, const char *key, int v);

#endif
