#include "config.h"

#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util.h"

char *
str_copy(char *dst, const char *src, size_t size)
{
	if (size == 0)
		return dst;
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
	return dst;
}

void
str_append(char *dst, size_t size, const char *fmt, ...)
{
	size_t used = strnlen(dst, size);
	if (used + 1 >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst + used, size - used, fmt, ap);
	va_end(ap);
}

char *
str_copy_tail(char *dst, const char *src, size_t size)
{
	static const char ellipsis[] = "…";
	size_t n = strlen(src), e = sizeof(ellipsis) - 1;
	if (n < size || size <= e + 1)
		return str_copy(dst, src, size);
	const char *tail = src + n - (size - 1 - e);
	while (*tail && ((unsigned char)*tail & 0xc0) == 0x80)
		tail++;
	memcpy(dst, ellipsis, e);
	memcpy(dst + e, tail, strlen(tail) + 1);
	return dst;
}

bool
str_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
str_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int
str_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 99;
	int row[41];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			int best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb] > 99 ? 99 : row[lb];
}

long
utf8_invalid_at(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		size_t n;
		unsigned int min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1; min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2; min = 0x800;
		} else if ((c & 0xf8) == 0xf0 && c <= 0xf4) {
			n = 3; min = 0x10000;
		} else {
			return (long)i;
		}
		unsigned int cp = c & (0x3f >> n);
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (p[i + k] & 0xc0) != 0x80)
				return (long)i;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return (long)i;
		i += n + 1;
	}
	return -1;
}

size_t
page_size(void)
{
	static size_t page;
	if (!page) {
		long n = sysconf(_SC_PAGESIZE);
		page = n > 0 ? (size_t)n : 4096;
	}
	return page;
}

void *
nofork_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, size, MADV_DONTFORK);
	return p;
}

void
nofork_free(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}

/* The text of path into buf (terminated); bytes read or -1.  With
 * short_ends, a read that gives less than asked for is the end. */
static long
text_read(const char *path, char *buf, size_t size, bool short_ends)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t got = 0;
	while (got + 1 < size) {
		size_t want = size - 1 - got;
		ssize_t r = read(fd, buf + got, want);
		if (r <= 0)
			break;
		got += (size_t)r;
		if (short_ends && (size_t)r < want)
			break;
	}
	close(fd);
	buf[got] = '\0';
	return (long)got;
}

long
file_read(const char *path, char *buf, size_t size)
{
	return text_read(path, buf, size, false);
}

long
proc_text_read(const char *path, char *buf, size_t size)
{
	/* A seq_file fills what it is given before it returns: less is all
	 * there is, and a second read would only say so. */
	return text_read(path, buf, size, true);
}

const char *
status_field(const char *text, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	for (const char *line = text; line && *line; ) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			const char *v = line + klen + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			size_t n = strcspn(v, "\n");
			if (n >= size)
				n = size - 1;
			memcpy(buf, v, n);
			buf[n] = '\0';
			return buf;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

const char *
build_tree_dir(const char *name, char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash || (size_t)(slash - exe) + 1 + strlen(name) + 1 > sizeof(exe))
		return NULL;
	snprintf(slash + 1, sizeof(exe) - (size_t)(slash + 1 - exe), "%s", name);
	FILE *f = fopen(exe, "re");
	if (!f)
		return NULL;
	bool got = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return got && buf[0] == '/' ? buf : NULL;
}
