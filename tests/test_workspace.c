/*
 * test_workspace.c -- init lays out a valid manifest and the folders;
 * scan adds new files and changes no other byte of the manifest.
 */
#include "testutil.h"

#include "dossier/catalog.h"
#include "dossier/check.h"
#include "dossier/evidence.h"
#include "dossier/error.h"
#include "dossier/hash.h"
#include "dossier/manifest.h"
#include "dossier/score.h"
#include "dossier/workspace.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <zip.h>

static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";
static char dir[512];
static struct dsr_catalog *cat;

static void
setup(void)
{
    struct dsr_error err = DSR_ERROR_INIT;

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    cat = dsr_catalog_load_id(TEST_FRAMEWORKS, "spbe-2020", TEST_FRAMEWORK_XSD, &err);
    ck_assert_ptr_nonnull(cat);
}

static void
teardown(void)
{
    dsr_catalog_free(cat);
    tu_rmtree(dir);
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

/*
 * 'after' is 'before' with whole lines added and nothing else changed:
 * dropping every line of 'after' that contains "<evidence" and is not in
 * 'before' gives 'before' back.
 */
static void
assert_only_evidence_added(const char *before, const char *after)
{
    char *kept = malloc(strlen(after) + 1);
    size_t n = 0;
    const char *p = after;

    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        char *line = strndup(p, len);

        if (!(strstr(line, "<evidence file=") && !strstr(before, line))) {
            memcpy(kept + n, p, len);
            n += len;
        }
        free(line);
        p += len;
    }
    kept[n] = '\0';
    ck_assert_str_eq(kept, before);
    free(kept);
}

/*
 * 'path' loads, and check finds no error in it, nor any path-invalid
 * finding (the evidence entries scan adds are PDFs with no level).
 */
static void
assert_checks_clean(const char *path)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS};
    struct dsr_check_result res;
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_check(path, &opts, &res, &err), 0);
    for (size_t i = 0; i < res.findings.n; i++)
        ck_assert_msg(res.findings.items[i].severity != DSR_SEV_ERROR,
                      "check: %s", res.findings.items[i].message);
    dsr_check_result_release(&res);
}

static int
scan(const char *manifest, bool dry, struct dsr_scan_result *res)
{
    struct dsr_scan_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                 .schemas_dir = TEST_SCHEMAS,
                                 .dry_run = dry};
    struct dsr_error err = DSR_ERROR_INIT;
    int rc = dsr_scan(manifest, &opts, res, &err);

    ck_assert_msg(rc == 0, "scan failed: %s", err.msg);
    return rc;
}

static size_t
count_action(const struct dsr_scan_result *res, enum dsr_scan_action a)
{
    size_t n = 0;

    for (size_t i = 0; i < res->n; i++)
        n += res->items[i].action == a;
    return n;
}

START_TEST(test_workspace_folder_names)
{
    char buf[128];

    ck_assert_str_eq(dsr_indicator_folder(&cat->indicators[0], buf, sizeof(buf)),
                     "01-kebijakan-internal-arsitektur-spbe");
    ck_assert_str_eq(dsr_indicator_folder(&cat->indicators[41], buf, sizeof(buf)),
                     "42-layanan-pengaduan-pelayanan-publik");
    ck_assert_str_eq(dsr_indicator_folder(&cat->indicators[43], buf, sizeof(buf)),
                     "44-jaringan-dokumentasi-dan-informasi");
}
END_TEST

START_TEST(test_workspace_init_writes_valid_skeleton)
{
    struct dsr_init_opts opts = {.catalog = cat, .instance = "Kabupaten <Uji> & Co",
                                 .year = 2025};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    char path[700], folder[128];
    struct stat st;

    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), 0);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    m = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(m != NULL, "%s", f.n ? f.items[0].message : err.msg);
    ck_assert_str_eq(m->instance_name, "Kabupaten <Uji> & Co");
    ck_assert_int_eq(m->year, 2025);
    ck_assert_str_eq(m->evidence_root, "bukti");
    ck_assert_uint_eq(m->nindicators, 47);
    for (size_t i = 0; i < m->nindicators; i++) {
        ck_assert_str_eq(m->indicators[i].id, cat->indicators[i].id);
        ck_assert_uint_eq(m->indicators[i].nassessments, 0);
        snprintf(path, sizeof(path), "%s/bukti/%s/BACA-SAYA.txt", dir,
                 dsr_indicator_folder(&cat->indicators[i], folder, sizeof(folder)));
        ck_assert_msg(stat(path, &st) == 0 && st.st_size > 200, "no note %s", path);
    }
    dsr_manifest_free(m);
}
END_TEST


/* ---- init --from -------------------------------------------------------- */

START_TEST(test_workspace_in_force_words)
{
    static const struct {
        const char *file, *title;
        bool in_force;
    } cases[] = {
        {"01/perbup-31-2022.pdf", "", true},
        {"01/a.pdf", "Peraturan Bupati Nomor 31 Tahun 2022", true},
        {"01/a.pdf", "KEPUTUSAN BUPATI NOMOR 45", true},
        {"01/sk-tim-koordinasi.pdf", "Tim", true},
        {"01/SK_tim.pdf", "Tim", true},
        {"01/a.docx", "SOP Layanan Helpdesk", true},
        {"01/a.pdf", "Surat Edaran Sekda", true},
        {"01/a.pdf", "Laporan Reviu Tahunan 2023", false},
        {"01/notulen.pdf", "Notulen Rapat", false},
        {"01/skema.pdf", "Skema jaringan", false},     /* "sk" is a word */
        {"01/sekretariat.pdf", "Sekretariat", false},  /* so is "se" */
        {"01/perbupx.pdf", "Dokumen", false},
        {"01/a.pdf", "PermenPANRB 59/2020", true},
        {"01/permendagri-70-2019.pdf", "x", true},
        {"01/a.pdf", "Undang-Undang Nomor 27 Tahun 2022", true},
        {"01/kebijakan-kontrol.pdf", "Daftar Kontrol", true},
        {"01/a.pdf", "Renstra Dinas 2021-2026", true},
        /* a span of years that reaches the new year (2025 here) */
        {"01/a.pdf", "Dokumen Arsitektur SPBE Tahun 2023-2026", true},
        {"01/arsitektur-2023-2025.pdf", "Dokumen", true},
        {"01/a.pdf", "Rencana 2020 \u2013 2025", true},
        {"01/a.pdf", "Rencana Kerja 2022-2024", false},
        {"01/a.pdf", "Laporan 2024", false},
        {"01/a.pdf", "Nomor 12345-2030", false},
    };
    struct dsr_evidence e = {0};

    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        e.file = (char *)cases[i].file;
        e.title = (char *)cases[i].title;
        ck_assert_msg(dsr_evidence_in_force(&e, 2025) == cases[i].in_force, "%s / %s",
                      cases[i].file, cases[i].title);
    }
    e.file = (char *)"01/laporan.pdf";
    e.title = (char *)"Laporan";
    e.in_force = true;
    ck_assert(dsr_evidence_in_force(&e, 2025));
}
END_TEST

/* Whether this file system takes hard links (else init --from copies). */
static bool
can_link(void)
{
    char a[600], b[600];
    bool yes;

    snprintf(a, sizeof(a), "%s/link-probe", dir);
    snprintf(b, sizeof(b), "%s/link-probe-2", dir);
    tu_write(dir, "link-probe", "x", 1);
    yes = link(a, b) == 0;
    unlink(a);
    unlink(b);
    return yes;
}

