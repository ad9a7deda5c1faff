/* Helpers shared by the modules: strings, files, memory a fork does not copy. */
#ifndef CLONESH_UTIL_H
#define CLONESH_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* For code the sanitizers must leave alone: a child that divides by zero or
 * writes through NULL on purpose, so that the kernel's signal is what the
 * learner sees (UBSan would report it and carry on), or code that runs on a
 * stack ASan did not set up. */
#define NO_SANITIZE __attribute__((no_sanitize("address", "undefined")))

/* Copies with truncation, always terminated; returns dst. */
char *str_copy(char *dst, const char *src, size_t size);
/* Appends with truncation, always terminated. */
void str_append(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Copies src, or when it does not fit "…" and the longest tail of it that
 * does, cut at a UTF-8 character boundary (a path's end, " (deleted)"
 * included, says the most); always terminated; returns dst. */
char *str_copy_tail(char *dst, const char *src, size_t size);
bool str_prefix(const char *s, const char *prefix);
bool str_suffix(const char *s, const char *suffix);
/* Levenshtein distance, case-insensitive, capped at 99. */
int str_distance(const char *a, const char *b);
/* Byte offset of the first invalid UTF-8 sequence, or -1 when valid. */
long utf8_invalid_at(const char *s, size_t len);
/* Memory a forked process does not inherit (MADV_DONTFORK): for the
 * session's history, which every lab fork would otherwise copy page table
 * entry by entry.  NULL when out of memory; free with nofork_free. */
void *nofork_alloc(size_t size);
/* The machine's page size (4096 on x86-64; 16K or 64K on some aarch64). */
size_t page_size(void);
void nofork_free(void *p, size_t size);

/* Reads a small file into buf (terminated); bytes read or -1. */
long file_read(const char *path, char *buf, size_t size);
/* file_read for a text file of /proc (a seq_file), which gives in one read
 * all it has when it fits: a short read ends it. */
long proc_text_read(const char *path, char *buf, size_t size);
/* The value of "Key:" in a /proc status-like text, or NULL. */
const char *status_field(const char *text, const char *key, char *buf, size_t size);

/* The directory that the file NAME beside this binary names: a build tree
 * writes "lesson-dir" and "sample-dir" there (found through /proc/self/exe)
 * and never installs them.  buf, or NULL when there is none. */
const char *build_tree_dir(const char *name, char *buf, size_t size);

#endif
