/*
 * manifest_msg.c -- what is wrong with a manifest's XML, in words a
 * person can act on: built from libxml2's structured errors (domain,
 * code, str1, str2, int1, the column, the node) and the text of the line,
 * never from libxml2's message, with the manifest's elements, attributes
 * and their types in one table below.
 */
#include "manifest_int.h"

#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/format.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MANIFEST_NS "urn:dossier:manifest:1"
/* at most this many lines with bytes that are not UTF-8 are named */
#define MAX_BAD_UTF8_LINES 20
/* how far around libxml2's column the text of a line is looked at */
#define NEAR 64
/* the most attributes one element of the manifest has */
#define MAX_ATTRS 10

/* ---- the table: elements, attributes and their types ---------------- */

/*
 * The types of templates/schemas/manifest.xsd, each with the short hint
 * shown when the attribute is missing.  The table must follow the
 * schema: an element or attribute the schema adds without a row here
 * still gets a finding, only a plainer one.
 */
enum mtype {
    T_STRING,
    T_NONEMPTY,
    T_LEVEL,
    T_DATE,
    T_YEAR,
    T_INDEX,
    T_STAGE,
    T_SHA256,
    T_DATESOURCE,
    T_BOOLEAN,
    T_VSTAGE,
    T_STATUS,
    T_KIND,
    T_ITEMS,
    T_ITEM,
};

static const char *const type_hints[] = {
    [T_STRING] = NULL,
    [T_NONEMPTY] = NULL,
    [T_LEVEL] = N_("a whole number from 1 to 5"),
    [T_DATE] = N_("a date written YYYY-MM-DD"),
    [T_YEAR] = N_("a year of four digits"),
    [T_INDEX] = N_("a number such as 2.60 or 2,60"),
    [T_STAGE] = N_("mandiri, dokumen, interviu or visitasi"),
    [T_SHA256] = N_("64 hexadecimal characters"),
    [T_DATESOURCE] = N_("document or file"),
    [T_BOOLEAN] = N_("true or false"),
    [T_VSTAGE] = N_("dokumen, interviu or visitasi"),
    [T_STATUS] = N_("diterima or revisi"),
    [T_KIND] = N_("tidak-tepat, belum-diunggah or otomatis-ditolak"),
    [T_ITEMS] = N_("item ids such as I4-L1-02, separated by spaces"),
    [T_ITEM] = N_("an item id such as I4-L1-02"),
};

struct mattr {
    const char *name;
    enum mtype type;
    bool required;
};

struct melem {
    const char *name;
    const char *parent;         /* NULL: the root */
    bool once;                  /* at most one in its parent */
    struct mattr attrs[MAX_ATTRS];
};

/* <dossier>'s children in the order the schema requires */
static const struct melem elems[] = {
    {"dossier", NULL, true,
     {{"framework", T_NONEMPTY, true}, {"year", T_YEAR, true}}},
    {"instance", "dossier", true,
     {{"name", T_NONEMPTY, true}, {"kind", T_STRING, false}}},
    {"coordinator", "dossier", true,
     {{"name", T_STRING, false},
      {"position", T_STRING, false},
      {"unit", T_STRING, false}}},
    {"period", "dossier", true,
     {{"from", T_DATE, true}, {"to", T_DATE, true}}},
    {"target", "dossier", true, {{"index", T_INDEX, true}}},
    {"previous", "dossier", true,
     {{"year", T_YEAR, true},
      {"index", T_INDEX, true},
      {"predikat", T_STRING, false}}},
    {"evidence-root", "dossier", true, {{"path", T_NONEMPTY, true}}},
    /* r22-anri: loosely typed; the loader words bad values */
    {"archive", "dossier", true,
     {{"classification", T_STRING, false},
      {"access", T_STRING, false},
      {"security", T_STRING, false},
      {"active-years", T_STRING, false},
      {"inactive-years", T_STRING, false},
      {"disposition", T_STRING, false}}},
    {"visit", "dossier", false,
     {{"owner", T_NONEMPTY, true},
      {"date", T_DATE, false},
      {"time", T_STRING, false},
      {"place", T_STRING, false},
      {"person", T_STRING, false}}},
    {"indicator", "dossier", false,
     {{"id", T_NONEMPTY, true}, {"owner", T_STRING, false}}},
    {"assessment", "indicator", false,
     {{"stage", T_STAGE, true},
      {"level", T_LEVEL, true},
      {"value", T_STRING, false}}},
    {"evidence", "indicator", false,
     {{"file", T_NONEMPTY, true},
      {"level", T_LEVEL, false},
      {"date", T_DATE, false},
      {"sha256", T_SHA256, false},
      {"date-source", T_DATESOURCE, false},
      {"in-force", T_BOOLEAN, false},
      {"from-year", T_YEAR, false},
      {"item", T_ITEMS, false}}},
    {"link", "indicator", false,
     {{"href", T_NONEMPTY, true},
      {"level", T_LEVEL, false},
      {"account", T_STRING, false},
      {"secret", T_STRING, false}}},
    {"question", "indicator", false, {{"stage", T_STAGE, true}}},
    {"answer", "indicator", false, {{"stage", T_STAGE, true}}},
    {"verdict", "indicator", false,
     {{"stage", T_VSTAGE, true},
      {"item", T_ITEM, false},
      {"status", T_STATUS, true},
      {"kind", T_KIND, false}}},
    {"response", "indicator", false, {{"item", T_ITEM, false}}},
    /* at most one per indicator: the loader says so, not the schema */
    {"external", "indicator", false,
     {{"index", T_NONEMPTY, true},
      {"value", T_NONEMPTY, true},
      {"year", T_YEAR, false},
      {"source", T_STRING, false}}},
    /* after <dossier>'s <indicator>, which an <indicator> elsewhere is */
    {"indicator", "previous", false,
     {{"id", T_NONEMPTY, true},
      {"level", T_LEVEL, false},
      {"value", T_STRING, false}}},
};
#define NELEMS (sizeof(elems) / sizeof(*elems))

