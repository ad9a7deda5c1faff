/*
 * clonesh-lab: the lab program.  clonesh's maker runs it (maker.c), and it
 * forks every standby lab, which prepares itself, runs one experiment and
 * is the parent of its child.  It holds the lab's code only (lab.c,
 * child.c, the child functions, the probes they make), linked statically
 * where the toolchain can: no readline, ncurses or cmark, no dynamic
 * linker.  So the address space that clone() copies for a fork-like child,
 * and that the child and the lab tear down when they end, is about 15
 * mappings instead of clonesh's 50 (about 25 linked with the shared libc:
 * configure --disable-static-lab); doc/reliability.md has the figures.
 *
 * Usage, clonesh's alone: clonesh-lab --maker PID CPU COMM LAYOUT
 *   PID     clonesh, the maker's parent, whose children the standbys are
 *   CPU     the experiments' CPU (labcpu.c), -1 for any
 *   COMM    the name a lab takes when it stops being the standby
 *   LAYOUT  clonesh's lab_layout: another build's lab program refuses
 * with the maker's socket as fd 3, and fd 4, on which it says it is ready
 * (maker.c).
 */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel.h"
#include "lab-int.h"
#include "labcpu.h"
#include "maker.h"
#include "util.h"

static long
number(const char *s, long min, long max)
{
	char *end;
	long v = strtol(s, &end, 10);
	return *s && !*end && v >= min && v <= max ? v : LONG_MIN;
}

int
main(int argc, char **argv)
{
	long pid = argc == 6 ? number(argv[2], 1, INT_MAX) : LONG_MIN;
	long cpu = argc == 6 ? number(argv[3], -1, INT_MAX) : LONG_MIN;
	if (argc != 6 || strcmp(argv[1], "--maker") != 0 || pid == LONG_MIN || cpu == LONG_MIN ||
	    fcntl(3, F_GETFD) < 0 || fcntl(MAKER_READY_FD, F_GETFD) < 0) {
		fprintf(stderr, "clonesh-lab: the lab program clonesh runs, not a command "
		    "(usage: clonesh-lab --maker PID CPU COMM LAYOUT, with clonesh's socket as "
		    "fd 3 and fd 4 to say it is ready on)\n");
		return 2;
	}
	char layout[128];
	lab_layout(layout, sizeof(layout));
	if (strcmp(argv[5], layout) != 0) {
		/* clonesh says so (doctor), and makes its labs itself. */
		maker_ready(MAKER_OTHER_BUILD);
		return 2;
	}
	str_copy(lab_comm, argv[4], sizeof(lab_comm));
	labcpu_init_at((int)cpu);
	/* What a lab asks of the kernel (the cgroup2 directory for
	 * CLONE_INTO_CGROUP), found once here, not in every lab. */
	(void)kernel_cgroup2_dir();
	maker_ready(0);
	maker_run((pid_t)pid, lab_standby_start);
}
