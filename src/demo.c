#include "config.h"

#include "demo.h"

int
demo_plain(struct session *s, const char *path)
{
	return 1;
}