static const struct melem *
elem_find(const char *name)
{
    for (size_t i = 0; name && i < NELEMS; i++)
        if (strcmp(elems[i].name, name) == 0)
            return &elems[i];
    return NULL;
}

/*
 * The entry for element 'n': the one of its name inside its parent, else
 * the first of its name (<indicator> is in <dossier> and in <previous>).
 */
static const struct melem *
elem_of(const xmlNode *n)
{
    const char *name = (const char *)n->name;
    const xmlNode *p = n->parent;

    for (size_t i = 0; p && p->type == XML_ELEMENT_NODE && i < NELEMS; i++)
        if (elems[i].parent && strcmp(elems[i].name, name) == 0 &&
            xmlStrEqual(p->name, (const xmlChar *)elems[i].parent))
            return &elems[i];
    return elem_find(name);
}

static const struct mattr *
attr_find(const struct melem *e, const char *name)
{
    for (size_t i = 0; e && name && i < MAX_ATTRS && e->attrs[i].name; i++)
        if (strcmp(e->attrs[i].name, name) == 0)
            return &e->attrs[i];
    return NULL;
}

/* Levenshtein distance of two short names, capped at 9. */
static size_t
distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t row[65];

    if (la > 64 || lb > 64)
        return 9;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];

        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);

            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb] > 9 ? 9 : row[lb];
}

/* Whether 'got' is close enough to 'known' to be a typo of it. */
static bool
typo_of(const char *got, const char *known)
{
    size_t d = distance(got, known);
    size_t len = strlen(known);

    return d > 0 && (d <= 1 || (d <= 2 && len >= 5) || d * 3 <= len);
}

/* ---- wording helpers ------------------------------------------------ */

/*
 * 'in' made safe to quote in a message, in 'out': control characters
 * escaped as everywhere else (dsr_printable()), and a long value cut (on
 * a character boundary) with "...".
 */
static const char *
quote(const char *in, char *out, size_t size)
{
    char *esc = dsr_printable(in);
    const unsigned char *p = (const unsigned char *)(esc ? esc : "?");
    size_t max = size > 64 ? 60 : size - 4;
    size_t n = 0;

    for (; *p; p++) {
        if (n >= max && (*p & 0xC0) != 0x80) {
            memcpy(out + n, "...", 3);
            n += 3;
            break;
        }
        out[n++] = (char)*p;
    }
    out[n] = '\0';
    free(esc);
    return out;
}

void
dsr_mmsg_followon(unsigned long line, char *buf, size_t size)
{
    if (line)
        snprintf(buf, size, _(" (this may follow from the error on line %lu)"),
                 line);
    else
        snprintf(buf, size, "%s",
                 _(" (this may follow from the errors above)"));
}

/* The words that say a finding may follow from an earlier one, or "". */
static void
follow_note(const struct dsr_mmsg *c, char *buf, size_t size)
{
    if (!c->after)
        buf[0] = '\0';
    else
        dsr_mmsg_followon(c->after_line, buf, size);
}

