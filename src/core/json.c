#include "config.h"

#include <stdio.h>
#include <string.h>

#include "json.h"
#include "output.h"
#include "util.h"

#define JSON_MAX_DEPTH ((int)ARRAY_SIZE(((struct json *)0)->need_comma))

void
json_init(struct json *j, struct output *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->index[0] = -1;
}

void
json_set_leaf(struct json *j, json_leaf_fn fn, void *data)
{
	j->leaf = fn;
	j->leaf_data = data;
}

static void
json_raw(struct json *j, const char *s)
{
	if (j->out)
		out_write(j->out, s, strlen(s));
}

/* The path of the value about to be written at this depth, in buf. */
static void
json_child_path(struct json *j, const char *key, char *buf, size_t size)
{
	int d = j->depth < JSON_MAX_DEPTH ? j->depth : JSON_MAX_DEPTH - 1;
	const char *sep = j->path[0] ? "." : "";
	int n;
	if (key)
		n = snprintf(buf, size, "%s%s%s", j->path, sep, key);
	else if (d > 0 && j->index[d] >= 0)
		n = snprintf(buf, size, "%s%s%d", j->path, sep, j->index[d]);
	else
		n = snprintf(buf, size, "%s", j->path);
	if (n < 0 || (size_t)n >= size)
		buf[size - 1] = '\0';	/* paths are short; a long one is cut */
}

static void
json_report(struct json *j, const char *key, const char *value, bool is_string)
{
	int d = j->depth < JSON_MAX_DEPTH ? j->depth : JSON_MAX_DEPTH - 1;
	if (j->leaf) {
		char path[256];
		json_child_path(j, key, path, sizeof(path));
		j->leaf(j->leaf_data, path, value, is_string);
	}
	if (!key && j->index[d] >= 0)
		j->index[d]++;
}

/* Writes s as a JSON string; bytes that are not UTF-8 become U+FFFD so the
 * document stays valid whatever a child wrote. */
static void
json_quote(struct json *j, const char *s)
{
	if (j->out)
		json_quote_to(j->out, s, strlen(s));
}

void
json_quote_to(struct output *out, const char *s, size_t len)
{
	size_t i = 0;

	out_write(out, "\"", 1);
	while (i < len) {
		size_t run = 0;
		while (i + run < len) {
			unsigned char c = (unsigned char)s[i + run];
			if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f || c >= 0x80)
				break;
			run++;
		}
		if (run) {
			out_write(out, s + i, run);
			i += run;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		const char *e = esc;
		if (c >= 0x80) {
			long bad = utf8_invalid_at(s + i, len - i);
			if (bad == 0) {
				out_write(out, "\\ufffd", 6);
				i++;
				continue;
			}
			size_t n = bad < 0 ? len - i : (size_t)bad;
			size_t k = 0;
			while (k < n && (unsigned char)s[i + k] >= 0x80)
				k++;
			out_write(out, s + i, k);
			i += k;
			continue;
		}
		switch (c) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			break;
		}
		out_write(out, e, strlen(e));
		i++;
	}
	out_write(out, "\"", 1);
}

/* The comma and key before a value at the current depth. */
static void
json_prefix(struct json *j, const char *key)
{
	int d = j->depth < JSON_MAX_DEPTH ? j->depth : JSON_MAX_DEPTH - 1;

	if (j->need_comma[d])
		json_raw(j, ",");
	j->need_comma[d] = true;
	if (key) {
		json_quote(j, key);
		json_raw(j, ":");
	}
}

static void
json_open(struct json *j, const char *key, const char *bracket)
{
	char path[256];
	int d = j->depth < JSON_MAX_DEPTH ? j->depth : JSON_MAX_DEPTH - 1;

	json_child_path(j, key, path, sizeof(path));
	if (!key && j->index[d] >= 0)
		j->index[d]++;
	json_prefix(j, key);
	json_raw(j, bracket);
	j->depth++;
	if (j->depth < JSON_MAX_DEPTH) {
		j->need_comma[j->depth] = false;
		j->path_len[j->depth] = strlen(j->path);
		j->index[j->depth] = bracket[0] == '[' ? 0 : -1;
	}
	str_copy(j->path, path, sizeof(j->path));
}

static void
json_close(struct json *j, const char *bracket)
{
	json_raw(j, bracket);
	if (j->depth > 0) {
		if (j->depth < JSON_MAX_DEPTH)
			j->path[j->path_len[j->depth]] = '\0';
		j->depth--;
	}
}

void
json_begin_object(struct json *j, const char *key)
{
	json_open(j, key, "{");
}

void
json_end_object(struct json *j)
{
	json_close(j, "}");
}

void
json_begin_array(struct json *j, const char *key)
{
	json_open(j, key, "[");
}

void
json_end_array(struct json *j)
{
	json_close(j, "]");
}

void
json_string(struct json *j, const char *key, const char *s)
{
	json_prefix(j, key);
	if (s)
		json_quote(j, s);
	else
		json_raw(j, "null");
	json_report(j, key, s ? s : "null", s != NULL);
}

void
json_int(struct json *j, const char *key, long long v)
{
	char buf[32];

	json_prefix(j, key);
	snprintf(buf, sizeof(buf), "%lld", v);
	json_raw(j, buf);
	json_report(j, key, buf, false);
}

void
json_bool(struct json *j, const char *key, bool v)
{
	json_prefix(j, key);
	json_raw(j, v ? "true" : "false");
	json_report(j, key, v ? "true" : "false", false);
}

void
json_null(struct json *j, const char *key)
{
	json_prefix(j, key);
	json_raw(j, "null");
	json_report(j, key, "null", false);
}

void
json_tri(struct json *j, const char *key, int v)
{
	if (v < 0)
		json_null(j, key);
	else
		json_bool(j, key, v != 0);
}

void
json_int_if(struct json *j, const char *key, bool known, long long v)
{
	if (known)
		json_int(j, key, v);
	else
		json_null(j, key);
}
