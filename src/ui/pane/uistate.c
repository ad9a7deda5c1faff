#include "config.h"

#include <stdbool.h>

#include "pane.h"
#include "recorder.h"
#include "session.h"
#include "uistate.h"

struct ui_state ui_state;

static bool
ui_pane_wanted(void)
{
	return ui_state.pane_on;
}

/* Only asks: the front end loop sees switch_front and changes front ends
 * between commands. */
static void
ui_pane_switch(bool on)
{
	ui_state.pane_on = on;
	ui_state.switch_front = true;
}

static bool
ui_lesson_shown(void)
{
	return ui_state.lesson_in_pane;
}

static bool
ui_projector(bool *light)
{
	*light = ui_state.projector_light;
	return ui_state.projector;
}

/* The pane lays itself out anew from the settings on its next draw. */
static void
ui_projector_set(bool on, bool light)
{
	ui_state.projector = on;
	ui_state.projector_light = light;
	ui_state.repaint = true;
}

static unsigned int
ui_focus(void)
{
	return ui_state.focus;
}

static void
ui_focus_set(unsigned int mask)
{
	ui_state.focus = mask;
	ui_state.repaint = true;
}

static bool
ui_diagram(void)
{
	return ui_state.diagram;
}

static void
ui_diagram_set(bool on)
{
	ui_state.diagram = on;
	ui_state.repaint = true;
}

static void
ui_repaint(void)
{
	ui_state.repaint = true;
}

static void
ui_terminal_lend(bool lend)
{
	pane_lend(lend);
	if (!lend)
		ui_state.repaint = true;
}

const struct front_end ui_front_end = {
	.pane_open = pane_is_open, .pane_snapshot = pane_snapshot,
	.rec_active = recorder_active, .rec_path = recorder_path,
	.rec_elapsed = recorder_elapsed, .rec_start = recorder_start,
	.rec_stop = recorder_stop,
	.pane_wanted = ui_pane_wanted, .pane_switch = ui_pane_switch,
	.lesson_shown = ui_lesson_shown,
	.projector = ui_projector, .projector_set = ui_projector_set,
	.focus = ui_focus, .focus_set = ui_focus_set, .repaint = ui_repaint,
	.diagram = ui_diagram, .diagram_set = ui_diagram_set,
	.terminal_lend = ui_terminal_lend,
};
