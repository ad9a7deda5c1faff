/* The parsers and formatters of the experiment: sizes, signals, flags, and
 * the comparison of two experiments. */
#include "config.h"

#include <ctype.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "experiment.h"
#include "flags.h"
#include "tap.h"
#include "util.h"

#include "clone-compat.h"
#define TEST_CLEAR_SIGHAND 0x100000000ULL

/* util-linux style: lowercase, names the object, no trailing period. */
static bool
error_style(const char *err)
{
	size_t n = strlen(err);
	return n > 0 && islower((unsigned char)err[0]) && err[n - 1] != '.' &&
	    strchr(err, '\n') == NULL;
}

static void
test_size_parse(void)
{
	static const struct { const char *text; size_t want; } good[] = {
		{ "8k", 8192 }, { "64K", 65536 }, { "1m", 1048576 }, { "4096", 4096 },
		{ "256m", (size_t)256 << 20 }, { "4k", 4096 }, { "256M", (size_t)256 << 20 },
		{ "12288", 12288 }, { "16K", 16384 }, { "0008k", 8192 }, { "64KiB", 65536 },
		{ "64kib", 65536 }, { "2MiB", (size_t)2 << 20 }, { "2M", (size_t)2 << 20 },
	};
	static const char *const bad[] = {
		"0", "-1", "12q", "", "k", "257m", "99999999999999999999", "5000", "1k", "8kb",
		" 8k", "8k ", "0x1000", "1g", "-8k", "8.5k", "4095", "0k", "268439552",
		"18446744073709551615k", "64KB", "64Ki", "64KiBs", "1GiB", "1T", "1TiB", "8e",
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		size_t got = 0;
		char err[256] = "";
		int r = size_parse(good[i].text, &got, err, sizeof(err));
		is_int(r, 0, "size_parse(\"%s\") accepts", good[i].text);
		if (r != 0)
			diag("%s", err);
		is_int(got, good[i].want, "size_parse(\"%s\") = %zu", good[i].text, good[i].want);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t got = 12345;
		char err[256] = "";
		int r = size_parse(bad[i], &got, err, sizeof(err));
		is_int(r, -1, "size_parse(\"%s\") refuses", bad[i]);
		is_int(got, 12345, "size_parse(\"%s\") leaves the output alone", bad[i]);
		ok(strstr(err, "4k to 256m") != NULL, "error for \"%s\" gives the range: %s", bad[i],
		    err);
		ok(strncmp(err, "stack: ", 7) == 0 && error_style(err),
		    "error for \"%s\" names the object, in style", bad[i]);
	}

	char err[256] = "";
	size_t got;
	size_parse("12q", &got, err, sizeof(err));
	is_str(err, "stack: \"12q\" is not a size (try 8k, 64k, 1m; 4k to 256m)",
	    "the style guide's own example");
	size_parse("5000", &got, err, sizeof(err));
	ok(strstr(err, "5000 is not a whole number of 4k pages") != NULL, "5000: %s", err);
	size_parse("257m", &got, err, sizeof(err));
	ok(strstr(err, "over the limit") != NULL, "257m: %s", err);
	size_parse("-1", &got, err, sizeof(err));
	ok(strstr(err, "negative") != NULL, "-1: %s", err);

	is_str(size_format(65536, buf, sizeof(buf)), "64k", "size_format 64k");
	is_str(size_format(8192, buf, sizeof(buf)), "8k", "size_format 8k");
	is_str(size_format(1 << 20, buf, sizeof(buf)), "1m", "size_format 1m");
	is_str(size_format((size_t)3 << 20, buf, sizeof(buf)), "3m", "size_format 3m");
	is_str(size_format((size_t)1 << 30, buf, sizeof(buf)), "1g", "size_format 1g");
	is_str(size_format(5000, buf, sizeof(buf)), "5000", "size_format 5000");
	is_str(size_format(1536, buf, sizeof(buf)), "1536", "size_format 1536");
	is_str(size_format(0, buf, sizeof(buf)), "0", "size_format 0");
	is_str(size_format(STACK_DEFAULT, buf, sizeof(buf)), "64k", "the default stack is 64k");

	int roundtrip_bad = 0;
	for (size_t n = STACK_MIN; n <= STACK_MAX; n += n < (1 << 20) ? 4096 : (size_t)1 << 20) {
		size_t back = 0;
		if (size_parse(size_format(n, buf, sizeof(buf)), &back, err, sizeof(err)) != 0 ||
		    back != n) {
			if (roundtrip_bad++ == 0)
				diag("%zu -> \"%s\" -> %zu (%s)", n, buf, back, err);
		}
	}
	is_int(roundtrip_bad, 0, "size_parse(size_format(n)) == n over the range");
}

