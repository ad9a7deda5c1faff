/* The maker (lab/ only): a process of the lab program (clonesh-lab), or a
 * copy of clonesh where that cannot run, started when the lab starts, that
 * forks each standby lab on clonesh's behalf.  See maker.c. */
#ifndef CLONESH_MAKER_H
#define CLONESH_MAKER_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <sys/types.h>

/* What a standby runs once made: its shared block, and the write end of
 * the pipe that is its stdout and stderr. */
typedef void (*maker_standby_fn)(void *map, int outfd);

/* Forks the maker, which runs the lab program (clonesh-lab, maker.c) with
 * clonesh's pid, the experiments' CPU, comm (the name a lab takes from its
 * standby) and layout (lab_layout's words, which the program checks);
 * where that program cannot be run, the forked copy of clonesh is the
 * maker, and runs standby_main in every lab it makes.  False when it could
 * not fork (clonesh then forks its standby labs itself). */
bool maker_start(maker_standby_fn standby_main, const char *comm, const char *layout);
/* The fd on which the maker says, once, whether it is ready: 0 from the lab
 * program once it has read its arguments (maker_ready(0)), the exec's errno
 * from the copy of clonesh when the exec failed. */
#define MAKER_READY_FD 4
/* What the lab program says there when it was built for another clonesh. */
#define MAKER_OTHER_BUILD (-3)
void maker_ready(int err);
/* The maker's loop, in the lab program or the copy: a standby for each
 * request on fd 3, running main_fn, until clonesh closes its end. */
void maker_run(pid_t clonesh, maker_standby_fn main_fn) __attribute__((noreturn));
/* The one signal whose disposition the maker leaves other than default
 * (bit sig - 1), SIGPIPE's; maker_signals_known, in the maker and the
 * standbys it makes, once it reset every other. */
#define MAKER_SIGNALS (1ULL << (SIGPIPE - 1))
extern bool maker_signals_known;
/* The lab program the maker runs, or NULL with why not in why (no maker,
 * or the program's path and the exec's error). */
const char *maker_program(char *why, size_t len);
/* Asks the maker for a standby lab, clonesh's child (CLONE_PARENT), with
 * the mapping of memfd at map (total bytes, the page at guard_off
 * PROT_NONE) and outfd as its stdout and stderr; clonesh goes on meanwhile.
 * 0, or -1 with errno.  When a call fails the maker is ended, and clonesh
 * forks its standbys itself from then on. */
int maker_ask(void *map, size_t total, int memfd, size_t guard_off, int outfd);
/* The answer: the standby's pid, or -1 with errno (it waits for it). */
pid_t maker_answer(void);
/* The maker's pid, 0 when there is none. */
pid_t maker_pid(void);
/* The maker died and was reaped: forget it. */
void maker_forget(void);
/* Ends the maker and reaps it (clonesh's exit). */
void maker_stop(void);

#endif
