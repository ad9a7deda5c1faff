/* A tiny TAP producer for the C unit tests, header only.
 *
 *   plan(n) or nothing (done_testing() then prints "1..N" at the end);
 *   ok(cond, "name %d", i); is_int(got, want, "name"); is_str(got, want, "name");
 *   diag("note"); skip(n, "reason"); return done_testing();
 *
 * A failure says where it happened and what was expected and seen, as "# "
 * lines, so automake's tap-driver.sh keeps them in the test's log. */
#ifndef CLONESH_TAP_H
#define CLONESH_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static struct {
	int planned;		/* -1: no plan yet */
	int run;
	int failed;
} tap_state = { -1, 0, 0 };

static inline void __attribute__((format(printf, 2, 0)))
tap_vresult(bool pass, const char *fmt, va_list ap)
{
	tap_state.run++;
	if (!pass)
		tap_state.failed++;
	printf("%s %d - ", pass ? "ok" : "not ok", tap_state.run);
	vprintf(fmt, ap);
	putchar('\n');
}

static inline void __attribute__((format(printf, 1, 2)))
diag(const char *fmt, ...)
{
	va_list ap;
	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static inline void
plan(int n)
{
	tap_state.planned = n;
	printf("1..%d\n", n);
}

static inline bool __attribute__((format(printf, 4, 5)))
tap_ok(bool pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		diag("  failed at %s:%d", file, line);
	fflush(stdout);
	return pass;
}

static inline bool __attribute__((format(printf, 5, 6)))
tap_is_int(long long got, long long want, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	bool pass = got == want;
	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		diag("  failed at %s:%d", file, line);
		diag("    expected: %lld", want);
		diag("         got: %lld", got);
	}
	fflush(stdout);
	return pass;
}

static inline bool __attribute__((format(printf, 5, 6)))
tap_is_str(const char *got, const char *want, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	bool pass = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);
	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		diag("  failed at %s:%d", file, line);
		if (want != NULL)
			diag("    expected: \"%s\"", want);
		else
			diag("    expected: NULL");
		if (got != NULL)
			diag("         got: \"%s\"", got);
		else
			diag("         got: NULL");
	}
	fflush(stdout);
	return pass;
}

#define ok(cond, ...) tap_ok((cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

/* Counts n tests as skipped, with the reason. */
static inline void
skip(int n, const char *reason)
{
	for (int i = 0; i < n; i++) {
		tap_state.run++;
		printf("ok %d # SKIP %s\n", tap_state.run, reason);
	}
	fflush(stdout);
}

/* Prints the plan if there was none; the exit status for main(). */
static inline int
done_testing(void)
{
	if (tap_state.planned < 0)
		printf("1..%d\n", tap_state.run);
	else if (tap_state.planned != tap_state.run)
		diag("planned %d tests but ran %d", tap_state.planned, tap_state.run);
	if (tap_state.failed)
		diag("failed %d of %d tests", tap_state.failed, tap_state.run);
	fflush(stdout);
	return tap_state.failed != 0 || (tap_state.planned >= 0 &&
	    tap_state.planned != tap_state.run) ? 1 : 0;
}

#endif
