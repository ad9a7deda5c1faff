#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "exec-report.h"
#include "experiment.h"
#include "flags.h"
#include "fields.h"
#include "funcs.h"
#include "observation.h"
#include "probe.h"
#include "signals.h"
#include "util.h"

const struct field_type_words field_type_words[FT_COUNT] = {
	[FT_BOOL] = { "yes", "no" },
	[FT_OK] = { "accepted", "refused" },
	[FT_SHARE] = { "same", "different" },
	[FT_NS] = { "same", "new" },
};

/* The member at f->at, as type T. */
#define MEMBER(T, o, f) ((const T *)(const void *)((const char *)(o) + (f)->at))

/* --- the getters of fields that are not one member null by a rule -------- */

static void
text(struct field_value *v, const char *s)
{
	v->known = s != NULL;
	v->s = s;
}

static void
number(struct field_value *v, bool known, long long n)
{
	v->known = known;
	v->n = n;
}

static void
get_variant(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, variant_name(o->cfg.variant));
}

static void
get_function(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, o->cfg.fn ? o->cfg.fn->name : NULL);
}

static void
get_clone_errno(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, o->clone_errno ? strerrorname_np(o->clone_errno) : NULL);
}

/* seccomp: the flags the lab's filter refuses to clone(), null for none. */
static void
get_seccomp_deny(const struct observation *o, const struct field *f, struct field_value *v)
{
	static char buf[512];
	text(v, o->cfg.seccomp_deny ? flags_format(o->cfg.seccomp_deny, 0, buf, sizeof(buf)) : NULL);
}

static void
get_seccomp_err(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, o->seccomp.err ? strerrorname_np(o->seccomp.err) : NULL);
}

/* Installed: measured only when a filter was asked and /proc was read. */
static void
get_seccomp_installed(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->seccomp.err || o->seccomp.lab_filters >= 0,
	    !o->seccomp.err && o->seccomp.lab_mode == 2 && o->seccomp.lab_filters > 0);
}

static void
get_reached(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, phase_name(o->reached));
}

/* shared_how: what measured a verdict; shared_why: why it is not measured,
 * or how it was by behaviour. */
static void
get_how(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, MEMBER(struct tri, o, f)->by_behaviour ? "behaviour" : "kcmp");
}

static bool
measured(const struct observation *o, const struct field *f)
{
	return MEMBER(struct tri, o, f)->v >= 0;
}

static void
get_why(const struct observation *o, const struct field *f, struct field_value *v)
{
	const struct tri *t = MEMBER(struct tri, o, f);
	text(v, t->why[0] ? t->why : "not measured: the child never started");
}

static bool
unmeasured(const struct observation *o, const struct field *f)
{
	return MEMBER(struct tri, o, f)->v < 0;
}

static bool
unmeasured_or_by_behaviour(const struct observation *o, const struct field *f)
{
	const struct tri *t = MEMBER(struct tri, o, f);
	return t->v < 0 || t->by_behaviour;
}

static void
get_child_exit_signal(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->ids.exit_signal_measured, o->ids.exit_signal);
}

static void
get_parent_state(const struct observation *o, const struct field *f, struct field_value *v)
{
	v->buf[0] = o->ids.parent_state;
	v->buf[1] = '\0';
	text(v, o->ids.parent_state ? v->buf : NULL);
}

/* A word the child may write (the global, the heap word): before, what the
 * child wrote, what the parent sees. */
typedef __typeof__(((struct observation *)0)->global) word_obs;

static void
get_word_before(const struct observation *o, const struct field *f, struct field_value *v)
{
	const word_obs *w = MEMBER(word_obs, o, f);
	number(v, w->measured || w->child_wrote_valid, w->before);
}

static void
get_word_child_wrote(const struct observation *o, const struct field *f, struct field_value *v)
{
	const word_obs *w = MEMBER(word_obs, o, f);
	number(v, w->child_wrote_valid, w->child_wrote);
}

static void
get_word_parent_sees(const struct observation *o, const struct field *f, struct field_value *v)
{
	const word_obs *w = MEMBER(word_obs, o, f);
	number(v, w->measured, w->parent_sees);
}

static void
get_errno_before(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, "0");	/* the lab's errno before the clone */
}

static void
get_errno_child_set(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, o->err.child_called ? errno_name(o->err.child_set) : NULL);
}

static void
get_errno_parent_sees(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, o->err.measured ? errno_name(o->err.parent_sees) : NULL);
}

static void
get_printf_locked(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->stdio.measured, o->stdio.done_while_locked);
}

static void
get_lines_expected(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->stdio.lines_counted, o->stdio.lines_expected);
}

static void
get_lines_intact(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->stdio.lines_counted, o->stdio.lines_intact);
}

static void
get_lines_lost(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->stdio.lines_counted, o->stdio.lines_expected - o->stdio.lines_intact);
}