static void
test_signals(void)
{
	char buf[32];

	is_int(signal_parse("SIGCHLD"), SIGCHLD, "SIGCHLD");
	is_int(signal_parse("chld"), SIGCHLD, "chld");
	is_int(signal_parse("sigchld"), SIGCHLD, "sigchld");
	is_int(signal_parse("CLD"), SIGCHLD, "CLD alias");
	is_int(signal_parse("17"), 17, "17");
	is_int(signal_parse("none"), 0, "none");
	is_int(signal_parse("NONE"), 0, "NONE");
	is_int(signal_parse("0"), 0, "0");
	is_int(signal_parse("usr1"), SIGUSR1, "usr1");
	is_int(signal_parse("SIGKILL"), SIGKILL, "SIGKILL");
	is_int(signal_parse("IOT"), SIGABRT, "IOT alias");
	is_int(signal_parse("SIGRTMIN"), SIGRTMIN, "SIGRTMIN");
	is_int(signal_parse("SIGRTMIN+6"), SIGRTMIN + 6, "SIGRTMIN+6");
	is_int(signal_parse("rtmax-1"), SIGRTMAX - 1, "rtmax-1");
	is_int(signal_parse("SIGRTMAX"), SIGRTMAX, "SIGRTMAX");
	is_int(signal_parse("64"), 64, "64");
	is_int(signal_parse("SIG32"), 32, "SIG32 (reserved by glibc, still a signal)");
	is_int(signal_parse("65"), -1, "65 is not a signal");
	is_int(signal_parse("-1"), -1, "-1 is not a signal");
	is_int(signal_parse(""), -1, "empty is not a signal");
	is_int(signal_parse("SIG"), -1, "SIG alone is not a signal");
	is_int(signal_parse("SIGFOO"), -1, "SIGFOO is not a signal");
	is_int(signal_parse("SIGRTMIN+40"), -1, "SIGRTMIN+40 is past SIGRTMAX");
	is_int(signal_parse("SIGRTMAX+1"), -1, "SIGRTMAX+1 is not a signal");
	is_int(signal_parse("17x"), -1, "17x is not a signal");

	is_str(signal_name(SIGCHLD, buf, sizeof(buf)), "SIGCHLD", "name of 17");
	is_str(signal_name(0, buf, sizeof(buf)), "none", "name of 0");
	is_str(signal_name(SIGABRT, buf, sizeof(buf)), "SIGABRT", "SIGABRT, not its alias");
	is_str(signal_name(SIGRTMIN, buf, sizeof(buf)), "SIGRTMIN", "name of SIGRTMIN");
	is_str(signal_name(SIGRTMIN + 6, buf, sizeof(buf)), "SIGRTMIN+6", "name of SIGRTMIN+6");
	is_str(signal_name(SIGRTMAX, buf, sizeof(buf)), "SIGRTMAX", "name of SIGRTMAX");

	int bad = 0;
	for (int sig = 0; sig <= 64; sig++) {
		signal_name(sig, buf, sizeof(buf));
		if (signal_parse(buf) != sig) {
			if (bad++ < 5)
				diag("%d -> \"%s\" -> %d", sig, buf, signal_parse(buf));
		}
	}
	is_int(bad, 0, "signal_parse(signal_name(n)) == n for 0..64");
}

