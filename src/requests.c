/*
 * requests.c -- dossier requests: what each letter asks of an OPD (the
 * level, the folder, what is missing today), the summary workbook, and
 * the output folder, published whole.  The letter itself is laid out in
 * requests_letter.c.
 */
#include "dossier/requests.h"

#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/score.h"
#include "dossier/sheet.h"
#include "dossier/workspace.h"

#include "fileio.h"
#include "internal.h"
#include "render_int.h"
#include "requests_int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Most entries of the evidence root read to find the indicators' folders. */
#define ROOT_ENTRIES_MAX 100000
/* Longest text put in one cell of the summary (Excel allows 32,767). */
#define CELL_MAX 2000

/* ---- one indicator ---------------------------------------------------- */

/* Whether 'res' has an error finding about file 'file' of indicator 'id'. */
static GHashTable *
error_files(const struct dsr_check_result *res, const char *id)
{
    GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);

    for (size_t k = 0; k < res->findings.n; k++) {
        const struct dsr_finding *f = &res->findings.items[k];

        if (f->severity == DSR_SEV_ERROR && *f->file &&
            strcmp(f->indicator, id) == 0)
            g_hash_table_add(h, f->file);
    }
    return h;
}

void
dsr_request_item(const struct dsr_check_result *res,
                 const struct dsr_score *score, size_t i,
                 const char *folder_name, struct dsr_request_item *it)
{
    const struct dsr_check_indicator *ci = &res->indicators[i];
    const char *root = res->manifest->evidence_root;
    char folder[256];
    size_t rootlen;
    int stage = -1;
    int counted = dsr_check_counted_level(ci, -1, &stage);

    memset(it, 0, sizeof(*it));
    it->indicator = i;
    it->stage = -1;
    for (size_t s = 0; score && s < score->nplan; s++)
        if (score->plan[s].def == ci->def && score->plan[s].to > it->plan_to)
            it->plan_to = score->plan[s].to;
    if (stage >= 0) {
        it->basis = DSR_REQUEST_CLAIMED;
        it->level = counted;
        it->stage = stage;
        if (it->plan_to <= counted)
            it->plan_to = 0;
    } else if (it->plan_to > 0) {
        it->basis = DSR_REQUEST_PLANNED;
        it->level = it->plan_to;
        it->plan_to = 0;
    } else {
        it->basis = DSR_REQUEST_NEXT;
        it->level = counted < DSR_LEVEL_MAX ? counted + 1 : DSR_LEVEL_MAX;
    }

    for (size_t k = 0; k < res->findings.n; k++) {
        const struct dsr_finding *f = &res->findings.items[k];

        if (strcmp(f->indicator, ci->def->id) != 0)
            continue;
        it->errors += f->severity == DSR_SEV_ERROR;
        it->warnings += f->severity == DSR_SEV_WARNING;
    }
    if (ci->mind) {
        GHashTable *bad = error_files(res, ci->def->id);

        it->listed = ci->mind->nevidence;
        for (size_t k = 0; k < res->nfiles; k++) {
            const struct dsr_checked_file *cf = &res->files[k];
            const struct dsr_evidence *ev;

            if (cf->indicator != ci->mindex || cf->evidence >= ci->mind->nevidence)
                continue;
            ev = &ci->mind->evidence[cf->evidence];
            it->valid += cf->read && cf->status == DSR_PATH_OK &&
                         cf->health != DSR_DOC_DAMAGED &&
                         cf->health != DSR_DOC_ENCRYPTED &&
                         !g_hash_table_contains(bad, ev->file);
        }
        g_hash_table_destroy(bad);
    }

    if (!folder_name)
        folder_name = dsr_indicator_folder(ci->def, folder, sizeof(folder));
    rootlen = root ? strlen(root) : 0;
    while (rootlen > 1 && root[rootlen - 1] == '/')
        rootlen--;
    if (rootlen == 1 && root[0] == '.')
        rootlen = 0;
    snprintf(it->folder, sizeof(it->folder), "%.*s%s%s/", (int)rootlen,
             rootlen ? root : "", rootlen && root[rootlen - 1] != '/' ? "/" : "",
             folder_name);
}

