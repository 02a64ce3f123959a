/*
 * test_bag_archive.c -- a bag read out of a .tar or .zip file without
 * unpacking it (bag_archive.c), and verify --report's writer
 * (bag_report.c), its severities and names that are not UTF-8 in both
 * formats.  The archives are made here with libarchive's writer.
 */
#include "bag_impl.h"
#include "testutil.h"

#include "dossier/bag.h"
#include "dossier/error.h"

#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <jansson.h>
#include <libxml/xmlschemas.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

static const char *dir;         /* scratch */
static char bag[1024];          /* the bag folder, scratch/b */

static const struct dsr_bag_info info = {
    .source_organization = "Pemerintah Kabupaten Uji",
    .external_identifier = "spbe-2020-2024-0123456789abcdef",
    .bagging_date = "2024-01-02",
};

static const char *const bag_files[] = {
    "bagit.txt", "bag-info.txt", "manifest-sha512.txt", "tagmanifest-sha512.txt",
    "data/a.txt", "data/sub/b.txt",
};

static void
setup(void)
{
    struct dsr_bag_opts opts = {.alg = DSR_HASH_SHA512};
    struct dsr_error err = DSR_ERROR_INIT;

    dir = tu_tmpdir();
    snprintf(bag, sizeof(bag), "%s/b", dir);
    tu_write(bag, "data/a.txt", "alpha\n", (size_t)-1);
    tu_write(bag, "data/sub/b.txt", "beta\n", (size_t)-1);
    ck_assert_msg(dsr_bag_write(bag, &info, &opts, &err) == 0, "%s", err.msg);
}

static void
teardown(void)
{
    tu_rmtree(dir);
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = calloc(1, 1 << 20);

    ck_assert_ptr_nonnull(f);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    return buf;
}

static void
add(struct archive *a, const char *name, const void *data, size_t len,
    mode_t type, const char *link)
{
    struct archive_entry *e = archive_entry_new();

    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, type == AE_IFREG ? (la_int64_t)len : 0);
    if (type == AE_IFLNK)
        archive_entry_set_symlink(e, link);
    if (link && type == AE_IFREG)
        archive_entry_set_hardlink(e, link);
    ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
    if (type == AE_IFREG && len)
        ck_assert_int_eq(archive_write_data(a, data, len), (la_ssize_t)len);
    archive_entry_free(e);
}

/*
 * The bag as 'out' (a tar, or a zip when 'zip'), its files under
 * 'prefix' ("" or "b/"), then 'extra' (a name, or NULL) added as 'type';
 * data/a.txt replaced by 'alpha' when not NULL.
 */
