/* What the acts share: tiny helpers for the child that call no libc (no
 * errno, no locale, no malloc), so they are safe in any child; see rawsys.h. */
#ifndef CLONESH_ACT_H
#define CLONESH_ACT_H

#include <stddef.h>

#include "funcs.h"

size_t act_strlen(const char *s);
/* Append decimal v, or s, to buf at *pos, always terminated. */
void act_put_long(char *buf, size_t size, size_t *pos, long v);
void act_put_str(char *buf, size_t size, size_t *pos, const char *s);
/* "pid P<sep>tid T<sep>ppid Q", as the child sees them, appended to buf. */
void act_put_ids(char *buf, size_t size, size_t *pos, const char *sep);
/* All of len bytes to fd, as far as write(2) takes them. */
void act_write(int fd, const char *s, size_t len);
/* Records that call failed with r (-errno) in the report; returns r. */
long act_fail(struct child_ctx *ctx, const char *call, long r);
/* The act of a function that only acts after the release, and the finish
 * of one that returns 0. */
long act_nothing(struct child_ctx *ctx);
int act_finish_zero(struct child_ctx *ctx);

#endif