static int add(struct dsr_mmsg *c, enum dsr_finding_code code,
               unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
add(struct dsr_mmsg *c, enum dsr_finding_code code, unsigned long line,
    const char *fmt, ...)
{
    char msg[1024];
    char note[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    follow_note(c, note, sizeof(note));
    return dsr_findings_add(c->findings, code, NULL, c->path, line, c->err,
                            "%s%s", msg, note);
}

/*
 * The text of line 'line' (1-based) of the manifest: '*start' and
 * '*len'.  Lines asked for in order cost one pass in all.  Returns false
 * when there is no such line.
 */
static bool
line_text(struct dsr_mmsg *c, unsigned long line, const char **start,
          size_t *len)
{
    const char *end;

    if (line == 0 || !c->data)
        return false;
    if (c->cur_line == 0 || line < c->cur_line) {
        c->cur_line = 1;
        c->cur_off = 0;
    }
    while (c->cur_line < line) {
        const char *nl = memchr(c->data + c->cur_off, '\n',
                                c->len - c->cur_off);

        if (!nl)
            return false;
        c->cur_off = (size_t)(nl - c->data) + 1;
        c->cur_line++;
    }
    *start = c->data + c->cur_off;
    end = memchr(*start, '\n', c->len - c->cur_off);
    *len = end ? (size_t)(end - *start) : c->len - c->cur_off;
    if (*len && (*start)[*len - 1] == '\r')
        (*len)--;
    return true;
}

/* Characters (code points) in the first 'n' bytes of 's', plus one. */
static unsigned long
char_column(const char *s, size_t n)
{
    unsigned long col = 1;

    for (size_t i = 0; i < n; i++)
        col += ((unsigned char)s[i] & 0xC0) != 0x80;
    return col;
}

/*
 * The byte offset in line 's' (of 'len' bytes) of libxml2's column 'col',
 * which counts characters from 1; 'len' when the line is shorter.
 */
static size_t
byte_of_column(const char *s, size_t len, unsigned long col)
{
    unsigned long c = 1;
    size_t i = 0;

    while (i < len && c < col) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    return i;
}

/*
 * Look for one of 'chars' at or before libxml2's column 'col' on line
 * 'line' (its column points just past the problem, or at it).  On
 * success '*at' is its byte offset in the line, and 'near' gets the text
 * around it (within the line, cut at a quote or tag so it reads as the
 * value the user wrote).
 */
static bool
find_near(struct dsr_mmsg *c, unsigned long line, unsigned long col,
          const char *chars, size_t *at, char *near, size_t size)
{
    const char *s;
    size_t len;
    size_t from, lo, hi;
    char raw[2 * NEAR + 8];

    if (!line_text(c, line, &s, &len) || len == 0)
        return false;
    from = col ? byte_of_column(s, len, col) : len - 1;
    if (from >= len)
        from = len - 1;
    for (size_t i = from + 1; i-- > 0 && from - i <= NEAR;) {
        if (!strchr(chars, s[i]) || !s[i])
            continue;
        *at = i;
        lo = i;
        while (lo > 0 && i - lo < NEAR / 2 && !strchr("\"'>", s[lo - 1]))
            lo--;
        hi = i + 1;
        while (hi < len && hi - i < NEAR / 2 && !strchr("\"'<", s[hi]))
            hi++;
        /* whole characters only */
        while (lo < i && ((unsigned char)s[lo] & 0xC0) == 0x80)
            lo++;
        while (hi < len && ((unsigned char)s[hi] & 0xC0) == 0x80)
            hi++;
        while (lo < i && s[lo] == ' ')
            lo++;
        while (hi > i + 1 && s[hi - 1] == ' ')
            hi--;
        memcpy(raw, s + lo, hi - lo);
        raw[hi - lo] = '\0';
        quote(raw, near, size);
        return true;
    }
    return false;
}

/* The attribute name written just before byte 'at' ("name=" or "name "). */
static bool
attr_before(struct dsr_mmsg *c, unsigned long line, unsigned long col,
            char *name, size_t size)
{
    const char *s;
    size_t len, i, end;

    if (!line_text(c, line, &s, &len) || len == 0)
        return false;
    i = col ? byte_of_column(s, len, col) : len;
    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '=' || s[i - 1] == '\t'))
        i--;
    end = i;
    while (i > 0 && (s[i - 1] == '-' || s[i - 1] == '_' || s[i - 1] == ':' ||
                     (s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
                     (s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
                     (s[i - 1] >= '0' && s[i - 1] <= '9')))
        i--;
    if (i == end || end - i >= size)
        return false;
    memcpy(name, s + i, end - i);
    name[end - i] = '\0';
    return true;
}

/* ---- before parsing --------------------------------------------------- */

static bool
starts(const char *d, size_t len, const char *magic, size_t n)
{
    return len >= n && memcmp(d, magic, n) == 0;
}

int
dsr_mmsg_preflight(struct dsr_mmsg *c)
{
    const char *d = c->data;
    size_t len = c->len;
    const char *enc = NULL;
    size_t i = 0;
    unsigned long line = 1;

    if (starts(d, len, "\xFF\xFE\x00\x00", 4))
        enc = "UTF-32";
    else if (starts(d, len, "\x00\x00\xFE\xFF", 4))
        enc = "UTF-32";
    else if (starts(d, len, "\xFF\xFE", 2) || starts(d, len, "\xFE\xFF", 2) ||
             starts(d, len, "<\0", 2) || starts(d, len, "\0<", 2))
        enc = "UTF-16";
    if (enc)
        return add(c, DSR_F_XML_MALFORMED, 1,
                   _("the file is saved as %s, but a manifest must be saved "
                     "as UTF-8: in Notepad, choose File, Save As, and "
                     "Encoding UTF-8"),
                   enc) < 0 ? -1 : 1;
    if (starts(d, len, "\xEF\xBB\xBF", 3))
        i = 3;
    for (; i < len; i++) {
        if (d[i] == '\n')
            line++;
        else if (d[i] != ' ' && d[i] != '\t' && d[i] != '\r')
            break;
    }
    if (i == len)
        return add(c, DSR_F_XML_MALFORMED, 0, "%s",
                   _("the file is empty: a manifest starts with <?xml "
                     "version=\"1.0\" encoding=\"UTF-8\"?> and <dossier ...>; "
                     "'dossier init' writes one")) < 0 ? -1 : 1;
    if (d[i] == '<')
        return 0;
    if (starts(d + i, len - i, "PK\x03\x04", 4))
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("this is a Word, Excel or other Office document (a zip "
                     "file) renamed, not XML: a manifest is a plain text "
                     "file; open the manifest that 'dossier init' wrote in "
                     "a text editor")) < 0 ? -1 : 1;
    if (starts(d + i, len - i, "\xD0\xCF\x11\xE0", 4))
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("this is an old Word or Excel document (.doc, .xls) "
                     "renamed, not XML: a manifest is a plain text file; "
                     "open the manifest that 'dossier init' wrote in a text "
                     "editor")) < 0 ? -1 : 1;
    if (starts(d + i, len - i, "%PDF", 4))
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("this is a PDF document renamed, not XML: a manifest "
                     "is a plain text file; open the manifest that 'dossier "
                     "init' wrote in a text editor")) < 0 ? -1 : 1;
    if (starts(d + i, len - i, "{\\rtf", 5))
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("this is an RTF document, not XML: save the manifest "
                     "as plain text, encoded as UTF-8")) < 0 ? -1 : 1;
    return add(c, DSR_F_XML_MALFORMED, line, "%s",
               _("the file does not start with '<', so it is not XML: a "
                 "manifest starts with <?xml version=\"1.0\"?> or "
                 "<dossier ...>")) < 0 ? -1 : 1;
}