static void
pack(const char *out, bool zip, const char *prefix, const char *extra,
     mode_t type, const char *alpha)
{
    struct archive *a = archive_write_new();

    ck_assert_int_eq(zip ? archive_write_set_format_zip(a)
                         : archive_write_set_format_pax_restricted(a),
                     ARCHIVE_OK);
    ck_assert_int_eq(archive_write_open_filename(a, out), ARCHIVE_OK);
    for (size_t i = 0; i < sizeof(bag_files) / sizeof(bag_files[0]); i++) {
        char path[1200], name[256];
        size_t len;
        char *data;

        snprintf(path, sizeof(path), "%s/%s", bag, bag_files[i]);
        snprintf(name, sizeof(name), "%s%s", prefix, bag_files[i]);
        data = slurp(path, &len);
        if (alpha && strcmp(bag_files[i], "data/a.txt") == 0)
            add(a, name, alpha, strlen(alpha), AE_IFREG, NULL);
        else
            add(a, name, data, len, AE_IFREG, NULL);
        free(data);
    }
    if (extra)
        add(a, extra, "x", 1, type, type == AE_IFLNK ? "/etc/passwd"
                                    : type == AE_IFREG ? NULL : NULL);
    ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

static void
verify(const char *path, struct dsr_bag_report *rep)
{
    struct dsr_bag_verify_opts opts = {0};
    struct dsr_error err = DSR_ERROR_INIT;

    /* these bags are not bundles: no manifest.xml, no dossier */
    ck_assert_msg(bag_archive_verify(path, &opts, true, rep, &err) == 0, "%s",
                  err.msg);
}

/* Whether 'rep' has a problem on 'path' of 'kind'. */
static bool
has(const struct dsr_bag_report *rep, const char *path, enum dsr_bag_kind kind)
{
    for (size_t i = 0; i < rep->n; i++)
        if (strcmp(rep->items[i].path, path) == 0 && rep->items[i].kind == kind)
            return true;
    return false;
}

static void
dump(const struct dsr_bag_report *rep)
{
    for (size_t i = 0; i < rep->n; i++)
        fprintf(stderr, "  %s: %s: %s\n", rep->items[i].path,
                dsr_bag_kind_name(rep->items[i].kind), rep->items[i].message);
}

START_TEST(test_archive_clean)
{
    static const struct {
        bool zip;
        const char *prefix;
    } ways[] = {{false, "b/"}, {false, ""}, {true, "b/"}, {true, "./"}};

    for (size_t i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
        struct dsr_bag_report rep;
        char out[1100];

        snprintf(out, sizeof(out), "%s/clean-%zu.%s", dir, i, ways[i].zip ? "zip" : "tar");
        pack(out, ways[i].zip, ways[i].prefix, NULL, 0, NULL);
        verify(out, &rep);
        if (rep.n)
            dump(&rep);
        ck_assert_uint_eq(rep.n, 0);
        ck_assert_uint_eq(rep.files, 2);
        ck_assert_uint_eq(rep.bytes, 11);
        ck_assert_str_eq(rep.bundle_id, info.external_identifier);
        dsr_bag_report_release(&rep);
    }
}
END_TEST

START_TEST(test_archive_altered_and_extra)
{
    struct dsr_bag_report rep;
    char out[1100];

    snprintf(out, sizeof(out), "%s/altered.tar", dir);
    pack(out, false, "b/", "b/data/stray.txt", AE_IFREG, "ALPHA\n");
    verify(out, &rep);
    ck_assert(has(&rep, "data/a.txt", DSR_BAG_ALTERED));
    ck_assert(has(&rep, "data/stray.txt", DSR_BAG_EXTRA));
    ck_assert(has(&rep, "bag-info.txt", DSR_BAG_ALTERED));     /* Payload-Oxum */
    dsr_bag_report_release(&rep);
}
END_TEST

START_TEST(test_archive_hostile_entries)
{
    static const struct {
        const char *name;
        mode_t type;
        const char *path;       /* of the problem */
    } cases[] = {
        {"../x", AE_IFREG, "../x"},
        {"/abs/x", AE_IFREG, "/abs/x"},
        {"b/data/../../x", AE_IFREG, "b/data/../../x"},
        {"b/data/link", AE_IFLNK, "data/link"},
        {"b/meta/link", AE_IFLNK, "meta/link"},
        {"b/data/fifo", AE_IFIFO, "data/fifo"},
        {"b/data/a.txt", AE_IFREG, "data/a.txt"},     /* twice */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct dsr_bag_report rep;
        char out[1100];

        snprintf(out, sizeof(out), "%s/hostile-%zu.tar", dir, i);
        pack(out, false, "b/", cases[i].name, cases[i].type, NULL);
        verify(out, &rep);
        if (!has(&rep, cases[i].path, DSR_BAG_MALFORMED))
            dump(&rep);
        ck_assert_msg(has(&rep, cases[i].path, DSR_BAG_MALFORMED), "%s",
                      cases[i].name);
        dsr_bag_report_release(&rep);
    }
}
END_TEST

START_TEST(test_archive_truncated_and_not_one)
{
    struct dsr_bag_verify_opts opts = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_bag_report rep;
    char out[1100], cut[1100];
    size_t len;
    char *data;

    snprintf(out, sizeof(out), "%s/whole.tar", dir);
    pack(out, false, "b/", NULL, 0, NULL);
    data = slurp(out, &len);
    snprintf(cut, sizeof(cut), "%s/cut.tar", dir);
    tu_write(dir, "cut.tar", data, 2048 + 700);
    free(data);
    verify(cut, &rep);
    ck_assert(has(&rep, "cut.tar", DSR_BAG_MALFORMED));
    dsr_bag_report_release(&rep);

    tu_write(dir, "junk.tar", "not an archive\n", (size_t)-1);
    snprintf(out, sizeof(out), "%s/junk.tar", dir);
    ck_assert_int_eq(bag_archive_verify(out, &opts, true, &rep, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    dsr_bag_report_release(&rep);
}
END_TEST

START_TEST(test_report_write)
{
    struct dsr_bag_report rep = {0};
    struct dsr_bag_report_meta meta = {.bundle = bag,
                                       .checked_at = "2026-01-02T03:04:05Z",
                                       .tool_version = "9.9"};
    char ppath[] = "data/a<\"b\n.txt", pmsg[] = "its sha512 differs & more";
    char id[] = "id-1";
    struct dsr_bag_problem p = {.path = ppath, .kind = DSR_BAG_ALTERED,
                                .message = pmsg};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[1100];
    size_t len;
    char *s;

    ck_assert_int_eq(dsr_bag_report_format("r.xml"), DSR_BAG_REPORT_XML);
    ck_assert_int_eq(dsr_bag_report_format("r.json"), DSR_BAG_REPORT_JSON);
    ck_assert_int_eq(dsr_bag_report_format("r.txt"), -1);
    ck_assert_int_eq(dsr_bag_report_format(".xml"), -1);
    rep.items = &p;
    rep.n = 1;
    rep.files = 2;
    rep.bundle_id = id;

    snprintf(path, sizeof(path), "%s/r.xml", dir);
    ck_assert_msg(dsr_bag_report_write(path, &rep, &meta, &err) == 0, "%s", err.msg);
    s = slurp(path, &len);
    ck_assert_ptr_nonnull(strstr(s, "ok=\"false\""));
    ck_assert_ptr_nonnull(strstr(s, "<bundle path=\""));
    ck_assert_ptr_nonnull(strstr(s, "id=\"id-1\""));
    ck_assert_ptr_nonnull(strstr(s, "<problem kind=\"altered\" severity=\"error\" "
                                    "path=\"data/a&lt;&quot;b\\n.txt\""));
    ck_assert_ptr_nonnull(strstr(s, ">its sha512 differs &amp; more</problem>"));
    free(s);

    snprintf(path, sizeof(path), "%s/r.json", dir);
    ck_assert_msg(dsr_bag_report_write(path, &rep, &meta, &err) == 0, "%s", err.msg);
    s = slurp(path, &len);
    ck_assert_ptr_nonnull(strstr(s, "\"ok\": false"));
    /* UTF-8: kept, the newline escaped by JSON itself (as --format json) */
    ck_assert_ptr_nonnull(strstr(s, "\"path\": \"data/a<\\\"b\\n.txt\""));
    ck_assert_ptr_nonnull(strstr(s, "\"severity\": \"error\""));
    ck_assert_ptr_nonnull(strstr(s, "\"checked_at\": \"2026-01-02T03:04:05Z\""));
    ck_assert_ptr_nonnull(strstr(s, "\"tool_version\": \"9.9\""));
    free(s);

    snprintf(path, sizeof(path), "%s/r.txt", dir);
    ck_assert_int_eq(dsr_bag_report_write(path, &rep, &meta, &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    ck_assert_int_ne(access(path, F_OK), 0);

    err = (struct dsr_error)DSR_ERROR_INIT;
    snprintf(path, sizeof(path), "%s/data/r.xml", bag);
    ck_assert_int_eq(dsr_bag_report_write(path, &rep, &meta, &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

/* Whether the XML report at 'path' validates against verify-report.xsd. */
static bool
report_valid(const char *path)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(TEST_SCHEMAS "/verify-report.xsd");
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    bool ok = vc && xmlSchemaValidateFile(vc, path, 0) == 0;

    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return ok;
}

/*
 * r22-report: a warning alone leaves "ok" true in both formats, and
 * gives its severity; a name that is not UTF-8 still gives valid XML
 * (escaped as verify prints it) and valid JSON; verify --format json's
 * text (meta NULL) has exactly the contract keys, in order.
 */
START_TEST(test_report_severity_and_names)
{
    struct dsr_bag_report rep = {0};
    struct dsr_bag_report_meta meta = {.bundle = bag,
                                       .checked_at = "2026-01-02T03:04:05Z",
                                       .tool_version = "9.9"};
    char wpath[] = "notes.txt", wmsg[] = "a file no tag manifest lists";
    char bpath[] = "data/a\xff\x01z.txt", bmsg[] = "not listed in \xfe manifest";
    struct dsr_bag_problem p[2] = {
        {.path = wpath, .kind = DSR_BAG_EXTRA, .message = wmsg,
         .severity = DSR_BAG_WARNING},
        {.path = bpath, .kind = DSR_BAG_EXTRA, .message = bmsg,
         .severity = DSR_BAG_ERROR},
    };
    static const char *const keys[] = {"ok", "problems", "files", "bytes", "zips",
                                       "entries", "encrypted_zips", "signature"};
    struct dsr_error err = DSR_ERROR_INIT;
    json_error_t jerr;
    json_t *j, *pr;
    const char *key;
    json_t *v;
    size_t i = 0;
    char path[1100];
    size_t len;
    char *s;

    rep.items = p;
    rep.n = 1;              /* the warning alone */
    snprintf(path, sizeof(path), "%s/w.xml", dir);
    ck_assert_msg(dsr_bag_report_write(path, &rep, &meta, &err) == 0, "%s", err.msg);
    ck_assert(report_valid(path));
    s = slurp(path, &len);
    ck_assert_ptr_nonnull(strstr(s, "ok=\"true\""));
    ck_assert_ptr_nonnull(strstr(s, "<problem kind=\"extra\" severity=\"warning\" "
                                    "path=\"notes.txt\">"));
    free(s);
    snprintf(path, sizeof(path), "%s/w.json", dir);
    ck_assert_msg(dsr_bag_report_write(path, &rep, &meta, &err) == 0, "%s", err.msg);
    j = json_load_file(path, 0, &jerr);
    ck_assert_msg(j != NULL, "%s", jerr.text);
    ck_assert(json_is_true(json_object_get(j, "ok")));
    pr = json_array_get(json_object_get(j, "problems"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(pr, "severity")), "warning");
    ck_assert_str_eq(json_string_value(json_object_get(j, "tool_version")), "9.9");
    ck_assert(json_is_null(json_object_get(j, "bundle_id")));
    json_decref(j);

    rep.n = 2;              /* and an error whose names are not UTF-8 */
    snprintf(path, sizeof(path), "%s/n.xml", dir);
    ck_assert_msg(dsr_bag_report_write(path, &rep, &meta, &err) == 0, "%s", err.msg);
    ck_assert(report_valid(path));
    s = slurp(path, &len);
    ck_assert_ptr_nonnull(strstr(s, "ok=\"false\""));
    ck_assert_ptr_nonnull(strstr(s, "<problem kind=\"extra\" severity=\"error\" "
                                    "path=\"data/a\\xFF\\x01z.txt\">not listed in "
                                    "\\xFE manifest</problem>"));
    free(s);
    snprintf(path, sizeof(path), "%s/n.json", dir);
    ck_assert_msg(dsr_bag_report_write(path, &rep, &meta, &err) == 0, "%s", err.msg);
    j = json_load_file(path, 0, &jerr);
    ck_assert_msg(j != NULL, "%s", jerr.text);
    ck_assert(json_is_false(json_object_get(j, "ok")));
    pr = json_array_get(json_object_get(j, "problems"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(pr, "path")),
                     "data/a\\xFF\\x01z.txt");
    ck_assert_str_eq(json_string_value(json_object_get(pr, "message")),
                     "not listed in \\xFE manifest");
    json_decref(j);

    /* verify --format json: the contract keys only, in their order */
    s = dsr_bag_report_json(&rep, NULL, &err);
    ck_assert_ptr_nonnull(s);
    j = json_loads(s, 0, &jerr);
    ck_assert_msg(j != NULL, "%s", jerr.text);
    ck_assert_int_eq(json_object_size(j), sizeof(keys) / sizeof(keys[0]));
    json_object_foreach(j, key, v) {
        (void)v;
        ck_assert_str_eq(key, keys[i]);
        i++;
    }
    ck_assert_int_eq(json_array_size(json_object_get(j, "problems")), 2);
    json_decref(j);
    free(s);
}
END_TEST

/*
 * An archive's inner zip is checked from its bytes in memory as a
 * folder's zip is (zipcheck.c, libzip): not a zip; no index.xml; and a
 * central directory naming an entry otherwise than its local header
 * (which a streaming reader, seeing only local headers, would accept).
 */
START_TEST(test_zip_buffer_central_directory)
{
    struct dsr_bag_verify_opts opts = {.jobs = 1};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_bag_report rep = {0};
    struct bag_verify v = {.rep = &rep, .err = &err, .opts = &opts};
    struct dsr_zip_index idx = {0};
    const char *rel = "data/indicators/01.zip";
    char path[1024];
    bool have = true;
    zip_t *za;
    zip_source_t *src;
    char *raw, *last = NULL;
    size_t len;
    int zerr = 0;

    ck_assert_int_eq(bag_check_zip_buffer(&v, rel, "not a zip", 9, &idx, &have), 0);
    ck_assert(!have);
    ck_assert_int_eq(rep.n, 1);
    ck_assert_str_eq(rep.items[0].path, rel);
    ck_assert_int_eq(rep.items[0].kind, DSR_BAG_MALFORMED);
    ck_assert_int_eq(rep.zips, 0);
    dsr_bag_report_release(&rep);

    snprintf(path, sizeof(path), "%s/z.zip", dir);
    za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    ck_assert_ptr_nonnull(za);
    src = zip_source_buffer(za, "alpha\n", 6, 0);
    ck_assert_ptr_nonnull(src);
    ck_assert_int_ge(zip_file_add(za, "a.txt", src, 0), 0);
    ck_assert_int_eq(zip_close(za), 0);
    raw = slurp(path, &len);

    memset(&rep, 0, sizeof(rep));
    ck_assert_int_eq(bag_check_zip_buffer(&v, rel, raw, len, &idx, &have), 0);
    ck_assert_int_eq(rep.zips, 1);
    ck_assert_int_eq(rep.n, 1);
    ck_assert_str_eq(rep.items[0].path, "data/indicators/01.zip:index.xml");
    ck_assert_int_eq(rep.items[0].kind, DSR_BAG_MISSING);
    dsr_bag_report_release(&rep);

    /* the central directory's copy of the name (the last) says ../ab */
    for (size_t k = 0; k + 5 <= len; k++)
        if (memcmp(raw + k, "a.txt", 5) == 0)
            last = raw + k;
    ck_assert_ptr_nonnull(last);
    memcpy(last, "../ab", 5);
    memset(&rep, 0, sizeof(rep));
    ck_assert_int_eq(bag_check_zip_buffer(&v, rel, raw, len, &idx, &have), 0);
    ck_assert(!have);
    ck_assert_int_ge(rep.n, 1);
    ck_assert_str_eq(rep.items[0].path, rel);
    ck_assert_int_eq(rep.items[0].kind, DSR_BAG_MALFORMED);
    dsr_bag_report_release(&rep);
    free(raw);
}
END_TEST

static Suite *
bag_archive_suite(void)
{
    Suite *s = suite_create("bag_archive");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_archive_clean);
    tcase_add_test(tc, test_archive_altered_and_extra);
    tcase_add_test(tc, test_archive_hostile_entries);
    tcase_add_test(tc, test_archive_truncated_and_not_one);
    tcase_add_test(tc, test_report_write);
    tcase_add_test(tc, test_report_severity_and_names);
    tcase_add_test(tc, test_zip_buffer_central_directory);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(bag_archive_suite());
}
