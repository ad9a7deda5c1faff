/*
 * The maker: forked when the lab starts (before the session has read a line
 * or drawn a screen), it runs the lab program, clonesh-lab (clonesh-lab.c),
 * and forks each standby lab on clonesh's behalf.  It forks with
 * CLONE_PARENT, so the standby is clonesh's child, as a lab forked by
 * clonesh is: clonesh waits for it, a CLONE_PARENT experiment's child is
 * clonesh's too, and PR_SET_PDEATHSIG ends it with clonesh.
 *
 * Why a maker: a fork write-protects every page the parent has written and
 * copies its page tables.  When clonesh forked the standby itself, it paid
 * for the copy and then, after every experiment, took a copy-on-write fault
 * on each page it wrote next (its stack, its heap, its globals); the maker
 * writes next to nothing, and its fork runs while clonesh waits for the
 * experiment to end.  Why a program of its own: a lab that is a copy of
 * clonesh has clonesh's mappings (readline, ncurses, cmark, the dynamic
 * linker: about 50), which a fork-like experiment's clone copies and both
 * ends tear down; the lab program's labs have about 15 (25 dynamically
 * linked).  What a lab does and
 * what it measures are the same either way: the same lab.c prepares it and
 * runs the experiment.
 *
 * The lab program says on fd 4 that it runs (maker_ready); where it cannot
 * be run, the forked copy of clonesh writes the exec's errno there and is
 * the maker itself; a program that ends or keeps silent instead is not the
 * lab program, and clonesh ends it.  The experiment's shared mapping is made
 * by clonesh after the maker started, so clonesh hands it over as a memfd
 * (SCM_RIGHTS), and the maker maps it at clonesh's address before forking:
 * the standby inherits it there, as it would from clonesh.  If the maker
 * cannot (the address is in use in its process, a call fails), it says so,
 * and clonesh ends it and forks its standbys itself from then on.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labcpu.h"
#include "maker.h"
#include "probe.h"
#include "signals.h"
#include "util.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000	/* Linux 4.17; older kernels take it as a hint */
#endif

#define MAKER_SOCK_FD 3

#define MAKER_NOT_LAB (-1)
#define MAKER_SILENT (-2)
#define MAKER_READY_MS 2000

struct maker_request {
	uintptr_t map;
	size_t total, guard_off;
};

struct maker_reply {
	int pid;		/* the standby's, or -1 */
	int err;		/* errno when -1 */
};

static struct {
	pid_t pid;		/* 0: none */
	pid_t owner;		/* the clonesh that started it (its copies inherit this record) */
	int sock;
	bool asked;		/* a request is out, its answer not read */
	int exec_fd;		/* the exec's outcome, not read yet; -1 once read */
	/* 0: the maker runs the lab program; an errno: the exec failed, and a
	 * copy of clonesh is the maker; MAKER_NOT_LAB or MAKER_SILENT: the
	 * program ran but did not say it is the lab program (it ended, or not
	 * within MAKER_READY_MS), MAKER_OTHER_BUILD: it is another clonesh's;
	 * either way it was ended. */
	int exec_errno;
	char program[PATH_MAX];	/* the lab program it ran or tried */
} maker = { 0, 0, -1, false, -1, ENOENT, "" };

/* Receives a request and its two fds (memfd, outfd); 0 at the end of the
 * stream (clonesh closed its end), 1 with a request, -1 on error. */
