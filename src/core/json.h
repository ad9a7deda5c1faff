/* A small streaming JSON writer: enough for report --json. */
#ifndef CLONESH_JSON_H
#define CLONESH_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct output;

/* Called for every scalar written, with its dotted path ("effects.fds.3.fd")
 * and its value as JSON text ("4", "true", "null", or the unquoted string). */
typedef void (*json_leaf_fn)(void *data, const char *path, const char *value, bool is_string);

struct json {
	struct output *out;	/* NULL: write nothing, only report leaves */
	int depth;
	bool need_comma[32];
	json_leaf_fn leaf;
	void *leaf_data;
	char path[256];		/* the path of the container being written */
	size_t path_len[32];	/* path's length at each depth */
	int index[32];		/* the next element's number in an array, -1 in an object */
};

void json_init(struct json *j, struct output *out);
/* Reports every scalar to fn as it is written. */
void json_set_leaf(struct json *j, json_leaf_fn fn, void *data);
void json_begin_object(struct json *j, const char *key);	/* key NULL inside arrays / at top */
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
void json_string(struct json *j, const char *key, const char *s);	/* s NULL -> null */
void json_int(struct json *j, const char *key, long long v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* v when known, else null. */
void json_int_if(struct json *j, const char *key, bool known, long long v);
/* -1 -> null, 0 -> false, 1 -> true */
void json_tri(struct json *j, const char *key, int v);
/* Writes len bytes of s to out as one JSON string, NUL bytes included; bytes
 * that are not UTF-8 become U+FFFD. */
void json_quote_to(struct output *out, const char *s, size_t len);

#endif