static void
get_mapping_in_parent(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->mapping.addr && o->mapping.measured, o->mapping.in_parent);
}

/* An I/O priority as ioprio_get gave it: its level when it is of the
 * best-effort class (the lab's and every ioprio child's), else null. */
static void
get_ioprio_level(const struct observation *o, const struct field *f, struct field_value *v)
{
	int level = ioprio_be_level(*MEMBER(int, o, f));
	number(v, level >= 0, level);
}

/* cwd and hostname: read only when the child acted. */
static void
get_effect_text(const struct observation *o, const struct field *f, struct field_value *v)
{
	const char *s = MEMBER(char, o, f);
	text(v, o->effects_measured && s[0] ? s : NULL);
}

static void
get_effect_text_or_empty(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, o->effects_measured ? MEMBER(char, o, f) : NULL);
}

static bool
tids_measured(const struct observation *o, const struct field *f)
{
	return o->tids.measured;
}

static void
get_pidfd_pid(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->tids.pidfd >= 0, o->tids.pidfd_pid);
}

static void
get_exit_status(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->exit.known && o->exit.exited, o->exit.status);
}

static void
get_exit_signal(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->exit.known && o->exit.signal, o->exit.signal);
}

/* signal catch on: what the lab's handler got with the exit signal, null
 * where nothing came (or it was not asked). */
static void
get_si_signo(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->exit_si.count > 0, o->exit_si.signo);
}

static void
get_si_pid(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->exit_si.count > 0, o->exit_si.pid);
}

static void
get_si_status(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->exit_si.count > 0, o->exit_si.status);
}

/* si_code of SIGCHLD-like siginfo: "CLD_EXITED"... (sigaction(2)). */
static void
get_si_code(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, o->exit_si.count <= 0 ? NULL : cld_code_name(o->exit_si.code));
}

/* A waitpid() call: "ok", "none" (0), the errno's name; and what it returned. */
static void
get_wait(const struct observation *o, const struct field *f, struct field_value *v)
{
	const struct wait_call *c = MEMBER(struct wait_call, o, f);
	const char *e = strerrorname_np(c->err);
	text(v, !c->called ? NULL : c->ret > 0 ? "ok" : c->ret == 0 ? "none" : e ? e : "?");
}

static void
get_wait_ret(const struct observation *o, const struct field *f, struct field_value *v)
{
	const struct wait_call *c = MEMBER(struct wait_call, o, f);
	number(v, c->called, c->ret);
}

static void
get_stack_used(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->stack.measured, (long long)o->stack.used);
}

/* exec-probe: its fields are written only for an experiment whose child
 * execs the probe; a verdict is null where it was not measured (exec.why). */
static bool
exec_asked(const struct observation *o, const struct field *f)
{
	return o->exec.asked;
}

static bool
exec_not_reported(const struct observation *o, const struct field *f)
{
	return o->exec.asked && !o->exec.reported;
}

static void
verdict_text(struct field_value *v, int kept, const char *yes, const char *no)
{
	text(v, kept < 0 ? NULL : kept ? yes : no);
}

/* f->arg: which fd (1 the O_CLOEXEC one, 0 the other) or signal (0
 * handled, 1 ignored, 2 blocked). */
static void
get_exec_fd(const struct observation *o, const struct field *f, struct field_value *v)
{
	verdict_text(v, exec_fd_kept(o, f->arg), "kept", "closed");
}

static void
get_exec_fd_number(const struct observation *o, const struct field *f, struct field_value *v)
{
	int fd = f->arg ? o->exec.before.fd_cloexec : o->exec.before.fd_plain;
	number(v, o->exec.before.recorded && fd >= 0, fd);
}

static void
get_exec_fds_after(const struct observation *o, const struct field *f, struct field_value *v)
{
	text(v, o->exec.reported ? o->exec.after.fds_text : NULL);
}

static void
get_exec_sig(const struct observation *o, const struct field *f, struct field_value *v)
{
	verdict_text(v, exec_sig_kept(o, f->arg), "kept", "reset");
}

static void
get_exec_sig_name(const struct observation *o, const struct field *f, struct field_value *v)
{
	const struct exec_before *b = &o->exec.before;
	int sig = f->arg == 0 ? b->sig_handled : f->arg == 1 ? b->sig_ignored : b->sig_blocked;
	number(v, b->recorded && sig > 0, sig);
}

static void
get_exec_sig_after(const struct observation *o, const struct field *f, struct field_value *v)
{
	const struct exec_before *b = &o->exec.before;
	int d = exec_disposition_after(o, f->arg == 0 ? b->sig_handled : b->sig_ignored);
	text(v, d < 0 ? NULL : disposition_name((enum disposition)d));
}

static void
get_exec_handlers_after(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->exec.reported, __builtin_popcountll(o->exec.after.caught));
}

