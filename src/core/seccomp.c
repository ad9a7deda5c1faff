#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "experiment.h"
#include "flags.h"
#include "seccomp.h"

#if defined(__x86_64__)
#define SECCOMP_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SECCOMP_ARCH AUDIT_ARCH_AARCH64
#endif

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

bool
seccomp_wanted(const struct experiment *e)
{
	return e->seccomp_deny != 0 || e->seccomp_clone3_enosys;
}

#ifdef SECCOMP_ARCH
/* The filter sees each call's number and its six register arguments, never
 * the memory they point to: it can test clone()'s flags (the first argument
 * on x86-64 and arm64), not clone3()'s, which lie in struct clone_args behind
 * a pointer.  Calls of another ABI pass: i386's on x86-64 (another arch)
 * and x32's (numbers with __X32_SYSCALL_BIT, which match neither). */
static size_t
seccomp_build(const struct experiment *e, struct sock_filter *f)
{
	size_t n = 0;
	/* The low half of args[0] on a little-endian machine. */
	const unsigned int flags_lo = offsetof(struct seccomp_data, args[0]);

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_ARCH, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	if (e->seccomp_clone3_enosys) {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	}
	if (e->seccomp_deny) {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 3);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, flags_lo);
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
		    (unsigned int)e->seccomp_deny, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	return n;
}
#endif

int
seccomp_install(const struct experiment *e, const char **what)
{
#ifdef SECCOMP_ARCH
	struct sock_filter f[16];
	struct sock_fprog prog = { .len = (unsigned short)seccomp_build(e, f), .filter = f };

	*what = "prctl(PR_SET_NO_NEW_PRIVS)";
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return errno;
	*what = "seccomp(SECCOMP_SET_MODE_FILTER)";
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return errno;
	return 0;
#else
	(void)e;
	*what = "seccomp";
	return ENOSYS;
#endif
}

#ifdef SECCOMP_ARCH
static const char *
seccomp_errname(int e)
{
	return strerrorname_np(e) ? strerrorname_np(e) : "an error";
}
#endif

const char *
seccomp_unavailable(void)
{
	static char why[200];
#ifndef SECCOMP_ARCH
	return "clonesh builds its seccomp filter for x86-64 and arm64 only";
#else
	int mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	if (mode < 0) {
		snprintf(why, sizeof(why), "this kernel has no seccomp: prctl(PR_GET_SECCOMP) failed "
		    "with %s", seccomp_errname(errno));
		return why;
	}
	if (mode != 0)
		return "clonesh already runs under a seccomp filter (Seccomp: 2 in /proc/self/status, "
		    "as in a container), whose answers would mix with the lab's";
	unsigned int action = SECCOMP_RET_ERRNO;
	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) < 0) {
		snprintf(why, sizeof(why), "this kernel has no seccomp filters: "
		    "seccomp(SECCOMP_GET_ACTION_AVAIL) failed with %s", seccomp_errname(errno));
		return why;
	}
	return NULL;
#endif
}

int
seccomp_answer(const struct experiment *e)
{
	if (e->variant == VARIANT_CLONE3)
		return e->seccomp_clone3_enosys ? ENOSYS : 0;
	return (e->flags & e->seccomp_deny) ? EPERM : 0;
}