/* Last year's workspace for init --from: a manifest and its files. */
static void
write_last_year(const char *old)
{
    char sha[DSR_HASH_HEX_MAX], text[6000];
    struct dsr_error err = DSR_ERROR_INIT;
    char target[700], linkpath[700];

    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, pdf, sizeof(pdf) - 1, sha, &err), 0);
    tu_write(old, "bukti/01-arsitektur/perbup-31-2022.pdf", pdf, sizeof(pdf) - 1);
    tu_write(old, "bukti/01-arsitektur/laporan-2023.pdf", pdf, 10);
    tu_write(old, "bukti/01-lain/perbup-31-2022.pdf", pdf, sizeof(pdf) - 2);
    tu_write(old, "bukti/02-peta/sop-peta.txt", "langkah 1, langkah 2\n", 21);
    tu_write(old, "bukti/02-peta/rencana-kerja.csv", "no,kegiatan\n1,rapat\n", 20);
    tu_write(old, "bukti/03-data/keputusan-tim.pdf", "changed", 7);
    tu_write(old, "outside.pdf", "secret", 6);
    snprintf(target, sizeof(target), "%s/outside.pdf", old);
    snprintf(linkpath, sizeof(linkpath), "%s/bukti/03-data/sk-link.pdf", old);
    ck_assert_int_eq(symlink(target, linkpath), 0);
    snprintf(text, sizeof(text),
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">\n"
             "  <instance name=\"Kabupaten Uji &amp; Co\" kind=\"kabupaten\"/>\n"
             "  <coordinator name=\"Rahmat\" position=\"Kepala Dinas\" unit=\"Diskominfo\"/>\n"
             "  <period from=\"2023-02-28\" to=\"2024-06-30\"/>\n"
             "  <target index=\"3.10\"/>\n"
             "  <evidence-root path=\"bukti\"/>\n"
             "  <indicator id=\"1\" owner=\"Bagian Hukum &amp; HAM\">\n"
             "    <assessment stage=\"mandiri\" level=\"3\">x</assessment>\n"
             "    <evidence file=\"01-arsitektur/perbup-31-2022.pdf\" level=\"2\" date=\"2022-08-15\" sha256=\"%s\">Peraturan Bupati 31/2022</evidence>\n"
             "    <evidence file=\"01-arsitektur/laporan-2023.pdf\" level=\"3\">Laporan Reviu 2023</evidence>\n"
             "    <evidence file=\"01-lain/perbup-31-2022.pdf\" level=\"3\">Peraturan lain</evidence>\n"
             "    <link href=\"https://spbe.example.go.id\" level=\"3\">Portal</link>\n"
             "  </indicator>\n"
             "  <indicator id=\"2\" owner=\"Bappeda\">\n"
             "    <assessment stage=\"mandiri\" level=\"2\">x</assessment>\n"
             "    <evidence file=\"02-peta/sop-peta.txt\" level=\"2\" date=\"2019-01-02\" date-source=\"document\">SOP Peta Rencana</evidence>\n"
             "    <evidence file=\"02-peta/rencana-kerja.csv\" level=\"3\" in-force=\"true\">Rencana Kerja</evidence>\n"
             "    <evidence file=\"01-arsitektur/perbup-31-2022.pdf\" level=\"2\">Peraturan Bupati 31/2022</evidence>\n"
             "  </indicator>\n"
             "  <indicator id=\"3\" owner=\"\">\n"
             "    <evidence file=\"03-data/keputusan-tim.pdf\" level=\"2\" sha256=\"%s\">Keputusan Tim</evidence>\n"
             "    <evidence file=\"03-data/sk-link.pdf\" level=\"2\">SK</evidence>\n"
             "    <evidence file=\"../outside.pdf\" level=\"2\">SK di luar</evidence>\n"
             "    <evidence file=\"03-data/sk-gone.pdf\" level=\"2\">SK hilang</evidence>\n"
             "  </indicator>\n"
             "</dossier>\n",
             sha, sha);
    tu_write(old, "manifest.xml", text, strlen(text));
}

static const struct dsr_carry_item *
carry_item(const struct dsr_carry_result *r, const char *file)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].file, file) == 0)
            return &r->items[i];
    ck_abort_msg("no carry item for %s", file);
    return NULL;
}

static const struct dsr_evidence *
evidence_named(const struct dsr_mindicator *ind, const char *file)
{
    for (size_t i = 0; i < ind->nevidence; i++)
        if (strcmp(ind->evidence[i].file, file) == 0)
            return &ind->evidence[i];
    ck_abort_msg("indicator %s does not list %s", ind->id, file);
    return NULL;
}

/*
 * A year carried from a manifest: the instance, coordinator, period a
 * year on, the index as previous, owners, links, and only the documents
 * in force, hard-linked and checked against last year's SHA-256; a
 * hostile path, a link, a changed file and a missing one are listed, not
 * carried, and nothing outside last year's evidence root is read.
 */
