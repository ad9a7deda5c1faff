#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "exec-report.h"
#include "util.h"

/* The value of "key=" among the words of line (up to end), NULL when absent;
 * *n its length. */
static const char *
word_of(const char *line, const char *end, const char *key, size_t *n)
{
	size_t k = strlen(key);
	for (const char *p = line; p < end; ) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *we = sp ? sp : end;
		if ((size_t)(we - p) > k && memcmp(p, key, k) == 0 && p[k] == '=') {
			*n = (size_t)(we - p) - k - 1;
			return p + k + 1;
		}
		p = we + 1;
	}
	return NULL;
}

static bool
number_of(const char *line, const char *end, const char *key, int base, long long *v)
{
	size_t n;
	const char *s = word_of(line, end, key, &n);
	char buf[32];
	if (!s || n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *e;
	errno = 0;
	long long x = base == 16 ? (long long)strtoull(buf, &e, 16) : strtoll(buf, &e, base);
	if (errno || *e || buf[0] == '-' || buf[0] == '+')
		return false;
	*v = x;
	return true;
}

/* "0,1,2" into the list; an empty list is allowed. */
static bool
fd_list(const char *s, size_t n, int *fds, int *count, bool *truncated)
{
	*count = 0;
	*truncated = false;
	const char *end = s + n;
	while (s < end) {
		char *e;
		errno = 0;
		long fd = strtol(s, &e, 10);
		if (errno || e == s || fd < 0 || fd > INT32_MAX || e > end || (e < end && *e != ','))
			return false;
		if (*count < EXEC_MAX_FDS)
			fds[(*count)++] = (int)fd;
		else
			*truncated = true;
		s = e < end ? e + 1 : e;
	}
	return true;
}

static bool
parse_fds(const char *line, const char *end, struct exec_report *r)
{
	size_t n;
	const char *s = word_of(line, end, "fds", &n);
	if (!s || !fd_list(s, n, r->fds, &r->nfds, &r->fds_truncated))
		return false;
	if (n >= sizeof(r->fds_text))
		n = sizeof(r->fds_text) - 1;
	memcpy(r->fds_text, s, n);
	r->fds_text[n] = '\0';
	int cl[EXEC_MAX_FDS], ncl;
	bool trunc;
	s = word_of(line, end, "cloexec", &n);
	if (!s || !fd_list(s, n, cl, &ncl, &trunc))
		return false;
	for (int i = 0; i < ncl; i++)
		for (int k = 0; k < r->nfds; k++)
			if (r->fds[k] == cl[i])
				r->fd_cloexec[k] = true;
	return true;
}

static bool
parse_marker(const char *line, const char *end, struct exec_report *r)
{
	static const char *const words[] = { "none", "absent", "held", "other" };
	size_t n;
	const char *s = word_of(line, end, "marker", &n);
	for (size_t i = 0; s && i < ARRAY_SIZE(words); i++)
		if (n == strlen(words[i]) && memcmp(s, words[i], n) == 0) {
			r->marker = (enum exec_marker)i;
			return true;
		}
	return false;
}

/* cwd= is the last word and takes the rest of the line, \\ and \n escaped. */
static bool
parse_cwd(const char *line, const char *end, struct exec_report *r)
{
	const char *s = NULL;
	for (const char *p = line; p + 5 <= end; p++)
		if ((p == line || p[-1] == ' ') && memcmp(p, "cwd=", 4) == 0) {
			s = p + 4;
			break;
		}
	if (!s)
		return false;
	size_t k = 0;
	for (; s < end; s++) {
		char c = *s;
		if (c == '\\' && s + 1 < end) {
			c = *++s == 'n' ? '\n' : *s;
		}
		if (k + 1 >= sizeof(r->cwd))
			return false;
		r->cwd[k++] = c;
	}
	r->cwd[k] = '\0';
	return true;
}

bool
exec_report_parse(const char *line, size_t len, struct exec_report *r)
{
	size_t pl = strlen(EXEC_REPORT_PREFIX);
	memset(r, 0, sizeof(*r));
	if (len < pl || memcmp(line, EXEC_REPORT_PREFIX, pl) != 0 || memchr(line, '\n', len))
		return false;
	const char *end = line + len;
	/* The words before cwd=, which may hold spaces. */
	const char *words = line + pl, *cwd = NULL;
	for (const char *p = words; p + 4 <= end; p++)
		if (p[-1] == ' ' && memcmp(p, "cwd=", 4) == 0) {
			cwd = p;
			break;
		}
	if (!cwd)
		return false;
	const char *wend = cwd - 1;
	long long v[6], um, bl, ig, ca;
	static const char *const ids[] = { "pid", "ppid", "uid", "euid", "gid", "egid" };
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		if (!number_of(words, wend, ids[i], 10, &v[i]))
			return false;
	if (!number_of(words, wend, "umask", 8, &um) || um > 0777 ||
	    !number_of(words, wend, "blocked", 16, &bl) || !number_of(words, wend, "ignored", 16, &ig) ||
	    !number_of(words, wend, "caught", 16, &ca))
		return false;
	r->pid = (long)v[0];
	r->ppid = (long)v[1];
	r->uid = (long)v[2];
	r->euid = (long)v[3];
	r->gid = (long)v[4];
	r->egid = (long)v[5];
	r->umask = (int)um;
	r->blocked = (uint64_t)bl;
	r->ignored = (uint64_t)ig;
	r->caught = (uint64_t)ca;
	return parse_fds(words, wend, r) && parse_marker(words, wend, r) && parse_cwd(cwd, end, r);
}

bool
exec_report_take(struct observation *o, long pid)
{
	for (char *p = o->output; *p; ) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct exec_report r;
		if (exec_report_parse(p, len, &r) && r.pid == pid) {
			o->exec.after = r;
			size_t cut = len + (nl ? 1 : 0);
			memmove(p, p + cut, strlen(p + cut) + 1);
			o->output_len -= cut;
			return true;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return false;
}

/* --- the verdicts ------------------------------------------------------- */

static bool
both(const struct observation *o)
{
	return o->exec.reported && o->exec.before.recorded;
}

int
exec_fd_kept(const struct observation *o, bool cloexec)
{
	int fd = cloexec ? o->exec.before.fd_cloexec : o->exec.before.fd_plain;
	if (!both(o) || fd < 0 || o->exec.after.fds_truncated)
		return -1;
	for (int i = 0; i < o->exec.after.nfds; i++)
		if (o->exec.after.fds[i] == fd)
			return 1;
	return 0;
}

static bool
bit(uint64_t set, int sig)
{
	return sig >= 1 && sig <= 64 && (set >> (sig - 1)) & 1;
}

int
exec_disposition_after(const struct observation *o, int sig)
{
	if (!o->exec.reported || sig < 1 || sig > 64)
		return -1;
	const struct exec_report *a = &o->exec.after;
	return bit(a->ignored, sig) ? DISP_IGNORE : bit(a->caught, sig) ? DISP_HANDLER : DISP_DEFAULT;
}

int
exec_sig_kept(const struct observation *o, int which)
{
	const struct exec_before *b = &o->exec.before;
	const struct exec_report *a = &o->exec.after;
	if (!both(o))
		return -1;
	switch (which) {
	case 0:		/* handled before: kept only if a handler is still there */
		if (!bit(b->caught, b->sig_handled))
			return -1;
		return bit(a->caught, b->sig_handled);
	case 1:
		if (!bit(b->ignored, b->sig_ignored))
			return -1;
		return bit(a->ignored, b->sig_ignored);
	default:
		if (!bit(b->blocked, b->sig_blocked))
			return -1;
		return bit(a->blocked, b->sig_blocked);
	}
}

int
exec_cwd_kept(const struct observation *o)
{
	if (!both(o) || !o->exec.before.cwd[0] || !o->exec.after.cwd[0])
		return -1;
	return strcmp(o->exec.before.cwd, o->exec.after.cwd) == 0;
}

int
exec_umask_kept(const struct observation *o)
{
	return both(o) ? o->exec.before.umask == o->exec.after.umask : -1;
}

int
exec_ids_kept(const struct observation *o)
{
	const struct exec_before *b = &o->exec.before;
	const struct exec_report *a = &o->exec.after;
	if (!both(o))
		return -1;
	return b->uid == a->uid && b->euid == a->euid && b->gid == a->gid && b->egid == a->egid;
}

int
exec_pid_kept(const struct observation *o)
{
	return both(o) ? o->exec.before.pid == o->exec.after.pid : -1;
}

int
exec_memory_kept(const struct observation *o)
{
	if (!both(o) || !o->exec.before.marker_addr)
		return -1;
	switch (o->exec.after.marker) {
	case MARKER_HELD: return 1;
	case MARKER_ABSENT: case MARKER_OTHER: return 0;
	default: return -1;
	}
}