static void
get_exec_cwd(const struct observation *o, const struct field *f, struct field_value *v)
{
	verdict_text(v, exec_cwd_kept(o), "kept", "changed");
}

static void
get_exec_umask(const struct observation *o, const struct field *f, struct field_value *v)
{
	verdict_text(v, exec_umask_kept(o), "kept", "changed");
}

static void
get_exec_ids(const struct observation *o, const struct field *f, struct field_value *v)
{
	verdict_text(v, exec_ids_kept(o), "kept", "changed");
}

static void
get_exec_pid(const struct observation *o, const struct field *f, struct field_value *v)
{
	verdict_text(v, exec_pid_kept(o), "kept", "changed");
}

static void
get_exec_memory(const struct observation *o, const struct field *f, struct field_value *v)
{
	verdict_text(v, exec_memory_kept(o), "kept", "new");
}

static void
get_exec_before_text(const struct observation *o, const struct field *f, struct field_value *v)
{
	const char *s = MEMBER(char, o, f);
	text(v, o->exec.before.recorded && s[0] ? s : NULL);
}

static void
get_exec_after_text(const struct observation *o, const struct field *f, struct field_value *v)
{
	const char *s = MEMBER(char, o, f);
	text(v, o->exec.reported && s[0] ? s : NULL);
}

static void
get_exec_before_long(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->exec.before.recorded, *MEMBER(long, o, f));
}

static void
get_exec_after_long(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->exec.reported, *MEMBER(long, o, f));
}

static void
get_exec_before_int(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->exec.before.recorded, *MEMBER(int, o, f));
}

static void
get_exec_after_int(const struct observation *o, const struct field *f, struct field_value *v)
{
	number(v, o->exec.reported, *MEMBER(int, o, f));
}

static void
get_exec_marker(const struct observation *o, const struct field *f, struct field_value *v)
{
	static const char *const words[] = { NULL, "absent", "held", "other" };
	text(v, o->exec.reported ? words[o->exec.after.marker] : NULL);
}

/* --- the table ------------------------------------------------------------ */

#define AT(member, as, nul) .at = offsetof(struct observation, member), .store = (as), .null_if = (nul)
#define GET(fn, member) .get = (fn), .at = offsetof(struct observation, member)
#define GROUP(g) .type = FT_GROUP, .group = (g)
#define SAYS(name, rank, tell, nothing) .says = { name }, .says_rank = { rank }, .told = (tell), \
	.none = (nothing)
#define CMP(grp, label, how, rank) .cmp_group = (grp), .cmp_label = (label), .cmp = (how), \
	.cmp_rank = (rank)

/* A kcmp resource: its verdict, and why it is not measured or how it was. */
#define SHARED(k, name, NAME, says_at, cmp_at) \
	{ "shared." name, FT_SHARE, AT(shared[k].v, FS_INT, NULL_NEG), .arg = (k), \
	  SAYS(name, says_at, "kcmp " NAME ": %s", "kcmp " NAME ": not measured"), \
	  CMP("shared (kcmp)", name, CMP_SHARE, cmp_at) }
#define SHARED_HOW(k, name) \
	{ "shared_how." name, FT_TEXT, GET(get_how, shared[k]), .present = measured, .arg = (k) }
#define SHARED_WHY(k, name) \
	{ "shared_why." name, FT_TEXT, GET(get_why, shared[k]), \
	  .present = unmeasured_or_by_behaviour, .arg = (k) }
/* A namespace: the parent's and the child's inode, and whether they are one. */
#define NAMESPACE(k, name, words, says_at, cmp_at) \
	{ "namespaces." name ".parent", FT_INT, AT(ns[k].parent, FS_ULONG, NULL_ZERO), .arg = (k) }, \
	{ "namespaces." name ".child", FT_INT, AT(ns[k].child, FS_ULONG, NULL_ZERO), .arg = (k) }, \
	{ "namespaces." name ".shared", FT_NS, AT(ns[k].shared, FS_INT, NULL_NEG), .arg = (k), \
	  SAYS(name, says_at, words " namespace: %s", words " namespace: not measured"), \
	  CMP("namespaces", name, CMP_NS, cmp_at) }
#define WORD(name, member, says_at, tell, nothing, cmp_at) \
	{ "effects." name ".before", FT_INT, GET(get_word_before, member) }, \
	{ "effects." name ".child_wrote", FT_INT, GET(get_word_child_wrote, member) }, \
	{ "effects." name ".parent_sees", FT_INT, GET(get_word_parent_sees, member), \
	  SAYS(name, says_at, tell, nothing), CMP("memory", name, CMP_WORD, cmp_at) }
#define WAIT(name, member) \
	{ "wait." name, FT_TEXT, GET(get_wait, member) }, \
	{ "wait." name "_ret", FT_INT, GET(get_wait_ret, member) }