START_TEST(test_workspace_init_from_manifest)
{
    char old[600], neu[600], path[700], other[700];
    struct dsr_previous *prev;
    struct dsr_carry_result r = {0};
    struct dsr_init_opts opts = {.catalog = cat, .schemas_dir = TEST_SCHEMAS,
                                 .carried = &r};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    const struct dsr_evidence *e;
    struct stat a, b;

    snprintf(old, sizeof(old), "%s/2024", dir);
    snprintf(neu, sizeof(neu), "%s/2025", dir);
    write_last_year(old);
    snprintf(path, sizeof(path), "%s/manifest.xml", old);
    prev = dsr_previous_load(path, TEST_FRAMEWORKS, TEST_SCHEMAS, &err);
    ck_assert_msg(prev != NULL, "%s", err.msg);
    opts.from = prev;
    opts.year = 2025;
    ck_assert_msg(dsr_init_write(neu, &opts, &err) == 0, "%s", err.msg);

    ck_assert_int_eq(carry_item(&r, "01-arsitektur/perbup-31-2022.pdf")->action,
                     can_link() ? DSR_CARRY_LINKED : DSR_CARRY_COPIED);
    ck_assert_int_eq(carry_item(&r, "01-arsitektur/laporan-2023.pdf")->action,
                     DSR_CARRY_LEFT);
    ck_assert_str_eq(carry_item(&r, "01-lain/perbup-31-2022.pdf")->to,
                     "01-kebijakan-internal-arsitektur-spbe/perbup-31-2022-2.pdf");
    ck_assert_int_eq(carry_item(&r, "02-peta/rencana-kerja.csv")->action,
                     can_link() ? DSR_CARRY_LINKED : DSR_CARRY_COPIED);
    ck_assert_int_eq(carry_item(&r, "03-data/keputusan-tim.pdf")->action,
                     DSR_CARRY_FAILED);
    ck_assert_ptr_nonnull(strstr(carry_item(&r, "03-data/keputusan-tim.pdf")->why,
                                 "SHA-256"));
    ck_assert_str_eq(carry_item(&r, "03-data/sk-link.pdf")->why,
                     "it is a symbolic link, which is never followed");
    ck_assert_str_eq(carry_item(&r, "../outside.pdf")->why,
                     "its path is not a plain relative path");
    ck_assert_str_eq(carry_item(&r, "03-data/sk-gone.pdf")->why, "it is gone");
    ck_assert_uint_eq(r.carried, 5);
    ck_assert_uint_eq(r.left, 1);
    ck_assert_uint_eq(r.failed, 4);
    /* the shared file: one file, listed by both indicators */
    for (size_t i = 0; i < r.n; i++)
        if (r.items[i].action == DSR_CARRY_SHARED)
            ck_assert_str_eq(r.items[i].to,
                             "01-kebijakan-internal-arsitektur-spbe/perbup-31-2022.pdf");

    snprintf(path, sizeof(path), "%s/manifest.xml", neu);
    m = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(m != NULL, "%s", f.n ? f.items[0].message : err.msg);
    ck_assert_int_eq(m->year, 2025);
    ck_assert_str_eq(m->instance_name, "Kabupaten Uji & Co");
    ck_assert_str_eq(m->instance_kind, "kabupaten");
    ck_assert_str_eq(m->coordinator_name, "Rahmat");
    ck_assert_str_eq(m->period_from_text, "2024-02-28");
    ck_assert_str_eq(m->period_to_text, "2025-06-30");
    ck_assert(!m->has_target);
    ck_assert(m->has_previous);
    ck_assert_int_eq(m->previous_year, 2024);
    {
        long h;

        ck_assert(dsr_previous_index(prev, &h));
        ck_assert_int_eq(m->previous, h);
    }
    ck_assert_str_eq(dsr_manifest_indicator(m, "1")->owner, "Bagian Hukum & HAM");
    ck_assert_uint_eq(dsr_manifest_indicator(m, "1")->nassessments, 0);
    ck_assert_uint_eq(dsr_manifest_indicator(m, "1")->nlinks, 1);
    ck_assert_int_eq(dsr_manifest_indicator(m, "1")->links[0].level, 3);
    e = evidence_named(dsr_manifest_indicator(m, "1"),
                       "01-kebijakan-internal-arsitektur-spbe/perbup-31-2022.pdf");
    ck_assert(e->in_force);
    ck_assert_int_eq(e->from_year, 2024);
    ck_assert_int_eq(e->level, 2);
    ck_assert_str_eq(e->date_text, "2022-08-15");
    ck_assert_uint_eq(strlen(e->sha256), 64);
    e = evidence_named(dsr_manifest_indicator(m, "2"),
                       "02-kebijakan-internal-peta-rencana/sop-peta.txt");
    ck_assert_int_eq(e->date_source, DSR_DATE_SOURCE_DOCUMENT);
    /* the file listed by 1 and 2 lives once, in 1's folder */
    evidence_named(dsr_manifest_indicator(m, "2"),
                   "01-kebijakan-internal-arsitektur-spbe/perbup-31-2022.pdf");
    ck_assert_uint_eq(dsr_manifest_indicator(m, "3")->nevidence, 0);
    dsr_manifest_free(m);
    assert_checks_clean(path);

    /* a hard link: the same file as last year's */
    snprintf(path, sizeof(path), "%s/bukti/01-kebijakan-internal-arsitektur-spbe/perbup-31-2022.pdf", neu);
    snprintf(other, sizeof(other), "%s/bukti/01-arsitektur/perbup-31-2022.pdf", old);
    ck_assert_int_eq(stat(path, &a), 0);
    ck_assert_int_eq(stat(other, &b), 0);
    ck_assert(!can_link() || (a.st_ino == b.st_ino && a.st_dev == b.st_dev));
    /* nothing of last year's was changed */
    {
        size_t len;
        char *data = slurp(other, &len);

        ck_assert_mem_eq(data, pdf, sizeof(pdf) - 1);
        free(data);
    }
    dsr_carry_result_release(&r);

    /* run again after a failure (the manifest gone): the files are there */
    snprintf(path, sizeof(path), "%s/manifest.xml", neu);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_msg(dsr_init_write(neu, &opts, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(carry_item(&r, "01-arsitektur/perbup-31-2022.pdf")->action,
                     DSR_CARRY_PRESENT);
    dsr_carry_result_release(&r);

    /* --copy: a file of its own */
    snprintf(neu, sizeof(neu), "%s/2025-copy", dir);
    opts.copy = true;
    ck_assert_msg(dsr_init_write(neu, &opts, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(carry_item(&r, "01-arsitektur/perbup-31-2022.pdf")->action,
                     DSR_CARRY_COPIED);
    snprintf(path, sizeof(path), "%s/bukti/01-kebijakan-internal-arsitektur-spbe/perbup-31-2022.pdf", neu);
    ck_assert_int_eq(stat(path, &a), 0);
    ck_assert(a.st_ino != b.st_ino);
    dsr_carry_result_release(&r);
    dsr_previous_free(prev);
    dsr_findings_release(&f);
}
END_TEST

/* Load 'text' as the previous year's manifest in 'sub'; NULL with 'err'. */
static struct dsr_previous *
previous_from(const char *sub, const char *text, struct dsr_error *err)
{
    char path[700];

    snprintf(path, sizeof(path), "%s/%s/manifest.xml", dir, sub);
    {
        char rel[300];

        snprintf(rel, sizeof(rel), "%s/manifest.xml", sub);
        tu_write(dir, rel, text, strlen(text));
    }
    return dsr_previous_load(path, TEST_FRAMEWORKS, TEST_SCHEMAS, err);
}

#define OLD_HEAD(fw, year, root)                                              \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                            \
    "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"" fw "\" year=\"" \
    year "\">\n  <instance name=\"Kabupaten Uji\"/>\n" root

/*
 * A previous year that is not one, or that reaches out of its folder:
 * named, with the line and what to do, and nothing is loaded.
 */
START_TEST(test_workspace_init_from_refuses_bad_input)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char path[700];

    ck_assert_ptr_null(previous_from("broken", "<dossier>\n<oops", &err));
    ck_assert_int_eq(err.code, DSR_INPUT);
    snprintf(path, sizeof(path), "%s/broken/manifest.xml", dir);
    ck_assert_str_eq(err.path, path);
    ck_assert_uint_gt(err.line, 0);

    /* a folder that is no bundle */
    dsr_error_clear(&err);
    snprintf(path, sizeof(path), "%s/broken", dir);
    ck_assert_ptr_null(dsr_previous_load(path, TEST_FRAMEWORKS, TEST_SCHEMAS, &err));
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "bundle"));

    /* an evidence root elsewhere on the machine: refused, as check does */
    dsr_error_clear(&err);
    ck_assert_ptr_null(previous_from(
        "etc", OLD_HEAD("spbe-2020", "2024", "  <evidence-root path=\"/etc\"/>\n")
               "  <indicator id=\"1\"><evidence file=\"hostname\" in-force=\"true\">SK"
               "</evidence></indicator>\n</dossier>\n",
        &err));
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_uint_eq(err.line, 4);
    ck_assert_ptr_nonnull(strstr(err.msg, "lies outside the manifest's folder"));
    dsr_error_clear(&err);
    ck_assert_ptr_null(previous_from(
        "up", OLD_HEAD("spbe-2020", "2024", "  <evidence-root path=\"..\"/>\n")
              "</dossier>\n",
        &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "lies outside the manifest's folder"));

    /* a framework this dossier does not ship: said so, with what to do */
    dsr_error_clear(&err);
    ck_assert_ptr_null(previous_from(
        "fw", OLD_HEAD("spbe-2030", "2024", "") "</dossier>\n", &err));
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_uint_eq(err.line, 2);
    ck_assert_str_eq(err.msg, "written for the framework 'spbe-2030', which this "
                              "dossier does not ship; 'dossier catalog' lists the "
                              "ones it does");
}
END_TEST

/*
 * The period a year or more on, whatever February does; another
 * institution's year is refused when --instance names another.
 */
START_TEST(test_workspace_init_from_period_and_instance)
{
    static const struct {
        const char *from, *to;
        int years;
        const char *want_from, *want_to;
    } periods[] = {
        {"2023-01-01", "2024-06-30", 1, "2024-01-01", "2025-06-30"},
        {"2024-02-29", "2025-02-28", 1, "2025-03-01", "2026-02-28"},
        {"2023-03-01", "2024-02-29", 1, "2024-03-01", "2025-02-28"},
        {"2024-03-01", "2025-02-28", 3, "2027-03-01", "2028-02-29"},
        {"2024-02-29", "2024-12-31", 4, "2028-02-29", "2028-12-31"},
    };
    struct dsr_error err = DSR_ERROR_INIT;

    for (size_t i = 0; i < sizeof(periods) / sizeof(*periods); i++) {
        struct dsr_date from, to, nf, nt;
        char got[32], want[32];

        ck_assert_int_eq(dsr_date_parse(periods[i].from, &from), 0);
        ck_assert_int_eq(dsr_date_parse(periods[i].to, &to), 0);
        nf = dsr_date_add_years(&from, periods[i].years, false);
        nt = dsr_date_add_years(&to, periods[i].years, true);
        snprintf(got, sizeof(got), "%04d-%02d-%02d..%04d-%02d-%02d", nf.year,
                 nf.month, nf.day, nt.year, nt.month, nt.day);
        snprintf(want, sizeof(want), "%s..%s", periods[i].want_from,
                 periods[i].want_to);
        ck_assert_str_eq(got, want);
    }

    {
        struct dsr_previous *prev = previous_from(
            "other", OLD_HEAD("spbe-2020", "2024", "") "</dossier>\n", &err);
        struct dsr_carry_result r = {0};
        struct dsr_init_opts opts = {.catalog = cat, .year = 2025, .carried = &r,
                                     .instance = "Kota Lain", .from = prev};
        char neu[600];

        ck_assert_msg(prev != NULL, "%s", err.msg);
        snprintf(neu, sizeof(neu), "%s/2025", dir);
        ck_assert_int_eq(dsr_init_write(neu, &opts, &err), -1);
        ck_assert_int_eq(err.code, DSR_USAGE);
        ck_assert_str_eq(err.msg, "is of 'Kabupaten Uji', not of 'Kota Lain': give "
                                  "that institution's own previous year, or leave "
                                  "out --instance (the name is carried over)");
        /* the same name, spelled with other case and spaces: carried */
        dsr_error_clear(&err);
        opts.instance = " kabupaten  UJI";
        ck_assert_msg(dsr_init_write(neu, &opts, &err) == 0, "%s", err.msg);
        dsr_carry_result_release(&r);
        dsr_previous_free(prev);
    }
}
END_TEST

/*
 * spbe-2020 to pemdi-2026: each document goes to the folder of the
 * indicator its own continues as, without its level (the scales
 * differ), owners follow, and another owner of a merged indicator is
 * kept as a comment.
 */
START_TEST(test_workspace_init_from_across_frameworks)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *pemdi = dsr_catalog_load_id(TEST_FRAMEWORKS, "pemdi-2026",
                                                    TEST_FRAMEWORK_XSD, &err);
    struct dsr_carry_result r = {0};
    struct dsr_init_opts opts = {.year = 2026, .carried = &r,
                                 .schemas_dir = TEST_SCHEMAS};
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_previous *prev;
    struct dsr_manifest *m;
    const struct dsr_evidence *e;
    char neu[600], path[700], *text;

    ck_assert_ptr_nonnull(pemdi);
    tu_write(dir, "old/bukti/11-arsitektur/perbup-arsitektur.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "old/bukti/42-pengaduan/sop-pengaduan.txt", "langkah\n", 8);
    prev = previous_from(
        "old", OLD_HEAD("spbe-2020", "2024", "  <evidence-root path=\"bukti\"/>\n")
               "  <indicator id=\"11\" owner=\"Bappeda\">"
               "<evidence file=\"11-arsitektur/perbup-arsitektur.pdf\" level=\"3\">"
               "Peraturan Bupati Arsitektur</evidence></indicator>\n"
               "  <indicator id=\"1\" owner=\"Diskominfo\"/>\n"
               "  <indicator id=\"42\" owner=\"Bagian Organisasi\">"
               "<evidence file=\"42-pengaduan/sop-pengaduan.txt\" level=\"2\">"
               "SOP Pengaduan</evidence></indicator>\n"
               "</dossier>\n",
        &err);
    ck_assert_msg(prev != NULL, "%s", err.msg);
    opts.catalog = pemdi;
    opts.from = prev;
    snprintf(neu, sizeof(neu), "%s/2026", dir);
    ck_assert_msg(dsr_init_write(neu, &opts, &err) == 0, "%s", err.msg);
    ck_assert(!r.no_mapping);
    ck_assert_uint_eq(r.carried, 2);
    snprintf(path, sizeof(path), "%s/manifest.xml", neu);
    m = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(m != NULL, "%s", f.n ? f.items[0].message : err.msg);
    ck_assert_str_eq(m->framework, "pemdi-2026");
    /* 11 (architecture) and 1 became pemdi 1: the first owner, the other kept */
    ck_assert_str_eq(dsr_manifest_indicator(m, "1")->owner, "Bappeda");
    e = evidence_named(dsr_manifest_indicator(m, "1"),
                       "01-tata-kelola-pemdi/perbup-arsitektur.pdf");
    ck_assert_int_eq(e->level, DSR_LEVEL_NONE);
    ck_assert(e->in_force);
    /* 42 (complaints) became pemdi 19 */
    ck_assert_str_eq(dsr_manifest_indicator(m, "19")->owner, "Bagian Organisasi");
    ck_assert_uint_eq(dsr_manifest_indicator(m, "19")->nevidence, 1);
    dsr_manifest_free(m);
    text = slurp(path, NULL);
    ck_assert_ptr_nonnull(strstr(text, "<!-- pengampu indikator 1 tahun 2024: "
                                       "Diskominfo -->"));
    free(text);
    dsr_carry_result_release(&r);

    /* back again: no mapping from pemdi-2026 to spbe-2020 is known */
    opts.catalog = cat;
    opts.year = 2027;
    dsr_previous_free(prev);
    {
        char p26[700];

        snprintf(p26, sizeof(p26), "%s/2026/manifest.xml", dir);
        prev = dsr_previous_load(p26, TEST_FRAMEWORKS, TEST_SCHEMAS, &err);
        ck_assert_msg(prev != NULL, "%s", err.msg);
        opts.from = prev;
        snprintf(neu, sizeof(neu), "%s/2027b", dir);
        ck_assert_msg(dsr_init_write(neu, &opts, &err) == 0, "%s", err.msg);
        ck_assert(r.no_mapping);
        ck_assert_uint_eq(r.carried, 0);
        ck_assert_uint_eq(r.left, 2);
    }
    dsr_carry_result_release(&r);
    dsr_previous_free(prev);
    dsr_catalog_free(pemdi);
    dsr_findings_release(&f);
}
END_TEST

START_TEST(test_workspace_init_never_overwrites)
{
    struct dsr_init_opts opts = {.catalog = cat, .year = 2025};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[700];
    char *before, *after;

    tu_write(dir, "manifest.xml", "mine", (size_t)-1);
    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    before = slurp(path, NULL);
    ck_assert_str_eq(before, "mine");
    free(before);
    /* an edited note survives a second init in a fresh folder */
    unlink(path);
    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), 0);
    snprintf(path, sizeof(path), "%s/bukti/01-kebijakan-internal-arsitektur-spbe/BACA-SAYA.txt", dir);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/BACA-SAYA.txt", "catatan saya", (size_t)-1);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    unlink(path);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), 0);
    snprintf(path, sizeof(path), "%s/bukti/01-kebijakan-internal-arsitektur-spbe/BACA-SAYA.txt", dir);
    after = slurp(path, NULL);
    ck_assert_str_eq(after, "catatan saya");
    free(after);
}
END_TEST

