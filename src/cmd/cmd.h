/* What the command handlers share: their declarations and the helpers they
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

/* The handlers of commands_table: argv[0] is the command as typed; 0, or -1
 * after reporting an error. */
int cmd_flags(struct session *s, int argc, char **argv);
int cmd_preset(struct session *s, int argc, char **argv);
int cmd_signal(struct session *s, int argc, char **argv);
int cmd_variant(struct session *s, int argc, char **argv);
int cmd_stack(struct session *s, int argc, char **argv);
int cmd_fn(struct session *s, int argc, char **argv);
int cmd_functions(struct session *s, int argc, char **argv);
int cmd_spawn(struct session *s, int argc, char **argv);
int cmd_kill(struct session *s, int argc, char **argv);
int cmd_show(struct session *s, int argc, char **argv);
int cmd_report(struct session *s, int argc, char **argv);
int cmd_explain(struct session *s, int argc, char **argv);
int cmd_timeout(struct session *s, int argc, char **argv);
int cmd_lab(struct session *s, int argc, char **argv);
int cmd_step(struct session *s, int argc, char **argv);
int cmd_reset(struct session *s, int argc, char **argv);
int cmd_pane(struct session *s, int argc, char **argv);
int cmd_clear(struct session *s, int argc, char **argv);
int cmd_why(struct session *s, int argc, char **argv);
int cmd_predict(struct session *s, int argc, char **argv);
int cmd_code(struct session *s, int argc, char **argv);
int cmd_drill(struct session *s, int argc, char **argv);
int cmd_history(struct session *s, int argc, char **argv);
int cmd_compare(struct session *s, int argc, char **argv);
int cmd_undo(struct session *s, int argc, char **argv);
int cmd_redo(struct session *s, int argc, char **argv);
int cmd_projector(struct session *s, int argc, char **argv);
int cmd_focus(struct session *s, int argc, char **argv);
int cmd_record(struct session *s, int argc, char **argv);
int cmd_save(struct session *s, int argc, char **argv);
int cmd_transcript(struct session *s, int argc, char **argv);
int cmd_snapshot(struct session *s, int argc, char **argv);
int cmd_lessons(struct session *s, int argc, char **argv);
int cmd_lesson(struct session *s, int argc, char **argv);
int cmd_next(struct session *s, int argc, char **argv);
int cmd_back(struct session *s, int argc, char **argv);
int cmd_again(struct session *s, int argc, char **argv);
int cmd_answer(struct session *s, int argc, char **argv);
int cmd_hint(struct session *s, int argc, char **argv);
int cmd_solution(struct session *s, int argc, char **argv);
int cmd_where(struct session *s, int argc, char **argv);
int cmd_help(struct session *s, int argc, char **argv);
int cmd_quit(struct session *s, int argc, char **argv);
int cmd_doctor(struct session *s, int argc, char **argv);

#endif
