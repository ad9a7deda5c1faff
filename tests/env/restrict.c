/* restrict: runs a command under the restrictions of tests/env/ environments.
 *
 *   restrict [--userns-max0] [--uid N] [--seccomp docker|kcmp] -- COMMAND [ARG...]
 *
 * --userns-max0   (as root) enter a user namespace of its own, identity-mapped
 *                 for ids 0..65535, and set user.max_user_namespaces=0 in it,
 *                 so that no further user namespace can be made (ENOSPC)
 * --uid N         then become uid and gid N with no supplementary groups
 * --seccomp docker  what Docker's default profile does for an unprivileged
 *                 container: clone with a namespace flag, unshare and setns
 *                 fail with EPERM, every clone3 with ENOSYS (the filter cannot
 *                 read clone3's flags), kcmp with EPERM
 * --seccomp kcmp  only kcmp fails, with EPERM
 *
 * A classic BPF filter through seccomp(2), so no libseccomp is needed.  Only
 * x86_64 and aarch64 are known; elsewhere --seccomp is refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

#ifndef __NR_clone3
#define __NR_clone3 435
#endif

/* The namespace flags Docker's profile refuses in clone's first argument. */
#define NS_FLAGS 0x7e020000u	/* NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET */

static void die(const char *what)
{
	fprintf(stderr, "restrict: %s: %s\n", what, strerror(errno));
	exit(125);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		die(path);
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die(path);
	close(fd);
}

#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define LOAD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define ERRNO(e) (SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))

static void install_filter(int docker)
{
#ifdef NATIVE_ARCH
	/* kcmp only: allow everything else */
	struct sock_filter kcmp_only[] = {
		LOAD(offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
		RET(SECCOMP_RET_ALLOW),
		LOAD(offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_kcmp, 0, 1),
		RET(ERRNO(EPERM)),
		RET(SECCOMP_RET_ALLOW),
	};
	struct sock_filter docker_like[] = {
		LOAD(offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
		RET(ERRNO(EPERM)),	/* a foreign ABI could bypass the rest */
		LOAD(offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_kcmp, 0, 1),
		RET(ERRNO(EPERM)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 0, 1),
		RET(ERRNO(EPERM)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_setns, 0, 1),
		RET(ERRNO(EPERM)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
		RET(ERRNO(ENOSYS)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 1, 0),
		RET(SECCOMP_RET_ALLOW),
		/* clone's flags are its first argument on both ABIs; the low word
		 * holds every namespace flag */
		LOAD(offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NS_FLAGS, 0, 1),
		RET(ERRNO(EPERM)),
		RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog;

	if (docker) {
		prog.len = sizeof docker_like / sizeof docker_like[0];
		prog.filter = docker_like;
	} else {
		prog.len = sizeof kcmp_only / sizeof kcmp_only[0];
		prog.filter = kcmp_only;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		die("PR_SET_NO_NEW_PRIVS");
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		die("seccomp");
#else
	(void)docker;
	errno = ENOTSUP;
	die("--seccomp on this architecture");
#endif
}

/* Enters a new user namespace mapped 0..65535 to the same ids outside: the
 * map is written by a child still in the parent namespace, as newuidmap
 * would. */
static void enter_userns(void)
{
	int ready[2], mapped[2];
	pid_t parent = getpid(), child;
	char path[64], c = 0;
	int status;

	if (pipe(ready) || pipe(mapped))
		die("pipe");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		close(ready[1]);
		close(mapped[0]);
		if (read(ready[0], &c, 1) != 1)
			_exit(1);
		snprintf(path, sizeof path, "/proc/%d/uid_map", (int)parent);
		write_file(path, "0 0 65536\n");
		snprintf(path, sizeof path, "/proc/%d/gid_map", (int)parent);
		write_file(path, "0 0 65536\n");
		if (write(mapped[1], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	close(ready[0]);
	close(mapped[1]);
	if (unshare(CLONE_NEWUSER) != 0)
		die("unshare(CLONE_NEWUSER)");
	if (write(ready[1], &c, 1) != 1 || read(mapped[0], &c, 1) != 1)
		die("waiting for the id maps");
	if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = EPROTO;
		die("writing the id maps");
	}
	close(ready[1]);
	close(mapped[0]);
	/* sysctls of user.* belong to the user namespace of the writer */
	write_file("/proc/sys/user/max_user_namespaces", "0\n");
}

static void usage(void)
{
	fprintf(stderr, "usage: restrict [--userns-max0] [--uid N] [--seccomp docker|kcmp] "
			"-- COMMAND [ARG...]\n");
	exit(125);
}

int main(int argc, char **argv)
{
	int userns = 0, seccomp = -1, i;
	long uid = -1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "--userns-max0") == 0) {
			userns = 1;
		} else if (strcmp(argv[i], "--uid") == 0 && i + 1 < argc) {
			uid = strtol(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "--seccomp") == 0 && i + 1 < argc) {
			i++;
			if (strcmp(argv[i], "docker") == 0)
				seccomp = 1;
			else if (strcmp(argv[i], "kcmp") == 0)
				seccomp = 0;
			else
				usage();
		} else {
			usage();
		}
	}
	if (i >= argc)
		usage();
	if (userns)
		enter_userns();
	if (uid >= 0) {
		if (setgroups(0, NULL) != 0)
			die("setgroups");
		if (setresgid((gid_t)uid, (gid_t)uid, (gid_t)uid) != 0)
			die("setresgid");
		if (setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) != 0)
			die("setresuid");
	}
	if (seccomp >= 0)
		install_filter(seccomp);
	execvp(argv[i], argv + i);
	die(argv[i]);
}