static int
maker_receive(struct maker_request *req, int fds[2])
{
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { req, sizeof(*req) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	ssize_t n;
	do
		n = recvmsg(MAKER_SOCK_FD, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n == 0 ? 0 : -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (n != (ssize_t)sizeof(*req) || !c || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(2 * sizeof(int)))
		return -1;
	memcpy(fds, CMSG_DATA(c), 2 * sizeof(int));
	return 1;
}

/* One standby: the mapping put where clonesh has it, then a fork whose
 * parent is clonesh.  Its pid, or -1 with errno. */
static pid_t
maker_fork_standby(const struct maker_request *req, int memfd, int outfd, maker_standby_fn main_fn)
{
	void *want = (void *)req->map;
	void *map = mmap(want, req->total, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE,
	    memfd, 0);
	if (map == MAP_FAILED)
		return -1;
	if (map != want) {
		munmap(map, req->total);
		errno = EEXIST;
		return -1;
	}
	if (mprotect((unsigned char *)map + req->guard_off, (size_t)sysconf(_SC_PAGESIZE),
	    PROT_NONE) < 0) {
		int err = errno;
		munmap(map, req->total);
		errno = err;
		return -1;
	}
	/* A fork that gives the child the maker's parent: glibc's fork has no
	 * flags, so the raw call (the maker has one thread and holds no lock). */
	long pid = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, NULL, NULL, 0);
	if (pid == 0) {
		close(MAKER_SOCK_FD);
		close(memfd);
		main_fn(map, outfd);
		_exit(127);
	}
	int err = errno;
	munmap(map, req->total);
	errno = err;
	return pid < 0 ? -1 : (pid_t)pid;
}

bool maker_signals_known;

void
maker_run(pid_t clonesh, maker_standby_fn main_fn)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != clonesh)
		_exit(0);
	prctl(PR_SET_NAME, "clonesh-maker");
	/* Beside the experiments: see labcpu.c. */
	labcpu_maker();
	/* Out of the terminal's process group: Ctrl-C is clonesh's to handle. */
	setpgid(0, 0);
	/* Every disposition default but SIGPIPE's, which it ignores: its
	 * standbys, which inherit them, then reset that one without reading
	 * /proc (lab_reset_process). */
	signals_default(~0ULL);
	signal(SIGPIPE, SIG_IGN);
	maker_signals_known = true;
	/* Its namespaces are its standbys': held, their nsfs entries stay made
	 * for the standbys' look-ups (lab_read_namespaces). */
	probe_hold_namespaces();
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		for (int fd = 0; fd < 3; fd++)
			dup2(null, fd);
		if (null > MAKER_SOCK_FD)
			close(null);
	}
	for (;;) {
		struct maker_request req;
		int fds[2];
		int got = maker_receive(&req, fds);
		if (got <= 0)
			_exit(got == 0 ? 0 : 1);
		struct maker_reply reply = { .pid = maker_fork_standby(&req, fds[0], fds[1], main_fn) };
		reply.err = reply.pid < 0 ? errno : 0;
		close(fds[0]);
		close(fds[1]);
		if (send(MAKER_SOCK_FD, &reply, sizeof(reply), MSG_NOSIGNAL) != (ssize_t)sizeof(reply))
			_exit(1);
	}
}

/* The lab program: $CLONESH_LAB, else the build tree's (named by src/lab-path
 * beside the build tree's clonesh, a file never installed), else the
 * installed one. */
static void
lab_program(char *buf, size_t size)
{
	const char *env = getenv("CLONESH_LAB");
	if (env && *env)
		str_copy(buf, env, size);
	else if (!build_tree_dir("lab-path", buf, size))
		str_copy(buf, PKGLIBEXECDIR "/clonesh-lab", size);
}

/* In the forked maker: the lab program, run with the maker's socket as fd
 * 3 and fd 4 to say on (maker_ready).  When the exec fails, its errno goes
 * there, and this copy of clonesh is the maker. */
static void __attribute__((noreturn))
maker_exec(pid_t clonesh, maker_standby_fn standby_main, const char *const words[2], int sock,
    int report)
{
	if ((sock != MAKER_SOCK_FD && dup2(sock, MAKER_SOCK_FD) < 0) ||
	    (report != MAKER_READY_FD && dup2(report, MAKER_READY_FD) < 0))
		_exit(1);
	if (syscall(SYS_close_range, MAKER_READY_FD + 1, ~0U, 0) < 0) {
		for (int fd = MAKER_READY_FD + 1; fd < 1024; fd++)
			close(fd);
	}
	/* Found here, not in clonesh, which goes on meanwhile. */
	lab_program(maker.program, sizeof(maker.program));
	char pid[16], cpu[16];
	snprintf(pid, sizeof(pid), "%d", (int)clonesh);
	snprintf(cpu, sizeof(cpu), "%d", lab_cpu(NULL, 0, NULL));
	execl(maker.program, "clonesh-lab", "--maker", pid, cpu, words[0], words[1], (char *)NULL);
	maker_ready(errno);
	maker_run(clonesh, standby_main);
}

void
maker_ready(int err)
{
	ssize_t n = write(MAKER_READY_FD, &err, sizeof(err));
	(void)n;
	close(MAKER_READY_FD);
}

