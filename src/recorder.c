#include "config.h"

#include <stdio.h>

#include "recorder.h"

/* Placeholder until the recorder lands: the terminal is stdout. */
FILE *
recorder_terminal(void)
{
	return stdout;
}

FILE *
recorder_terminal_err(void)
{
	return stderr;
}

int
recorder_start(const char *path, int cols, int lines, char *err, size_t errlen)
{
	snprintf(err, errlen, "record: not available yet");
	return -1;
}

void
recorder_stop(void)
{
}

bool
recorder_active(void)
{
	return false;
}

const char *
recorder_path(void)
{
	return NULL;
}
