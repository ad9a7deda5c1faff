/* What the person chose for the screen, kept by the front ends and not by
 * the session: pane or plain, projector mode and its groups, and what a
 * command asks of the next draw.  There is one terminal, so there is one
 * ui_state.  Commands (cmd/, below ui/) reach it only through the session's
 * struct front_end, which ui_front_end fills; main.c, the prompt and the
 * pane's front end read it directly. */
#ifndef CLONESH_UISTATE_H
#define CLONESH_UISTATE_H

#include <stdbool.h>

struct ui_state {
	bool pane_on;		/* the front end the person asked for: pane or plain */
	bool switch_front;	/* pane on|off asked the front end loop to switch */
	bool lesson_in_pane;	/* the pane draws the lesson's page: it is not printed */
	bool projector;		/* projector mode: few, large elements */
	bool projector_light;	/* its light scheme, for bright rooms */
	unsigned int focus;	/* projector: the groups shown, a mask of 1 << VG_*; 0 the default */
	bool diagram;		/* the observation as the kernel objects' diagram (view diagram) */
	bool repaint;		/* the pane should repaint the whole screen on its next draw */
};

extern struct ui_state ui_state;

/* The front end's offer to the commands: the pane, the recorder, and
 * ui_state's settings (struct front_end in session.h). */
extern const struct front_end ui_front_end;

#endif