static void
test_flags(void)
{
	char buf[512];
	const struct clone_flag *vm = flags_find("vm");

	ok(vm != NULL && vm->value == CLONE_VM, "vm is CLONE_VM");
	ok(flags_find("CLONE_VM") == vm, "CLONE_VM");
	ok(flags_find("clone_vm") == vm, "clone_vm");
	ok(flags_find("Clone_Vm") == vm, "Clone_Vm");
	ok(flags_find("VM") == vm, "VM");
	ok(flags_find("parent-settid") == flags_find("parent_settid"), "parent-settid");
	ok(flags_find("CLONE_") == NULL, "CLONE_ alone is not a flag");
	ok(flags_find("vmm") == NULL, "vmm is not a flag");
	ok(flags_find("CSIGNAL") == NULL, "CSIGNAL is not a flag");
	ok(flags_find("newtime") != NULL && flags_find("newtime")->value == CLONE_NEWTIME,
	    "newtime is 0x80");
	ok(flags_find("clear_sighand") != NULL &&
	    flags_find("clear_sighand")->value == TEST_CLEAR_SIGHAND, "clear_sighand is bit 32");

	is_str(flags_format(0, 0, buf, sizeof(buf)), "0", "nothing formats as 0");
	is_str(flags_format(0, SIGCHLD, buf, sizeof(buf)), "SIGCHLD", "fork");
	is_str(flags_format(CLONE_FILES | CLONE_VM, SIGCHLD, buf, sizeof(buf)),
	    "CLONE_VM|CLONE_FILES|SIGCHLD", "value order, signal last");
	is_str(flags_format(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_SIGHAND |
	    CLONE_THREAD | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, 0, buf,
	    sizeof(buf)),
	    "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|"
	    "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID", "pthread_create's flags as strace prints them");
	is_str(flags_format(CLONE_VM | (1ULL << 36), 0, buf, sizeof(buf)), "CLONE_VM|0x1000000000",
	    "an unknown bit in hex");
	is_str(flags_format(1ULL << 36, 0, buf, sizeof(buf)), "0x1000000000", "only unknown bits");
	is_str(flags_format(CLONE_NEWTIME | TEST_CLEAR_SIGHAND, 0, buf, sizeof(buf)),
	    "CLONE_NEWTIME|CLONE_CLEAR_SIGHAND", "clone3-only flags");
	is_str(flags_format(CLONE_VM, SIGRTMIN + 6, buf, sizeof(buf)), "CLONE_VM|SIGRTMIN+6",
	    "a real-time exit signal");
	is_str(flags_format(CLONE_VM, 0, buf, sizeof(buf)), "CLONE_VM", "the seed's call");

	is_str(flags_suggest("vn", buf, sizeof(buf)), "vm", "suggest for vn");
	is_str(flags_suggest("fles", buf, sizeof(buf)), "files", "suggest for fles");
	is_str(flags_suggest("CLONE_FLIES", buf, sizeof(buf)), "files", "suggest for CLONE_FLIES");
	is_str(flags_suggest("sighnd", buf, sizeof(buf)), "sighand", "suggest for sighnd");
	is_str(flags_suggest("thred", buf, sizeof(buf)), "thread", "suggest for thred");
	is_str(flags_suggest("clone_vn", buf, sizeof(buf)), "vm", "suggest for clone_vn");
	is_str(flags_suggest("xyzzy", buf, sizeof(buf)), "", "nothing close to xyzzy");
	is_str(flags_suggest("xx", buf, sizeof(buf)), "", "two letters are not close to vm, fs, io");
	is_str(flags_suggest("", buf, sizeof(buf)), "", "nothing close to nothing");
	flags_suggest("new", buf, sizeof(buf));
	int commas = 0;
	for (const char *p = buf; *p; p++)
		commas += *p == ',';
	ok(commas == 2 && strncmp(buf, "new", 3) == 0 && !strstr(buf, ", vm"),
	    "new suggests three namespaces: %s", buf);
}