START_TEST(test_workspace_scan_adds_only_new_files)
{
    struct dsr_init_opts opts = {.catalog = cat, .year = 2025};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_scan_result res;
    char path[700], bak[720], outside[700];
    char *before, *after, *backup;
    size_t before_len;

    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), 0);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    before = slurp(path, &before_len);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/perbup 12 2023.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/sub/notulen-é.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/42-layanan-pengaduan-pelayanan-publik/layar (1).png", "x", 1);
    tu_write(dir, "bukti/42-layanan-pengaduan-pelayanan-publik/.DS_Store", "x", 1);
    tu_write(dir, "bukti/42-layanan-pengaduan-pelayanan-publik/~$draf.docx", "x", 1);
    tu_write(dir, "bukti/lepas.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "rahasia/r.pdf", pdf, sizeof(pdf) - 1);
    snprintf(outside, sizeof(outside), "%s/rahasia", dir);
    snprintf(bak, sizeof(bak), "%s/bukti/02-kebijakan-internal-peta-rencana/keluar", dir);
    ck_assert_int_eq(symlink(outside, bak), 0);
    /* a link to a file beside it is not followed either; a FIFO is its
     * own kind, not a hidden file */
    snprintf(bak, sizeof(bak), "%s/bukti/42-layanan-pengaduan-pelayanan-publik/salinan.png", dir);
    ck_assert_int_eq(symlink("layar (1).png", bak), 0);
    snprintf(bak, sizeof(bak), "%s/bukti/42-layanan-pengaduan-pelayanan-publik/pipa.pdf", dir);
    ck_assert_int_eq(mkfifo(bak, 0600), 0);

    scan(path, false, &res);
    ck_assert_uint_eq(res.added, 3);
    ck_assert(res.written);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_SKIPPED), 2);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_UNASSIGNED), 1);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_OUTSIDE), 2);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_NOT_FILE), 1);
    dsr_scan_result_release(&res);

    after = slurp(path, NULL);
    ck_assert_ptr_nonnull(strstr(after, "file=\"01-kebijakan-internal-arsitektur-spbe/perbup 12 2023.pdf\""));
    ck_assert_ptr_nonnull(strstr(after, ">Perbup 12 2023</evidence>"));
    ck_assert_ptr_nonnull(strstr(after, "sub/notulen-é.pdf"));
    ck_assert_ptr_nonnull(strstr(after, "layar (1).png"));
    ck_assert_ptr_null(strstr(after, "r.pdf"));
    ck_assert_ptr_null(strstr(after, "lepas.pdf"));
    assert_only_evidence_added(before, after);
    snprintf(bak, sizeof(bak), "%s.~1~", path);
    backup = slurp(bak, NULL);
    ck_assert_str_eq(backup, before);
    free(backup);

    /* a second scan adds nothing and leaves the file as it is */
    scan(path, false, &res);
    ck_assert_uint_eq(res.added, 0);
    ck_assert(!res.written);
    dsr_scan_result_release(&res);
    backup = slurp(path, NULL);
    ck_assert_str_eq(backup, after);
    free(backup);
    free(before);
    free(after);
}
END_TEST

/*
 * A name a manifest cannot hold is reported, escaped, and the other files
 * are still added: one bad name does not stop the scan.
 */
START_TEST(test_workspace_scan_reports_unusable_names)
{
    struct dsr_init_opts opts = {.catalog = cat, .year = 2025,
                                 .instance = "Kabupaten Uji"};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_scan_result res;
    char path[700];
    char *after;

    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), 0);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/baik.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/baris\ndua.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/lat\xe9.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/miring\\garis.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/map\xff/isi.pdf", pdf, sizeof(pdf) - 1);
    /* valid UTF-8, but not characters XML can hold */
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/n\xef\xbf\xbe.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/o\xef\xbf\xbf.pdf", pdf, sizeof(pdf) - 1);
    /* a C1 control (U+0085, NEL) and a C0 one */
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/p\xc2\x85.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/q\x01.pdf", pdf, sizeof(pdf) - 1);
    /* a drive letter, which check refuses (path-not-portable) */
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/z:catatan.pdf", pdf, sizeof(pdf) - 1);
    /* over DSR_EVIDENCE_PATH_MAX: nine folders of 250 bytes; a file in
     * the first one is still fine */
    {
        char deep[9 * 251 + 64] = "bukti/01-kebijakan-internal-arsitektur-spbe";
        char name[251];

        memset(name, 'x', 250);
        name[250] = '\0';
        for (int i = 0; i < 9; i++) {
            strcat(deep, "/");
            strcat(deep, name);
            if (i == 0) {
                char ok[sizeof(deep) + 16];

                snprintf(ok, sizeof(ok), "%s/pendek.pdf", deep);
                tu_write(dir, ok, pdf, sizeof(pdf) - 1);
            }
        }
        strcat(deep, "/dalam.pdf");
        tu_write(dir, deep, pdf, sizeof(pdf) - 1);
    }

    scan(path, false, &res);
    ck_assert_uint_eq(res.added, 2);
    ck_assert(res.written);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_BAD_NAME), 10);
    ck_assert_uint_eq(res.bad_names, 10);
    /* sorted by action, then name; every name printable, with its reason */
    ck_assert_int_eq(res.items[0].action, DSR_SCAN_ADDED);
    ck_assert_int_eq(res.items[1].action, DSR_SCAN_ADDED);
    ck_assert_str_eq(res.items[2].file, "01-kebijakan-internal-arsitektur-spbe/baris\\ndua.pdf");
    ck_assert_int_eq(res.items[2].reason, DSR_SCAN_NAME_CONTROL);
    ck_assert_str_eq(res.items[3].file, "01-kebijakan-internal-arsitektur-spbe/lat\\xE9.pdf");
    ck_assert_int_eq(res.items[3].reason, DSR_SCAN_NAME_NOT_UTF8);
    ck_assert_str_eq(res.items[4].file, "01-kebijakan-internal-arsitektur-spbe/map\\xFF");
    ck_assert_int_eq(res.items[4].reason, DSR_SCAN_NAME_NOT_UTF8);
    ck_assert_str_eq(res.items[5].file, "01-kebijakan-internal-arsitektur-spbe/miring\\garis.pdf");
    ck_assert_int_eq(res.items[5].reason, DSR_SCAN_NAME_BACKSLASH);
    ck_assert_str_eq(res.items[6].file, "01-kebijakan-internal-arsitektur-spbe/n\\uFFFE.pdf");
    ck_assert_int_eq(res.items[6].reason, DSR_SCAN_NAME_NOT_XML);
    ck_assert_str_eq(res.items[7].file, "01-kebijakan-internal-arsitektur-spbe/o\\uFFFF.pdf");
    ck_assert_int_eq(res.items[7].reason, DSR_SCAN_NAME_NOT_XML);
    ck_assert_str_eq(res.items[8].file, "01-kebijakan-internal-arsitektur-spbe/p\\xC2\\x85.pdf");
    ck_assert_int_eq(res.items[8].reason, DSR_SCAN_NAME_CONTROL);
    ck_assert_str_eq(res.items[9].file, "01-kebijakan-internal-arsitektur-spbe/q\\x01.pdf");
    ck_assert_int_eq(res.items[9].reason, DSR_SCAN_NAME_CONTROL);
    /* the deep folder that goes over the limit, listed once */
    ck_assert_int_eq(res.items[10].reason, DSR_SCAN_NAME_TOO_LONG);
    ck_assert_uint_gt(strlen(res.items[10].file), DSR_EVIDENCE_PATH_MAX);
    ck_assert_str_eq(res.items[11].file, "01-kebijakan-internal-arsitektur-spbe/z:catatan.pdf");
    ck_assert_int_eq(res.items[11].reason, DSR_SCAN_NAME_WINDOWS);
    ck_assert_str_eq(res.items[2].indicator, "1");
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    ck_assert_ptr_nonnull(strstr(after, "01-kebijakan-internal-arsitektur-spbe/baik.pdf"));
    ck_assert_ptr_nonnull(strstr(after, "/pendek.pdf"));
    ck_assert_ptr_null(strstr(after, "isi.pdf"));
    ck_assert_ptr_null(strstr(after, "dalam.pdf"));
    free(after);
    /* what was written passes check's path rules and the schema */
    assert_checks_clean(path);
}
END_TEST

