/*
 * bag_report.c -- verify --report FILE: the result of a bundle's check
 * written for the archive's records, as XML (urn:dossier:verify-report:1,
 * templates/schemas/verify-report.xsd) or JSON (the keys of verify
 * --format json, and what was checked).  It writes a file; it prints
 * nothing.
 */
#include "dossier/bag.h"

#include "dossier/buf.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "fileio.h"
#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REPORT_NS "urn:dossier:verify-report:1"

static bool
ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);

    return n > k && strcmp(s + n - k, tail) == 0;
}

int
dsr_bag_report_format(const char *path)
{
    if (ends_with(path, ".xml"))
        return DSR_BAG_REPORT_XML;
    if (ends_with(path, ".json"))
        return DSR_BAG_REPORT_JSON;
    return -1;
}

/* 's' made printable, then escaped for XML (an attribute or text) or JSON. */
static int
add_text(struct dsr_buf *b, const char *s, bool json, struct dsr_error *err)
{
    char *p = dsr_printable(s);
    int rc = 0;

    if (!p)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (const char *c = p; *c && rc == 0; c++) {
        const char *esc = NULL;

        if (json && (*c == '"' || *c == '\\')) {
            rc = dsr_buf_add(b, "\\", 1, err);
            if (rc == 0)
                rc = dsr_buf_add(b, c, 1, err);
            continue;
        }
        if (!json)
            esc = *c == '&' ? "&amp;" : *c == '<' ? "&lt;" : *c == '>' ? "&gt;"
                : *c == '"' ? "&quot;" : NULL;
        rc = esc ? dsr_buf_adds(b, esc, err) : dsr_buf_add(b, c, 1, err);
    }
    free(p);
    return rc;
}

static int
xml_attr(struct dsr_buf *b, const char *name, const char *value,
         struct dsr_error *err)
{
    if (dsr_buf_addf(b, err, " %s=\"", name) < 0 || add_text(b, value, false, err) < 0)
        return -1;
    return dsr_buf_adds(b, "\"", err);
}

static int
write_xml(struct dsr_buf *b, const struct dsr_bag_report *rep,
          const struct dsr_bag_report_meta *meta, struct dsr_error *err)
{
    if (dsr_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", err) < 0 ||
        dsr_buf_addf(b, err, "<verify-report xmlns=\"%s\" ok=\"%s\"", REPORT_NS,
                     rep->n ? "false" : "true") < 0 ||
        xml_attr(b, "checked-at", meta->checked_at, err) < 0 ||
        xml_attr(b, "tool-version", meta->tool_version, err) < 0 ||
        dsr_buf_adds(b, ">\n  <bundle", err) < 0 ||
        xml_attr(b, "path", meta->bundle, err) < 0 ||
        (rep->bundle_id && xml_attr(b, "id", rep->bundle_id, err) < 0) ||
        dsr_buf_addf(b, err,
                     "/>\n  <checked files=\"%zu\" bytes=\"%" PRIu64
                     "\" zips=\"%zu\" entries=\"%zu\" encrypted-zips=\"%zu\"/>\n"
                     "  <signature state=\"%s\"/>\n  <problems count=\"%zu\"",
                     rep->files, rep->bytes, rep->zips, rep->entries,
                     rep->encrypted, dsr_bag_signature_name(rep->signature),
                     rep->n) < 0)
        return -1;
    if (dsr_buf_adds(b, rep->n ? ">\n" : "/>\n", err) < 0)
        return -1;
    for (size_t i = 0; i < rep->n; i++) {
        const struct dsr_bag_problem *p = &rep->items[i];

        if (dsr_buf_addf(b, err, "    <problem kind=\"%s\"",
                         dsr_bag_kind_name(p->kind)) < 0 ||
            xml_attr(b, "path", p->path, err) < 0 || dsr_buf_adds(b, ">", err) < 0 ||
            add_text(b, p->message, false, err) < 0 ||
            dsr_buf_adds(b, "</problem>\n", err) < 0)
            return -1;
    }
    if (rep->n && dsr_buf_adds(b, "  </problems>\n", err) < 0)
        return -1;
    return dsr_buf_adds(b, "</verify-report>\n", err);
}

static int
json_str(struct dsr_buf *b, const char *key, const char *value, bool comma,
         struct dsr_error *err)
{
    if (dsr_buf_addf(b, err, "%s\"%s\": \"", comma ? ",\n  " : "", key) < 0 ||
        add_text(b, value, true, err) < 0)
        return -1;
    return dsr_buf_adds(b, "\"", err);
}

