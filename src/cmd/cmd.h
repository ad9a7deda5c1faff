/* What the commands share: their entries and the helpers their handlers
 * report and print with.  Internal to the commands: only commands.c and the
 * cmd-*.c files include it; everything else goes through commands.h. */
#ifndef CLONESH_CMD_H
#define CLONESH_CMD_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

struct experiment;
struct observation;
struct output;
struct command;
struct session;

/* Reports an error on s->out; always -1, so a handler can return it. */
int cmd_error(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports a message from a parser, adding "name: " unless it names itself. */
int cmd_fail(struct session *s, const char *name, const char *msg);
/* "name: too many arguments (usage: ...)", the usage from the table. */
int cmd_too_many(struct session *s, const char *name);
/* Opens file for command name to write, once session_check_write allows it
 * (its checked path in path); NULL after the error was reported. */
FILE *cmd_create(struct session *s, const char *name, const char *file, char *path, size_t size);
/* A dry command's file argument: 0 when it could be written (NULL, no file,
 * is fine), else -1 after the same error as cmd_create's check. */
int cmd_dry_file(struct session *s, const char *name, const char *file);
/* Closes what cmd_create opened: 0, or -1 after "name: cannot write path". */
int cmd_finish(struct session *s, const char *name, FILE *f, const char *path);
/* "2024-05-01 14:03", the local time now; false (buf "") if unknown. */
bool cmd_date(char *buf, size_t size);
/* Parses word as on or off into *on; else reports it for command name. */
int cmd_parse_on_off(struct session *s, const char *name, const char *word, bool *on);

/* Prints text as a paragraph, indented and wrapped. */
void cmd_print_wrapped(struct output *out, const char *indent, const char *text);
/* The child's function and its arguments as typed: "write-global 42". */
const char *cmd_fn_describe(const struct experiment *e, char *buf, size_t len);
/* The whole configuration on one line after what: "reset: SIGCHLD, clone, ...". */
void cmd_print_config(struct session *s, const char *what);
/* Prints what render writes, making sure it ends its line. */
void cmd_print_line_of(struct output *out, const struct observation *o,
    void (*render)(const struct observation *, struct output *));
/* The presets, one a line with their summary (preset, explain presets). */
void cmd_list_presets(struct session *s);
/* The child functions, one a line with usage and summary (functions, explain). */
void cmd_list_functions(struct session *s);

/* "answer flags vm files": the answer to drill --reverse's question, which
 * answer hands on (argv[0] is "flags"); 0, or -1 after the error. */
int cmd_drill_answer(struct session *s, int argc, char **argv);

/* The commands, each defined beside its handler in its cmd-*.c file;
 * commands.c lists them in commands_table. */
extern const struct command cmd_flags_entry;
extern const struct command cmd_preset_entry;
extern const struct command cmd_signal_entry;
extern const struct command cmd_variant_entry;
extern const struct command cmd_stack_entry;
extern const struct command cmd_seccomp_entry;
extern const struct command cmd_fn_entry;
extern const struct command cmd_functions_entry;
extern const struct command cmd_spawn_entry;
extern const struct command cmd_kill_entry;
extern const struct command cmd_trace_entry;
extern const struct command cmd_show_entry;
extern const struct command cmd_view_entry;
extern const struct command cmd_report_entry;
extern const struct command cmd_explain_entry;
extern const struct command cmd_timeout_entry;
extern const struct command cmd_lab_entry;
extern const struct command cmd_step_entry;
extern const struct command cmd_reset_entry;
extern const struct command cmd_pane_entry;
extern const struct command cmd_clear_entry;
extern const struct command cmd_why_entry;
extern const struct command cmd_predict_entry;
extern const struct command cmd_code_entry;
extern const struct command cmd_cost_entry;
extern const struct command cmd_drill_entry;
extern const struct command cmd_history_entry;
extern const struct command cmd_compare_entry;
extern const struct command cmd_undo_entry;
extern const struct command cmd_redo_entry;
extern const struct command cmd_projector_entry;
extern const struct command cmd_focus_entry;
extern const struct command cmd_record_entry;
extern const struct command cmd_save_entry;
extern const struct command cmd_transcript_entry;
extern const struct command cmd_snapshot_entry;
extern const struct command cmd_lessons_entry;
extern const struct command cmd_lesson_entry;
extern const struct command cmd_next_entry;
extern const struct command cmd_back_entry;
extern const struct command cmd_again_entry;
extern const struct command cmd_answer_entry;
extern const struct command cmd_hint_entry;
extern const struct command cmd_solution_entry;
extern const struct command cmd_where_entry;
extern const struct command cmd_doctor_entry;
extern const struct command cmd_help_entry;
extern const struct command cmd_quit_entry;

#endif