START_TEST(test_workspace_scan_shapes_and_gone_files)
{
    static const char m[] =
        "<?xml version=\"1.0\"?>\n<!-- tetap -->\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2025\">"
        "<instance name=\"X\"/><evidence-root path=\"b\"/>\n"
        "\t<indicator id=\"1\"/>\n"
        "\t<indicator id=\"2\"><assessment stage=\"mandiri\" level=\"1\">a</assessment></indicator>\n"
        "  <indicator id=\"3\"><evidence file=\"03/hilang.pdf\" level=\"2\">t</evidence>\n"
        "  </indicator></dossier>\n";
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_scan_result res;
    struct dsr_manifest *loaded;
    char path[700];
    char *after;

    tu_write(dir, "m.xml", m, (size_t)-1);
    tu_write(dir, "b/01/a.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/02-apa-saja/a & b.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/03/c.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/10/d.pdf", pdf, sizeof(pdf) - 1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);

    /* a dry run reports and changes nothing */
    scan(path, true, &res);
    ck_assert_uint_eq(res.added, 4);
    ck_assert(!res.written);
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    ck_assert_str_eq(after, m);
    free(after);

    scan(path, false, &res);
    ck_assert_uint_eq(res.added, 4);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_GONE), 1);
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    /* the gone entry stays, the comment stays, the text is escaped */
    ck_assert_ptr_nonnull(strstr(after, "03/hilang.pdf"));
    ck_assert_ptr_nonnull(strstr(after, "<!-- tetap -->"));
    ck_assert_ptr_nonnull(strstr(after, "02-apa-saja/a &amp; b.pdf"));
    ck_assert_ptr_nonnull(strstr(after, "\t<indicator id=\"1\">\n\t  <evidence file=\"01/a.pdf\""));
    ck_assert_ptr_nonnull(strstr(after, "<indicator id=\"10\">"));
    free(after);
    loaded = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_ptr_nonnull(loaded);
    ck_assert_uint_eq(dsr_manifest_indicator(loaded, "1")->nevidence, 1);
    ck_assert_uint_eq(dsr_manifest_indicator(loaded, "2")->nevidence, 1);
    ck_assert_uint_eq(dsr_manifest_indicator(loaded, "3")->nevidence, 2);
    ck_assert_uint_eq(dsr_manifest_indicator(loaded, "10")->nevidence, 1);
    ck_assert_int_eq(dsr_manifest_indicator(loaded, "10")->evidence[0].level, DSR_LEVEL_NONE);
    dsr_manifest_free(loaded);
}
END_TEST

START_TEST(test_workspace_scan_refuses_invalid_manifest)
{
    struct dsr_scan_result res;
    char path[700];
    char *after;

    tu_write(dir, "m.xml", "<dossier>", (size_t)-1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    scan(path, false, &res);
    ck_assert_uint_ge(res.findings.counts[DSR_SEV_ERROR], 1);
    ck_assert(!res.written);
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    ck_assert_str_eq(after, "<dossier>");
    free(after);
}
END_TEST

/*
 * A manifest that is not UTF-8 is either spliced in its own encoding (a
 * declared single-byte one: the new text is ASCII, other characters as
 * references) and then reads as before plus the new entries, or refused
 * with a way to convert it and left byte for byte as it was.
 */
struct enc_case {
    const char *name;
    const char *decl;           /* bytes before the root */
    const char *word;           /* "Café" in the manifest's encoding */
    const char *word_utf8;      /* the same word as the loader gives it */
    bool utf16;                 /* store the whole text as UTF-16LE + BOM */
    const char *refusal;        /* NULL: spliced; else part of the message */
    size_t tail;                /* copies of 'word' in a comment at the end */
};

static const struct enc_case enc_cases[] = {
    {"latin-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n",
     "Caf\xe9", "Caf\xc3\xa9", false, NULL, 0},
    {"windows-1252", "<?xml version='1.0' encoding='windows-1252' ?>\n",
     "Caf\xe9 \x80", "Caf\xc3\xa9 \xe2\x82\xac", false, NULL, 0},
    /* libxml2 2.9 miscounts offsets in converted text past 32000 bytes */
    {"windows-1252, long", "<?xml version=\"1.0\" encoding=\"CP1252\"?>\n",
     "Caf\xe9 \x80", "Caf\xc3\xa9 \xe2\x82\xac", false, NULL, 20000},
    {"utf-8 with BOM", "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
     "Caf\xc3\xa9", "Caf\xc3\xa9", false, NULL, 0},
    {"latin-1, undeclared", "", "Caf\xe9", NULL, false,
     "iconv -f WINDOWS-1252 -t UTF-8", 0},
    {"latin-1, declared UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
     "Caf\xe9", NULL, false, "iconv -f WINDOWS-1252 -t UTF-8", 0},
    {"utf-16", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n", "Cafe", NULL,
     true, "iconv -f UTF-16 -t UTF-8", 0},
    {"shift_jis", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n", "Cafe",
     NULL, false, "iconv -f Shift_JIS -t UTF-8", 0},
};

START_TEST(test_workspace_scan_manifest_encodings)
{
    const struct enc_case *c = &enc_cases[_i];
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_scan_result res;
    struct dsr_manifest *loaded;
    const struct dsr_mindicator *ind;
    size_t size = 4096 + c->tail * 8;
    char *text = malloc(size);
    char path[700];
    size_t len, after_len;
    char *after;

    ck_assert_ptr_nonnull(text);
    len = (size_t)snprintf(text, size,
                           "%s<dossier xmlns=\"urn:dossier:manifest:1\" "
                           "framework=\"spbe-2020\" year=\"2025\">\n"
                           "<!-- %s -->\n<instance name=\"Uji %s\"/>"
                           "<evidence-root path=\"b\"/>\n"
                           "  <indicator id=\"1\">\n"
                           "    <evidence file=\"01/lama.pdf\">Lama %s</evidence>\n"
                           "  </indicator>\n",
                           c->decl, c->word, c->word, c->word);
    for (size_t i = 0; i < c->tail; i++)
        len += (size_t)snprintf(text + len, size - len, "%s%s", i ? "" : "<!-- ",
                                c->word);
    len += (size_t)snprintf(text + len, size - len, "%s</dossier>\n",
                            c->tail ? " -->\n" : "");
    if (c->utf16) {
        char wide[8192] = "\xff\xfe";

        for (size_t i = 0; i < len; i++) {
            wide[2 + 2 * i] = text[i];
            wide[3 + 2 * i] = '\0';
        }
        len = 2 + 2 * len;
        memcpy(text, wide, len);
    }
    tu_write(dir, "m.xml", text, len);
    tu_write(dir, "b/01/lama.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/01/caf\xc3\xa9 & teh.pdf", pdf, sizeof(pdf) - 1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);

    scan(path, false, &res);
    after = slurp(path, &after_len);
    if (c->refusal) {
        ck_assert_msg(res.findings.counts[DSR_SEV_ERROR] >= 1, "%s: not refused",
                      c->name);
        ck_assert_msg(strstr(res.findings.items[0].message, c->refusal) != NULL,
                      "%s: %s", c->name, res.findings.items[0].message);
        ck_assert(!res.written);
        ck_assert_uint_eq(after_len, len);
        ck_assert_msg(memcmp(after, text, len) == 0, "%s: changed", c->name);
        dsr_scan_result_release(&res);
        free(after);
        free(text);
        return;
    }
    ck_assert_msg(res.findings.counts[DSR_SEV_ERROR] == 0, "%s: %s", c->name,
                  res.findings.n ? res.findings.items[0].message : "");
    ck_assert_uint_eq(res.added, 1);
    ck_assert(res.written);
    dsr_scan_result_release(&res);
    /* every old byte kept; only a line of evidence added */
    text[len] = '\0';
    assert_only_evidence_added(text, after);
    free(after);
    /* and it reads as before, plus the new entry, name and title intact */
    loaded = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(loaded != NULL, "%s: does not load", c->name);
    ck_assert_uint_eq(f.counts[DSR_SEV_ERROR], 0);
    snprintf(text, size, "Uji %s", c->word_utf8);
    ck_assert_str_eq(loaded->instance_name, text);
    ind = dsr_manifest_indicator(loaded, "1");
    ck_assert_uint_eq(ind->nevidence, 2);
    ck_assert_str_eq(ind->evidence[0].file, "01/lama.pdf");
    snprintf(text, size, "Lama %s", c->word_utf8);
    ck_assert_str_eq(ind->evidence[0].title, text);
    ck_assert_str_eq(ind->evidence[1].file, "01/caf\xc3\xa9 & teh.pdf");
    ck_assert_str_eq(ind->evidence[1].title, "Caf\xc3\xa9 & teh");
    dsr_manifest_free(loaded);
    dsr_findings_release(&f);
    free(text);
}
END_TEST

/*
 * A scan told to stop (a signal caught by the command) writes nothing:
 * the manifest stays as it was, with no backup and no temporary file.
 */
START_TEST(test_workspace_scan_stops_when_cancelled)
{
    static const volatile sig_atomic_t stop = SIGTERM;
    struct dsr_init_opts iopts = {.catalog = cat, .year = 2025};
    struct dsr_scan_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                 .schemas_dir = TEST_SCHEMAS,
                                 .cancel = &stop};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_scan_result res;
    char path[700], other[720];
    char *before, *after;
    struct dirent *e;
    DIR *d;

    ck_assert_int_eq(dsr_init_write(dir, &iopts, &err), 0);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    before = slurp(path, NULL);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/baru.pdf", pdf, sizeof(pdf) - 1);
    ck_assert_int_eq(dsr_scan(path, &opts, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_INTERRUPTED);
    ck_assert(!res.written);
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    ck_assert_str_eq(after, before);
    snprintf(other, sizeof(other), "%s.~1~", path);
    ck_assert_int_ne(access(other, F_OK), 0);
    d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL)
        ck_assert_msg(strstr(e->d_name, ".tmp-") == NULL, "%s left", e->d_name);
    closedir(d);
    free(before);
    free(after);
}
END_TEST

