/*
 * test_workspace.c -- init lays out a valid manifest and the folders;
 * scan adds new files and changes no other byte of the manifest.
 */
#include "testutil.h"

#include "dossier/catalog.h"
#include "dossier/check.h"
#include "dossier/evidence.h"
#include "dossier/error.h"
#include "dossier/manifest.h"
#include "dossier/workspace.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

    scan(path, false, &res);
    ck_assert_uint_eq(res.added, 3);
    ck_assert(res.written);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_SKIPPED), 2);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_UNASSIGNED), 1);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_OUTSIDE), 1);
    dsr_scan_result_release(&res);

    after = slurp(path, NULL);
    ck_assert_ptr_nonnull(strstr(after, "file=\"01-kebijakan-internal-arsitektur-spbe/perbup 12 2023.pdf\""));
    ck_assert_ptr_nonnull(strstr(after, ">Perbup 12 2023</evidence>"));
    ck_assert_ptr_nonnull(strstr(after, "sub/notulen-é.pdf"));
    ck_assert_ptr_nonnull(strstr(after, "layar (1).png"));
    ck_assert_ptr_null(strstr(after, "r.pdf"));
    ck_assert_ptr_null(strstr(after, "lepas.pdf"));
    assert_only_evidence_added(before, after);
    snprintf(bak, sizeof(bak), "%s.bak", path);
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
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_BAD_NAME), 9);
    ck_assert_uint_eq(res.bad_names, 9);
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
    snprintf(other, sizeof(other), "%s.bak", path);
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
    tcase_add_test(tc, test_workspace_scan_adds_only_new_files);
    tcase_add_test(tc, test_workspace_scan_reports_unusable_names);
    tcase_add_test(tc, test_workspace_scan_shapes_and_gone_files);
    tcase_add_test(tc, test_workspace_scan_refuses_invalid_manifest);
    tcase_add_test(tc, test_workspace_scan_stops_when_cancelled);
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
