/*
 * The child's side of the lab: the trampoline every experiment's child runs
 * (its reports at each phase, the function it was given, the behaviour
 * probe), in raw system calls only (rawsys.h), and clone3's entry in
 * assembly.  See lab-int.h for how the three parts of the lab meet.
 */
#include "config.h"

#include <fcntl.h>
#include <link.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab-int.h"

/* --- the child ---------------------------------------------------------- */

LAB_WORD volatile long lab_probe_word;

unsigned long
thread_pointer(void)
{
	unsigned long tp = 0;
#if defined(__x86_64__)
	__asm__ volatile ("movq %%fs:0, %0" : "=r"(tp));
#elif defined(__aarch64__)
	__asm__ volatile ("mrs %0, tpidr_el0" : "=r"(tp));
#endif
	return tp;
}

static int
tls_lowest(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	unsigned long *lowest = data;
	if (info->dlpi_tls_data && (unsigned long)info->dlpi_tls_data < *lowest)
		*lowest = (unsigned long)info->dlpi_tls_data;
	return 0;
}

/* How many bytes below the thread pointer the static TLS of every loaded
 * module takes (x86-64 keeps it there), or 0 when it does not fit the
 * child's block.  clonesh asks it of itself to refuse printf with
 * CLONE_SETTLS where its own would not fit; a lab copies its own, which in
 * the lab program (libc and the lab's code alone) is no larger. */
size_t
static_tls_span(void)
{
	unsigned long tp = thread_pointer(), lowest = ~0UL;
	dl_iterate_phdr(tls_lowest, &lowest);
	if (!tp || lowest > tp || tp - lowest > TLS_TCB_OFFSET)
		return 0;
	return tp - lowest;
}

static void
child_publish(struct lab_shared *sh, struct extra_child *x, enum phase p)
{
	atomic_store(x ? &x->phase : &sh->child_phase, (int)p);
	shared_bump(sh);
}

static void
child_wait_release(struct lab_shared *sh, uint32_t step)
{
	uint32_t r;
	while ((r = atomic_load(&sh->release)) < step)
		futex_wait_raw(&sh->release, r, NULL);
}

/* The kernel's struct sigaction, held whole so that it is given back as it
 * was (handler, flags, restorer where the architecture has one, mask). */
struct probe_undo {
	unsigned long sa_old[4];
	bool sa_saved;
};

/* The probe's changes, in the child, with raw system calls only. */
static void
child_probe(struct lab_shared *sh, struct probe_undo *u)
{
	int want = atomic_load(&sh->probe);

	if (want & PROBE_VM)
		lab_probe_word = PROBE_WORD;
	if (want & PROBE_FS) {
		sh->probe_umask_old = (int)RAW1(SYS_umask, 0);
		RAW1(SYS_umask, sh->probe_umask_new);
	}
	if (want & PROBE_SIGHAND) {
		unsigned long sa_new[4] = { (unsigned long)SIG_IGN, 0, 0, 0 };
		u->sa_saved = RAW4(SYS_rt_sigaction, PROBE_SIG, sa_new, u->sa_old, 8) == 0;
	}
	sh->probe_fd = -1;
	if (want & PROBE_FILES) {
		long fd = RAW4(SYS_openat, AT_FDCWD, "/", O_PATH | O_CLOEXEC, 0);
		sh->probe_fd = fd < 0 ? -1 : (int)fd;
	}
	for (int i = 0; (want & PROBE_OFD) && i < sh->nprobe_ofd; i++) {
		int fd = sh->probe_ofd[i];
		long pos = RAW3(SYS_lseek, fd, 0, SEEK_CUR);
		sh->probe_ofd_pos[i] = -1;
		/* /dev/null and others take any offset and keep none: the move
		 * must be seen in the child's own before it means anything. */
		if (pos >= 0 && RAW3(SYS_lseek, fd, pos + PROBE_OFD_MOVE, SEEK_SET) == pos + PROBE_OFD_MOVE &&
		    RAW3(SYS_lseek, fd, 0, SEEK_CUR) == pos + PROBE_OFD_MOVE)
			sh->probe_ofd_pos[i] = pos;
	}
}