static void
test_differs(void)
{
	struct experiment mine, step;
	char buf[1024], err[256];
	char segv[] = "SEGV", n42[] = "42", n7[] = "7";
	char *crash[] = { segv, NULL }, *none[] = { NULL };

	experiment_init(&mine);
	experiment_init(&step);
	ok(!experiment_differs(&mine, &step, buf, sizeof(buf)), "two default experiments are the same");
	is_str(buf, "", "and nothing is named");

	/* The timeout is not the experiment. */
	mine.timeout_ms = 100;
	ok(!experiment_differs(&mine, &step, buf, sizeof(buf)), "a different timeout is the same experiment");

	mine.flags = CLONE_VM | CLONE_FILES;
	step.flags = CLONE_VM;
	experiment_set_fn(&mine, "crash", 1, crash, err, sizeof(err));
	ok(experiment_differs(&mine, &step, buf, sizeof(buf)), "flags and fn differ");
	is_str(buf, "flags: yours are CLONE_VM CLONE_FILES, the step's CLONE_VM; fn: yours is crash "
	    "SEGV, the step's hello", "each difference named in the learner's words");

	/* "fn crash" takes SEGV by default: the same experiment as "fn crash SEGV". */
	experiment_set_fn(&step, "crash", 0, none, err, sizeof(err));
	step.flags = mine.flags;
	ok(!experiment_differs(&mine, &step, buf, sizeof(buf)), "crash and crash SEGV are the same: %s", buf);

	experiment_init(&mine);
	experiment_init(&step);
	char *v42[] = { n42, NULL }, *v7[] = { n7, NULL };
	experiment_set_fn(&mine, "write-global", 1, v42, err, sizeof(err));
	experiment_set_fn(&step, "write-global", 1, v7, err, sizeof(err));
	ok(experiment_differs(&mine, &step, buf, sizeof(buf)), "the function's arguments differ");
	is_str(buf, "fn: yours is write-global 42, the step's write-global 7", "the arguments named");

	experiment_init(&mine);
	experiment_init(&step);
	mine.variant = VARIANT_CLONE3;
	mine.exit_signal = 0;
	mine.stack_size = (size_t)16 << 10;
	mine.guard = false;
	mine.nchildren = 4;
	step.flags = CLONE_VM;
	ok(experiment_differs(&mine, &step, buf, sizeof(buf)), "every other setting differs");
	is_str(buf, "variant: yours is clone3, the step's clone; flags: yours are none, the step's "
	    "CLONE_VM; exit signal: yours is none, the step's SIGCHLD; stack: yours is 16k, the "
	    "step's 64k; guard page: yours is off, the step's on; children: yours is 4, the step's 1",
	    "variant, flags, exit signal, stack, guard and children named, in that order");
	ok(experiment_differs(&mine, &step, NULL, 0), "without a buffer it still tells");
	ok(!experiment_differs(&step, &step, NULL, 0), "an experiment is the same as itself");

	/* A short buffer is cut, never overrun. */
	char tiny[8];
	experiment_differs(&mine, &step, tiny, sizeof(tiny));
	ok(strlen(tiny) < sizeof(tiny), "a short buffer holds a cut message: \"%s\"", tiny);
}

/* str_copy_tail: what a long fd target keeps. */
static void
test_copy_tail(void)
{
	char buf[16];
	is_str(str_copy_tail(buf, "/etc/passwd", sizeof(buf)), "/etc/passwd", "a short text is copied");
	is_str(str_copy_tail(buf, "/tmp/abcdefghij (deleted)", sizeof(buf)), "…ij (deleted)",
	    "a long text keeps its end after an ellipsis");
	is_str(str_copy_tail(buf, "/tmp/ééééééé (deleted)", sizeof(buf)), "…é (deleted)",
	    "a tail that starts with a UTF-8 character");
	is_str(str_copy_tail(buf, "/tmp/ééééééé (deleted)", 15), "… (deleted)",
	    "never from the middle of a UTF-8 character");
	is_int((long)strlen(str_copy_tail(buf, "0123456789abcdefghij", sizeof(buf))), 15,
	    "it fills the buffer");
}

int
main(void)
{
	test_copy_tail();
	test_size_parse();
	test_signals();
	test_flags();
	test_differs();
	return done_testing();
}