static int
scan_with(const char *manifest, bool prune, struct dsr_scan_result *res)
{
    struct dsr_scan_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                 .schemas_dir = TEST_SCHEMAS,
                                 .prune = prune};
    struct dsr_error err = DSR_ERROR_INIT;
    int rc = dsr_scan(manifest, &opts, res, &err);

    ck_assert_msg(rc == 0, "scan failed: %s", err.msg);
    return rc;
}

/*
 * Entries whose file is gone are listed and kept; with --prune they are
 * removed, each with its line when it stands alone there, and every
 * other byte (comments, blank lines, CRLF, odd spacing, an entry sharing
 * its line) stays as it was.
 */
START_TEST(test_workspace_scan_prunes_gone_entries)
{
    static const char m[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- daftar bukti: jangan dihapus -->\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2025\">\n"
        "<instance name=\"X\"/><evidence-root path=\"b\"/>\n"
        "  <indicator id=\"1\" owner=\"Diskominfo\">\n"
        "    <!-- komentar sebelum -->\n"
        "    <evidence file=\"01/hilang.pdf\" level=\"2\" date=\"2023-01-02\">Hilang</evidence>\n"
        "    <!-- komentar sesudah -->\n"
        "\t\t<evidence   file = '01/ada.pdf'\n"
        "\t\t    level=\"3\">Ada</evidence>\r\n"
        "    <evidence file=\"01/juga hilang.pdf\"/>   \r\n"
        "\n"
        "  </indicator>\n"
        "  <indicator id=\"2\"><evidence file=\"02/x.pdf\">x</evidence><evidence file=\"02/ada.pdf\">y</evidence></indicator>\n"
        "</dossier>\n";
    static const char pruned[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- daftar bukti: jangan dihapus -->\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2025\">\n"
        "<instance name=\"X\"/><evidence-root path=\"b\"/>\n"
        "  <indicator id=\"1\" owner=\"Diskominfo\">\n"
        "    <!-- komentar sebelum -->\n"
        "    <!-- komentar sesudah -->\n"
        "\t\t<evidence   file = '01/ada.pdf'\n"
        "\t\t    level=\"3\">Ada</evidence>\r\n"
        "\n"
        "  </indicator>\n"
        "  <indicator id=\"2\"><evidence file=\"02/ada.pdf\">y</evidence></indicator>\n"
        "</dossier>\n";
    struct dsr_scan_result res;
    char path[700], bak[720];
    char *after;

    tu_write(dir, "m.xml", m, (size_t)-1);
    tu_write(dir, "b/01/ada.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/02/ada.pdf", pdf, sizeof(pdf) - 1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);

    /* without --prune: listed, kept, nothing written */
    scan_with(path, false, &res);
    ck_assert_uint_eq(res.gone, 3);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_GONE), 3);
    ck_assert_uint_eq(res.pruned, 0);
    ck_assert(!res.written);
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    ck_assert_str_eq(after, m);
    free(after);

    scan_with(path, true, &res);
    ck_assert_uint_eq(res.pruned, 3);
    ck_assert_uint_eq(res.gone, 0);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_PRUNED), 3);
    for (size_t i = 0; i < res.n; i++)
        if (res.items[i].action == DSR_SCAN_PRUNED)
            ck_assert_uint_gt(res.items[i].line, 0);
    ck_assert(res.written);
    ck_assert_uint_eq(res.backup, 1);
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    ck_assert_str_eq(after, pruned);
    free(after);
    snprintf(bak, sizeof(bak), "%s.~1~", path);
    after = slurp(bak, NULL);
    ck_assert_str_eq(after, m);
    free(after);
}
END_TEST

static void
replace_in_file(const char *path, const char *from, const char *to)
{
    char *text = slurp(path, NULL);
    char *at = strstr(text, from);
    FILE *f;

    ck_assert_msg(at != NULL, "'%s' not in %s", from, path);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(text, 1, (size_t)(at - text), f);
    fputs(to, f);
    fputs(at + strlen(from), f);
    fclose(f);
    free(text);
}

static void
move_file(const char *from, const char *to)
{
    char a[700], b[700];

    snprintf(a, sizeof(a), "%s/%s", dir, from);
    snprintf(b, sizeof(b), "%s/%s", dir, to);
    ck_assert_int_eq(rename(a, b), 0);
}

/*
 * A file renamed or moved within its indicator's folder keeps its entry
 * (level, title, date, anything else in it): only the file attribute is
 * rewritten.  One moved to another indicator's folder is a new entry
 * there, and its old one is gone; one whose entry has no sha256 cannot
 * be recognised.
 */
START_TEST(test_workspace_scan_follows_moved_files)
{
    static const char m[] =
        "<?xml version=\"1.0\"?>\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2025\">\n"
        "<instance name=\"X\"/><evidence-root path=\"b\"/>\n"
        "  <indicator id=\"1\"/>\n"
        "  <indicator id=\"2\"/>\n"
        "</dossier>\n";
    static const char other[] = "%PDF-1.4\n% lain\n%%EOF\n";
    static const char third[] = "%PDF-1.4\n% ketiga\n%%EOF\n";
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_scan_result res;
    struct dsr_manifest *loaded;
    const struct dsr_mindicator *one;
    char path[700];
    char *before, *after, *expect, *at;

    tu_write(dir, "m.xml", m, (size_t)-1);
    tu_write(dir, "b/01/perbup lama.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/01/sk.pdf", other, sizeof(other) - 1);
    tu_write(dir, "b/02/notulen.pdf", third, sizeof(third) - 1);
    mkdir(strcat(strcpy(path, dir), "/b/01/arsip"), 0755);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    scan_with(path, false, &res);
    ck_assert_uint_eq(res.added, 3);
    dsr_scan_result_release(&res);

    /* the coordinator fills the entry in, then tidies the folder */
    {
        char *text = slurp(path, NULL);
        char *sha = strstr(strstr(text, "perbup lama.pdf"), "sha256=\"") + 8;
        char line[512];

        snprintf(line, sizeof(line),
                 "file=\"01/perbup lama.pdf\" level=\"4\" date=\"2023-03-04\" "
                 "xmlns:x=\"urn:x\" x:catatan=\"dicek\" sha256=\"%.64s\">"
                 "Peraturan Bupati 12/2023</evidence>", sha);
        at = strstr(text, "file=\"01/perbup lama.pdf\"");
        *strchr(at, '\n') = '\0';
        replace_in_file(path, at, line);
        free(text);
    }
    before = slurp(path, NULL);
    move_file("b/01/perbup lama.pdf", "b/01/arsip/Perbup 12 2023 'final' & ttd.pdf");
    move_file("b/02/notulen.pdf", "b/01/notulen.pdf");
    scan_with(path, false, &res);
    ck_assert_uint_eq(res.moved, 1);
    ck_assert_uint_eq(res.added, 1);
    ck_assert_uint_eq(res.gone, 1);
    ck_assert(res.written);
    for (size_t i = 0; i < res.n; i++)
        if (res.items[i].action == DSR_SCAN_MOVED) {
            ck_assert_str_eq(res.items[i].from, "01/perbup lama.pdf");
            ck_assert_str_eq(res.items[i].file, "01/arsip/Perbup 12 2023 'final' & ttd.pdf");
        }
    dsr_scan_result_release(&res);

    /* the moved entry: its file attribute alone changed */
    after = slurp(path, NULL);
    expect = strdup(before);
    {
        const char *old = "01/perbup lama.pdf";
        const char *new = "01/arsip/Perbup 12 2023 &apos;final&apos; &amp; ttd.pdf";
        char *o = strstr(expect, old);
        size_t n = strlen(expect) + strlen(new) + 1;
        char *e2 = malloc(n);

        snprintf(e2, n, "%.*s%s%s", (int)(o - expect), expect, new, o + strlen(old));
        free(expect);
        expect = e2;
    }
    /* the rest is one new entry, for notulen.pdf in indicator 1 */
    assert_only_evidence_added(expect, after);
    free(expect);
    free(before);
    free(after);

    loaded = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_ptr_nonnull(loaded);
    one = dsr_manifest_indicator(loaded, "1");
    ck_assert_uint_eq(one->nevidence, 3);
    ck_assert_str_eq(one->evidence[0].file, "01/arsip/Perbup 12 2023 'final' & ttd.pdf");
    ck_assert_int_eq(one->evidence[0].level, 4);
    ck_assert_str_eq(one->evidence[0].title, "Peraturan Bupati 12/2023");
    ck_assert_str_eq(one->evidence[0].date_text, "2023-03-04");
    ck_assert_str_eq(one->evidence[2].file, "01/notulen.pdf");
    ck_assert_uint_eq(dsr_manifest_indicator(loaded, "2")->nevidence, 1);
    dsr_manifest_free(loaded);
    dsr_findings_release(&f);
}
END_TEST

