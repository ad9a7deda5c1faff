/* Where an experiment runs: the lab, its children and clonesh while it
 * observes them on one CPU, the maker beside them.  See labcpu.c. */
#ifndef CLONESH_LABCPU_H
#define CLONESH_LABCPU_H

#include <stdbool.h>
#include <stddef.h>

/* The CPU every experiment runs on (its lab, its children, and clonesh
 * while it observes them), with how many clonesh may use in *of; or -1
 * when experiments run on any, and why not in why. */
int lab_cpu(char *why, size_t len, int *of);

/* Chooses the experiment's CPU, the one clonesh is on, among those it may
 * use; none when it may use only one or the kernel does not say. */
void labcpu_init(void);
/* The lab program's maker: the experiments' CPU is cpu, as clonesh chose
 * it (-1: none), and the others it may use are the maker's. */
void labcpu_init_at(int cpu);
/* clonesh, around an experiment: onto the experiment's CPU, and back to
 * the CPUs it had. */
void labcpu_enter(void);
void labcpu_leave(void);
/* A standby lab, once prepared: onto the experiment's CPU. */
void labcpu_standby(void);
/* A lab of spawn -n N (N > 1), before its clones: onto every CPU clonesh
 * had at start-up, for its children to start and end side by side. */
void labcpu_spread(void);
/* The maker: onto the other CPUs. */
void labcpu_maker(void);

#endif
