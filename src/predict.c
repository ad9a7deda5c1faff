#include "config.h"

#include "predict.h"

void
predict_after_spawn(struct session *s, const struct observation *o)
{
}

void
predict_done(struct session *s)
{
}
