/*
 * edit_print.c -- how set and import show a change and a value: one
 * line "WHERE: [INDICATOR] FILE FIELD STAGE: "before" → "after"", the
 * values made printable and shortened.
 */
#include "cli.h"

#include "dossier/edit.h"
#include "dossier/format.h"
#include "dossier/manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value shown longer than this many characters is shortened. */
#define EDIT_VALUE_SHOWN 60

char *
cli_edit_value(const char *v)
{
    char *safe, *out;
    size_t n = 0, chars = 0, size;

    if (!v)
        return strdup(_("(none)"));
    safe = dsr_printable(v);
    if (!safe)
        return NULL;
    while (safe[n] && chars < EDIT_VALUE_SHOWN) {
        n++;
        while ((safe[n] & 0xC0) == 0x80)
            n++;
        chars++;
    }
    size = n + sizeof("\"…\"");
    out = malloc(size);
    if (out)
        snprintf(out, size, "\"%.*s%s\"", (int)n, safe, safe[n] ? "…" : "");
    free(safe);
    return out;
}

static const char *
field_label(enum dsr_field f)
{
    switch (f) {
    case DSR_FIELD_INSTANCE_NAME: return _("institution");
    case DSR_FIELD_INSTANCE_KIND: return _("kind");
    case DSR_FIELD_COORDINATOR_NAME: return _("coordinator");
    case DSR_FIELD_COORDINATOR_POSITION: return _("position");
    case DSR_FIELD_COORDINATOR_UNIT: return _("unit");
    case DSR_FIELD_PERIOD: return _("period");
    case DSR_FIELD_TARGET: return _("target");
    case DSR_FIELD_PREVIOUS: return _("previous");
    case DSR_FIELD_OWNER: return _("owner");
    case DSR_FIELD_LEVEL: return _("level");
    case DSR_FIELD_EXPLAIN: return _("explanation");
    case DSR_FIELD_VALUE: return _("value");
    case DSR_FIELD_VERDICT: return _("verdict");
    case DSR_FIELD_EVIDENCE_LEVEL: return _("level");
    case DSR_FIELD_EVIDENCE_TITLE: return _("title");
    case DSR_FIELD_EVIDENCE_DATE: return _("date");
    }
    return "?";
}

static void
print_value(FILE *out, const char *v)
{
    char *s = cli_edit_value(v);

    fputs(s ? s : "?", out);
    free(s);
}

void
cli_print_edit_item(FILE *out, const char *where, unsigned long line,
                    const struct dsr_change *c, const struct dsr_edit_item *it,
                    const char *note)
{
    if (line)
        fprintf(out, "%s:%lu: ", where, line);
    else
        fprintf(out, "%s: ", where);
    if (c->indicator)
        fprintf(out, "[%s] ", c->indicator);
    if (c->file && (c->field == DSR_FIELD_EVIDENCE_LEVEL ||
                    c->field == DSR_FIELD_EVIDENCE_TITLE ||
                    c->field == DSR_FIELD_EVIDENCE_DATE)) {
        char *f = dsr_printable(c->file);

        fprintf(out, "%s ", f ? f : "?");
        free(f);
    }
    if (c->file && !c->value) {
        fputs(it->outcome == DSR_EDIT_ADDED ? _("added") : _("already listed"),
              out);
        fputc('\n', out);
        return;
    }
    fputs(field_label(c->field), out);
    /* the stage as the manifest writes it, not as typed */
    if ((c->field == DSR_FIELD_LEVEL || c->field == DSR_FIELD_EXPLAIN ||
         c->field == DSR_FIELD_VALUE || c->field == DSR_FIELD_VERDICT) &&
        it->stage >= 0)
        fprintf(out, " %s", dsr_stage_name((enum dsr_stage)it->stage));
    if (c->field == DSR_FIELD_VERDICT && c->item)
        fprintf(out, " %s", c->item);
    fputs(": ", out);
    print_value(out, it->before);
    fputs(" → ", out);
    print_value(out, it->after);
    if (it->outcome == DSR_EDIT_SAME)
        fprintf(out, " (%s)", _("unchanged"));
    else if (note)
        fprintf(out, " (%s)", note);
    fputc('\n', out);
}