const struct field fields_table[] = {
	{ "number", FT_INT, AT(number, FS_UINT, NULL_NEVER) },
	{ "traced", FT_BOOL, AT(traced, FS_BOOL, NULL_NEVER) },

	{ "config.variant", FT_TEXT, .get = get_variant, CMP("config", "variant", CMP_VARIANT, 1) },
	{ "config.flags", GROUP(FG_FLAGS), CMP("config", "flags", CMP_FLAGS, 2) },
	{ "config.exit_signal", FT_SIGNAL, AT(cfg.exit_signal, FS_INT, NULL_ZERO),
	  CMP("config", "exit signal", CMP_EXIT_SIGNAL, 3) },
	{ "config.stack_size", FT_INT, AT(cfg.stack_size, FS_SIZE, NULL_NEVER),
	  CMP("config", "stack", CMP_STACK_CFG, 4) },
	{ "config.guard", FT_BOOL, AT(cfg.guard, FS_BOOL, NULL_NEVER) },
	{ "config.stack_bottom", FT_BOOL, AT(cfg.stack_bottom, FS_BOOL, NULL_NEVER) },
	{ "config.lab_uid", FT_INT, AT(cfg.lab_uid, FS_LONG, NULL_NEG) },
	{ "config.function", FT_TEXT, .get = get_function, CMP("config", "fn", CMP_FUNCTION, 5) },
	{ "config.args", GROUP(FG_ARGS) },
	{ "config.seccomp.deny", FT_TEXT, .get = get_seccomp_deny },
	{ "config.seccomp.clone3_enosys", FT_BOOL, AT(cfg.seccomp_clone3_enosys, FS_BOOL, NULL_NEVER) },
	{ "config.timeout_ms", FT_INT, AT(cfg.timeout_ms, FS_INT, NULL_NEVER) },
	{ "syscall", FT_TEXT, AT(syscall, FS_CHARS, NULL_NEVER) },

	{ "clone.ok", FT_OK, AT(clone_ok, FS_BOOL, NULL_NEVER),
	  SAYS("clone", 24, "the kernel %s the clone", "the clone was not made"),
	  CMP("config", "clone", CMP_CLONE, 6) },
	{ "clone.errno", FT_ERRNO, .get = get_clone_errno,
	  SAYS("errno", 25, "clone failed with %s", "clone succeeded, no errno") },
	{ "clone.rule_id", FT_TEXT, AT(rule_id, FS_STR, NULL_NEVER) },
	{ "clone.rule", FT_TEXT, AT(rule, FS_CHARS, NULL_EMPTY) },
	{ "clone.forced", FT_BOOL, AT(forced, FS_BOOL, NULL_NEVER) },

	{ "seccomp.installed", FT_BOOL, .get = get_seccomp_installed },
	{ "seccomp.error", FT_ERRNO, .get = get_seccomp_err },
	{ "seccomp.lab", FT_INT, AT(seccomp.lab_mode, FS_INT, NULL_NEG) },
	{ "seccomp.lab_filters", FT_INT, AT(seccomp.lab_filters, FS_INT, NULL_NEG) },
	{ "seccomp.clonesh", FT_INT, AT(seccomp.clonesh_mode, FS_INT, NULL_NEG) },
	{ "seccomp.child", FT_INT, AT(seccomp.child_mode, FS_INT, NULL_NEG) },
	{ "seccomp.child_filters", FT_INT, AT(seccomp.child_filters, FS_INT, NULL_NEG) },

	{ "run.reached", FT_TEXT, .get = get_reached },
	{ "run.timed_out", FT_BOOL, AT(timed_out, FS_BOOL, NULL_NEVER) },
	{ "run.interrupted", FT_BOOL, AT(interrupted, FS_BOOL, NULL_NEVER) },
	{ "run.lab_signal", FT_SIGNAL, AT(lab_signal, FS_INT, NULL_ZERO) },
	{ "run.lab_status", FT_INT, AT(lab_status, FS_INT, NULL_NEG) },
	{ "run.lab_note", FT_TEXT, AT(lab_note, FS_CHARS, NULL_EMPTY) },
	{ "run.notes", GROUP(FG_NOTES) },
	{ "run.output", FT_TEXT, AT(output, FS_CHARS, NULL_NEVER) },

	SHARED(SH_VM, "vm", "VM", 1, 7),
	SHARED(SH_FILES, "files", "FILES", 2, 8),
	SHARED(SH_FS, "fs", "FS", 3, 9),
	SHARED(SH_SIGHAND, "sighand", "SIGHAND", 4, 10),
	SHARED(SH_IO, "io", "IO", 5, 11),
	SHARED(SH_SYSVSEM, "sysvsem", "SYSVSEM", 6, 12),
	{ "shared.tls", FT_SHARE, AT(tls_shared.v, FS_INT, NULL_NEG),
	  SAYS("tls", 7, "thread pointer: %s", "the thread pointer was not measured"),
	  CMP("shared (kcmp)", "tls", CMP_TLS, 13) },
	{ "shared.thread_pointer_same", FT_BOOL, AT(tp_same.v, FS_INT, NULL_NEG) },
	SHARED_HOW(SH_VM, "vm"), SHARED_HOW(SH_FILES, "files"), SHARED_HOW(SH_FS, "fs"),
	SHARED_HOW(SH_SIGHAND, "sighand"), SHARED_HOW(SH_IO, "io"),
	SHARED_HOW(SH_SYSVSEM, "sysvsem"),
	SHARED_WHY(SH_VM, "vm"), SHARED_WHY(SH_FILES, "files"), SHARED_WHY(SH_FS, "fs"),
	SHARED_WHY(SH_SIGHAND, "sighand"), SHARED_WHY(SH_IO, "io"),
	SHARED_WHY(SH_SYSVSEM, "sysvsem"),
	{ "shared_why.tls", FT_TEXT, GET(get_why, tls_shared), .present = unmeasured },

	NAMESPACE(NS_UTS, "uts", "uts", 12, 14),
	NAMESPACE(NS_PID, "pid", "pid", 13, 15),
	NAMESPACE(NS_MNT, "mnt", "mount", 14, 16),
	NAMESPACE(NS_NET, "net", "network", 15, 17),
	NAMESPACE(NS_IPC, "ipc", "ipc", 16, 18),
	NAMESPACE(NS_USER, "user", "user", 17, 19),
	NAMESPACE(NS_CGROUP, "cgroup", "cgroup", 18, 20),
	NAMESPACE(NS_TIME, "time", "time", 19, 21),

	{ "ids.parent.pid", FT_INT, AT(parent.pid, FS_LONG, NULL_NEG) },
	{ "ids.parent.tid", FT_INT, AT(parent.tid, FS_LONG, NULL_NEG) },
	{ "ids.parent.ppid", FT_INT, AT(parent.ppid, FS_LONG, NULL_NEG) },
	{ "ids.parent.uid", FT_INT, AT(parent.uid, FS_LONG, NULL_NEG) },
	{ "ids.parent.gid", FT_INT, AT(parent.gid, FS_LONG, NULL_NEG) },
	{ "ids.child.pid_self", FT_INT, AT(ids.pid_self, FS_LONG, NULL_NEG),
	  SAYS("pid", 13, "getpid() in the child returned %s", "the child's pid was not measured"),
	  CMP("ids", "pid", CMP_PID, 22) },
	{ "ids.child.tid", FT_INT, AT(ids.tid, FS_LONG, NULL_NEG), CMP("ids", "tid", CMP_TID, 23) },
	{ "ids.child.tgid", FT_INT, AT(ids.tgid, FS_LONG, NULL_NEG),
	  CMP("ids", "tgid", CMP_TGID, 24) },
	{ "ids.child.ppid", FT_INT, AT(ids.ppid, FS_LONG, NULL_NEG),
	  SAYS("ppid", 20, "getppid() in the child returned %s", "the child's ppid was not measured"),
	  CMP("ids", "ppid", CMP_PPID, 25) },
	{ "ids.child.status_ppid", FT_INT, AT(ids.status_ppid, FS_LONG, NULL_NEG) },
	{ "ids.child.pid_in_parent_ns", FT_INT, AT(ids.pid_in_parent_ns, FS_LONG, NULL_NEG) },
	{ "ids.child.uid_start", FT_INT, AT(ids.uid_start, FS_LONG, NULL_NEG) },
	{ "ids.child.uid_after", FT_INT, AT(ids.uid_after, FS_LONG, NULL_NEG),
	  CMP("ids", "uid", CMP_UID, 28) },
	{ "ids.child.exit_signal", FT_INT, .get = get_child_exit_signal },
	{ "ids.parent_threads", FT_INT, AT(ids.threads, FS_INT, NULL_NEG),
	  SAYS("threads", 21, "the lab's Threads: was %s", "the lab's thread count was not measured"),
	  CMP("ids", "threads", CMP_THREADS, 26) },
	{ "ids.parent_state", FT_TEXT, .get = get_parent_state,
	  CMP("ids", "parent state", CMP_PARENT_STATE, 27) },

	{ "children", GROUP(FG_CHILDREN) },
	{ "children_asked", FT_INT, AT(cfg.nchildren, FS_INT, NULL_NEVER) },
	{ "children_made", FT_INT, AT(nmade, FS_INT, NULL_NEVER) },

	{ "effects.measured", FT_BOOL, AT(effects_measured, FS_BOOL, NULL_NEVER) },
	WORD("global", global, 8, "the parent sees %s", "the global was not measured", 29),
	WORD("heap", heap, 9, "the parent sees %s in the heap word", "the heap word was not measured",
	    30),
	{ "effects.errno.before", FT_ERRNO, .get = get_errno_before },
	{ "effects.errno.child_set", FT_ERRNO, .get = get_errno_child_set },
	{ "effects.errno.parent_sees", FT_ERRNO, .get = get_errno_parent_sees },
	{ "effects.stdio.printf_done_while_locked", FT_BOOL, .get = get_printf_locked },
	{ "effects.stdio.lines_expected", FT_INT, .get = get_lines_expected },
	{ "effects.stdio.lines_intact", FT_INT, .get = get_lines_intact },
	{ "effects.stdio.lines_lost_or_mangled", FT_INT, .get = get_lines_lost },
	{ "effects.mapping.addr", FT_INT, AT(mapping.addr, FS_ULONG, NULL_ZERO) },
	{ "effects.mapping.in_parent", FT_BOOL, .get = get_mapping_in_parent,
	  SAYS("mapping", 22, "the child's new page in the parent's maps: %s",
	      "the child made no new mapping"),
	  CMP("memory", "mapping", CMP_MAPPING, 31) },
	{ "effects.pages", GROUP(FG_PAGES) },
	{ "effects.fds", GROUP(FG_FDS), CMP("fds", NULL, CMP_FDS, 32) },
	{ "effects.signals", GROUP(FG_SIGNALS), CMP("signals", NULL, CMP_SIGNALS, 33) },
	{ "effects.cwd.parent", FT_TEXT, GET(get_effect_text, cwd.parent),
	  SAYS("cwd", 26, "the parent's cwd is %s", "the cwd was not measured"),
	  CMP("fs", "cwd", CMP_CWD, 34) },
	{ "effects.cwd.child", FT_TEXT, GET(get_effect_text, cwd.child) },
	{ "effects.umask.parent", FT_OCTAL, AT(umask.parent, FS_INT, NULL_NEG),
	  SAYS("umask", 27, "the parent's umask is %s", "the umask was not measured"),
	  CMP("fs", "umask", CMP_UMASK, 35) },
	{ "effects.umask.child", FT_OCTAL, AT(umask.child, FS_INT, NULL_NEG) },
	{ "effects.vm_size_kb.parent", FT_INT, AT(vm_kb.parent, FS_LONG, NULL_NEG) },
	{ "effects.vm_size_kb.child", FT_INT, AT(vm_kb.child, FS_LONG, NULL_NEG) },
	{ "effects.ioprio.before", FT_INT, GET(get_ioprio_level, ioprio.before) },
	{ "effects.ioprio.parent", FT_INT, GET(get_ioprio_level, ioprio.parent),
	  SAYS("ioprio", 29, "the parent's best-effort I/O priority is %s",
	      "the parent's I/O priority was not measured") },
	{ "effects.ioprio.child", FT_INT, GET(get_ioprio_level, ioprio.child) },
	{ "effects.hostname.parent", FT_TEXT, GET(get_effect_text_or_empty, hostname.parent),
	  SAYS("hostname", 28, "the parent's hostname is %s", "the hostname was not measured"),
	  CMP("fs", "hostname", CMP_HOSTNAME, 36) },
	{ "effects.hostname.child", FT_TEXT, GET(get_effect_text_or_empty, hostname.child) },
	{ "effects.cgroup.parent", FT_TEXT, AT(cgroup.parent, FS_CHARS, NULL_EMPTY) },
	{ "effects.cgroup.child", FT_TEXT, AT(cgroup.child, FS_CHARS, NULL_EMPTY) },
	{ "effects.tids.parent_settid_word", FT_INT, AT(tids.ptid_parent, FS_LONG, NULL_NEG),
	  .present = tids_measured },
	{ "effects.tids.child_settid_word_in_parent", FT_INT, AT(tids.ctid_parent, FS_LONG, NULL_NEG),
	  .present = tids_measured },
	{ "effects.tids.child_settid_word_in_child", FT_INT,
	  AT(tids.ctid_child, FS_LONG, NULL_NEVER), .present = tids_measured },
	{ "effects.tids.cleartid_word_after_exit", FT_INT,
	  AT(tids.ctid_after_exit, FS_LONG, NULL_NEVER), .present = tids_measured },
	{ "effects.tids.pidfd", FT_INT, AT(tids.pidfd, FS_INT, NULL_NEG) },
	{ "effects.tids.pidfd_pid", FT_INT, .get = get_pidfd_pid },

	{ "exit.status", FT_INT, .get = get_exit_status,
	  SAYS("exit", 10, "the child exited %s", "the child did not exit with a status"),
	  CMP("exit", "exit", CMP_EXIT, 37) },
	{ "exit.signal", FT_SIGNAL, .get = get_exit_signal,
	  .says = { "exit", "signal" }, .says_rank = { 10, 11 },
	  .told = "the child was killed by %s", .none = "no signal killed the child" },
	{ "exit.core", FT_BOOL, AT(exit.core, FS_BOOL, NULL_NEVER) },
	{ "exit.waited_with", FT_TEXT, AT(exit.waited_with, FS_CHARS, NULL_EMPTY) },
	{ "exit.caught.count", FT_INT, AT(exit_si.count, FS_INT, NULL_NEG) },
	{ "exit.caught.si_signo", FT_SIGNAL, .get = get_si_signo },
	{ "exit.caught.si_pid", FT_INT, .get = get_si_pid },
	{ "exit.caught.si_code", FT_TEXT, .get = get_si_code },
	{ "exit.caught.si_status", FT_INT, .get = get_si_status },

	{ "exec.program", FT_TEXT, AT(exec.program, FS_CHARS, NULL_EMPTY), .present = exec_asked, .quiet = true },
	{ "exec.reported", FT_BOOL, AT(exec.reported, FS_BOOL, NULL_NEVER), .present = exec_asked, .quiet = true },
	{ "exec.why", FT_TEXT, AT(exec.why, FS_CHARS, NULL_EMPTY), .present = exec_not_reported, .quiet = true },
	{ "exec.pid", FT_TEXT, .get = get_exec_pid, .present = exec_asked, .quiet = true },
	{ "exec.pid_before", FT_INT, GET(get_exec_before_long, exec.before.pid), .present = exec_asked, .quiet = true },
	{ "exec.pid_after", FT_INT, GET(get_exec_after_long, exec.after.pid), .present = exec_asked, .quiet = true },
	{ "exec.fds.cloexec", FT_TEXT, .get = get_exec_fd, .arg = 1, .present = exec_asked, .quiet = true },
	{ "exec.fds.cloexec_fd", FT_INT, .get = get_exec_fd_number, .arg = 1, .present = exec_asked, .quiet = true },
	{ "exec.fds.plain", FT_TEXT, .get = get_exec_fd, .arg = 0, .present = exec_asked, .quiet = true },
	{ "exec.fds.plain_fd", FT_INT, .get = get_exec_fd_number, .arg = 0, .present = exec_asked, .quiet = true },
	{ "exec.fds.after", FT_TEXT, .get = get_exec_fds_after, .present = exec_asked, .quiet = true },
	{ "exec.signals.handled", FT_TEXT, .get = get_exec_sig, .arg = 0, .present = exec_asked, .quiet = true },
	{ "exec.signals.handled_signal", FT_SIGNAL, .get = get_exec_sig_name, .arg = 0,
	  .present = exec_asked, .quiet = true },
	{ "exec.signals.handled_after", FT_TEXT, .get = get_exec_sig_after, .arg = 0,
	  .present = exec_asked, .quiet = true },
	{ "exec.signals.ignored", FT_TEXT, .get = get_exec_sig, .arg = 1, .present = exec_asked, .quiet = true },
	{ "exec.signals.ignored_signal", FT_SIGNAL, .get = get_exec_sig_name, .arg = 1,
	  .present = exec_asked, .quiet = true },
	{ "exec.signals.ignored_after", FT_TEXT, .get = get_exec_sig_after, .arg = 1,
	  .present = exec_asked, .quiet = true },
	{ "exec.signals.blocked", FT_TEXT, .get = get_exec_sig, .arg = 2, .present = exec_asked, .quiet = true },
	{ "exec.signals.blocked_signal", FT_SIGNAL, .get = get_exec_sig_name, .arg = 2,
	  .present = exec_asked, .quiet = true },
	{ "exec.signals.handlers_after", FT_INT, .get = get_exec_handlers_after,
	  .present = exec_asked, .quiet = true },
	{ "exec.cwd", FT_TEXT, .get = get_exec_cwd, .present = exec_asked, .quiet = true },
	{ "exec.cwd_before", FT_TEXT, GET(get_exec_before_text, exec.before.cwd),
	  .present = exec_asked, .quiet = true },
	{ "exec.cwd_after", FT_TEXT, GET(get_exec_after_text, exec.after.cwd), .present = exec_asked, .quiet = true },
	{ "exec.umask", FT_TEXT, .get = get_exec_umask, .present = exec_asked, .quiet = true },
	{ "exec.umask_before", FT_OCTAL, GET(get_exec_before_int, exec.before.umask),
	  .present = exec_asked, .quiet = true },
	{ "exec.umask_after", FT_OCTAL, GET(get_exec_after_int, exec.after.umask),
	  .present = exec_asked, .quiet = true },
	{ "exec.ids", FT_TEXT, .get = get_exec_ids, .present = exec_asked, .quiet = true },
	{ "exec.uid_after", FT_INT, GET(get_exec_after_long, exec.after.uid), .present = exec_asked, .quiet = true },
	{ "exec.euid_after", FT_INT, GET(get_exec_after_long, exec.after.euid),
	  .present = exec_asked, .quiet = true },
	{ "exec.memory", FT_TEXT, .get = get_exec_memory, .present = exec_asked, .quiet = true },
	{ "exec.memory_marker", FT_TEXT, .get = get_exec_marker, .present = exec_asked, .quiet = true },

	WAIT("plain", wait.plain),
	WAIT("all", wait.all),
	{ "wait.reaped_by", FT_TEXT, AT(wait.reaped_by, FS_STR, NULL_NEVER) },

	{ "stack.size", FT_INT, AT(stack.size, FS_SIZE, NULL_NEVER) },
	{ "stack.used", FT_INT, .get = get_stack_used, CMP("stack", "used", CMP_STACK_USED, 38) },
	{ "stack.guard", FT_BOOL, AT(cfg.guard, FS_BOOL, NULL_NEVER) },
	{ "stack.overflow", FT_BOOL, AT(stack.overflow, FS_BOOL, NULL_NEVER),
	  SAYS("overflow", 23, "stack overflow: %s", "the stack was not measured"),
	  CMP("stack", "overflow", CMP_OVERFLOW, 39) },
	{ "stack.below", FT_INT, AT(stack.below, FS_SIZE, NULL_NEVER) },

	/* Written only by a cost observation (`cost`): doc/observation.md. */
	{ "cost", GROUP(FG_COST) },
};

