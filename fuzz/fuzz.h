/* The fuzz targets' entry points.  Each fuzz/X.c defines fuzz_X_one(); built
 * for libFuzzer (make fuzz) it also defines LLVMFuzzerTestOneInput, and
 * tests/fuzz-replay.c calls the entry points directly in the normal build. */
#ifndef CLONESH_FUZZ_H
#define CLONESH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int fuzz_lexer_one(const uint8_t *data, size_t size);
int fuzz_lesson_one(const uint8_t *data, size_t size);
int fuzz_size_one(const uint8_t *data, size_t size);
int fuzz_flags_one(const uint8_t *data, size_t size);
int fuzz_session_one(const uint8_t *data, size_t size);
int fuzz_mdtext_one(const uint8_t *data, size_t size);

/* The input as a C string (malloc'd, NUL-terminated; stops at a NUL byte). */
char *fuzz_string(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef FUZZ_REPLAY
#define FUZZ_ENTRY(fn) \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fn(data, size); }
#else
#define FUZZ_ENTRY(fn)
#endif

#endif
