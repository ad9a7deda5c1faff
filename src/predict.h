/* Predictions outside lessons: "predict vm=shared global=42", graded by the
 * kernel after the next spawn, with a running score for the session. */
#ifndef CLONESH_PREDICT_H
#define CLONESH_PREDICT_H

struct observation;
struct session;

/* Grades and clears the pending predictions against o. */
void predict_after_spawn(struct session *s, const struct observation *o);
/* Frees s->predict. */
void predict_done(struct session *s);

#endif
