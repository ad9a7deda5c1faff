/* exec-probe: the line clonesh-probe (src/probe/) writes about its own
 * process after the child's execve, parsed; and what execve kept, reset or
 * closed, each verdict made of the child's state before (its own report)
 * and the probe's after, both measured. */
#ifndef CLONESH_EXEC_REPORT_H
#define CLONESH_EXEC_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "observation.h"

#define EXEC_REPORT_PREFIX "clonesh-probe 1 "

/* Parses one line of the probe (len bytes, no newline) into r: true when it
 * is a whole report, false (r then undefined) otherwise. */
bool exec_report_parse(const char *line, size_t len, struct exec_report *r);

/* Takes the report of the probe that ran as pid out of o's output into
 * o->exec.after (the line leaves the output, the rest stays): true when
 * one was there. */
bool exec_report_take(struct observation *o, long pid);

/* A verdict: -1 not measured (o->exec.why says why, or the child's act
 * could not set it up), 0 reset, closed or changed, 1 kept. */
int exec_fd_kept(const struct observation *o, bool cloexec);
int exec_sig_kept(const struct observation *o, int which);	/* 0 handled, 1 ignored, 2 blocked */
int exec_cwd_kept(const struct observation *o);
int exec_umask_kept(const struct observation *o);
int exec_ids_kept(const struct observation *o);
int exec_pid_kept(const struct observation *o);
/* The old memory: 1 the marker still at its address, 0 not (a new address
 * space), -1 not measured. */
int exec_memory_kept(const struct observation *o);

/* The disposition of signal sig after the exec, -1 when not measured. */
int exec_disposition_after(const struct observation *o, int sig);

#endif