/* ---- encoding -------------------------------------------------------- */

static bool
encoding_problem(const struct dsr_xml_problem *p)
{
    return p->domain == XML_FROM_PARSER &&
           (p->code == XML_ERR_INVALID_ENCODING ||
            (p->code == XML_ERR_INVALID_CHAR &&
             strncmp(p->str1, "Bytes:", 6) == 0));
}

bool
dsr_mmsg_has_encoding_error(const struct dsr_xml_problems *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (encoding_problem(&p->items[i]))
            return true;
    return false;
}

/* Bytes of the valid UTF-8 sequence at 's' (of 'n'), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2, cp = s[0] & 0x1Fu;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3, cp = s[0] & 0x0Fu;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4, cp = s[0] & 0x07u;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3Fu);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

int
dsr_mmsg_bad_utf8(struct dsr_mmsg *c, char *copy)
{
    const unsigned char *d = (const unsigned char *)c->data;
    unsigned long line = 1;
    unsigned long last = 0;
    size_t line_start = 0;
    int named = 0;
    size_t i = 0;

    while (i < c->len) {
        size_t n = utf8_seq(d + i, c->len - i);

        if (n) {
            if (d[i] == '\n') {
                line++;
                line_start = i + 1;
            }
            i += n;
            continue;
        }
        copy[i] = '?';
        if (line != last && named < MAX_BAD_UTF8_LINES) {
            if (add(c, DSR_F_XML_MALFORMED, line,
                    _("column %lu: bytes that are not UTF-8 (such as \"%02X\"): "
                      "save the file as UTF-8 (in Notepad: File, Save As, "
                      "Encoding UTF-8), or retype the character"),
                    char_column(c->data + line_start, i - line_start),
                    (unsigned)d[i]) < 0)
                return -1;
            named++;
        }
        last = line;
        i++;
    }
    return named;
}

/* ---- syntax errors ---------------------------------------------------- */

