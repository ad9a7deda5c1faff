/* code --edit: the exported program in the learner's editor, compiled, run
 * and graded by what it prints (cmd/ only). */
#ifndef CLONESH_CODE_EDIT_H
#define CLONESH_CODE_EDIT_H

#include <stdbool.h>

struct session;

/* Opens the program to edit (the learner's last version of this export, or
 * exported; fresh: exported), then compiles and runs it, and grades the
 * pending predictions and a lesson's edit step by its output.  In
 * --run-lesson the step's change is made instead of the editor.  0, or -1
 * with the error said. */
int code_edit(struct session *s, const char *exported, bool fresh);
/* Dry (a lesson's rehearsal): whether the current step's change matches
 * the exported program exactly once; 0, or -1 with the error said. */
int code_edit_check(struct session *s, const char *exported);

#endif
