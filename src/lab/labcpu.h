/* Where an experiment runs (lab/ only): the lab, its children and clonesh
 * while it observes them on one CPU, the maker beside them.  See labcpu.c. */
#ifndef CLONESH_LABCPU_H
#define CLONESH_LABCPU_H

#include <stdbool.h>

/* Chooses the experiment's CPU, the one clonesh is on, among those it may
 * use; none when it may use only one or the kernel does not say. */
void labcpu_init(void);
/* clonesh, around an experiment: onto the experiment's CPU, and back to
 * the CPUs it had. */
void labcpu_enter(void);
void labcpu_leave(void);
/* A standby lab, once prepared: onto the experiment's CPU. */
void labcpu_standby(void);
/* The maker: onto the other CPUs. */
void labcpu_maker(void);

#endif