/* A finding for the syntax error 'p', in our words. */
static int
syntax_one(struct dsr_mmsg *c, const struct dsr_xml_problem *p,
           const char *root)
{
    unsigned long line = p->line;
    char near[80], name[128], q1[80], q2[80];
    const char *s;
    size_t at = 0, len;

    switch (p->code) {
    case XML_ERR_NAME_REQUIRED:
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    case XML_ERR_LT_IN_ATTRIBUTE:
        if (find_near(c, line, p->col, "&<", &at, near, sizeof(near)) &&
            line_text(c, line, &s, &len)) {
            if (s[at] == '&')
                return add(c, DSR_F_XML_MALFORMED, line,
                           _("column %lu: '&' in a text or name must be "
                             "written '&amp;' (near \"%s\")"),
                           char_column(s, at), near);
            return add(c, DSR_F_XML_MALFORMED, line,
                       _("column %lu: '<' in a text or value must be written "
                         "'&lt;' (near \"%s\")"),
                       char_column(s, at), near);
        }
        break;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        quote(p->str1, q1, sizeof(q1));
        if (strcmp(p->str1, "nbsp") == 0)
            return add(c, DSR_F_XML_MALFORMED, line, "%s",
                       _("'&nbsp;' is known in HTML, not in XML: write a "
                         "plain space instead"));
        return add(c, DSR_F_XML_MALFORMED, line,
                   _("'&%s;' is not known in XML: write the character "
                     "itself, or write '&amp;%s;' if the text means it "
                     "literally"),
                   q1, q1);
    case XML_ERR_TAG_NAME_MISMATCH:
        quote(p->str1, q1, sizeof(q1));
        quote(p->str2, q2, sizeof(q2));
        return add(c, DSR_F_XML_MALFORMED, line,
                   _("</%s> does not close <%s>, which was opened on line "
                     "%d: write </%s>, or close the tags in the order they "
                     "were opened"),
                   q2, q1, p->int1, q1);
    case XML_ERR_TAG_NOT_FINISHED:
        quote(p->str1, q1, sizeof(q1));
        return add(c, DSR_F_XML_MALFORMED, line,
                   _("the file ends before <%s>, opened on line %d, is "
                     "closed: add </%s> where it ends"),
                   q1, p->int1, q1);
    case XML_ERR_GT_REQUIRED:
        quote(p->str1, q1, sizeof(q1));
        return add(c, DSR_F_XML_MALFORMED, line,
                   _("the tag <%s> is not finished: end it with '>' or "
                     "'/>', and put every value in quotes"),
                   q1);
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
        if (attr_before(c, line, p->col, name, sizeof(name))) {
            quote(name, q1, sizeof(q1));
            return add(c, DSR_F_XML_MALFORMED, line,
                       _("the value of %s must be in quotes: write "
                         "%s=\"...\""),
                       q1, q1);
        }
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("a value must be in quotes: write name=\"...\""));
    case XML_ERR_ATTRIBUTE_REDEFINED:
        quote(p->str1, q1, sizeof(q1));
        return add(c, DSR_F_XML_MALFORMED, line,
                   _("%s is given twice in one tag: keep one of them"), q1);
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
    case XML_ERR_EQUAL_REQUIRED:
        if (p->str1[0])
            snprintf(name, sizeof(name), "%s", p->str1);
        else if (!attr_before(c, line, p->col, name, sizeof(name)))
            snprintf(name, sizeof(name), "name");
        quote(name, q1, sizeof(q1));
        return add(c, DSR_F_XML_MALFORMED, line,
                   _("%s has no '=' before its value: write %s=\"...\""), q1,
                   q1);
    case XML_ERR_DOCUMENT_END:
        quote(root && *root ? root : "dossier", q1, sizeof(q1));
        return add(c, DSR_F_XML_MALFORMED, line,
                   _("there is more after </%s>, where the manifest ends: "
                     "remove it, or move it inside <%s>"),
                   q1, q1);
    case XML_ERR_RESERVED_XML_NAME:
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("<?xml ...?> must be the very first thing in the file: "
                     "remove what comes before it, even spaces"));
    case XML_ERR_INVALID_ENCODING:
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("bytes that are not UTF-8: save the file as UTF-8 (in "
                     "Notepad: File, Save As, Encoding UTF-8)"));
    case XML_ERR_INVALID_CHAR:
        if (strncmp(p->str1, "Bytes:", 6) == 0)
            return add(c, DSR_F_XML_MALFORMED, line, "%s",
                       _("bytes that are not UTF-8: save the file as UTF-8 "
                         "(in Notepad: File, Save As, Encoding UTF-8)"));
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("a control character that XML does not allow (often "
                     "pasted from another program): delete it and retype "
                     "the text around it"));
    case XML_ERR_STRING_NOT_CLOSED:
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
    case XML_ERR_LITERAL_NOT_FINISHED:
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("a value's closing quote is missing: end every value "
                     "with the quote it starts with"));
    case XML_ERR_COMMENT_NOT_FINISHED:
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("a comment '<!--' is not closed with '-->'"));
    case XML_ERR_HYPHEN_IN_COMMENT:
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("'--' is not allowed inside a comment: write it "
                     "differently"));
    case XML_ERR_DOCUMENT_EMPTY:
        return add(c, DSR_F_XML_MALFORMED, line, "%s",
                   _("no element was found: a manifest has <dossier ...> "
                     "after <?xml ...?>"));
    default:
        break;
    }
    if (p->col)
        return add(c, DSR_F_XML_MALFORMED, line,
                   _("column %lu: the XML is damaged here: compare this line "
                     "with the manifest that 'dossier init' writes"),
                   p->col);
    return add(c, DSR_F_XML_MALFORMED, line, "%s",
               _("the XML is damaged here: compare this line with the "
                 "manifest that 'dossier init' writes"));
}

int
dsr_mmsg_syntax(struct dsr_mmsg *c, const struct dsr_xml_problems *p,
                const char *root, bool skip_encoding)
{
    unsigned long last_line = (unsigned long)-1;
    bool mismatch = false;

    for (size_t i = 0; i < p->n; i++) {
        const struct dsr_xml_problem *it = &p->items[i];

        if (skip_encoding && encoding_problem(it))
            continue;
        /* after the first error on a line, the rest are its echoes */
        if (it->line == last_line)
            continue;
        /* after </b> closed <a>, the file "ends" before every open tag */
        if (it->code == XML_ERR_TAG_NOT_FINISHED && mismatch)
            continue;
        mismatch |= it->code == XML_ERR_TAG_NAME_MISMATCH;
        last_line = it->line;
        if (syntax_one(c, it, root) < 0)
            return -1;
    }
    if (p->dropped &&
        dsr_findings_add(c->findings, DSR_F_XML_MALFORMED, NULL, c->path, 0,
                         c->err, _("%zu further problems not shown"),
                         p->dropped) < 0)
        return -1;
    return 0;
}

/* ---- schema problems ------------------------------------------------ */

static bool
in_manifest_ns(const xmlNode *n)
{
    return n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, MANIFEST_NS) == 0;
}