/*
 * In a manifest in a declared single-byte encoding, a moved entry's new
 * name is written in ASCII with character references and a pruned entry
 * goes with its line; every other byte (Latin-1 ones included) stays.
 */
START_TEST(test_workspace_scan_moves_and_prunes_in_latin1)
{
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2025\">\n"
        "<instance name=\"Uji Caf\351\"/><evidence-root path=\"b\"/>\n"
        "<indicator id=\"1\">\n"
        "<evidence file=\"01/lama\351.pdf\" level=\"1\">Lama \351</evidence>\n";
    static const char tail[] =
        ">Caf\351 \351\351</evidence>\n"
        "<!-- \351 -->\n"
        "</indicator>\n"
        "</dossier>\n";
    struct dsr_scan_result res;
    char path[700], sha[65], m[2048], want[2048];
    struct dsr_error err = DSR_ERROR_INIT;
    char *after;

    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, pdf, sizeof(pdf) - 1, sha, &err), 0);
    snprintf(m, sizeof(m), "%s  <evidence file=\"01/hilang.pdf\" level=\"3\" sha256=\"%s\"%s",
             head, sha, tail);
    snprintf(want, sizeof(want), "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2025\">\n"
             "<instance name=\"Uji Caf\351\"/><evidence-root path=\"b\"/>\n"
             "<indicator id=\"1\">\n"
             "  <evidence file=\"01/caf&#xE9;.pdf\" level=\"3\" sha256=\"%s\"%s",
             sha, tail);
    tu_write(dir, "m.xml", m, (size_t)-1);
    tu_write(dir, "b/01/café.pdf", pdf, sizeof(pdf) - 1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    scan_with(path, true, &res);
    ck_assert_uint_eq(res.moved, 1);
    ck_assert_uint_eq(res.pruned, 1);
    ck_assert_uint_eq(res.added, 0);
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    ck_assert_str_eq(after, want);
    free(after);
}
END_TEST

static unsigned long
count_backups(const char *base, unsigned long *lo, unsigned long *hi)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    unsigned long n = 0;
    size_t blen = strlen(base);

    *lo = (unsigned long)-1;
    *hi = 0;
    while ((e = readdir(d)) != NULL) {
        unsigned long k;
        char tail;

        if (strncmp(e->d_name, base, blen) == 0 &&
            sscanf(e->d_name + blen, ".~%lu%c", &k, &tail) == 2 && tail == '~') {
            n++;
            *lo = k < *lo ? k : *lo;
            *hi = k > *hi ? k : *hi;
        }
    }
    closedir(d);
    return n;
}

/*
 * Each scan that writes keeps the previous version as MANIFEST.~N~, N
 * one more than the highest there, as GNU tools number them; the ten
 * newest stay, older ones go, other files are left alone.
 */
START_TEST(test_workspace_scan_numbered_backups)
{
    static const char m[] =
        "<?xml version=\"1.0\"?>\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2025\">"
        "<instance name=\"X\"/><evidence-root path=\"b\"/></dossier>\n";
    struct dsr_scan_result res;
    char path[700], name[64], bak[720];
    unsigned long lo, hi;
    char *prev = NULL, *got;

    tu_write(dir, "m.xml", m, (size_t)-1);
    tu_write(dir, "m.xml.~x~", "lain", 4);
    tu_write(dir, "m.xml.bak", "lama", 4);
    tu_write(dir, "n.xml.~1~", "lain", 4);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    for (unsigned long i = 1; i <= 12; i++) {
        snprintf(name, sizeof(name), "b/01/dok-%02lu.pdf", i);
        tu_write(dir, name, pdf, sizeof(pdf) - 1);
        free(prev);
        prev = slurp(path, NULL);
        scan_with(path, false, &res);
        ck_assert(res.written);
        ck_assert_uint_eq(res.backup, i);
        dsr_scan_result_release(&res);
        snprintf(bak, sizeof(bak), "%s.~%lu~", path, i);
        got = slurp(bak, NULL);
        ck_assert_str_eq(got, prev);
        free(got);
        ck_assert_uint_eq(count_backups("m.xml", &lo, &hi), i < 10 ? i : 10);
        ck_assert_uint_eq(hi, i);
    }
    ck_assert_uint_eq(lo, 3);
    free(prev);
    /* a gap and a high number: the next one follows the highest */
    snprintf(bak, sizeof(bak), "%s/m.xml.~40~", dir);
    tu_write(dir, "m.xml.~40~", "x", 1);
    tu_write(dir, "b/01/dok-13.pdf", pdf, sizeof(pdf) - 1);
    scan_with(path, false, &res);
    ck_assert_uint_eq(res.backup, 41);
    dsr_scan_result_release(&res);
    ck_assert_uint_eq(count_backups("m.xml", &lo, &hi), 10);
    ck_assert_uint_eq(lo, 5);
    ck_assert_uint_eq(hi, 41);
    /* what is not one of its numbered backups stays */
    snprintf(bak, sizeof(bak), "%s/m.xml.~x~", dir);
    ck_assert_int_eq(access(bak, F_OK), 0);
    snprintf(bak, sizeof(bak), "%s/m.xml.bak", dir);
    ck_assert_int_eq(access(bak, F_OK), 0);
    snprintf(bak, sizeof(bak), "%s/n.xml.~1~", dir);
    ck_assert_int_eq(access(bak, F_OK), 0);
}
END_TEST

/* A zip at dir/'name' holding 'member' with 'len' bytes of 'data'. */
static void
write_zip(const char *name, const char *member, const char *data, size_t len)
{
    char path[700];
    zip_t *za;
    zip_source_t *src;
    int zerr;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    ck_assert_ptr_nonnull(za);
    src = zip_source_buffer(za, data, len, 0);
    ck_assert_ptr_nonnull(src);
    ck_assert_int_ge(zip_file_add(za, "[Content_Types].xml", zip_source_buffer(za, "<Types/>", 8, 0), 0), 0);
    ck_assert_int_ge(zip_file_add(za, member, src, 0), 0);
    ck_assert_int_eq(zip_close(za), 0);
}

/*
 * A zip at dir/'name' whose central directory is over 4 MiB
 * (DSR_SCAN_ZIP_CD_MAX), though its core.xml is fine.
 */
static void
write_crowded_zip(const char *name, const char *core, size_t len)
{
    char path[700], member[160];
    zip_t *za;
    int zerr;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    ck_assert_ptr_nonnull(za);
    ck_assert_int_ge(zip_file_add(za, "docProps/core.xml",
                                  zip_source_buffer(za, core, len, 0), 0), 0);
    /* 40,000 entries of 46 + 100 bytes each: about 5.6 MiB */
    for (int i = 0; i < 40000; i++) {
        snprintf(member, sizeof(member), "word/media/%085d.bin", i);
        ck_assert_int_ge(zip_file_add(za, member, zip_source_buffer(za, "", 0, 0), 0), 0);
    }
    ck_assert_int_eq(zip_close(za), 0);
}

static void
set_mtime(const char *name, int y, int mo, int d)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
                    .tm_hour = 12};
    struct timeval tv[2];
    char path[700];

    tv[0].tv_sec = tv[1].tv_sec = mktime(&tm);
    tv[0].tv_usec = tv[1].tv_usec = 0;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    ck_assert_int_eq(utimes(path, tv), 0);
}

