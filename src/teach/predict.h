/* Predictions outside lessons: "predict vm=shared global=42", graded by the
 * kernel after the next spawn, with a running score for the session. */
#ifndef CLONESH_PREDICT_H
#define CLONESH_PREDICT_H

#include <stdbool.h>
#include <stddef.h>

struct observation;
struct output;
struct predictions;		/* the pending predictions and the score */

#define PREDICT_MAX 32		/* pending predictions at most */

/* Records field=value for the next spawn, replacing an earlier prediction of
 * the same field.  field is a short name (vm, global, exit, pid, ...) or a
 * path of report --json; 0, or -1 with a message in err ("predict: ...").
 * *slot is made on first use; with slot NULL it only checks. */
int predict_add(struct predictions **slot, const char *field, const char *value, char *err,
    size_t errlen);
/* Forgets the pending predictions (the score stays). */
void predict_clear(struct predictions *ps);
/* How many predictions wait for the next spawn. */
size_t predict_pending(const struct predictions *ps);
/* Lists the pending predictions and the score. */
void predict_list(const struct predictions *ps, struct output *out);
/* The score: predictions graded and how many were right. */
void predict_score(const struct predictions *ps, unsigned int *right, unsigned int *graded);

/* The observation path a short field name stands for ("global" ->
 * "effects.global.parent_sees"; the first meaning when it has two, e.g.
 * "exit" -> "exit.status"); a known path is returned as it is; NULL else. */
const char *predict_field_path(const char *field);
/* The i-th short field name (unique), NULL past the last: for completion. */
const char *predict_field_name(size_t i);
/* The allowed values of a short field ("shared|copied"), NULL when unknown. */
const char *predict_field_values(const char *field);

/* Grades and clears the pending predictions against o, saying so on out. */
/* Why the kernel did what it did at path, in a sentence in buf, or NULL:
 * why's reason, which the commands hand down (teach/ sits below render/). */
typedef const char *predict_reason_fn(const struct observation *o, const char *path, char *buf,
    size_t size);
/* The width a graded prediction's line is wrapped to, as why's items are. */
#define PREDICT_WIDTH 76
void predict_after_spawn(struct predictions *ps, const struct observation *o, predict_reason_fn *reason,
    struct output *out);
/* Whether the observation o gives a value for path (code --edit: what the
 * learner's program printed). */
typedef bool predict_told_fn(const struct observation *o, const char *path, void *data);
/* Grades and clears the pending predictions against the observation a
 * program's output made: right, wrong, or "?" (not graded, and not counted)
 * where told says the output does not give the field.  source names what
 * printed it ("your program"). */
void predict_after_program(struct predictions *ps, const struct observation *o,
    predict_told_fn *told, void *data, const char *source, struct output *out);
/* Frees *slot, then NULL. */
void predict_done(struct predictions **slot);

#endif