/* The names of the children 'parent' allows, as "a, b, c". */
static void
children_of(const char *parent, char *out, size_t size)
{
    size_t n = 0;

    out[0] = '\0';
    for (size_t i = 0; i < NELEMS; i++) {
        int w;

        if (!elems[i].parent || strcmp(elems[i].parent, parent) != 0)
            continue;
        w = snprintf(out + n, size - n, "%s%s", n ? ", " : "", elems[i].name);
        if (w < 0 || (size_t)w >= size - n)
            break;
        n += (size_t)w;
    }
}

/* The attributes of 'e', as "a, b, c". */
static void
attrs_of(const struct melem *e, char *out, size_t size)
{
    size_t n = 0;

    out[0] = '\0';
    for (size_t i = 0; i < MAX_ATTRS && e->attrs[i].name; i++) {
        int w = snprintf(out + n, size - n, "%s%s", n ? ", " : "",
                         e->attrs[i].name);

        if (w < 0 || (size_t)w >= size - n)
            break;
        n += (size_t)w;
    }
}

/* The attribute of 'node' whose value is 'value' and has a type. */
static const struct mattr *
attr_with_value(const xmlNode *node, const struct melem *e, const char *value,
                char *got, size_t size)
{
    size_t vlen = strlen(value);

    for (const xmlAttr *a = node->properties; a; a = a->next) {
        const struct mattr *ma;
        const char *v;

        if (a->ns || !a->children || a->children->type != XML_TEXT_NODE)
            continue;
        ma = attr_find(e, (const char *)a->name);
        v = (const char *)a->children->content;
        if (!ma || !v)
            continue;
        /* libxml2's value may have been cut at 127 bytes */
        if (strcmp(v, value) == 0 ||
            (vlen == 127 && strncmp(v, value, vlen) == 0)) {
            snprintf(got, size, "%s", v);
            return ma;
        }
    }
    return NULL;
}

/* "01-02-2024", "1/2/2024" or "01.02.2024" (day first) as "2024-02-01". */
static bool
date_rewrite(const char *v, char *out, size_t size)
{
    int d = 0, m = 0, y = 0;
    int nd = 0, nm = 0, ny = 0;
    char sep;

    while (*v >= '0' && *v <= '9' && nd < 3)
        d = d * 10 + (*v++ - '0'), nd++;
    sep = *v;
    if (nd < 1 || nd > 2 || (sep != '-' && sep != '/' && sep != '.'))
        return false;
    v++;
    while (*v >= '0' && *v <= '9' && nm < 3)
        m = m * 10 + (*v++ - '0'), nm++;
    if (nm < 1 || nm > 2 || *v != sep)
        return false;
    v++;
    while (*v >= '0' && *v <= '9' && ny < 5)
        y = y * 10 + (*v++ - '0'), ny++;
    if (ny != 4 || *v || d < 1 || d > 31 || m < 1 || m > 12)
        return false;
    snprintf(out, size, "%04d-%02d-%02d", y, m, d);
    return true;
}

/* A value of type 't' for attribute 'a' of <e> was refused. */
static int
bad_value(struct dsr_mmsg *c, unsigned long line, const char *elem,
          const struct mattr *a, const char *value)
{
    char v[80], fix[32];
    const char *n = a->name;

    quote(value, v, sizeof(v));
    switch (a->type) {
    case T_LEVEL:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: a level must be a whole number from "
                     "1 to 5, written in digits"),
                   n, v, elem);
    case T_STAGE: {
        char lower[80];
        size_t k;

        for (k = 0; v[k] && k + 1 < sizeof(lower); k++)
            lower[k] = v[k] >= 'A' && v[k] <= 'Z' ? (char)(v[k] - 'A' + 'a')
                                                  : v[k];
        lower[k] = '\0';
        if (strcmp(lower, v) != 0 &&
            (strcmp(lower, "mandiri") == 0 || strcmp(lower, "dokumen") == 0 ||
             strcmp(lower, "interviu") == 0 || strcmp(lower, "visitasi") == 0))
            return add(c, DSR_F_SCHEMA_INVALID, line,
                       _("%s=\"%s\" in <%s>: stages are written in lowercase: "
                         "write %s=\"%s\""),
                       n, v, elem, n, lower);
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: the stage must be one of mandiri, "
                     "dokumen, interviu, visitasi, written in lowercase"),
                   n, v, elem);
    }
    case T_DATE:
        if (date_rewrite(value, fix, sizeof(fix)))
            return add(c, DSR_F_SCHEMA_INVALID, line,
                       _("%s=\"%s\" in <%s>: a date must be written "
                         "YYYY-MM-DD: write %s=\"%s\""),
                       n, v, elem, n, fix);
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: a date must be written YYYY-MM-DD, "
                     "such as 2024-03-01"),
                   n, v, elem);
    case T_YEAR:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: a year must be written with four "
                     "digits, such as 2024"),
                   n, v, elem);
    case T_INDEX:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: an index must be a number such as "
                     "2.60 or 2,60, with at most two decimals"),
                   n, v, elem);
    case T_SHA256:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: a SHA-256 must be 64 hexadecimal "
                     "characters (0-9 and a-f); this one has %zu characters: "
                     "correct it, or remove the attribute"),
                   n, v, elem, strlen(value));
    case T_DATESOURCE:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: it must be document or file"), n, v,
                   elem);
    case T_BOOLEAN:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: it must be true or false"), n, v,
                   elem);
    case T_VSTAGE:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: a verdict's stage must be one of "
                     "dokumen, interviu, visitasi, written in lowercase (the "
                     "self-assessment has no verdicts)"),
                   n, v, elem);
    case T_STATUS:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: the status must be diterima or "
                     "revisi, written in lowercase"),
                   n, v, elem);
    case T_KIND:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: the kind must be one of "
                     "tidak-tepat, belum-diunggah, otomatis-ditolak, or left "
                     "out"),
                   n, v, elem);
    case T_ITEMS:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: write one to 16 item ids such as "
                     "I4-L1-02, separated by spaces"),
                   n, v, elem);
    case T_ITEM:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("%s=\"%s\" in <%s>: write one item id such as "
                     "I4-L1-02, without spaces"),
                   n, v, elem);
    case T_NONEMPTY:
    case T_STRING:
        if (value[strspn(value, " \t\r\n")] != '\0')
            return add(c, DSR_F_SCHEMA_INVALID, line,
                       _("%s=\"%s\" in <%s>: a value must be on one line, "
                         "without line breaks"),
                       n, v, elem);
        break;
    }
    return add(c, DSR_F_SCHEMA_INVALID, line,
               _("%s in <%s> is empty: write a value"), n, elem);
}

