/* The observation as text (render/obs-text.c): show's sections and the
 * summary line after a spawn.  It reads an observation only. */
#ifndef CLONESH_OBS_TEXT_H
#define CLONESH_OBS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct observation;
struct output;

/* Sections of `show`, in order; "all" is every section. */
extern const char *const observation_sections[];
bool observation_section_valid(const char *name);
/* Prints the named section ("all" for every one) as text. */
void observation_show(const struct observation *o, const char *section, struct output *out);
/* An fd's offset as read from fdinfo, or "?" when it was not (pos < 0). */
const char *observation_offset(long pos, char *buf, size_t size);
/* One line of what happened ("exited 0 · vm shared, files copied ..."). */
void observation_summary(const struct observation *o, struct output *out);

#endif
