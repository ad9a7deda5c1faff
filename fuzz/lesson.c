/* The lesson parser: the input as a lesson file, loaded and checked, and
 * each expectation's path and comparison evaluated. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "commands.h"
#include "lesson.h"

int
fuzz_lesson_one(const uint8_t *data, size_t size)
{
	static int fd = -1;
	char path[64], err[512];

	/* One memfd for the whole run, rewritten for each input. */
	if (fd < 0 && (fd = memfd_create("fuzz-lesson", MFD_CLOEXEC)) < 0)
		abort();
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	struct lesson *l = lesson_load(path, commands_name_of, err, sizeof(err));
	if (!l) {
		if (!err[0])
			abort();	/* a failure always says why */
		return 0;
	}
	if (memchr(data, '\0', size))
		abort();	/* a NUL byte would cut its line short unseen */
	lesson_check(l, err, sizeof(err));
	lesson_unmet(l);
	for (int i = 0; i < l->nsteps; i++) {
		const struct lesson_step *st = &l->steps[i];
		for (int j = 0; j < st->nexpects; j++) {
			const struct lesson_expect *e = &st->expects[j];
			lesson_path_known(e->path);
			lesson_op_name(e->op);
			lesson_compare(e->value, e->op, "42");
			lesson_compare("42", e->op, e->value);
			lesson_compare(e->value, e->op, e->value);
		}
		if (st->prediction)
			for (int j = 0; j < st->prediction->nchoices; j++)
				lesson_compare(st->prediction->choices[j].value, OP_EQ, "1");
	}
	lesson_free(l);
	return 0;
}

FUZZ_ENTRY(fuzz_lesson_one)
