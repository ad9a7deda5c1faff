#include "config.h"

#include "act.h"
#include "rawsys.h"

size_t
act_strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

void
act_put_long(char *buf, size_t size, size_t *pos, long v)
{
	char tmp[24];
	int n = 0;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u && n < (int)sizeof(tmp));
	if (v < 0 && *pos + 1 < size)
		buf[(*pos)++] = '-';
	while (n > 0 && *pos + 1 < size)
		buf[(*pos)++] = tmp[--n];
	buf[*pos] = '\0';
}

void
act_put_str(char *buf, size_t size, size_t *pos, const char *s)
{
	while (*s && *pos + 1 < size)
		buf[(*pos)++] = *s++;
	buf[*pos] = '\0';
}

void
act_put_ids(char *buf, size_t size, size_t *pos, const char *sep)
{
	act_put_str(buf, size, pos, "pid ");
	act_put_long(buf, size, pos, RAW0(SYS_getpid));
	act_put_str(buf, size, pos, sep);
	act_put_str(buf, size, pos, "tid ");
	act_put_long(buf, size, pos, RAW0(SYS_gettid));
	act_put_str(buf, size, pos, sep);
	act_put_str(buf, size, pos, "ppid ");
	act_put_long(buf, size, pos, RAW0(SYS_getppid));
}

void
act_write(int fd, const char *s, size_t len)
{
	while (len > 0) {
		long r = RAW3(SYS_write, fd, s, len);
		if (r <= 0)
			return;
		s += r;
		len -= (size_t)r;
	}
}

long
act_fail(struct child_ctx *ctx, const char *call, long r)
{
	size_t pos = 0;
	ctx->report->act_result = r;
	act_put_str(ctx->report->act_failed_call, sizeof(ctx->report->act_failed_call), &pos, call);
	return r;
}

long
act_nothing(struct child_ctx *ctx)
{
	return 0;
}

int
act_finish_zero(struct child_ctx *ctx)
{
	return 0;
}