static int
refuse(struct dsr_mmsg *c, struct dsr_mrefusals *r, const xmlNode *node,
       const char *attr)
{
    if (dsr_grow((void **)&r->items, sizeof(*r->items), &r->cap, r->n + 1,
                 c->err) < 0)
        return -1;
    r->items[r->n].node = node;
    r->items[r->n].attr = attr;
    r->n++;
    return 0;
}

/* <n> is not expected in its parent <p>. */
static int
unexpected(struct dsr_mmsg *c, unsigned long line, const xmlNode *n)
{
    const char *name = (const char *)n->name;
    const xmlNode *p = n->parent;
    const struct melem *e = elem_of(n);
    char list[256], q[80];

    quote(name, q, sizeof(q));
    if (!p || p->type != XML_ELEMENT_NODE) {
        /* the error is on the root: a child it needs is missing */
        return add(c, DSR_F_SCHEMA_INVALID, line, "%s",
                   _("<dossier> needs <instance name=\"...\"/> as its first "
                     "element: add it, with the institution's name"));
    }
    if (!in_manifest_ns(n))
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("<%s> is not in the manifest's namespace: write it "
                     "without a prefix or xmlns of its own"),
                   q);
    if (e && e->parent && strcmp(e->parent, (const char *)p->name) == 0) {
        bool has_instance = false;
        bool twice = false;

        for (const xmlNode *k = p->children; k; k = k->next) {
            if (k->type != XML_ELEMENT_NODE)
                continue;
            if (xmlStrEqual(k->name, (const xmlChar *)"instance"))
                has_instance = true;
            if (k != n && e->once && xmlStrEqual(k->name, n->name) &&
                k->line <= n->line)
                twice = true;
        }
        if (strcmp(e->parent, "dossier") == 0 && !has_instance)
            return add(c, DSR_F_SCHEMA_INVALID, line,
                       _("<dossier> needs <instance name=\"...\"/> as its "
                         "first element, before <%s>: add it, with the "
                         "institution's name"),
                       q);
        if (twice)
            return add(c, DSR_F_SCHEMA_INVALID, line,
                       _("<%s> may appear only once in <%s>: remove the "
                         "second one"),
                       q, e->parent);
        children_of(e->parent, list, sizeof(list));
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("<%s> is out of place: inside <%s> the elements come in "
                     "this order: %s"),
                   q, e->parent, list);
    }
    if (e && e->parent)
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("<%s> does not belong in <%s>: it belongs inside <%s>"),
                   q, (const char *)p->name, e->parent);
    for (size_t i = 0; i < NELEMS; i++)
        if (elems[i].parent && xmlStrEqual(p->name, (const xmlChar *)elems[i].parent) &&
            typo_of(name, elems[i].name))
            return add(c, DSR_F_SCHEMA_INVALID, line,
                       _("<%s> is not an element of a manifest: did you mean "
                         "<%s>?"),
                       q, elems[i].name);
    children_of((const char *)p->name, list, sizeof(list));
    if (!*list)
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("<%s> is not an element of a manifest: remove it"), q);
    return add(c, DSR_F_SCHEMA_INVALID, line,
               _("<%s> is not an element of a manifest; inside <%s> these may "
                 "be written: %s"),
               q, (const char *)p->name, list);
}