static void
child_unprobe(struct lab_shared *sh, const struct probe_undo *u)
{
	int want = atomic_load(&sh->probe);

	if (want & PROBE_VM)
		lab_probe_word = 0;
	if (want & PROBE_FS)
		RAW1(SYS_umask, sh->probe_umask_old);
	if (u->sa_saved)
		RAW4(SYS_rt_sigaction, PROBE_SIG, u->sa_old, 0, 8);
	if (sh->probe_fd >= 0)
		RAW1(SYS_close, sh->probe_fd);
	for (int i = 0; (want & PROBE_OFD) && i < sh->nprobe_ofd; i++)
		if (sh->probe_ofd_pos[i] >= 0)
			RAW3(SYS_lseek, sh->probe_ofd[i], sh->probe_ofd_pos[i], SEEK_SET);
}

/* The child's whole life.  Raw system calls only: see rawsys.h.  x is NULL
 * for the first child, its slot for the others (spawn -n). */
static int
child_body(struct lab_shared *sh, struct extra_child *x)
{
	struct child_report *r = x ? &x->report : &sh->report;
	struct child_ctx *ctx = x ? &x->ctx : &sh->ctx;
	const struct child_func *fn = sh->cfg.fn;

	r->pid_self = RAW0(SYS_getpid);
	r->tid = RAW0(SYS_gettid);
	r->ppid = RAW0(SYS_getppid);
	r->uid_start = RAW0(SYS_getuid);
	r->gid_start = RAW0(SYS_getgid);
	r->tls_base = thread_pointer();
	r->ctid_seen = x ? x->ctid : lab_ctid;
	child_publish(sh, x, PHASE_STARTED);
	child_wait_release(sh, 1);

	fn->act(ctx);

	struct utsname u;
	if (RAW1(SYS_uname, &u) == 0) {
		size_t i = 0;
		for (; i < sizeof(r->hostname) - 1 && u.nodename[i]; i++)
			r->hostname[i] = u.nodename[i];
		r->hostname[i] = '\0';
	}
	r->uid_after = RAW0(SYS_getuid);
	r->gid_after = RAW0(SYS_getgid);
	child_publish(sh, x, PHASE_ACTED);
	child_wait_release(sh, 2);
	if (!x && atomic_load(&sh->probe)) {
		struct probe_undo undo = { .sa_saved = false };
		child_probe(sh, &undo);
		atomic_store(&sh->probed, 1);
		shared_bump(sh);
		child_wait_release(sh, 3);
		child_unprobe(sh, &undo);
	}

	return fn->finish(ctx);
}

int
child_main(void *arg)
{
	return child_body(arg, NULL);
}

int
child_main_extra(void *arg)
{
	struct extra_child *x = arg;
	return child_body(x->sh, x);
}

/* clonesh_clone3 (lab-int.h): in assembly where the architecture is known. */
#if defined(__x86_64__)
__asm__(".text\n"
	".globl clonesh_clone3\n"
	".type clonesh_clone3,@function\n"
	"clonesh_clone3:\n"
	"\tmovq %rdx, %r8\n"		/* fn and arg survive in the child's copy of the registers */
	"\tmovq %rcx, %r9\n"
	"\tmovl $435, %eax\n"		/* SYS_clone3 */
	"\tsyscall\n"
	"\ttestq %rax, %rax\n"
	"\tjnz 1f\n"
	"\txorl %ebp, %ebp\n"
	"\tandq $-16, %rsp\n"
	"\tmovq %r9, %rdi\n"
	"\tcall *%r8\n"
	"\tmovl %eax, %edi\n"
	"\tmovl $60, %eax\n"		/* SYS_exit: this task only */
	"\tsyscall\n"
	"\thlt\n"
	"1:\tret\n");
#elif defined(__aarch64__)
__asm__(".text\n"
	".globl clonesh_clone3\n"
	".type clonesh_clone3,%function\n"
	"clonesh_clone3:\n"
	"\tmov x8, #435\n"
	"\tsvc #0\n"
	"\tcbnz x0, 1f\n"
	"\tmov x0, x3\n"
	"\tblr x2\n"
	"\tmov x8, #93\n"
	"\tsvc #0\n"
	"1:\tret\n");
#else
long
clonesh_clone3(struct lab_clone_args *args, size_t size, int (*fn)(void *), void *arg)
{
	return -ENOSYS;
}
#endif
