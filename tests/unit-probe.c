/* The probes' cheaper ways against the plain ones, on clonesh's own process:
 * the fds found by their count and kcmp(2) against the listing of
 * /proc/PID/fd, gaps and an fd past the scan included; a status file kept
 * open and read again from offset 0 gives the text of that moment; a /proc
 * text file read in one read against read to its end. */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"
#include "tap.h"
#include "util.h"

/* The fds of this process both ways, compared. */
static void
fds_both(const char *name)
{
	int counted[64], listed[64];
	int nc = probe_fds_counted(getpid(), counted, 64);
	int nl = probe_fds(getpid(), listed, 64);
	bool same = nc == nl && nc >= 0;
	for (int i = 0; same && i < nc; i++)
		same = counted[i] == listed[i];
	ok(same, "%s: the counted fds (%d) are the listed ones (%d)", name, nc, nl);
}

int
main(void)
{
	fds_both("as started");

	int hole = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int kept = open("/dev/null", O_RDONLY | O_CLOEXEC);
	close(hole);
	fds_both("with a gap");
	ok(dup2(kept, 100) == 100, "dup2 to fd 100");
	fds_both("with fd 100");
	/* Past the scan (fds 0 to 255): the listing says it. */
	ok(dup2(kept, 300) == 300, "dup2 to fd 300");
	fds_both("with fd 300, past the scan");
	close(300);
	close(100);
	close(kept);

	struct stat st;
	if (stat("/proc/self/fd", &st) == 0 && st.st_size > 0)
		ok(true, "/proc/self/fd's size counts the open fds here (%lld)", (long long)st.st_size);
	else
		skip(1, "/proc/self/fd's size is 0 here (a kernel before 6.2): the fds are listed");

	int fd = -1;
	struct proc_status a, b;
	mode_t old = umask(022);
	is_int(probe_status_fd(getpid(), &fd, &a), 0, "probe_status_fd opens and reads");
	int first_fd = fd;
	umask(077);
	is_int(probe_status_fd(getpid(), &fd, &b), 0, "and reads again");
	is_int(fd, first_fd, "through the same fd");
	is_int(a.umask, 022, "the first read's umask");
	is_int(b.umask, 077, "the second read's umask: the text is made anew");
	is_int((int)b.pid, (int)getpid(), "Pid: is ours");
	umask(old);
	close(fd);
	fd = -1;
	is_int(probe_status_fd(-1, &fd, &a), -1, "no such process: -1");
	is_int(fd, -1, "and no fd");

	char one[8192], whole[8192];
	long n1 = proc_text_read("/proc/self/stat", one, sizeof(one));
	long n2 = file_read("/proc/self/stat", whole, sizeof(whole));
	ok(n1 > 0 && n1 == n2, "/proc/self/stat: one read gives all (%ld and %ld bytes)", n1, n2);
	/* The buffer smaller than the text: it fills, terminated. */
	char small[16];
	is_int((int)proc_text_read("/proc/self/status", small, sizeof(small)), 15,
	    "a small buffer: filled, terminated");
	is_int((int)proc_text_read("/nonexistent", small, sizeof(small)), -1, "no file: -1");
	return done_testing();
}
