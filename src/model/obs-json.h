/* The observation as JSON (render/obs-json.c), written from the field table
 * (model/fields.c), which defines its vocabulary: report --json prints it,
 * and lessons and predictions look fields up in it by path. */
#ifndef CLONESH_OBS_JSON_H
#define CLONESH_OBS_JSON_H

#include "json.h"

struct observation;
struct output;

/* The whole observation as one JSON object on one line (no newline). */
void observation_json(const struct observation *o, struct output *out);
/* A cost's observation as `cost --json` prints it: {"cost":{...}}, the
 * same object report --json writes under "cost" (one line, no newline). */
void observation_cost_json(const struct observation *o, struct output *out);
/* Every scalar of that object, with its dotted path, to fn (lessons' expectations). */
void observation_leaves(const struct observation *o, json_leaf_fn fn, void *data);

#endif