/* ---- names ------------------------------------------------------------ */

char *
dsr_requests_slug(const char *name, enum dsr_lang lang, char *out, size_t size)
{
    /* U+00C0 .. U+00FF without their accents; ' ' separates */
    static const char latin1[] =
        "AAAAAAACEEEEIIIIDNOOOOO OUUUUYTsaaaaaaaceeeeiiiidnooooo ouuuuyty";
    const unsigned char *p = (const unsigned char *)name;
    size_t len = strlen(name);
    size_t n = 0, cap = size ? size - 1 : 0;
    bool sep = false;

    _Static_assert(sizeof(latin1) == 65, "64 letters, U+00C0 to U+00FF");
    if (cap > DSR_REQUESTS_SLUG_MAX)
        cap = DSR_REQUESTS_SLUG_MAX;
    while (len > 0 && n < cap) {
        unsigned cp;
        size_t step = dsr_utf8_next(p, len, &cp);
        const char *word = NULL;
        char one[2] = "";

        if (step == 0) {
            step = 1;
            cp = 0xFFFD;
        }
        p += step;
        len -= step;
        if (cp < 0x80 && isalnum((int)cp)) {
            one[0] = (char)tolower((int)cp);
            word = one;
        } else if (cp >= 0xC0 && cp <= 0xFF && latin1[cp - 0xC0] != ' ') {
            one[0] = (char)tolower((unsigned char)latin1[cp - 0xC0]);
            word = one;
        } else if (cp == '&') {
            word = lang == DSR_LANG_EN ? "and" : "dan";
            sep = true;
        } else {
            sep = true;
            continue;
        }
        if (sep && n > 0 && n < cap)
            out[n++] = '-';
        sep = cp == '&';
        for (; *word && n < cap; word++)
            out[n++] = *word;
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    if (n == 0 && size > 3) {
        memcpy(out, "opd", 3);
        n = 3;
    }
    if (size)
        out[n] = '\0';
    return out;
}

long
dsr_requests_find_owner(const struct dsr_check_result *res, const char *name)
{
    long hit = -1;

    for (size_t o = 0; o < res->nowners; o++)
        if (*res->owners[o].name && strcmp(res->owners[o].name, name) == 0)
            return (long)o;
    /* else case and spaces aside, when only one OPD is so named */
    for (size_t o = 0; o < res->nowners; o++) {
        if (!*res->owners[o].name || !dsr_same_name(res->owners[o].name, name))
            continue;
        if (hit >= 0)
            return -2;
        hit = (long)o;
    }
    return hit;
}

/*
 * The folder each catalog indicator's files already go to: the first (in
 * byte order) folder directly under the evidence root that the indicator
 * owns (dsr_indicator_owns_folder()), as scan finds them; NULL where
 * there is none, or the root cannot be read.  At most ROOT_ENTRIES_MAX
 * entries are read.  The caller frees the array and its strings.
 */
static char **
owned_folders(const struct dsr_check_result *res)
{
    char **names = g_new0(char *, res->nindicators + 1);
    size_t seen = 0;
    const char *name;
    DIR *d;
    int fd;

    if (!res->evidence_root || res->root.fd < 0)
        return names;
    /* the root may be open O_PATH, which cannot be listed */
    fd = openat(res->root.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    d = fd >= 0 ? dsr_fio_opendir_at(fd) : NULL;
    if (fd >= 0)
        close(fd);
    if (!d)
        return names;
    while (seen++ < ROOT_ENTRIES_MAX && dsr_fio_readdir(d, &name) == 1) {
        struct stat st;

        if (name[0] == '.' ||
            fstatat(res->root.fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
            !S_ISDIR(st.st_mode))
            continue;
        for (size_t i = 0; i < res->nindicators; i++) {
            const struct dsr_indicator *def = res->indicators[i].def;

            if (dsr_indicator_owns_folder(def, name) &&
                (!names[i] || strcmp(name, names[i]) < 0)) {
                g_free(names[i]);
                names[i] = g_strdup(name);
            }
        }
    }
    closedir(d);
    return names;
}

/*
 * Where the letters are signed: the region in the instance's name
 * ("Pemerintah Kabupaten Sukamaju" gives "Sukamaju"), or "" when the
 * name is not of that form (the letter then leaves a line to fill in).
 */
static void
place_of(const char *instance, char *out, size_t size)
{
    static const char *const prefixes[] = {
        "Pemerintah Kabupaten ", "Pemerintah Kota ", "Pemerintah Provinsi ",
        "Pemkab ", "Pemkot ", "Pemprov ", "Kabupaten ", "Kota ", "Provinsi ",
    };

    out[0] = '\0';
    for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++) {
        size_t n = strlen(prefixes[k]);

        if (strncasecmp(instance, prefixes[k], n) == 0 && instance[n] &&
            strlen(instance + n) < 80 && !strchr(instance + n, '\n')) {
            snprintf(out, size, "%s", instance + n);
            return;
        }
    }
}

/* "Senin, 14 Desember 2026" for 'd', translated. */
static void
format_due(const struct dsr_date *d, char *out, size_t size)
{
    static const char *const weekday[7] = {
        N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"),
        N_("Thursday"), N_("Friday"), N_("Saturday"),
    };
    struct tm tm = {.tm_year = d->year - 1900, .tm_mon = d->month - 1,
                    .tm_mday = d->day, .tm_hour = 12};
    time_t t = timegm(&tm);
    struct tm back;

    if (t == (time_t)-1 || !gmtime_r(&t, &back)) {
        snprintf(out, size, "%d %s %d", d->day, rd_month_name(d->month - 1),
                 d->year);
        return;
    }
    snprintf(out, size, "%s, %d %s %d", _(weekday[back.tm_wday]), d->day,
             rd_month_name(d->month - 1), d->year);
}

/* ---- the summary workbook --------------------------------------------- */

/* 's' cut to CELL_MAX bytes at a character boundary, in 'buf'. */
static const char *
cell(const char *s, char *buf, size_t size)
{
    size_t n = strlen(s);

    if (n <= CELL_MAX && g_utf8_validate(s, (gssize)n, NULL))
        return s;
    n = n < CELL_MAX ? n : CELL_MAX;
    if (n >= size)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    while (n > 0 && !g_utf8_validate(buf, (gssize)n, NULL))
        buf[--n] = '\0';
    return buf;
}

struct sheet {
    lxw_worksheet *ws;
    lxw_format *head, *bold, *date, *bold_date;
    double width[9];
    lxw_error rc;
};

static void
put_text(struct sheet *s, lxw_row_t row, lxw_col_t col, const char *text,
         lxw_format *fmt)
{
    char buf[CELL_MAX + 1];
    const char *v = cell(text, buf, sizeof(buf));
    double w = (double)g_utf8_strlen(v, -1) + 2;

    if (w > s->width[col])
        s->width[col] = w;
    if (s->rc == LXW_NO_ERROR)
        s->rc = worksheet_write_string(s->ws, row, col, v, fmt);
}

static void
put_number(struct sheet *s, lxw_row_t row, lxw_col_t col, double v,
           lxw_format *fmt)
{
    if (s->rc == LXW_NO_ERROR)
        s->rc = worksheet_write_number(s->ws, row, col, v, fmt);
}

static void
put_due(struct sheet *s, const struct rq *q, lxw_row_t row, lxw_format *fmt)
{
    lxw_datetime dt = {.year = q->opts->due.year, .month = q->opts->due.month,
                       .day = q->opts->due.day};

    if (s->width[8] < 13)
        s->width[8] = 13;
    if (s->rc == LXW_NO_ERROR)
        s->rc = worksheet_write_datetime(s->ws, row, 8, &dt, fmt);
}

/* The OPD's name as the summary shows it. */
static const char *
owner_label(const struct dsr_check_owner *g)
{
    return *g->name ? g->name : _("(no owner)");
}

static int
write_summary(const struct rq *q, const char *path, const char *tmpdir,
              size_t *rows, struct dsr_error *err)
{
    const struct dsr_check_result *res = q->res;
    const char *head[9] = {
        _("OPD"), _("Indicator"), _("Indicator name"), _("Level asked"),
        _("Evidence listed"), _("Evidence present and valid"), _("Errors"),
        _("Warnings"), _("Due date"),
    };
    lxw_workbook_options wo = {.tmpdir = (char *)tmpdir};
    lxw_workbook *wb = workbook_new_opt(path, &wo);
    struct sheet s = {.rc = LXW_NO_ERROR};
    lxw_row_t row = 1;
    lxw_error rc;

    if (!wb)
        return dsr_error_set(err, DSR_IO, path, 0, "%s",
                             _("cannot create the summary workbook"));
    s.ws = workbook_add_worksheet(wb, q->lang == DSR_LANG_EN ? "Summary"
                                                             : "Ringkasan");
    s.head = workbook_add_format(wb);
    s.bold = workbook_add_format(wb);
    s.date = workbook_add_format(wb);
    s.bold_date = workbook_add_format(wb);
    if (!s.ws || !s.head || !s.bold || !s.date || !s.bold_date) {
        workbook_close(wb);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    format_set_bold(s.head);
    format_set_bg_color(s.head, 0xDCE3EC);
    format_set_text_wrap(s.head);
    format_set_bold(s.bold);
    format_set_num_format(s.date, "yyyy-mm-dd");
    format_set_bold(s.bold_date);
    format_set_num_format(s.bold_date, "yyyy-mm-dd");
    for (lxw_col_t c = 0; c < 9; c++) {
        put_text(&s, 0, c, head[c], s.head);
        if (c >= 3 && s.width[c] > 16)
            s.width[c] = 16;
    }
    *rows = 0;
    for (size_t o = 0; o < res->nowners; o++) {
        const struct dsr_check_owner *g = &res->owners[o];
        size_t sum[4] = {0, 0, 0, 0};
        char id[32];

        for (size_t j = 0; j < g->nindicators; j++) {
            const struct dsr_request_item *it = &q->items[g->indicators[j]];
            const struct dsr_indicator *def = res->indicators[it->indicator].def;

            put_text(&s, row, 0, owner_label(g), NULL);
            put_text(&s, row, 1, def->id, NULL);
            put_text(&s, row, 2, dsr_text_get(&def->name, q->lang), NULL);
            put_number(&s, row, 3, it->level, NULL);
            put_number(&s, row, 4, (double)it->listed, NULL);
            put_number(&s, row, 5, (double)it->valid, NULL);
            put_number(&s, row, 6, (double)it->errors, NULL);
            put_number(&s, row, 7, (double)it->warnings, NULL);
            put_due(&s, q, row, s.date);
            sum[0] += it->listed;
            sum[1] += it->valid;
            sum[2] += it->errors;
            sum[3] += it->warnings;
            row++;
            (*rows)++;
        }
        {
            char *total = g_strdup_printf(_("Total: %s"), owner_label(g));

            put_text(&s, row, 0, total, s.bold);
            g_free(total);
        }
        snprintf(id, sizeof(id), "%zu", g->nindicators);
        put_text(&s, row, 1, id, s.bold);
        put_text(&s, row, 2, _("indicators"), s.bold);
        for (int k = 0; k < 4; k++)
            put_number(&s, row, (lxw_col_t)(4 + k), (double)sum[k], s.bold);
        put_due(&s, q, row, s.bold_date);
        row++;
    }
    for (lxw_col_t c = 0; c < 9; c++) {
        double w = s.width[c] > 60 ? 60 : s.width[c] < 8 ? 8 : s.width[c];

        if (s.rc == LXW_NO_ERROR)
            s.rc = worksheet_set_column(s.ws, c, c, w, NULL);
    }
    worksheet_freeze_panes(s.ws, 1, 0);
    if (s.rc == LXW_NO_ERROR)
        s.rc = worksheet_autofilter(s.ws, 0, 0, row > 1 ? row - 1 : 1, 8);
    rc = workbook_close(wb);
    if (s.rc != LXW_NO_ERROR || rc != LXW_NO_ERROR)
        return dsr_error_set(err, DSR_IO, path, 0,
                             _("cannot write the summary workbook: %s"),
                             lxw_strerror(s.rc != LXW_NO_ERROR ? s.rc : rc));
    return 0;
}

/* ---- the output folder ------------------------------------------------ */

/* 0 when 'dir' does not exist, 1 when it is an empty folder, else -1. */
static int
dir_state(const char *dir, struct dsr_error *err)
{
    struct stat st;
    const char *name;
    DIR *d;
    int fd, r;

    if (lstat(dir, &st) < 0) {
        if (errno == ENOENT)
            return 0;
        return dsr_error_sys(err, errno, dir, "cannot look at the folder");
    }
    if (!S_ISDIR(st.st_mode))
        return dsr_error_set(err, DSR_USAGE, dir, 0, "%s",
                             _("exists and is not a folder; give a new "
                               "folder for the letters"));
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    d = fd >= 0 ? dsr_fio_opendir_at(fd) : NULL;
    if (!d) {
        int e = errno;

        if (fd >= 0)
            close(fd);
        return dsr_error_sys(err, e, dir, "cannot read the folder");
    }
    r = dsr_fio_readdir(d, &name);
    closedir(d);
    close(fd);
    if (r != 0)
        return dsr_error_set(err, DSR_USAGE, dir, 0, "%s",
                             _("the folder is not empty; give a new or empty "
                               "folder, so that no earlier letter is mixed "
                               "with these"));
    return 1;
}

/* The letters' date, due date and place in 'q'. */
static int
prepare(struct rq *q, struct dsr_error *err)
{
    time_t t = (time_t)q->opts->date;
    struct tm tm;

    if (!gmtime_r(&t, &tm))
        return dsr_error_set(err, DSR_USAGE, NULL, 0, "the date is out of range");
    snprintf(q->date, sizeof(q->date), "%d %s %d", tm.tm_mday,
             rd_month_name(tm.tm_mon), tm.tm_year + 1900);
    strftime(q->iso_date, sizeof(q->iso_date), "%Y-%m-%dT%H:%M:%SZ", &tm);
    format_due(&q->opts->due, q->due, sizeof(q->due));
    place_of(q->m->instance_name, q->place, sizeof(q->place));
    return 0;
}

/*
 * OPD 'owner''s worksheet into its folder 'sub': what `export --owner`
 * writes, so the office fills in its own rows and `import` takes them
 * back with the three-way merge.
 */
static int
owner_workbook(const struct rq *q, const char *owner, const char *sub,
               struct dsr_error *err)
{
    struct dsr_export_opts eo = {.lang = q->lang, .owner = owner,
                                 .now = q->opts->date};
    char *path = g_strdup_printf("%s/%s", sub, DSR_REQUESTS_WORKBOOK);
    int rc = dsr_sheet_export(q->m, q->cat, &eo, path, err);

    g_free(path);
    return rc;
}

/* The letters of 'q' and the summary, into the folder 'tmp'. */
static int
write_all(struct rq *q, const char *tmp, struct dsr_requests_stats *stats,
          struct dsr_error *err)
{
    const struct dsr_check_result *res = q->res;
    size_t number = 0, named = 0;
    int width = 2;
    int ret = 0;

    for (size_t o = 0; o < res->nowners; o++)
        named += *res->owners[o].name != '\0';
    for (size_t n = named; n >= 100; n /= 10)
        width++;

    for (size_t o = 0; o < res->nowners && ret == 0; o++) {
        const struct dsr_check_owner *g = &res->owners[o];
        char slug[DSR_REQUESTS_SLUG_MAX + 1];
        char *sub, *pdf;
        unsigned pages = 0;

        if (!*g->name) {
            stats->unowned += g->nindicators;
            continue;
        }
        number++;
        if (q->opts->owner >= 0 && (size_t)q->opts->owner != o)
            continue;
        if (dsr_cancelled(q->opts->cancel))
            return dsr_interrupted(err);
        dsr_requests_slug(g->name, q->lang, slug, sizeof(slug));
        /* as many digits as the last number needs, so folders sort */
        sub = g_strdup_printf("%s/%0*zu-%s", tmp, width, number, slug);
        pdf = g_strdup_printf("%s/%s", sub, DSR_REQUESTS_LETTER);
        if (mkdir(sub, 0777) < 0)
            ret = dsr_error_sys(err, errno, sub, "cannot create the folder");
        else if (rq_letter_write(q, o, pdf, &pages, err) < 0 ||
                 owner_workbook(q, g->name, sub, err) < 0)
            ret = -1;
        else {
            stats->letters++;
            stats->pages += pages;
        }
        g_free(pdf);
        g_free(sub);
    }
    if (ret == 0) {
        char *path = g_strdup_printf("%s/%s", tmp, DSR_REQUESTS_SUMMARY);

        ret = write_summary(q, path, tmp, &stats->rows, err);
        g_free(path);
    }
    return ret;
}

int
dsr_requests_write(const struct dsr_check_result *res,
                   const struct dsr_score *score,
                   const struct dsr_requests_opts *opts, const char *dir,
                   struct dsr_requests_stats *stats, struct dsr_error *err)
{
    struct rq q = {.res = res, .opts = opts, .lang = opts->lang};
    struct dsr_requests_stats local;
    char **folders = NULL;
    char *tmp = NULL;
    mode_t mode;
    int state, rc;
    int ret = -1;

    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof(*stats));
    if (!res->manifest || !res->catalog)
        return dsr_error_set(err, DSR_INPUT, NULL, 0,
                             "the manifest cannot be used; run dossier check");
    if (opts->owner >= (long)res->nowners)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0, "no such owner");
    q.m = res->manifest;
    q.cat = res->catalog;
    if (prepare(&q, err) < 0)
        return -1;
    state = dir_state(dir, err);
    if (state < 0)
        return -1;

    folders = owned_folders(res);
    q.items = g_new0(struct dsr_request_item, res->nindicators + 1);
    for (size_t i = 0; i < res->nindicators; i++)
        dsr_request_item(res, score, i, folders[i], &q.items[i]);

    if (dsr_fio_mkparents(dir, err) < 0)
        goto out;
    tmp = g_strdup_printf("%s.tmp-XXXXXX", dir);
    if (!mkdtemp(tmp)) {
        dsr_error_sys(err, errno, dir,
                      "cannot create a temporary folder beside it");
        g_free(tmp);
        tmp = NULL;
        goto out;
    }
    if (write_all(&q, tmp, stats, err) < 0)
        goto out;
    /* mkdtemp made it private; the letters are ordinary files */
    mode = dsr_fio_default_mode();
    if (chmod(tmp, mode | ((mode & 0444) >> 2)) < 0 ||
        dsr_fio_sync_tree(tmp, err) < 0) {
        dsr_error_sys(err, errno, tmp, "cannot write");
        goto out;
    }
    if (dsr_cancelled(opts->cancel)) {
        dsr_interrupted(err);
        goto out;
    }
    /* rename() replaces an empty folder atomically; a missing one is
       never created by someone else in between (RENAME_NOREPLACE) */
    if (state == 1) {
        rc = rename(tmp, dir);
    } else {
        rc = dsr_fio_rename_new(tmp, dir);
        if (rc == 1)
            rc = rename(tmp, dir);
    }
    if (rc < 0) {
        if (errno == EEXIST || errno == ENOTEMPTY)
            dsr_error_set(err, DSR_USAGE, dir, 0, "%s",
                          _("the folder was created or filled while the "
                            "letters were written; give a new folder"));
        else
            dsr_error_sys(err, errno, dir, "cannot move the letters into place");
        goto out;
    }
    g_free(tmp);
    tmp = NULL;
    dsr_fio_sync_parent(dir);
    ret = 0;
out:
    if (tmp) {
        dsr_fio_remove_tree(tmp);
        g_free(tmp);
    }
    for (size_t i = 0; folders && i < res->nindicators; i++)
        g_free(folders[i]);
    g_free(folders);
    g_free(q.items);
    return ret;
}