/* Attribute 'attr' is not allowed on <n>. */
static int
not_allowed(struct dsr_mmsg *c, unsigned long line, const xmlNode *n,
            const char *attr)
{
    const struct melem *e = elem_of(n);
    char list[256], q[80];

    quote(attr, q, sizeof(q));
    /* kept twice by recovery: the syntax error says so already */
    if (attr_find(e, attr))
        return 0;
    if (!e)
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("<%s> has no attribute %s: remove it"),
                   (const char *)n->name, q);
    for (size_t i = 0; i < MAX_ATTRS && e->attrs[i].name; i++)
        if (typo_of(attr, e->attrs[i].name))
            return add(c, DSR_F_SCHEMA_INVALID, line,
                       _("<%s> has no attribute %s: did you mean %s?"),
                       e->name, q, e->attrs[i].name);
    attrs_of(e, list, sizeof(list));
    return add(c, DSR_F_SCHEMA_INVALID, line,
               _("<%s> has no attribute %s; its attributes are: %s"), e->name,
               q, list);
}

static int
missing_attr(struct dsr_mmsg *c, unsigned long line, const xmlNode *n,
             const char *attr)
{
    const struct mattr *a = attr_find(elem_of(n), attr);
    const char *hint = a ? type_hints[a->type] : NULL;
    char q[80];

    quote(attr, q, sizeof(q));
    if (hint)
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("<%s> needs the attribute %s, %s: add %s=\"...\""),
                   (const char *)n->name, q, _(hint), q);
    return add(c, DSR_F_SCHEMA_INVALID, line,
               _("<%s> needs the attribute %s: add %s=\"...\""),
               (const char *)n->name, q, q);
}

static int
schema_one(struct dsr_mmsg *c, const struct dsr_xml_problem *p,
           struct dsr_mrefusals *r, const xmlNode **last_node,
           const char **last_attr)
{
    const xmlNode *n = p->node;
    unsigned long line = n ? dsr_xml_line(n) : p->line;
    const struct melem *e;
    const struct mattr *a;
    char value[256];

    if (p->code == XML_SCHEMAV_INTERNAL)
        return 0;
    if (!n || n->type != XML_ELEMENT_NODE) {
        if (p->code == XML_SCHEMAV_DOCUMENT_ELEMENT_MISSING)
            return add(c, DSR_F_SCHEMA_INVALID, line, "%s",
                       _("the file has no <dossier> element"));
        return add(c, DSR_F_SCHEMA_INVALID, line, "%s",
                   _("the manifest does not have the form the manifest "
                     "schema requires here: compare it with the manifest "
                     "that 'dossier init' writes"));
    }
    e = elem_of(n);
    switch (p->code) {
    case XML_SCHEMAV_CVC_ELT_1:
        if (xmlStrEqual(n->name, (const xmlChar *)"dossier"))
            return add(c, DSR_F_SCHEMA_INVALID, line, "%s",
                       _("<dossier> must name the manifest's namespace: "
                         "write <dossier xmlns=\"urn:dossier:manifest:1\" "
                         "...>"));
        quote((const char *)n->name, value, sizeof(value));
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("the file's first element is <%s>, not <dossier>: this "
                     "is not a dossier manifest"),
                   value);
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
        return missing_attr(c, line, n, p->str1);
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
        return not_allowed(c, line, n, p->str1);
    case XML_SCHEMAV_ELEMENT_CONTENT:
        return unexpected(c, line, n);
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_4:
        return add(c, DSR_F_SCHEMA_INVALID, line,
                   _("<%s> holds text, but only elements may be written in "
                     "it: remove the text, or put it in an element"),
                   (const char *)n->name);
    default:
        break;
    }
    /* a value of the wrong form: which attribute, and of which type */
    a = p->has_str1 ? attr_with_value(n, e, p->str1, value, sizeof(value))
                    : NULL;
    if (a && e) {
        /* a facet and then the type: one finding per value */
        if (*last_node == n && *last_attr == a->name)
            return 0;
        *last_node = n;
        *last_attr = a->name;
        if (refuse(c, r, n, a->name) < 0)
            return -1;
        return bad_value(c, line, e->name, a, value);
    }
    return add(c, DSR_F_SCHEMA_INVALID, line,
               _("<%s> does not have the form the manifest schema requires: "
                 "compare it with the manifest that 'dossier init' writes"),
               (const char *)n->name);
}

int
dsr_mmsg_schema(struct dsr_mmsg *c, const struct dsr_xml_problems *p,
                struct dsr_mrefusals *refused)
{
    const xmlNode *last_node = NULL;
    const char *last_attr = NULL;

    for (size_t i = 0; i < p->n; i++)
        if (schema_one(c, &p->items[i], refused, &last_node, &last_attr) < 0)
            return -1;
    if (p->dropped &&
        dsr_findings_add(c->findings, DSR_F_SCHEMA_INVALID, NULL, c->path, 0,
                         c->err, _("%zu further problems not shown"),
                         p->dropped) < 0)
        return -1;
    return 0;
}

bool
dsr_mrefused_has(const struct dsr_mrefusals *r, const xmlNode *node,
                 const char *name)
{
    for (size_t i = 0; r && i < r->n; i++)
        if (r->items[i].node == node && strcmp(r->items[i].attr, name) == 0)
            return true;
    return false;
}

void
dsr_mrefusals_release(struct dsr_mrefusals *r)
{
    if (!r)
        return;
    free(r->items);
    r->items = NULL;
    r->n = r->cap = 0;
}