const size_t fields_count = ARRAY_SIZE(fields_table);

/* --- reading a field ------------------------------------------------------ */

/* The member at f->at as a number, and whether it is null by f->null_if. */
static void
get_member(const struct observation *o, const struct field *f, struct field_value *v)
{
	long long n = 0;
	const char *s = NULL;

	switch (f->store) {
	case FS_INT: n = *MEMBER(int, o, f); break;
	case FS_UINT: n = *MEMBER(unsigned int, o, f); break;
	case FS_LONG: n = *MEMBER(long, o, f); break;
	case FS_ULONG: n = (long long)*MEMBER(unsigned long, o, f); break;
	case FS_SIZE: n = (long long)*MEMBER(size_t, o, f); break;
	case FS_BOOL: n = *MEMBER(bool, o, f); break;
	case FS_CHARS: s = MEMBER(char, o, f); break;
	case FS_STR: s = *MEMBER(char *, o, f); break;
	}
	v->n = n;
	v->s = s;
	switch (f->null_if) {
	case NULL_NEVER: v->known = f->store != FS_STR || s != NULL; break;
	case NULL_NEG: v->known = n >= 0; break;
	case NULL_ZERO: v->known = n != 0; break;
	case NULL_EMPTY: v->known = s != NULL && s[0] != '\0'; break;
	}
}

