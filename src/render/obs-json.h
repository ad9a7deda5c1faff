/* The observation as JSON (render/obs-json.c): the one definition of its
 * vocabulary, which report --json prints and lessons and predictions look
 * fields up in by path. */
#ifndef CLONESH_OBS_JSON_H
#define CLONESH_OBS_JSON_H

#include "json.h"

struct observation;
struct output;

/* The whole observation as one JSON object on one line (no newline). */
void observation_json(const struct observation *o, struct output *out);
/* Every scalar of that object, with its dotted path, to fn (lessons' expectations). */
void observation_leaves(const struct observation *o, json_leaf_fn fn, void *data);

#endif