bool
maker_start(maker_standby_fn standby_main, const char *comm, const char *layout)
{
	int sv[2], report[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return false;
	if (pipe2(report, O_CLOEXEC) < 0) {
		close(sv[0]);
		close(sv[1]);
		return false;
	}
	pid_t clonesh = getpid();
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		close(report[0]);
		const char *const words[2] = { comm, layout };
		maker_exec(clonesh, standby_main, words, sv[1], report[1]);
	}
	close(sv[1]);
	close(report[1]);
	if (pid < 0) {
		close(sv[0]);
		close(report[0]);
		return false;
	}
	setpgid(pid, pid);
	maker.pid = pid;
	maker.owner = clonesh;
	maker.sock = sv[0];
	maker.exec_fd = report[0];
	return true;
}

/* The exec's outcome, once: read when first needed (the maker has long
 * said it by then), or once the maker is gone. */
static void
maker_exec_read(void)
{
	if (maker.exec_fd < 0 || maker.owner != getpid())
		return;
	int err = MAKER_SILENT;
	struct pollfd p = { .fd = maker.exec_fd, .events = POLLIN };
	int ready;
	do
		ready = poll(&p, 1, MAKER_READY_MS);
	while (ready < 0 && errno == EINTR);
	if (ready > 0) {
		ssize_t n;
		do
			n = read(maker.exec_fd, &err, sizeof(err));
		while (n < 0 && errno == EINTR);
		if (n != (ssize_t)sizeof(err))
			err = MAKER_NOT_LAB;
	}
	close(maker.exec_fd);
	maker.exec_fd = -1;
	maker.exec_errno = err;
}

/* A program that ran but did not say it is the lab program is ended:
 * clonesh forks its standbys itself from then on.  False then. */
static bool
maker_is_ready(void)
{
	maker_exec_read();
	if (maker.exec_errno >= 0)
		return true;
	maker_stop();
	return false;
}

const char *
maker_program(char *why, size_t len)
{
	(void)maker_is_ready();
	/* The one the maker found: the same environment, the same build tree. */
	if (!maker.program[0])
		lab_program(maker.program, sizeof(maker.program));
	if (maker.exec_errno == MAKER_NOT_LAB || maker.exec_errno == MAKER_SILENT ||
	    maker.exec_errno == MAKER_OTHER_BUILD)
		snprintf(why, len, "%s %s", maker.program, maker.exec_errno == MAKER_NOT_LAB ?
		    "ended without saying it is the lab program" : maker.exec_errno == MAKER_SILENT ?
		    "did not say it is the lab program within 2 s" :
		    "is the lab program of another build of clonesh");
	else if (!maker_pid())
		str_copy(why, "no maker is running", len);
	else if (maker.exec_errno)
		snprintf(why, len, "%s: %s", maker.program, strerror(maker.exec_errno));
	else
		return maker.program;
	return NULL;
}

int
maker_ask(void *map, size_t total, int memfd, size_t guard_off, int outfd)
{
	if (!maker.pid || maker.owner != getpid() || maker.asked) {
		errno = ESRCH;
		return -1;
	}
	struct maker_request req = { (uintptr_t)map, total, guard_off };
	int fds[2] = { memfd, outfd };
	union {
		char buf[CMSG_SPACE(sizeof(fds))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof(u));
	struct iovec iov = { &req, sizeof(req) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(c), fds, sizeof(fds));
	if (sendmsg(maker.sock, &msg, MSG_NOSIGNAL) != (ssize_t)sizeof(req)) {
		int err = errno;
		maker_stop();
		errno = err;
		return -1;
	}
	maker.asked = true;
	return 0;
}

pid_t
maker_answer(void)
{
	if (!maker.asked) {
		errno = ESRCH;
		return -1;
	}
	maker.asked = false;
	if (!maker_is_ready()) {
		errno = ESRCH;
		return -1;
	}
	struct maker_reply reply;
	ssize_t n;
	do
		n = recv(maker.sock, &reply, sizeof(reply), 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(reply) || reply.pid <= 0) {
		int err = n == (ssize_t)sizeof(reply) ? reply.err : n < 0 ? errno : EPIPE;
		maker_stop();
		errno = err;
		return -1;
	}
	return reply.pid;
}

pid_t
maker_pid(void)
{
	return maker.owner == getpid() ? maker.pid : 0;
}

void
maker_forget(void)
{
	maker_exec_read();
	if (maker.sock >= 0)
		close(maker.sock);
	maker.sock = -1;
	maker.pid = 0;
	maker.asked = false;
}

void
maker_stop(void)
{
	if (!maker.pid || maker.owner != getpid())
		return;
	pid_t pid = maker.pid;
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	maker_forget();
}