void
field_get(const struct observation *o, const struct field *f, struct field_value *v)
{
	memset(v, 0, sizeof(*v));
	if (f->type == FT_GROUP)
		return;
	if (f->get)
		f->get(o, f, v);
	else
		get_member(o, f, v);
	if (!v->known)
		return;
	switch (f->type) {
	case FT_BOOL: case FT_OK: case FT_SHARE: case FT_NS:
		v->n = v->n != 0;
		break;
	case FT_SIGNAL:
		v->s = signal_name((int)v->n, v->buf, sizeof(v->buf));
		break;
	case FT_OCTAL:
		snprintf(v->buf, sizeof(v->buf), "%04llo", v->n);
		v->s = v->buf;
		break;
	default:
		break;
	}
}

bool
field_present(const struct observation *o, const struct field *f)
{
	return !f->present || f->present(o, f);
}

const struct field *
field_at(const char *path)
{
	for (size_t i = 0; i < fields_count; i++)
		if (strcmp(fields_table[i].path, path) == 0)
			return &fields_table[i];
	return NULL;
}

/* Whether f takes the short name `name`. */
static bool
field_says(const struct field *f, const char *name)
{
	for (size_t k = 0; k < ARRAY_SIZE(f->says); k++)
		if (f->says[k] && strcasecmp(f->says[k], name) == 0)
			return true;
	return false;
}

const struct field *
field_named(const char *name, size_t k)
{
	for (size_t i = 0; i < fields_count; i++)
		if (field_says(&fields_table[i], name) && k-- == 0)
			return &fields_table[i];
	return NULL;
}

const char *
field_short_name(size_t i)
{
	for (size_t r = 0; r < fields_count; r++)
		for (size_t k = 0; k < ARRAY_SIZE(fields_table[r].says); k++)
			if (fields_table[r].says[k] && fields_table[r].says_rank[k] == i + 1)
				return fields_table[r].says[k];
	return NULL;
}