static int
write_json(struct dsr_buf *b, const struct dsr_bag_report *rep,
           const struct dsr_bag_report_meta *meta, struct dsr_error *err)
{
    if (dsr_buf_addf(b, err, "{\n  \"ok\": %s", rep->n ? "false" : "true") < 0 ||
        json_str(b, "bundle", meta->bundle, true, err) < 0 ||
        (rep->bundle_id ? json_str(b, "bundle_id", rep->bundle_id, true, err)
                        : dsr_buf_adds(b, ",\n  \"bundle_id\": null", err)) < 0 ||
        json_str(b, "checked_at", meta->checked_at, true, err) < 0 ||
        json_str(b, "tool_version", meta->tool_version, true, err) < 0 ||
        dsr_buf_addf(b, err,
                     ",\n  \"files\": %zu,\n  \"bytes\": %" PRIu64
                     ",\n  \"zips\": %zu,\n  \"entries\": %zu,\n"
                     "  \"encrypted_zips\": %zu",
                     rep->files, rep->bytes, rep->zips, rep->entries,
                     rep->encrypted) < 0 ||
        json_str(b, "signature", dsr_bag_signature_name(rep->signature), true,
                 err) < 0 ||
        dsr_buf_adds(b, ",\n  \"problems\": [", err) < 0)
        return -1;
    for (size_t i = 0; i < rep->n; i++) {
        const struct dsr_bag_problem *p = &rep->items[i];

        if (dsr_buf_adds(b, i ? ",\n    {" : "\n    {", err) < 0 ||
            json_str(b, "path", p->path, false, err) < 0 ||
            dsr_buf_addf(b, err, ", \"kind\": \"%s\", ", dsr_bag_kind_name(p->kind)) < 0 ||
            json_str(b, "message", p->message, false, err) < 0 ||
            dsr_buf_adds(b, "}", err) < 0)
            return -1;
    }
    return dsr_buf_adds(b, rep->n ? "\n  ]\n}\n" : "]\n}\n", err);
}

/*
 * Whether writing 'path' would touch the bundle: the same file as an
 * archive bundle, or a place inside a bundle folder (its parent folder
 * resolved, as the rename will see it).
 */
static bool
touches_bundle(const char *path, const char *bundle)
{
    char dir[PATH_MAX], rdir[PATH_MAX], rb[PATH_MAX];
    const char *slash = strrchr(path, '/');
    struct stat sb, sp;
    size_t n;

    if (stat(bundle, &sb) < 0 || !realpath(bundle, rb))
        return false;
    if (S_ISREG(sb.st_mode))
        return stat(path, &sp) == 0 && sp.st_dev == sb.st_dev &&
               sp.st_ino == sb.st_ino;
    if (!slash)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == path)
        snprintf(dir, sizeof(dir), "/");
    else
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
    if (!realpath(dir, rdir))
        return false;
    n = strlen(rb);
    return strncmp(rdir, rb, n) == 0 && (rdir[n] == '\0' || rdir[n] == '/');
}

int
dsr_bag_report_write(const char *path, const struct dsr_bag_report *rep,
                     const struct dsr_bag_report_meta *meta,
                     struct dsr_error *err)
{
    int fmt = dsr_bag_report_format(path);
    enum dsr_fio_step step;
    struct dsr_buf b;
    int ret = -1;

    if (fmt < 0)
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             _("a report is written as .xml or .json; give a "
                               "file name ending in one of them"));
    if (touches_bundle(path, meta->bundle))
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             _("the report would be written into the bundle "
                               "itself, which verify never changes; write it "
                               "somewhere outside the bundle"));
    dsr_buf_init(&b, SIZE_MAX);
    if ((fmt == DSR_BAG_REPORT_XML ? write_xml(&b, rep, meta, err)
                                   : write_json(&b, rep, meta, err)) < 0)
        goto out;
    if (dsr_fio_publish(path, dsr_buf_str(&b), b.len, dsr_fio_default_mode(),
                        DSR_FIO_REPLACE, &step) < 0) {
        dsr_error_sys(err, errno, path, _("cannot write the report"));
        goto out;
    }
    ret = 0;
out:
    dsr_buf_release(&b);
    return ret;
}