static const struct dsr_evidence *
entry(const struct dsr_manifest *m, const char *file)
{
    const struct dsr_mindicator *ind = dsr_manifest_indicator(m, "1");

    for (size_t i = 0; ind && i < ind->nevidence; i++)
        if (strcmp(ind->evidence[i].file, file) == 0)
            return &ind->evidence[i];
    ck_abort_msg("no entry for %s", file);
    return NULL;
}

static void
assert_dated(const struct dsr_manifest *m, const char *file, const char *date,
             enum dsr_date_source source)
{
    const struct dsr_evidence *e = entry(m, file);

    ck_assert_msg(e->date_text && strcmp(e->date_text, date) == 0,
                  "%s: date %s, want %s", file, e->date_text ? e->date_text : "-",
                  date);
    ck_assert_msg(e->date_source == source, "%s: date-source %d, want %d", file,
                  (int)e->date_source, (int)source);
}

/*
 * The date comes from the document where it says (a PDF's Info
 * dictionary or XMP, a Word file's core.xml, an ODF meta.xml), else from
 * the file, and the manifest says which; hostile metadata (over the
 * size bound, a DOCTYPE, an impossible or implausible date, a zip that
 * is not one) falls back to the file's date.
 */
START_TEST(test_workspace_scan_document_dates)
{
    static const char m[] =
        "<?xml version=\"1.0\"?>\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2025\">"
        "<instance name=\"X\"/><evidence-root path=\"b\"/></dossier>\n";
    static const char pdf_info[] =
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
        "2 0 obj << /Producer (Uji) /CreationDate (D:20230415103000+07'00') "
        "/ModDate (D:20240101000000Z) >> endobj\n"
        "trailer << /Root 1 0 R /Info 2 0 R >>\n%%EOF\n";
    static const char pdf_mod[] =
        "%PDF-1.7\n2 0 obj <</ModDate(20220709)>> endobj\n%%EOF\n";
    static const char pdf_xmp[] =
        "%PDF-1.7\n3 0 obj << /Type /Metadata >> stream\n"
        "<x:xmpmeta><rdf:Description xmp:CreateDate=\"2021-08-17T09:00:00+07:00\"/>"
        "</x:xmpmeta>\nendstream endobj\n%%EOF\n";
    static const char pdf_bad[] =
        "%PDF-1.4\n2 0 obj << /CreationDate (D:20231345) /ModDate (D:16010101) >> endobj\n%%EOF\n";
    static const char core[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<dc:creator>Diskominfo</dc:creator>"
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2022-11-30T08:00:00Z</dcterms:created>"
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-05-06T08:00:00Z</dcterms:modified>"
        "</cp:coreProperties>";
    static const char core_doctype[] =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY d \"2020-01-01\">]>"
        "<cp:coreProperties xmlns:cp=\"urn:c\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
        "<dcterms:created>&d;</dcterms:created></cp:coreProperties>";
    static const char meta[] =
        "<?xml version=\"1.0\"?><office:document-meta "
        "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
        "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><office:meta>"
        "<dc:date>2024-02-02T10:00:00</dc:date>"
        "<meta:creation-date>2021-06-01T10:00:00</meta:creation-date>"
        "</office:meta></office:document-meta>";
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_scan_result res;
    struct dsr_manifest *loaded;
    char path[700];
    char *big;
    size_t nbig = ((size_t)256 << 10) + 100;    /* DSR_SCAN_META_MAX + 100 */

    tu_write(dir, "m.xml", m, (size_t)-1);
    tu_write(dir, "b/01/info.pdf", pdf_info, sizeof(pdf_info) - 1);
    tu_write(dir, "b/01/mod.pdf", pdf_mod, sizeof(pdf_mod) - 1);
    tu_write(dir, "b/01/xmp.PDF", pdf_xmp, sizeof(pdf_xmp) - 1);
    tu_write(dir, "b/01/bad.pdf", pdf_bad, sizeof(pdf_bad) - 1);
    tu_write(dir, "b/01/plain.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/01/not-a-zip.docx", "PK\3\4 not really", 16);
    write_zip("b/01/surat.docx", "docProps/core.xml", core, sizeof(core) - 1);
    write_zip("b/01/doctype.docx", "docProps/core.xml", core_doctype, sizeof(core_doctype) - 1);
    write_zip("b/01/notulen.odt", "meta.xml", meta, sizeof(meta) - 1);
    /* core.xml over the bound, though its date comes first */
    big = malloc(nbig + 1);
    memset(big, ' ', nbig);
    memcpy(big, core, sizeof(core) - 1);
    write_zip("b/01/besar.xlsx", "docProps/core.xml", big, nbig);
    free(big);
    /* a date past both ends searched: the first and last MiB */
    big = malloc(3u << 20);
    memset(big, '\n', 3u << 20);
    memcpy(big, "%PDF-1.4\n", 9);
    memcpy(big + (3u << 19), "/CreationDate (D:20200101)", 26);
    tu_write(dir, "b/01/tengah.pdf", big, 3u << 20);
    free(big);
    set_mtime("b/01/tengah.pdf", 2024, 2, 8);
    write_crowded_zip("b/01/ramai.pptx", core, sizeof(core) - 1);
    set_mtime("b/01/ramai.pptx", 2024, 2, 9);
    /* a FIFO named like a PDF is never opened, so never waited on */
    snprintf(path, sizeof(path), "%s/b/01/pipa.pdf", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    set_mtime("b/01/plain.pdf", 2024, 2, 3);
    set_mtime("b/01/bad.pdf", 2024, 2, 4);
    set_mtime("b/01/not-a-zip.docx", 2024, 2, 5);
    set_mtime("b/01/doctype.docx", 2024, 2, 6);
    set_mtime("b/01/besar.xlsx", 2024, 2, 7);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    scan_with(path, false, &res);
    ck_assert_uint_eq(res.added, 12);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_NOT_FILE), 1);
    dsr_scan_result_release(&res);

    loaded = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(loaded != NULL, "the manifest does not load: %s",
                  f.n ? f.items[0].message : err.msg);
    assert_dated(loaded, "01/info.pdf", "2023-04-15", DSR_DATE_SOURCE_DOCUMENT);
    assert_dated(loaded, "01/mod.pdf", "2022-07-09", DSR_DATE_SOURCE_DOCUMENT);
    assert_dated(loaded, "01/xmp.PDF", "2021-08-17", DSR_DATE_SOURCE_DOCUMENT);
    assert_dated(loaded, "01/surat.docx", "2022-11-30", DSR_DATE_SOURCE_DOCUMENT);
    assert_dated(loaded, "01/notulen.odt", "2021-06-01", DSR_DATE_SOURCE_DOCUMENT);
    assert_dated(loaded, "01/plain.pdf", "2024-02-03", DSR_DATE_SOURCE_FILE);
    assert_dated(loaded, "01/bad.pdf", "2024-02-04", DSR_DATE_SOURCE_FILE);
    assert_dated(loaded, "01/not-a-zip.docx", "2024-02-05", DSR_DATE_SOURCE_FILE);
    assert_dated(loaded, "01/doctype.docx", "2024-02-06", DSR_DATE_SOURCE_FILE);
    assert_dated(loaded, "01/besar.xlsx", "2024-02-07", DSR_DATE_SOURCE_FILE);
    assert_dated(loaded, "01/tengah.pdf", "2024-02-08", DSR_DATE_SOURCE_FILE);
    assert_dated(loaded, "01/ramai.pptx", "2024-02-09", DSR_DATE_SOURCE_FILE);
    /* scan records each new file's SHA-256 */
    ck_assert_ptr_nonnull(entry(loaded, "01/plain.pdf")->sha256);
    ck_assert_uint_eq(strlen(entry(loaded, "01/plain.pdf")->sha256), 64);
    dsr_manifest_free(loaded);
    dsr_findings_release(&f);
}
END_TEST

Suite *
workspace_suite(void)
{
    Suite *s = suite_create("workspace");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_workspace_folder_names);
    tcase_add_test(tc, test_workspace_init_writes_valid_skeleton);
    tcase_add_test(tc, test_workspace_init_never_overwrites);
    tcase_add_test(tc, test_workspace_in_force_words);
    tcase_add_test(tc, test_workspace_init_from_manifest);
    tcase_add_test(tc, test_workspace_init_from_refuses_bad_input);
    tcase_add_test(tc, test_workspace_init_from_period_and_instance);
    tcase_add_test(tc, test_workspace_init_from_across_frameworks);
    tcase_add_test(tc, test_workspace_scan_adds_only_new_files);
    tcase_add_test(tc, test_workspace_scan_reports_unusable_names);
    tcase_add_test(tc, test_workspace_scan_shapes_and_gone_files);
    tcase_add_test(tc, test_workspace_scan_refuses_invalid_manifest);
    tcase_add_test(tc, test_workspace_scan_stops_when_cancelled);
    tcase_add_test(tc, test_workspace_scan_prunes_gone_entries);
    tcase_add_test(tc, test_workspace_scan_follows_moved_files);
    tcase_add_test(tc, test_workspace_scan_numbered_backups);
    tcase_add_test(tc, test_workspace_scan_moves_and_prunes_in_latin1);
    tcase_add_test(tc, test_workspace_scan_document_dates);
    tcase_add_loop_test(tc, test_workspace_scan_manifest_encodings, 0,
                        (int)(sizeof(enc_cases) / sizeof(*enc_cases)));
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(workspace_suite());
}
