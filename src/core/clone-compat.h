/* The clone flags and wait option that older <sched.h> and <sys/wait.h>
 * may lack, with the values of the kernel's UAPI headers.  Include it
 * after <sched.h>. */
#ifndef CLONESH_CLONE_COMPAT_H
#define CLONESH_CLONE_COMPAT_H

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef __WALL
#define __WALL 0x40000000
#endif

#endif
