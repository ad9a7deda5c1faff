#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "output.h"
#include "recorder.h"

struct recording {
	FILE *cast;			/* NULL when none runs */
	char *path;
	struct timespec start;		/* CLOCK_MONOTONIC: event times never go back */
	char pending[4];		/* an incomplete UTF-8 sequence, for the next event */
	size_t npending;
	char *frame;			/* the pane's last recorded screen */
	int write_errno;		/* the first error writing the cast, 0 if none */
};

static struct recording rec;
static int plain_fd = STDOUT_FILENO, plain_err_fd = STDERR_FILENO;
static FILE *plain, *plain_err;

double
recorder_elapsed(void)
{
	struct timespec now;

	if (!rec.cast)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - rec.start.tv_sec) + (now.tv_nsec - rec.start.tv_nsec) / 1e9;
}

/* An output sink that appends to the cast, for json_quote_to(). */
static void
cast_sink(struct output *out, enum out_kind kind, const char *s, size_t len)
{
	fwrite(s, 1, len, out->data);
}

/* How many bytes at the end of s start a UTF-8 sequence that is not
 * complete yet (0 when none): they wait for the next write. */
static size_t
utf8_incomplete_tail(const char *s, size_t len)
{
	for (size_t back = 1; back <= 3 && back <= len; back++) {
		unsigned char c = (unsigned char)s[len - back];
		if ((c & 0xc0) == 0x80)
			continue;	/* a continuation byte: look further back */
		size_t need = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
		    (c & 0xf8) == 0xf0 ? 4 : 1;
		return need > back ? back : 0;
	}
	return 0;
}

/* Appends one output event with what the terminal was sent. */
static void
cast_event(const char *s, size_t len)
{
	char head[64];
	struct output sink = { .write = cast_sink, .data = rec.cast };
	char *buf = NULL;
	const char *data = s;
	size_t n = len;

	if (!rec.cast || len == 0)
		return;
	/* The terminal's line discipline (ONLCR) sends each newline as CR LF,
	 * and a player replays bytes as the terminal got them. */
	size_t nl = 0;
	for (size_t i = 0; i < len; i++)
		nl += s[i] == '\n';
	if (rec.npending || nl) {
		buf = malloc(rec.npending + len + nl);
		if (!buf)
			return;
		memcpy(buf, rec.pending, rec.npending);
		n = rec.npending;
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '\n')
				buf[n++] = '\r';
			buf[n++] = s[i];
		}
		data = buf;
		rec.npending = 0;
	}
	size_t tail = utf8_incomplete_tail(data, n);
	memcpy(rec.pending, data + n - tail, tail);
	rec.npending = tail;
	n -= tail;
	if (n > 0) {
		snprintf(head, sizeof(head), "[%.6f, \"o\", ", recorder_elapsed());
		fputs(head, rec.cast);
		json_quote_to(&sink, data, n);
		fputs("]\n", rec.cast);
		/* A whole line at a time: a kill leaves a file that still parses. */
		if (fflush(rec.cast) != 0 && rec.write_errno == 0)
			rec.write_errno = errno ? errno : EIO;
	}
	free(buf);
}

static ssize_t
plain_write(void *cookie, const char *buf, size_t size)
{
	int fd = *(int *)cookie;
	size_t done = 0;

	while (done < size) {
		ssize_t n = write(fd, buf + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	cast_event(buf, done);
	return (ssize_t)done;	/* fewer than size: stdio sets the stream's error */
}

static FILE *
plain_open(int *fd)
{
	cookie_io_functions_t io = { .write = plain_write };
	FILE *f = fopencookie(fd, "w", io);

	if (!f)
		return fd == &plain_fd ? stdout : stderr;
	setvbuf(f, NULL, _IOLBF, BUFSIZ);
	return f;
}

FILE *
recorder_terminal(void)
{
	return stdout;
}

FILE *
recorder_plain(void)
{
	if (!plain)
		plain = plain_open(&plain_fd);
	return plain;
}

FILE *
recorder_plain_err(void)
{
	if (!plain_err)
		plain_err = plain_open(&plain_err_fd);
	return plain_err;
}

void
recorder_frame(char *frame, size_t len)
{
	/* Only when the screen changed (cast_event makes each newline CR LF). */
	if (!rec.cast || (rec.frame && strcmp(rec.frame, frame) == 0)) {
		free(frame);
		return;
	}
	free(rec.frame);
	rec.frame = frame;
	cast_event(frame, len);
}

bool
recorder_active(void)
{
	return rec.cast != NULL;
}

const char *
recorder_path(void)
{
	return rec.cast ? rec.path : NULL;
}

int
recorder_start(const char *path, int cols, int lines, bool *replaced, char *err, size_t errlen)
{
	struct stat st;

	if (rec.cast) {
		snprintf(err, errlen, "already recording into %s", rec.path);
		return -1;
	}
	*replaced = stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
	/* What was shown before the recording stays out of it. */
	if (plain)
		fflush(plain);
	if (plain_err)
		fflush(plain_err);
	FILE *f = fopen(path, "we");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	char *copy = strdup(path);
	if (!copy) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(ENOMEM));
		fclose(f);
		return -1;
	}

	struct output sink = { .write = cast_sink, .data = f };
	struct json j;
	const char *term = getenv("TERM"), *shell = getenv("SHELL");
	json_init(&j, &sink);
	json_begin_object(&j, NULL);
	json_int(&j, "version", 2);
	json_int(&j, "width", cols > 0 ? cols : 80);
	json_int(&j, "height", lines > 0 ? lines : 24);
	json_int(&j, "timestamp", (long long)time(NULL));
	json_begin_object(&j, "env");
	if (term)
		json_string(&j, "TERM", term);
	if (shell)
		json_string(&j, "SHELL", shell);
	json_end_object(&j);
	json_string(&j, "title", "clonesh");
	json_end_object(&j);
	fputc('\n', f);
	if (fflush(f) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		fclose(f);
		free(copy);
		return -1;
	}

	free(rec.path);
	free(rec.frame);
	memset(&rec, 0, sizeof(rec));
	rec.cast = f;
	rec.path = copy;
	clock_gettime(CLOCK_MONOTONIC, &rec.start);
	return 0;
}

int
recorder_stop(char *err, size_t errlen)
{
	int saved;

	if (!rec.cast)
		return 0;
	if (plain)
		fflush(plain);
	if (plain_err)
		fflush(plain_err);
	/* A sequence still incomplete at the end is sent as it is (U+FFFD). */
	if (rec.npending) {
		char tail[4];
		size_t n = rec.npending;
		memcpy(tail, rec.pending, n);
		rec.npending = 0;
		FILE *f = rec.cast;
		struct output sink = { .write = cast_sink, .data = f };
		fprintf(f, "[%.6f, \"o\", ", recorder_elapsed());
		json_quote_to(&sink, tail, n);
		fputs("]\n", f);
	}
	saved = rec.write_errno;
	if (fclose(rec.cast) != 0 && saved == 0)
		saved = errno ? errno : EIO;
	rec.cast = NULL;
	free(rec.frame);
	rec.frame = NULL;
	if (saved)
		snprintf(err, errlen, "could not write %s to its end: %s", rec.path, strerror(saved));
	free(rec.path);
	rec.path = NULL;
	return saved ? -1 : 0;
}
