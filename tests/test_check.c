/*
 * test_check.c -- dsr_check on small manifests beside real evidence files:
 * a clean manifest gives no errors, and each problem gives its finding,
 * with its code, place and message.
 */
#include "testutil.h"

#include "dossier/check.h"
#include "dossier/render.h"
#include "dossier/error.h"
#include "dossier/score.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

static const char pdf[] =
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";
static const char pdf2[] =
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 2 2] >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";
#define PDF_SHA256 "e80cc8aaf21d01b5e6a4f91a7db8973d0438b401dc7d153db44f978bee98e4ac"
#define ELLIPSIS "\xe2\x80\xa6"

static const unsigned char png[33] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
    0x90, 0x77, 0x53, 0xde,
};

static const unsigned char elf[64] = {
    0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 0, 0x3e, 0, 1, 0, 0, 0, 0x00, 0x10, 0x40, 0, 0, 0, 0, 0,
    64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 64, 0, 56, 0, 0, 0, 64, 0, 0, 0, 0, 0,
};

static char dir[512];
static char mpath[600];
static struct dsr_check_result res;

/*
 * dir/
 *   outside.pdf
 *   bukti/  a.pdf  b.pdf (a copy of a.pdf)  c.pdf  kosong.pdf (empty)
 *           kosong2.pdf (empty)  gambar.pdf (PNG)  program.pdf (ELF)
 *           catatan.xyz  folder.pdf/
 */
static void
setup(void)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char p[700];

    /* documents are opened in children of the preview server */
    ck_assert_int_eq(dsr_previews_start(&err), 0);
    memset(&res, 0, sizeof(res));
    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    snprintf(mpath, sizeof(mpath), "%s/m.xml", dir);
    tu_write(dir, "outside.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/a.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/b.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/c.pdf", pdf2, sizeof(pdf2) - 1);
    tu_write(dir, "bukti/kosong.pdf", "", 0);
    tu_write(dir, "bukti/kosong2.pdf", "", 0);
    tu_write(dir, "bukti/gambar.pdf", png, sizeof(png));
    tu_write(dir, "bukti/program.pdf", elf, sizeof(elf));
    tu_write(dir, "bukti/catatan.xyz", "catatan rapat\n", (size_t)-1);
    snprintf(p, sizeof(p), "%s/bukti/folder.pdf", dir);
    ck_assert_int_eq(mkdir(p, 0755), 0);
}

static void
teardown(void)
{
    dsr_check_result_release(&res);
    tu_rmtree(dir);
    dsr_previews_stop();
}

static struct dsr_check_opts
default_opts(void)
{
    return (struct dsr_check_opts){.frameworks_dir = TEST_FRAMEWORKS,
                                   .schemas_dir = TEST_SCHEMAS,
                                   .jobs = 2};
}

/*
 * Write and check a manifest:
 *   line 1      <dossier framework=.. year=..>
 *   line 2      <instance/>
 *   then 'head' (default: PERIOD on line 3), then 'root' (default:
 *   evidence-root "bukti", line 4), then 'body' (from line 5).
 */
#define DEFAULT NULL
#define PERIOD "<period from=\"2023-01-01\" to=\"2024-06-30\"/>\n"
#define ROOT_BUKTI "<evidence-root path=\"bukti\"/>\n"

static void
check_full(const char *framework, const char *year, const char *head,
           const char *root, const char *body,
           const struct dsr_check_opts *opts)
{
    struct dsr_check_opts def = default_opts();
    struct dsr_error err = DSR_ERROR_INIT;
    char xml[65536];
    int n;

    n = snprintf(xml, sizeof(xml),
                 "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"%s\" "
                 "year=\"%s\">\n<instance name=\"Uji\"/>\n%s%s%s</dossier>\n",
                 framework, year, head ? head : PERIOD,
                 root ? root : ROOT_BUKTI, body);
    ck_assert(n > 0 && (size_t)n < sizeof(xml));
    tu_write(dir, "m.xml", xml, (size_t)-1);
    ck_assert_int_eq(dsr_check(mpath, opts ? opts : &def, &res, &err), 0);
    ck_assert_msg(err.code == DSR_OK, "tool error: %s", err.msg);
}

static void
check_body(const char *body)
{
    check_full("spbe-2020", "2024", DEFAULT, DEFAULT, body, NULL);
}

#define IND(id, lv, rest)                                                    \
    "<indicator id=\"" id "\" owner=\"Diskominfo\"><assessment "            \
    "stage=\"mandiri\" level=\"" lv "\">penjelasan</assessment>" rest        \
    "</indicator>\n"
#define EV(file, lv) "<evidence file=\"" file "\" level=\"" lv "\">judul</evidence>"
#define EVD(file, lv, date)                                                  \
    "<evidence file=\"" file "\" level=\"" lv "\" date=\"" date "\">judul</evidence>"
#define LINK(href, lv) "<link href=\"" href "\" level=\"" lv "\">app</link>"

static size_t
count(enum dsr_finding_code code)
{
    return dsr_findings_count_code(&res.findings, code);
}

/* The only finding with 'code' (fails unless there is exactly one). */
static const struct dsr_finding *
only(enum dsr_finding_code code)
{
    const struct dsr_finding *hit = NULL;

    for (size_t i = 0; i < res.findings.n; i++) {
        if (res.findings.items[i].code != code)
            continue;
        ck_assert_msg(hit == NULL, "more than one %s", dsr_finding_name(code));
        hit = &res.findings.items[i];
    }
    ck_assert_msg(hit != NULL, "no %s", dsr_finding_name(code));
    return hit;
}

static void
assert_finding(const struct dsr_finding *f, const char *indicator,
               const char *file, unsigned long line, const char *message)
{
    ck_assert_str_eq(f->indicator, indicator);
    ck_assert_str_eq(f->file, file);
    ck_assert_uint_eq(f->line, line);
    ck_assert_str_eq(f->message, message);
    ck_assert_int_eq(f->severity, dsr_finding_severity(f->code));
}

/* Every finding other than indicator-not-filled, for a readable failure. */
static void
assert_only_codes(const enum dsr_finding_code *codes, size_t n)
{
    for (size_t i = 0; i < res.findings.n; i++) {
        const struct dsr_finding *f = &res.findings.items[i];
        bool expected = f->code == DSR_F_INDICATOR_NOT_FILLED;

        for (size_t k = 0; k < n; k++)
            expected = expected || f->code == codes[k];
        ck_assert_msg(expected, "unexpected %s: %s", dsr_finding_name(f->code),
                      f->message);
    }
}

/* ---- document health -------------------------------------------------- */

/* A PDF whose user password is not empty: poppler cannot open it. */
static const char pdf_locked[] =
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >> endobj\n"
    "4 0 obj << /Filter /Standard /V 1 /R 2 /P -4\n"
    "/O <0000000000000000000000000000000000000000000000000000000000000000>\n"
    "/U <0000000000000000000000000000000000000000000000000000000000000000> >>\n"
    "endobj\ntrailer << /Root 1 0 R /Encrypt 4 0 R\n"
    "/ID [<00112233445566778899aabbccddeeff> "
    "<00112233445566778899aabbccddeeff>] >>\n%%EOF\n";

/* The smallest PNG: one transparent pixel. */
static const unsigned char png_1x1[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
    0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

/* Write a zip holding 'names' (a NULL-ended list), each with a line of text. */
static void
write_zip(const char *name, const char *const *names)
{
    char p[700];
    int zerr = 0;
    zip_t *za;

    snprintf(p, sizeof(p), "%s/bukti/%s", dir, name);
    za = zip_open(p, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    ck_assert_ptr_nonnull(za);
    for (size_t i = 0; names[i]; i++) {
        static const char text[] = "<?xml version=\"1.0\"?><x/>\n";
        zip_source_t *src = zip_source_buffer(za, text, sizeof(text) - 1, 0);

        ck_assert_ptr_nonnull(src);
        ck_assert_int_ge(zip_file_add(za, names[i], src, 0), 0);
    }
    ck_assert_int_eq(zip_close(za), 0);
}

/* The first 'keep' bytes of bukti/'name', written back over it. */
static void
cut(const char *name, size_t keep)
{
    char p[700];

    snprintf(p, sizeof(p), "%s/bukti/%s", dir, name);
    ck_assert_int_eq(truncate(p, (off_t)keep), 0);
}

static off_t
size_of(const char *name)
{
    char p[700];
    struct stat st;

    snprintf(p, sizeof(p), "%s/bukti/%s", dir, name);
    ck_assert_int_eq(stat(p, &st), 0);
    return st.st_size;
}

/* A PDF that asks for a password is an error; its pages are not counted. */
START_TEST(test_check_pdf_encrypted)
{
    static const enum dsr_finding_code codes[] = {DSR_F_PDF_ENCRYPTED};

    tu_write(dir, "bukti/terkunci.pdf", pdf_locked, sizeof(pdf_locked) - 1);
    check_body(IND("1", "2", EV("terkunci.pdf", "2")));
    assert_finding(only(DSR_F_PDF_ENCRYPTED), "1", "terkunci.pdf", 5,
                   "'terkunci.pdf' is a PDF protected by a password, so "
                   "assessors cannot open it: save or print it again as a "
                   "PDF without a password");
    assert_only_codes(codes, 1);
    ck_assert_int_eq(res.files[0].health, DSR_DOC_ENCRYPTED);
    ck_assert_int_eq(res.files[0].pages, 0);
}
END_TEST

/*
 * A PDF cut short: poppler cannot open the first half of it; and one that
 * poppler can rebuild, but whose end (%%EOF) is missing, is cut short too.
 */
static const struct {
    size_t keep;                /* bytes of 'pdf' kept */
    const char *message;
} pdf_cuts[] = {
    {sizeof(pdf) / 2,
     "'rusak.pdf' is cut short: the PDF does not end as a PDF must, so part "
     "of it is missing; copy or scan it again from the original"},
    {sizeof(pdf) - 1 - 6,
     "'rusak.pdf' is cut short: the PDF does not end as a PDF must, so part "
     "of it is missing; copy or scan it again from the original"},
};

START_TEST(test_check_pdf_cut_short)
{
    static const enum dsr_finding_code codes[] = {DSR_F_PDF_DAMAGED};

    tu_write(dir, "bukti/rusak.pdf", pdf, pdf_cuts[_i].keep);
    check_body(IND("1", "2", EV("rusak.pdf", "2")));
    assert_finding(only(DSR_F_PDF_DAMAGED), "1", "rusak.pdf", 5,
                   pdf_cuts[_i].message);
    assert_only_codes(codes, 1);
}
END_TEST

/* A PDF that ends as it should but has no document in it. */
START_TEST(test_check_pdf_damaged)
{
    static const enum dsr_finding_code codes[] = {DSR_F_PDF_DAMAGED};

    tu_write(dir, "bukti/rusak.pdf",
             "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
             (size_t)-1);
    check_body(IND("1", "2", EV("rusak.pdf", "2")));
    assert_finding(only(DSR_F_PDF_DAMAGED), "1", "rusak.pdf", 5,
                   "'rusak.pdf' is a damaged PDF that cannot be opened; copy "
                   "or save it again from the original");
    assert_only_codes(codes, 1);
}
END_TEST

/* Each readable PDF's pages are counted, for the JSON and the dossier. */
START_TEST(test_check_pdf_pages)
{
    check_body(IND("1", "2", EV("a.pdf", "2") EV("c.pdf", "2")));
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert_int_eq(res.files[0].health, DSR_DOC_OK);
    ck_assert_int_eq(res.files[0].pages, 1);
    ck_assert_int_eq(res.files[1].pages, 1);
}
END_TEST

/* Office and OpenDocument containers: what they hold, and what not. */
static const char *const docx_parts[] = {"[Content_Types].xml", "_rels/.rels",
                                         "word/document.xml", NULL};
static const char *const xlsx_parts[] = {"[Content_Types].xml",
                                         "xl/workbook.xml", NULL};
static const char *const odt_parts[] = {"mimetype", "content.xml", NULL};
static const char *const no_main[] = {"[Content_Types].xml", "_rels/.rels",
                                      "word/styles.xml", NULL};
static const char *const odt_no_mimetype[] = {"content.xml", NULL};

START_TEST(test_check_office_containers)
{
    static const enum dsr_finding_code codes[] = {DSR_F_OFFICE_DAMAGED};

    write_zip("baik.docx", docx_parts);
    write_zip("baik.xlsx", xlsx_parts);
    write_zip("baik.odt", odt_parts);
    write_zip("tanpa-isi.docx", no_main);
    write_zip("tanpa-mimetype.odt", odt_no_mimetype);
    write_zip("terpotong.docx", docx_parts);
    cut("terpotong.docx", (size_t)size_of("terpotong.docx") / 2);
    check_body(IND("1", "2",
                   EV("baik.docx", "2") EV("baik.xlsx", "2")
                       EV("baik.odt", "2")));
    ck_assert_uint_eq(count(DSR_F_OFFICE_DAMAGED), 0);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
    for (size_t k = 0; k < res.nfiles; k++)
        ck_assert_int_eq(res.files[k].health, DSR_DOC_OK);
    dsr_check_result_release(&res);

    check_body(IND("1", "2",
                   EV("tanpa-isi.docx", "2") EV("tanpa-mimetype.odt", "2")
                       EV("terpotong.docx", "2")));
    ck_assert_uint_eq(count(DSR_F_OFFICE_DAMAGED), 3);
    assert_only_codes(codes, 1);
    assert_finding(&res.findings.items[0], "1", "tanpa-isi.docx", 5,
                   "'tanpa-isi.docx' is a zip archive, not a Word document: "
                   "it lacks the part word/document.xml; open the original "
                   "and save it again as a Word document");
    assert_finding(&res.findings.items[1], "1", "tanpa-mimetype.odt", 5,
                   "'tanpa-mimetype.odt' is a zip archive, not an "
                   "OpenDocument text: it lacks the part mimetype; open the "
                   "original and save it again as an OpenDocument text");
    assert_finding(&res.findings.items[2], "1", "terpotong.docx", 5,
                   "'terpotong.docx' should be a Word document, but it is "
                   "damaged: its contents cannot be read (perhaps it was cut "
                   "short when copied); save it again from the original "
                   "program");
}
END_TEST

/* A .docx that is not a zip at all is another kind of file, named so. */
START_TEST(test_check_office_not_a_zip)
{
    static const enum dsr_finding_code codes[] = {DSR_F_TYPE_MISMATCH};

    tu_write(dir, "bukti/catatan.docx", "Notulen rapat koordinasi SPBE\n",
             (size_t)-1);
    check_body(IND("1", "2", EV("catatan.docx", "2")));
    assert_finding(only(DSR_F_TYPE_MISMATCH), "1", "catatan.docx", 5,
                   "'catatan.docx' holds text, but its extension .docx is for "
                   "a Word document: save it again in the right format, or "
                   "rename it to match its content");
    assert_only_codes(codes, 1);
}
END_TEST

/* An image that decodes passes; one cut short is an error. */
START_TEST(test_check_image_damaged)
{
    static const enum dsr_finding_code codes[] = {DSR_F_IMAGE_DAMAGED};

    tu_write(dir, "bukti/baik.png", png_1x1, sizeof(png_1x1));
    tu_write(dir, "bukti/terpotong.png", png_1x1, 45);
    check_body(IND("1", "2", EV("baik.png", "2") EV("terpotong.png", "2")));
    assert_finding(only(DSR_F_IMAGE_DAMAGED), "1", "terpotong.png", 5,
                   "'terpotong.png' is a PNG image that cannot be decoded "
                   "(damaged or cut short); copy or export it again from the "
                   "original");
    assert_only_codes(codes, 1);
    ck_assert_int_eq(res.files[0].health, DSR_DOC_OK);
    ck_assert_int_eq(res.files[1].health, DSR_DOC_DAMAGED);
}
END_TEST

/* Any kind of text will do for .txt, .csv and .md. */
START_TEST(test_check_text_family)
{
    tu_write(dir, "bukti/daftar.txt", "nama,nip,jabatan\nAni,1980,Kepala\n"
             "Budi,1985,Staf\n", (size_t)-1);
    tu_write(dir, "bukti/satu-kolom.csv", "catatan rapat\nbaris kedua\n",
             (size_t)-1);
    tu_write(dir, "bukti/tabel.md", "nama,nip\nAni,1980\nBudi,1985\n",
             (size_t)-1);
    check_body(IND("1", "2",
                   EV("daftar.txt", "2") EV("satu-kolom.csv", "2")
                       EV("tabel.md", "2")));
    ck_assert_str_eq(res.files[0].info.mime, "text/csv");
    ck_assert_uint_eq(count(DSR_F_TYPE_MISMATCH), 0);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
}
END_TEST

/* The instance name init writes, in any case and spacing, is an error. */
static const char *const placeholders[] = {
    DSR_INSTANCE_PLACEHOLDER, "isi nama instansi", "  Isi  Nama Instansi ",
};

START_TEST(test_check_instance_placeholder)
{
    struct dsr_check_opts opts = default_opts();
    struct dsr_error err = DSR_ERROR_INIT;
    char xml[1024];
    char want[300];

    snprintf(xml, sizeof(xml),
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
             "year=\"2024\">\n<!-- <instance name=\"x\"/> -->\n"
             "<instance name=\"%s\"/>\n" ROOT_BUKTI "</dossier>\n",
             placeholders[_i]);
    tu_write(dir, "m.xml", xml, (size_t)-1);
    ck_assert_int_eq(dsr_check(mpath, &opts, &res, &err), 0);
    snprintf(want, sizeof(want),
             "the instance name is still '%s', the placeholder that init "
             "writes: write the institution's name in <instance "
             "name=\"...\"/>",
             placeholders[_i]);
    assert_finding(only(DSR_F_INSTANCE_PLACEHOLDER), "", mpath, 3, want);
}
END_TEST

/* A real name that merely contains the words is not the placeholder. */
START_TEST(test_check_instance_named)
{
    check_body(IND("1", "2", EV("a.pdf", "2")));
    ck_assert_uint_eq(count(DSR_F_INSTANCE_PLACEHOLDER), 0);
}
END_TEST

/* ---- a clean manifest ------------------------------------------------- */

START_TEST(test_check_clean)
{
    char *root_real;
    char want_root[700];

    check_body(IND("1", "2", EVD("a.pdf", "2", "2023-05-01"))
               IND("2", "3", EV("c.pdf", "2") LINK("https://x.go.id", "3")));
    ck_assert_ptr_nonnull(res.manifest);
    ck_assert_ptr_nonnull(res.catalog);
    ck_assert_str_eq(res.catalog->id, "spbe-2020");
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_NOTE], 0);
    /* only the 45 indicators not filled are reported */
    ck_assert_uint_eq(count(DSR_F_INDICATOR_NOT_FILLED), 45);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_WARNING], 45);
    ck_assert_uint_eq(res.findings.n, 45);
    /* and sorted in catalog order: 3, 4, ..., 47 */
    ck_assert_str_eq(res.findings.items[0].indicator, "3");
    ck_assert_str_eq(res.findings.items[0].message,
                     "indicator 3 has no assessment yet; it counts as level 1");
    ck_assert_uint_eq(res.findings.items[0].line, 0);
    ck_assert_str_eq(res.findings.items[44].indicator, "47");
    /* the files were read */
    snprintf(want_root, sizeof(want_root), "%s/bukti", dir);
    root_real = realpath(want_root, NULL);
    ck_assert_ptr_nonnull(root_real);
    ck_assert_str_eq(res.evidence_root, root_real);
    ck_assert_uint_eq(res.nfiles, 2);
    ck_assert(res.files[0].read);
    ck_assert_int_eq(res.files[0].status, DSR_PATH_OK);
    ck_assert_uint_eq(res.files[0].indicator, 0);
    ck_assert_uint_eq(res.files[0].evidence, 0);
    ck_assert_str_eq(res.files[0].info.sha256, PDF_SHA256);
    ck_assert_str_eq(res.files[0].info.mime, "application/pdf");
    ck_assert_uint_eq(res.files[0].info.size, sizeof(pdf) - 1);
    /* normalised, relative to the root, which stays open in the result */
    ck_assert_str_eq(res.files[0].resolved, "a.pdf");
    ck_assert_str_eq(res.root.real, root_real);
    ck_assert_int_ge(res.root.fd, 0);
    ck_assert(res.files[1].read);
    ck_assert_uint_eq(res.files[1].indicator, 1);
    free(root_real);
    /* helpers over the result */
    ck_assert(dsr_check_filled(&res, "1"));
    ck_assert(dsr_check_filled(&res, "2"));
    ck_assert(!dsr_check_filled(&res, "3"));
    ck_assert_int_eq(dsr_check_order("1", &res), 1);
    ck_assert_int_eq(dsr_check_order("47", &res), 47);
    ck_assert_int_eq(dsr_check_order("nope", &res), LONG_MAX);
}
END_TEST

/* A NULL error struct is allowed. */
START_TEST(test_check_null_err)
{
    struct dsr_check_opts opts = default_opts();

    tu_write(dir, "m.xml",
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
             "year=\"2024\"><instance name=\"x\"/></dossier>",
             (size_t)-1);
    ck_assert_int_eq(dsr_check(mpath, &opts, &res, NULL), 0);
    ck_assert_uint_eq(count(DSR_F_INDICATOR_NOT_FILLED), 47);
    ck_assert_uint_eq(res.findings.n, 47);
}
END_TEST

/* ---- evidence files --------------------------------------------------- */

/* dsr_check_opts.no_openat2 chooses the walk for the root check opens. */
START_TEST(test_check_no_openat2_option)
{
    struct dsr_check_opts opts = default_opts();

    tu_write(dir, "bukti/a.pdf", "%PDF-1.4\n", (size_t)-1);
    for (int walk = 0; walk < 2; walk++) {
        opts.no_openat2 = walk;
        check_full("spbe-2020", "2024", DEFAULT, DEFAULT, "", &opts);
        ck_assert_ptr_nonnull(res.evidence_root);
        ck_assert_int_eq(res.root.walk, walk);
        dsr_check_result_release(&res);
        memset(&res, 0, sizeof(res));
    }
}
END_TEST

START_TEST(test_check_file_missing)
{
    check_body(IND("1", "2", EV("tidak-ada.pdf", "2")));
    assert_finding(only(DSR_F_FILE_MISSING), "1", "tidak-ada.pdf", 5,
                   "'tidak-ada.pdf' does not exist under the evidence root");
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 1);
    ck_assert(!res.files[0].read);
    ck_assert_int_eq(res.files[0].status, DSR_PATH_MISSING);
    ck_assert_ptr_null(res.files[0].resolved);
}
END_TEST

START_TEST(test_check_sha256_mismatch)
{
    check_body(IND("1", "2",
                   "<evidence file=\"a.pdf\" level=\"2\" sha256=\""
                   "0000000000000000000000000000000000000000000000000000000000000000"
                   "\">judul</evidence>"));
    assert_finding(only(DSR_F_SHA256_MISMATCH), "1", "a.pdf", 5,
                   "'a.pdf' has SHA-256 e80cc8aaf21d" ELLIPSIS
                   ", the manifest says 000000000000" ELLIPSIS);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 1);
}
END_TEST

/* The right digest, in capitals, matches. */
START_TEST(test_check_sha256_match)
{
    check_body(IND("1", "2",
                   "<evidence file=\"a.pdf\" level=\"2\" sha256=\""
                   "E80CC8AAF21D01B5E6A4F91A7DB8973D0438B401DC7D153DB44F978BEE98E4AC"
                   "\">judul</evidence>"));
    ck_assert_uint_eq(count(DSR_F_SHA256_MISMATCH), 0);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
}
END_TEST

START_TEST(test_check_file_empty)
{
    check_body(IND("1", "2", EV("kosong.pdf", "2") EV("kosong2.pdf", "2")));
    ck_assert_uint_eq(count(DSR_F_FILE_EMPTY), 2);
    ck_assert_str_eq(res.findings.items[0].message,
                     "'kosong.pdf' is empty (0 bytes): attach the document "
                     "itself, or remove the entry");
    /* an empty file is not judged for type, nor a copy of another */
    ck_assert_uint_eq(count(DSR_F_TYPE_MISMATCH), 0);
    ck_assert_uint_eq(count(DSR_F_CONTENT_DUPLICATE), 0);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 2);
}
END_TEST

START_TEST(test_check_paths_refused)
{
    static const enum dsr_finding_code codes[] = {
        DSR_F_PATH_ABSOLUTE, DSR_F_PATH_ESCAPES, DSR_F_PATH_INVALID,
        DSR_F_FILE_NOT_REGULAR, DSR_F_PATH_NOT_PORTABLE};

    check_body(IND("1", "2",
                   EV("/etc/passwd", "2") EV("../outside.pdf", "2")
                       EV("sub//a.pdf", "2") EV("folder.pdf", "2")
                       EV("sub\\a.pdf", "2") EV("C:/a.pdf", "2")));
    assert_finding(only(DSR_F_PATH_ABSOLUTE), "1", "/etc/passwd", 5,
                   "'/etc/passwd' is an absolute path; write it relative to "
                   "the evidence root");
    assert_finding(only(DSR_F_PATH_ESCAPES), "1", "../outside.pdf", 5,
                   "'../outside.pdf' leads outside the evidence root; the "
                   "file was not opened");
    only(DSR_F_PATH_INVALID);
    only(DSR_F_FILE_NOT_REGULAR);
    /* what Windows would take for folders or a drive: rename it */
    ck_assert_uint_eq(count(DSR_F_PATH_NOT_PORTABLE), 2);
    for (size_t i = 0; i < res.findings.n; i++)
        if (res.findings.items[i].code == DSR_F_PATH_NOT_PORTABLE &&
            strcmp(res.findings.items[i].file, "C:/a.pdf") == 0)
            assert_finding(&res.findings.items[i], "1", "C:/a.pdf", 5,
                           "'C:/a.pdf' has a name Windows cannot hold (a "
                           "backslash, one of : * ? \" < > |, a drive letter "
                           "such as 'C:', a name ending in a dot or a space, "
                           "or a device name such as CON or NUL), so an "
                           "assessor on Windows could not open it from the "
                           "zip: rename the file or folder and write the path "
                           "with '/' only");
    assert_only_codes(codes, sizeof(codes) / sizeof(*codes));
    for (size_t i = 0; i < res.nfiles; i++)
        ck_assert(!res.files[i].read);
}
END_TEST

/* A link is never followed, even one that stays inside the root. */
START_TEST(test_check_paths_through_links)
{
    static const enum dsr_finding_code codes[] = {DSR_F_PATH_LINK};
    char p[700];

    snprintf(p, sizeof(p), "%s/bukti/di-dalam.pdf", dir);
    ck_assert_int_eq(symlink("a.pdf", p), 0);
    snprintf(p, sizeof(p), "%s/bukti/luar", dir);
    ck_assert_int_eq(symlink(dir, p), 0);
    check_body(IND("1", "2", EV("di-dalam.pdf", "2")
                                 EV("luar/outside.pdf", "2")));
    ck_assert_uint_eq(count(DSR_F_PATH_LINK), 2);
    assert_finding(&res.findings.items[0], "1", "di-dalam.pdf", 5,
                   "'di-dalam.pdf' is, or goes through, a symbolic link, "
                   "which dossier never follows; the file was not opened: "
                   "put the file itself under the evidence root");
    assert_only_codes(codes, sizeof(codes) / sizeof(*codes));
    for (size_t i = 0; i < res.nfiles; i++)
        ck_assert(!res.files[i].read);
}
END_TEST

START_TEST(test_check_types)
{
    static const enum dsr_finding_code codes[] = {
        DSR_F_TYPE_MISMATCH, DSR_F_TYPE_EXECUTABLE, DSR_F_TYPE_UNKNOWN};

    check_body(IND("1", "2",
                   EV("gambar.pdf", "2") EV("program.pdf", "2")
                       EV("catatan.xyz", "2")));
    assert_finding(only(DSR_F_TYPE_MISMATCH), "1", "gambar.pdf", 5,
                   "'gambar.pdf' holds a PNG image, but its extension .pdf "
                   "is for a PDF: save it again in the right format, or "
                   "rename it to match its content");
    assert_finding(only(DSR_F_TYPE_EXECUTABLE), "1", "program.pdf", 5,
                   "'program.pdf' is a program or script, not a document: "
                   "remove it and attach the document itself");
    assert_finding(only(DSR_F_TYPE_UNKNOWN), "1", "catatan.xyz", 5,
                   "'catatan.xyz' has an extension dossier does not know (it "
                   "holds text), so its type was not checked");
    assert_only_codes(codes, sizeof(codes) / sizeof(*codes));
}
END_TEST

START_TEST(test_check_file_too_large)
{
    struct dsr_check_opts opts = default_opts();

    opts.max_file_size = 10;
    check_full("spbe-2020", "2024", DEFAULT, DEFAULT,
               IND("1", "2", EV("a.pdf", "2")), &opts);
    assert_finding(only(DSR_F_FILE_TOO_LARGE), "1", "a.pdf", 5,
                   "'a.pdf' is 214 B, over the limit of 10 B; the evaluation "
                   "portal may refuse it");
}
END_TEST

START_TEST(test_check_file_shared)
{
    check_body(IND("1", "2", EV("a.pdf", "2")) IND("2", "2", EV("a.pdf", "2")));
    assert_finding(only(DSR_F_FILE_SHARED), "2", "a.pdf", 6,
                   "'a.pdf' is also attached to indicator 1");
    ck_assert_int_eq(only(DSR_F_FILE_SHARED)->severity, DSR_SEV_NOTE);
    ck_assert_uint_eq(count(DSR_F_EVIDENCE_DUPLICATE), 0);
    ck_assert_uint_eq(count(DSR_F_CONTENT_DUPLICATE), 0);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
}
END_TEST

START_TEST(test_check_evidence_duplicate)
{
    check_body(IND("1", "2", EV("a.pdf", "2") EV("./a.pdf", "2")));
    assert_finding(only(DSR_F_EVIDENCE_DUPLICATE), "1", "./a.pdf", 5,
                   "'./a.pdf' is already listed for this indicator on line 5");
    ck_assert_uint_eq(count(DSR_F_FILE_SHARED), 0);
    ck_assert_uint_eq(count(DSR_F_CONTENT_DUPLICATE), 0);
}
END_TEST

START_TEST(test_check_content_duplicate)
{
    check_body(IND("1", "2", EV("a.pdf", "2")) IND("2", "2", EV("b.pdf", "2"))
                   IND("3", "2", EV("c.pdf", "2")));
    assert_finding(only(DSR_F_CONTENT_DUPLICATE), "2", "b.pdf", 6,
                   "'b.pdf' has the same content as 'a.pdf' (indicator 1)");
    ck_assert_uint_eq(count(DSR_F_FILE_SHARED), 0);
    ck_assert_uint_eq(count(DSR_F_EVIDENCE_DUPLICATE), 0);
}
END_TEST

/* ---- evidence entries ------------------------------------------------- */

START_TEST(test_check_evidence_no_level)
{
    check_body(IND("1", "2", EV("a.pdf", "2") "<evidence file=\"c.pdf\">judul</evidence>"));
    assert_finding(only(DSR_F_EVIDENCE_NO_LEVEL), "1", "c.pdf", 5,
                   "'c.pdf' does not say which level it supports; add "
                   "level=\"N\"");
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
}
END_TEST

START_TEST(test_check_evidence_no_title)
{
    check_body(IND("1", "2", "<evidence file=\"a.pdf\" level=\"2\"> </evidence>"));
    assert_finding(only(DSR_F_EVIDENCE_NO_TITLE), "1", "a.pdf", 5,
                   "'a.pdf' has no title; write the document's title as the "
                   "element's text");
}
END_TEST

START_TEST(test_check_date_invalid_evidence)
{
    check_body(IND("1", "2", EVD("a.pdf", "2", "2023-02-30")));
    assert_finding(only(DSR_F_DATE_INVALID), "1", "a.pdf", 5,
                   "date '2023-02-30' of 'a.pdf' is not a real date");
    ck_assert_uint_eq(count(DSR_F_DATE_OUTSIDE_PERIOD), 0);
}
END_TEST

START_TEST(test_check_date_invalid_period)
{
    check_full("spbe-2020", "2024",
               "<period from=\"2024-02-30\" to=\"2024-13-01\"/>\n", DEFAULT,
               IND("1", "2", EVD("a.pdf", "2", "2020-01-01")), NULL);
    ck_assert_uint_eq(count(DSR_F_DATE_INVALID), 2);
    assert_finding(&res.findings.items[0], "", mpath, 3,
                   "period start '2024-02-30' is not a real date");
    assert_finding(&res.findings.items[1], "", mpath, 3,
                   "period end '2024-13-01' is not a real date");
    /* without a real period, no date is outside it */
    ck_assert_uint_eq(count(DSR_F_DATE_OUTSIDE_PERIOD), 0);
    ck_assert_uint_eq(count(DSR_F_PERIOD_INVALID), 0);
}
END_TEST

START_TEST(test_check_date_outside_period)
{
    check_body(IND("1", "2",
                   EVD("a.pdf", "2", "2022-12-31") EVD("c.pdf", "2", "2023-01-01")
                       EVD("b.pdf", "2", "2024-06-30")));
    /* the period's own first and last days are inside it */
    assert_finding(only(DSR_F_DATE_OUTSIDE_PERIOD), "1", "a.pdf", 5,
                   "'a.pdf' is dated 2022-12-31, outside the period "
                   "2023-01-01 to 2024-06-30; if it is a regulation still in "
                   "force, add in-force=\"true\"");
}
END_TEST

#define EVX(file, date, extra)                                               \
    "<evidence file=\"" file "\" level=\"2\" date=\"" date "\" " extra       \
    ">judul</evidence>"

/*
 * A regulation in force may be older than the period but not newer; a
 * date that is only the file's modification time is a note that says
 * so, not a warning.
 */
START_TEST(test_check_date_in_force_and_file_dates)
{
    check_body(IND("1", "2",
                   EVX("old.pdf", "2019-03-01", "in-force=\"true\"")
                       EVX("one.pdf", "2019-03-01", "in-force=\" 1 \"")
                       EVX("late.pdf", "2024-07-01", "in-force=\"true\"")
                       EVX("no.pdf", "2019-03-01", "in-force=\"false\"")
                       EVX("copy.pdf", "2026-11-30", "date-source=\"file\"")
                       EVX("doc.pdf", "2026-11-30", "date-source=\"document\"")
                       EVX("carried.pdf", "2020-01-02",
                           "in-force=\"true\" from-year=\"2023\"")));
    ck_assert_uint_eq(count(DSR_F_DATE_OUTSIDE_PERIOD), 3);
    for (size_t i = 0; i < res.findings.n; i++) {
        const struct dsr_finding *f = &res.findings.items[i];

        if (f->code != DSR_F_DATE_OUTSIDE_PERIOD)
            continue;
        ck_assert_msg(strcmp(f->file, "late.pdf") == 0 ||
                          strcmp(f->file, "no.pdf") == 0 ||
                          strcmp(f->file, "doc.pdf") == 0,
                      "unexpected date-outside-period: %s", f->message);
        if (strcmp(f->file, "late.pdf") == 0)
            ck_assert_str_eq(f->message,
                             "'late.pdf' is dated 2024-07-01, after the period "
                             "2023-01-01 to 2024-06-30 ended; a document in "
                             "force must exist within the period");
    }
    assert_finding(only(DSR_F_DATE_FROM_FILE), "1", "copy.pdf", 5,
                   "'copy.pdf' is dated 2026-11-30 only by its file's "
                   "modification time (when it was copied, not when it was "
                   "signed), outside the period 2023-01-01 to 2024-06-30; "
                   "write the document's own date in date=\"YYYY-MM-DD\" "
                   "and remove date-source");
    ck_assert_int_eq(only(DSR_F_DATE_FROM_FILE)->severity, DSR_SEV_NOTE);
}
END_TEST

/* ---- levels and claims ------------------------------------------------ */

static const struct {
    const char *body;
    const char *message;
} ranges[] = {
    {IND("1", "0", EV("a.pdf", "2")), "assessment level 0 is outside 1 to 5"},
    {IND("1", "6", EV("a.pdf", "2")), "assessment level 6 is outside 1 to 5"},
    {IND("1", "-1", EV("a.pdf", "2")), "assessment level -1 is outside 1 to 5"},
    {IND("1", "1", EV("a.pdf", "0")), "evidence level 0 is outside 1 to 5"},
    {IND("1", "1", EV("a.pdf", "6")), "evidence level 6 is outside 1 to 5"},
    {IND("1", "1", LINK("https://x.go.id", "9")),
     "link level 9 is outside 1 to 5"},
};

START_TEST(test_check_level_range)
{
    check_body(ranges[_i].body);
    assert_finding(only(DSR_F_LEVEL_RANGE), "1", mpath, 5, ranges[_i].message);
    ck_assert_int_eq(only(DSR_F_LEVEL_RANGE)->severity, DSR_SEV_ERROR);
}
END_TEST

START_TEST(test_check_level_in_range)
{
    check_body(IND("1", "1", EV("a.pdf", "1")) IND("2", "5", EV("c.pdf", "5")
               EV("b.pdf", "2") EV("b.pdf", "3") EV("b.pdf", "4")));
    ck_assert_uint_eq(count(DSR_F_LEVEL_RANGE), 0);
    ck_assert_uint_eq(count(DSR_F_LEVEL_UNSUPPORTED), 0);
}
END_TEST

START_TEST(test_check_level_unsupported)
{
    check_body(IND("1", "3", EV("a.pdf", "2"))         /* line 5 */
               IND("2", "4", "")                       /* line 6 */
               IND("3", "3", EV("a.pdf", "2") LINK("https://x.go.id", "3"))
               IND("4", "1", ""));
    ck_assert_uint_eq(count(DSR_F_LEVEL_UNSUPPORTED), 2);
    assert_finding(&res.findings.items[0], "1", mpath, 5,
                   "claimed level 3 (mandiri) has no evidence for level 3");
    assert_finding(&res.findings.items[1], "2", mpath, 6,
                   "claimed level 4 (mandiri) has no evidence for level 2, 3, 4");
}
END_TEST

START_TEST(test_check_stage_duplicate)
{
    check_body("<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"2\">a"
               "</assessment>\n<assessment stage=\"mandiri\" level=\"3\">b"
               "</assessment>" EV("a.pdf", "2") EV("c.pdf", "3")
               "</indicator>\n");
    assert_finding(only(DSR_F_STAGE_DUPLICATE), "1", mpath, 6,
                   "a second 'mandiri' assessment (the first is on line 5)");
}
END_TEST

START_TEST(test_check_explanation_missing)
{
    check_body("<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"2\"/>"
               EV("a.pdf", "2") "</indicator>\n"
               "<indicator id=\"2\"><assessment stage=\"mandiri\" level=\"1\"/>"
               "</indicator>\n"
               "<indicator id=\"3\"><assessment stage=\"mandiri\" level=\"2\">"
               "ada</assessment><assessment stage=\"dokumen\" level=\"2\"/>"
               EV("c.pdf", "2") "</indicator>\n");
    /* level 1 needs none; an explanation at any stage counts */
    assert_finding(only(DSR_F_EXPLANATION_MISSING), "1", mpath, 5,
                   "claimed level 2 has no explanation");
    ck_assert_int_eq(only(DSR_F_EXPLANATION_MISSING)->severity, DSR_SEV_NOTE);
}
END_TEST

/* ---- indicators ------------------------------------------------------- */

START_TEST(test_check_indicator_duplicate)
{
    check_body(IND("1", "2", EV("a.pdf", "2")) IND("2", "2", EV("c.pdf", "2"))
                   IND("1", "2", EV("a.pdf", "2")));
    assert_finding(only(DSR_F_INDICATOR_DUPLICATE), "1", mpath, 7,
                   "indicator '1' already appears on line 5");
}
END_TEST

START_TEST(test_check_indicator_unknown)
{
    check_body(IND("1", "2", EV("a.pdf", "2")) IND("99", "2", EV("c.pdf", "2")));
    assert_finding(only(DSR_F_INDICATOR_UNKNOWN), "99", mpath, 6,
                   "indicator '99' is not in framework 'spbe-2020' (it has 47 "
                   "indicators)");
    /* sorted after every catalog indicator */
    ck_assert_str_eq(res.findings.items[res.findings.n - 1].indicator, "99");
}
END_TEST

START_TEST(test_check_indicator_not_filled)
{
    check_body(IND("1", "2", EV("a.pdf", "2")) IND("2", "2", EV("c.pdf", "2"))
               IND("3", "1", "")
               "<indicator id=\"4\" owner=\"Bagian Umum\"/>\n"      /* line 8 */
               "<indicator id=\"5\"/>\n");                          /* line 9 */
    ck_assert_uint_eq(count(DSR_F_INDICATOR_NOT_FILLED), 47 - 3);
    assert_finding(&res.findings.items[0], "4", mpath, 8,
                   "indicator 4 has no assessment yet (owner: Bagian Umum); it "
                   "counts as level 1");
    assert_finding(&res.findings.items[1], "5", mpath, 9,
                   "indicator 5 has no assessment yet; it counts as level 1");
    assert_finding(&res.findings.items[2], "6", mpath, 0,
                   "indicator 6 has no assessment yet; it counts as level 1");
    ck_assert(!dsr_check_filled(&res, "4"));
    ck_assert(dsr_check_filled(&res, "3"));
}
END_TEST

START_TEST(test_check_indicator_none_filled)
{
    check_body("");
    ck_assert_uint_eq(count(DSR_F_INDICATOR_NOT_FILLED), 47);
    ck_assert_uint_eq(res.findings.n, 47);
    ck_assert_uint_eq(res.nfiles, 0);
}
END_TEST

static const struct {
    const char *href;
    int valid;
} links[] = {
    {"https://x.go.id", 1},       {"http://x.go.id/a?b=c#d", 1},
    {"ftp://x.go.id", 0},         {"javascript:alert(1)", 0},
    {"https://", 0},              {"http:///etc/passwd", 0},
    {"https://a b.go.id", 0},     {"www.x.go.id", 0},
    {"file:///etc/passwd", 0},    {"x.pdf", 0},
};

START_TEST(test_check_link_invalid)
{
    char body[512];
    char want[300];

    snprintf(body, sizeof(body),
             "<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"1\"/>"
             "<link href=\"%s\" level=\"1\">app</link></indicator>\n",
             links[_i].href);
    check_body(body);
    if (links[_i].valid) {
        ck_assert_uint_eq(count(DSR_F_LINK_INVALID), 0);
    } else {
        snprintf(want, sizeof(want),
                 "link '%s' is not an http:// or https:// URL", links[_i].href);
        assert_finding(only(DSR_F_LINK_INVALID), "1", mpath, 5, want);
    }
}
END_TEST

START_TEST(test_check_question_unanswered)
{
    check_body("<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"1\"/>"
               "<question stage=\"dokumen\">q</question>"
               "<answer stage=\"mandiri\">a</answer></indicator>\n"
               "<indicator id=\"2\"><assessment stage=\"mandiri\" level=\"1\"/>"
               "<question stage=\"interviu\">q1</question>"
               "<question stage=\"interviu\">q2</question>"
               "<answer stage=\"interviu\">a</answer></indicator>\n");
    assert_finding(only(DSR_F_QUESTION_UNANSWERED), "1", mpath, 5,
                   "the 'dokumen' question has no answer yet");
    ck_assert_int_eq(only(DSR_F_QUESTION_UNANSWERED)->severity, DSR_SEV_NOTE);
}
END_TEST

/* ---- the manifest's own values ---------------------------------------- */

START_TEST(test_check_year_invalid)
{
    check_full("spbe-2020", "2017", "", DEFAULT, "", NULL);
    assert_finding(only(DSR_F_YEAR_INVALID), "", mpath, 1,
                   "year 2017 is outside 2018 to 2100");
    dsr_check_result_release(&res);
    check_full("spbe-2020", "2101", "", DEFAULT, "", NULL);
    assert_finding(only(DSR_F_YEAR_INVALID), "", mpath, 1,
                   "year 2101 is outside 2018 to 2100");
    dsr_check_result_release(&res);
    check_full("spbe-2020", "2100", "", DEFAULT, "", NULL);
    ck_assert_uint_eq(count(DSR_F_YEAR_INVALID), 0);
}
END_TEST

START_TEST(test_check_period_invalid)
{
    check_full("spbe-2020", "2024",
               "<period from=\"2024-06-30\" to=\"2024-01-01\"/>\n", DEFAULT, "",
               NULL);
    assert_finding(only(DSR_F_PERIOD_INVALID), "", mpath, 3,
                   "period ends (2024-01-01) before it starts (2024-06-30)");
    dsr_check_result_release(&res);
    check_full("spbe-2020", "2024",
               "<period from=\"2024-06-30\" to=\"2024-06-30\"/>\n", DEFAULT, "",
               NULL);
    ck_assert_uint_eq(count(DSR_F_PERIOD_INVALID), 0);
}
END_TEST

START_TEST(test_check_period_year)
{
    check_full("spbe-2020", "2024",
               "<period from=\"2020-01-01\" to=\"2020-12-31\"/>\n", DEFAULT, "",
               NULL);
    assert_finding(only(DSR_F_PERIOD_YEAR), "", mpath, 3,
                   "period 2020-01-01 to 2020-12-31 is far from the evaluation "
                   "year 2024");
}
END_TEST

static const struct {
    const char *head;
    enum dsr_lang lang;
    const char *message;    /* NULL: valid */
    unsigned long line;
} index_cases[] = {
    {"<target index=\"5.01\"/>\n", DSR_LANG_ID,
     "target index '5.01' is outside 1,00 to 5,00", 3},
    {"<target index=\"5.01\"/>\n", DSR_LANG_EN,
     "target index '5.01' is outside 1.00 to 5.00", 3},
    {"<target index=\"0,99\"/>\n", DSR_LANG_ID,
     "target index '0,99' is outside 1,00 to 5,00", 3},
    {"<target index=\"12\"/>\n", DSR_LANG_ID,
     "target index '12' is outside 1,00 to 5,00", 3},
    {"\n<previous year=\"2023\" index=\"0.99\"/>\n", DSR_LANG_ID,
     "previous index '0.99' is outside 1,00 to 5,00", 4},
    {"<target index=\"5,00\"/>\n<previous year=\"2023\" index=\"1\"/>\n",
     DSR_LANG_ID, NULL, 0},
    {"<target index=\"2,6\"/>\n", DSR_LANG_ID, NULL, 0},
};

START_TEST(test_check_index_invalid)
{
    struct dsr_check_opts opts = default_opts();

    opts.lang = index_cases[_i].lang;
    check_full("spbe-2020", "2024", index_cases[_i].head, DEFAULT, "", &opts);
    if (index_cases[_i].message)
        assert_finding(only(DSR_F_INDEX_INVALID), "", mpath,
                       index_cases[_i].line, index_cases[_i].message);
    else
        ck_assert_uint_eq(count(DSR_F_INDEX_INVALID), 0);
}
END_TEST

/* ---- the framework ---------------------------------------------------- */

START_TEST(test_check_framework_unknown)
{
    static const char prefix[] = "unknown framework 'spbe-1999' (known: ";
    const struct dsr_finding *f;

    check_full("spbe-1999", "2024", DEFAULT, DEFAULT,
               IND("1", "2", EV("a.pdf", "2")), NULL);
    f = only(DSR_F_FRAMEWORK_UNKNOWN);
    ck_assert_str_eq(f->indicator, "");
    ck_assert_str_eq(f->file, mpath);
    ck_assert_uint_eq(f->line, 1);
    ck_assert_int_eq(strncmp(f->message, prefix, sizeof(prefix) - 1), 0);
    ck_assert_ptr_nonnull(strstr(f->message, "pemdi-2026"));
    ck_assert_ptr_nonnull(strstr(f->message, "spbe-2020"));
    ck_assert_int_eq(f->message[strlen(f->message) - 1], ')');
    ck_assert_ptr_null(res.catalog);
    /* without a catalog, nothing is judged against one */
    ck_assert_uint_eq(count(DSR_F_INDICATOR_NOT_FILLED), 0);
    ck_assert_uint_eq(count(DSR_F_INDICATOR_UNKNOWN), 0);
    /* but the evidence is still checked */
    ck_assert(res.files[0].read);
    ck_assert_int_eq(dsr_check_order("1", &res), 100000);
}
END_TEST

/* An id that is not a plain name is an unknown framework, not a path. */
START_TEST(test_check_framework_path_is_unknown)
{
    check_full("../frameworks/spbe-2020", "2024", DEFAULT, DEFAULT, "", NULL);
    only(DSR_F_FRAMEWORK_UNKNOWN);
    ck_assert_ptr_null(res.catalog);
}
END_TEST

START_TEST(test_check_framework_provisional)
{
    const struct dsr_finding *f;

    check_full("pemdi-2026", "2026", "", DEFAULT,
               IND("1", "2", EV("a.pdf", "2")) IND("2", "1", ""), NULL);
    f = only(DSR_F_FRAMEWORK_PROVISIONAL);
    assert_finding(f, "", mpath, 1,
                   "framework 'pemdi-2026' is provisional: its weights, bands "
                   "and level names are not yet checked against the official "
                   "text");
    ck_assert_int_eq(f->severity, DSR_SEV_NOTE);
    /* the four external indicators get external-missing instead */
    ck_assert_uint_eq(count(DSR_F_INDICATOR_NOT_FILLED), 20 - 2 - 4);
    ck_assert_uint_eq(count(DSR_F_EXTERNAL_MISSING), 4);
    ck_assert_uint_eq(count(DSR_F_FRAMEWORK_YEAR), 0);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
}
END_TEST

START_TEST(test_check_framework_official_not_provisional)
{
    check_body(IND("1", "2", EV("a.pdf", "2")));
    ck_assert_uint_eq(count(DSR_F_FRAMEWORK_PROVISIONAL), 0);
}
END_TEST

START_TEST(test_check_framework_year)
{
    check_full("spbe-2020", "2020", "", DEFAULT, "", NULL);
    assert_finding(only(DSR_F_FRAMEWORK_YEAR), "", mpath, 1,
                   "framework 'spbe-2020' covers 2021–2025, but the manifest "
                   "is for 2020; 'dossier catalog' lists the framework of each "
                   "year");
    dsr_check_result_release(&res);
    /* past its last year too: 2026 is Pemdi's */
    check_full("spbe-2020", "2026", "", DEFAULT, "", NULL);
    only(DSR_F_FRAMEWORK_YEAR);
    dsr_check_result_release(&res);
    check_full("pemdi-2026", "2025", "", DEFAULT, "", NULL);
    only(DSR_F_FRAMEWORK_YEAR);
    dsr_check_result_release(&res);
    check_full("spbe-2020", "2021", "", DEFAULT, "", NULL);
    ck_assert_uint_eq(count(DSR_F_FRAMEWORK_YEAR), 0);
}
END_TEST

/* ---- the evidence root ------------------------------------------------ */

START_TEST(test_check_evidence_root_invalid)
{
    char want[300];

    check_full("spbe-2020", "2024", "", "<evidence-root path=\"tidak-ada\"/>\n",
               IND("1", "2", EV("a.pdf", "2")), NULL);
    snprintf(want, sizeof(want),
             "evidence root 'tidak-ada' cannot be used: %s; no evidence file "
             "was checked",
             strerror(ENOENT));
    assert_finding(only(DSR_F_EVIDENCE_ROOT_INVALID), "", mpath, 3, want);
    /* nothing is resolved, read or reported about the files */
    ck_assert_ptr_null(res.evidence_root);
    ck_assert_uint_eq(count(DSR_F_FILE_MISSING), 0);
    ck_assert_uint_eq(res.nfiles, 1);
    ck_assert(!res.files[0].read);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 1);
}
END_TEST

START_TEST(test_check_evidence_root_is_a_file)
{
    char want[300];

    check_full("spbe-2020", "2024", "",
               "<evidence-root path=\"bukti/a.pdf\"/>\n",
               IND("1", "2", EV("a.pdf", "2")), NULL);
    snprintf(want, sizeof(want),
             "evidence root 'bukti/a.pdf' cannot be used: %s; no evidence "
             "file was checked",
             strerror(ENOTDIR));
    assert_finding(only(DSR_F_EVIDENCE_ROOT_INVALID), "", mpath, 3, want);
}
END_TEST

/*
 * A manifest's root outside its folder (_i: by '..', absolute, by a link)
 * is refused as a whole: no evidence file is opened.
 */
START_TEST(test_check_evidence_root_outside)
{
    const char *other = tu_tmpdir();
    char root[1200];
    char p[700];
    char want[1400];
    const char *given;

    tu_write(other, "a.pdf", pdf, sizeof(pdf) - 1);
    snprintf(p, sizeof(p), "%s/lain", dir);
    ck_assert_int_eq(symlink(other, p), 0);
    if (_i == 0)
        given = "..";
    else if (_i == 1)
        given = other;
    else
        given = "lain";
    snprintf(root, sizeof(root), "<evidence-root path=\"%s\"/>\n", given);
    check_full("spbe-2020", "2024", "", root,
               IND("1", "2", EV("a.pdf", "2")), NULL);
    snprintf(want, sizeof(want),
             "evidence root '%s' lies outside the manifest's folder, so no "
             "evidence file was checked: move the evidence folder into the "
             "manifest's folder, or name it on the command line with "
             "--evidence-root DIR if you trust this manifest",
             given);
    assert_finding(only(DSR_F_EVIDENCE_ROOT_OUTSIDE), "", mpath, 3, want);
    ck_assert_ptr_null(res.evidence_root);
    ck_assert_ptr_null(res.root.real);
    ck_assert(!res.files[0].read);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 1);
    tu_rmtree(other);
}
END_TEST

/* A root named on the command line may be anywhere, and wins. */
START_TEST(test_check_evidence_root_option)
{
    struct dsr_check_opts opts = default_opts();
    const char *other = tu_tmpdir();
    char *real;

    tu_write(other, "a.pdf", pdf, sizeof(pdf) - 1);
    opts.evidence_root = other;
    check_full("spbe-2020", "2024", "", "<evidence-root path=\"/\"/>\n",
               IND("1", "2", EV("a.pdf", "2")), &opts);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert(res.files[0].read);
    real = realpath(other, NULL);
    ck_assert_str_eq(res.evidence_root, real);
    free(real);
    dsr_check_result_release(&res);
    /* a missing one is reported against the option, not the manifest */
    opts.evidence_root = "/tidak/ada";
    check_full("spbe-2020", "2024", "", "",
               IND("1", "2", EV("a.pdf", "2")), &opts);
    only(DSR_F_EVIDENCE_ROOT_INVALID);
    ck_assert_str_eq(only(DSR_F_EVIDENCE_ROOT_INVALID)->file, "/tidak/ada");
    tu_rmtree(other);
}
END_TEST

/* Without <evidence-root> the manifest's directory is the root; an
 * absolute root is used as written. */
START_TEST(test_check_evidence_root_default_and_absolute)
{
    char root[700];

    check_full("spbe-2020", "2024", "", "",
               IND("1", "2", EV("bukti/a.pdf", "2")), NULL);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert(res.files[0].read);
    dsr_check_result_release(&res);
    snprintf(root, sizeof(root), "<evidence-root path=\"%s/bukti\"/>\n", dir);
    check_full("spbe-2020", "2024", "", root,
               IND("1", "2", EV("a.pdf", "2")), NULL);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert(res.files[0].read);
}
END_TEST

/* ---- options ------------------------------------------------------------ */

START_TEST(test_check_manifest_only)
{
    struct dsr_check_opts opts = default_opts();

    opts.manifest_only = true;
    check_full("spbe-2020", "2024", DEFAULT, DEFAULT,
               IND("1", "2", EV("tidak-ada.pdf", "2")
                   "<evidence file=\"a.pdf\">judul</evidence>"),
               &opts);
    /* the entries are judged, the files are not looked at */
    ck_assert_uint_eq(count(DSR_F_FILE_MISSING), 0);
    ck_assert_uint_eq(count(DSR_F_EVIDENCE_NO_LEVEL), 1);
    ck_assert_uint_eq(res.nfiles, 2);
    ck_assert(!res.files[0].read);
    ck_assert(!res.files[1].read);
    ck_assert_ptr_null(res.evidence_root);
}
END_TEST

struct progress {
    size_t calls, max_done, total;
    uint64_t bytes;
};

static void
on_progress(void *ctx, size_t done, size_t total, uint64_t bytes)
{
    struct progress *p = ctx;

    p->calls++;
    if (done > p->max_done)
        p->max_done = done;
    p->total = total;
    if (bytes > p->bytes)
        p->bytes = bytes;
}

START_TEST(test_check_progress)
{
    struct dsr_check_opts opts = default_opts();
    struct progress p = {0};

    opts.progress = on_progress;
    opts.progress_ctx = &p;
    check_full("spbe-2020", "2024", DEFAULT, DEFAULT,
               IND("1", "2", EV("a.pdf", "2") EV("c.pdf", "2")
                   EV("tidak-ada.pdf", "2") EV("kosong.pdf", "2")),
               &opts);
    /* the three files that resolve are read, and each is reported once */
    ck_assert_uint_eq(p.calls, 3);
    ck_assert_uint_eq(p.max_done, 3);
    ck_assert_uint_eq(p.total, 3);
    ck_assert_uint_eq(p.bytes, (sizeof(pdf) - 1) + (sizeof(pdf2) - 1));
}
END_TEST

START_TEST(test_check_cancelled)
{
    struct dsr_check_opts opts = default_opts();
    struct dsr_error err = DSR_ERROR_INIT;
    volatile sig_atomic_t stop = 1;

    opts.cancel = &stop;
    tu_write(dir, "m.xml",
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
             "year=\"2024\">\n<instance name=\"Uji\"/>\n" ROOT_BUKTI
             IND("1", "2", EV("a.pdf", "2")) "</dossier>\n",
             (size_t)-1);
    ck_assert_int_eq(dsr_check(mpath, &opts, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_INTERRUPTED);
}
END_TEST

START_TEST(test_check_write_xml)
{
    char path[700];
    char xml[8192];
    struct dsr_error err = DSR_ERROR_INIT;
    FILE *f;
    size_t n;

    check_body(IND("1", "2", EV("tidak-ada.pdf", "2")));
    snprintf(path, sizeof(path), "%s/findings.xml", dir);
    ck_assert_int_eq(dsr_check_write_xml(&res, path, &err), 0);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    n = fread(xml, 1, sizeof(xml) - 1, f);
    xml[n] = '\0';
    fclose(f);
    ck_assert_ptr_nonnull(strstr(xml, "<findings xmlns=\"urn:dossier:findings:1\" "
                                      "framework=\"spbe-2020\" year=\"2024\" "
                                      "instance=\"Uji\" errors=\"1\""));
    ck_assert_ptr_nonnull(strstr(xml, "<finding code=\"file-missing\" severity=\"error\" "
                                      "indicator=\"1\" file=\"tidak-ada.pdf\" line=\"5\">"
                                      "'tidak-ada.pdf' does not exist under the evidence "
                                      "root</finding>"));
    /* never over an existing file */
    ck_assert_int_eq(dsr_check_write_xml(&res, path, &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
}
END_TEST

/* Any number of reader threads gives the same result. */
static const unsigned jobs[] = {1, 2, 3, 8, 0};

START_TEST(test_check_jobs_same_result)
{
    struct dsr_check_opts opts = default_opts();
    char body[16384];
    size_t n = 0;

    for (int i = 0; i < 40; i++) {
        char name[32];
        char content[512];

        snprintf(name, sizeof(name), "bukti/f%02d.pdf", i);
        snprintf(content, sizeof(content),
                 "%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> "
                 "endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> "
                 "endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox "
                 "[0 0 %d %d] >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n",
                 i % 20 + 1, i % 20 + 1); /* f00 and f20 alike, etc. */
        tu_write(dir, name, content, (size_t)-1);
    }
    for (int ind = 1; ind <= 8; ind++) {
        n += (size_t)snprintf(body + n, sizeof(body) - n,
                              "<indicator id=\"%d\"><assessment "
                              "stage=\"mandiri\" level=\"1\">x</assessment>",
                              ind);
        for (int k = 0; k < 5; k++)
            n += (size_t)snprintf(body + n, sizeof(body) - n,
                                  "<evidence file=\"f%02d.pdf\" level=\"1\">"
                                  "t</evidence>",
                                  (ind - 1) * 5 + k);
        n += (size_t)snprintf(body + n, sizeof(body) - n, "</indicator>\n");
    }
    ck_assert_uint_lt(n, sizeof(body));
    opts.jobs = jobs[_i];
    check_full("spbe-2020", "2024", DEFAULT, DEFAULT, body, &opts);
    ck_assert_uint_eq(res.nfiles, 40);
    for (size_t i = 0; i < res.nfiles; i++) {
        ck_assert(res.files[i].read);
        ck_assert_str_eq(res.files[i].info.mime, "application/pdf");
        if (i >= 20)
            ck_assert_str_eq(res.files[i].info.sha256,
                             res.files[i - 20].info.sha256);
        else
            ck_assert_str_ne(res.files[i].info.sha256,
                             res.files[i + 1].info.sha256);
    }
    ck_assert_uint_eq(count(DSR_F_CONTENT_DUPLICATE), 20);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert_uint_eq(res.findings.n, 20 + (47 - 8));
}
END_TEST

/* Findings come out sorted: manifest-wide first, then catalog order, then
 * line and code. */
START_TEST(test_check_findings_sorted)
{
    check_full("spbe-2020", "2017",
               "<period from=\"2024-06-30\" to=\"2024-01-01\"/>\n", DEFAULT,
               IND("3", "9", EV("tidak-ada.pdf", "2"))
               IND("1", "2", EV("kosong.pdf", "2")) IND("99", "2", "")
               IND("2", "0", ""),
               NULL);
    ck_assert_uint_gt(res.findings.n, 10);
    for (size_t i = 1; i < res.findings.n; i++) {
        const struct dsr_finding *a = &res.findings.items[i - 1];
        const struct dsr_finding *b = &res.findings.items[i];
        long oa = *a->indicator ? dsr_check_order(a->indicator, &res) : -1;
        long ob = *b->indicator ? dsr_check_order(b->indicator, &res) : -1;

        ck_assert_msg(oa < ob || (oa == ob && a->line < b->line) ||
                          (oa == ob && a->line == b->line && a->code <= b->code),
                      "finding %zu (%s %s:%lu) before %zu (%s %s:%lu)", i - 1,
                      dsr_finding_name(a->code), a->indicator, a->line, i,
                      dsr_finding_name(b->code), b->indicator, b->line);
    }
    ck_assert_int_eq(res.findings.items[0].code, DSR_F_YEAR_INVALID);
    ck_assert_str_eq(res.findings.items[res.findings.n - 1].indicator, "99");
}
END_TEST

/* ---- the input is not a manifest, or the tool is broken --------------- */

START_TEST(test_check_manifest_not_loaded)
{
    struct dsr_check_opts opts = default_opts();
    struct dsr_error err = DSR_ERROR_INIT;

    tu_write(dir, "m.xml", "<dossier>\n<oops>\n</dossier>\n", (size_t)-1);
    ck_assert_int_eq(dsr_check(mpath, &opts, &res, &err), 0);
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_ptr_null(res.manifest);
    ck_assert_ptr_null(res.catalog);
    ck_assert_uint_eq(res.nfiles, 0);
    ck_assert_uint_ge(res.findings.n, 1);
    ck_assert_int_eq(res.findings.items[0].code, DSR_F_XML_MALFORMED);
    ck_assert_uint_eq(res.findings.items[0].line, 3);
    ck_assert(!dsr_check_filled(&res, "1"));
    ck_assert_int_eq(dsr_check_order("1", &res), LONG_MAX);
}
END_TEST

START_TEST(test_check_broken_catalog_is_tool_error)
{
    struct dsr_check_opts opts = default_opts();
    struct dsr_error err = DSR_ERROR_INIT;
    char fw[700];

    snprintf(fw, sizeof(fw), "%s/frameworks", dir);
    tu_write(fw, "spbe-2020.xml", "<framework/>", (size_t)-1);
    tu_write(dir, "m.xml",
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
             "year=\"2024\"><instance name=\"x\"/></dossier>",
             (size_t)-1);
    opts.frameworks_dir = fw;
    ck_assert_int_eq(dsr_check(mpath, &opts, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_CATALOG);
    dsr_check_result_release(&res);
    /* the same with a NULL error struct */
    ck_assert_int_eq(dsr_check(mpath, &opts, &res, NULL), -1);
}
END_TEST

START_TEST(test_check_missing_schemas_is_tool_error)
{
    struct dsr_check_opts opts = default_opts();
    struct dsr_error err = DSR_ERROR_INIT;

    tu_write(dir, "m.xml",
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
             "year=\"2024\"><instance name=\"x\"/></dossier>",
             (size_t)-1);
    opts.schemas_dir = "/nonexistent/schemas";
    ck_assert_int_eq(dsr_check(mpath, &opts, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_str_eq(err.path, "/nonexistent/schemas/manifest.xsd");
    ck_assert_uint_eq(res.findings.n, 0);
}
END_TEST

/* ---- the facts check computes for score, render, bundle and the CLI ---- */

#define ASSESS(stage, lv) "<assessment stage=\"" stage "\" level=\"" lv "\">x</assessment>"

START_TEST(test_check_facts_match)
{
    const struct dsr_manifest *m;

    /* out of catalog order, '2' listed twice, '46' not in the manifest */
    check_body("<indicator id=\"47\"/>\n"
               "<indicator id=\"2\" owner=\"Pertama\"/>\n"
               "<indicator id=\"1\"/>\n"
               "<indicator id=\"2\" owner=\"Kedua\"/>\n");
    m = res.manifest;
    ck_assert_uint_eq(res.nindicators, 47);
    ck_assert_uint_eq(res.nindicators, res.catalog->nindicators);
    for (size_t i = 0; i < res.nindicators; i++)
        ck_assert_ptr_eq(res.indicators[i].def, &res.catalog->indicators[i]);
    ck_assert_str_eq(res.indicators[0].def->id, "1");
    ck_assert_ptr_eq(res.indicators[0].mind, &m->indicators[2]);
    ck_assert_uint_eq(res.indicators[0].mindex, 2);
    /* the first of two entries, as dsr_manifest_indicator() finds it */
    ck_assert_ptr_eq(res.indicators[1].mind, &m->indicators[1]);
    ck_assert_uint_eq(res.indicators[1].mindex, 1);
    ck_assert_str_eq(res.indicators[1].mind->owner, "Pertama");
    ck_assert_ptr_eq(res.indicators[46].mind, &m->indicators[0]);
    ck_assert_uint_eq(res.indicators[46].mindex, 0);
    ck_assert_ptr_null(res.indicators[45].mind);
    ck_assert_ptr_null(res.indicators[2].mind);
    for (size_t i = 0; i < res.nindicators; i++)
        ck_assert_ptr_eq(res.indicators[i].mind,
                         dsr_manifest_indicator(m, res.indicators[i].def->id));
}
END_TEST

START_TEST(test_check_facts_filled)
{
    const struct dsr_manifest *m;

    check_body("<indicator id=\"1\">" ASSESS("mandiri", "3") ASSESS("dokumen", "2")
               "</indicator>\n"
               "<indicator id=\"2\"/>\n"
               "<indicator id=\"3\">" ASSESS("interviu", "4") ASSESS("mandiri", "5")
               "</indicator>\n");
    m = res.manifest;
    ck_assert_uint_eq(res.nfilled, 2);
    ck_assert(res.indicators[0].filled);
    ck_assert_ptr_eq(res.indicators[0].counted, &m->indicators[0].assessments[1]);
    ck_assert_int_eq(res.indicators[0].level, 2);
    ck_assert_int_eq(res.indicators[0].stage, DSR_STAGE_DOKUMEN);
    ck_assert(!res.indicators[1].filled);
    ck_assert_ptr_null(res.indicators[1].counted);
    ck_assert_int_eq(res.indicators[1].level, 1);
    ck_assert_int_eq(res.indicators[1].stage, -1);
    /* the latest stage counts, not the last listed */
    ck_assert(res.indicators[2].filled);
    ck_assert_ptr_eq(res.indicators[2].counted, &m->indicators[2].assessments[0]);
    ck_assert_int_eq(res.indicators[2].level, 4);
    ck_assert_int_eq(res.indicators[2].stage, DSR_STAGE_INTERVIU);
    ck_assert(!res.indicators[3].filled);
    ck_assert_int_eq(res.indicators[3].level, 1);
    for (size_t i = 0; i < res.nindicators; i++)
        ck_assert(res.indicators[i].filled ==
                  dsr_check_filled(&res, res.indicators[i].def->id));
}
END_TEST

START_TEST(test_check_facts_counted_level_per_stage)
{
    /* level at mandiri, dokumen, interviu, visitasi and latest; 0: level 1 */
    static const struct {
        int level[DSR_STAGE_COUNT + 1];
        int stage[DSR_STAGE_COUNT + 1];
    } want[] = {
        {{3, 2, 2, 4, 4}, {0, 1, 1, 3, 3}},
        {{1, 3, 3, 3, 3}, {-1, 1, 1, 1, 1}},
        {{1, 1, 1, 1, 1}, {-1, -1, -1, -1, -1}},
        {{2, 2, 5, 5, 5}, {0, 0, 2, 2, 2}},
    };
    struct dsr_score_opts so = {.target = -1};
    struct dsr_error err = DSR_ERROR_INIT;

    /* '4' has two interviu assessments: the first listed counts */
    check_body("<indicator id=\"1\">" ASSESS("visitasi", "4") ASSESS("mandiri", "3")
               ASSESS("dokumen", "2") "</indicator>\n"
               "<indicator id=\"2\">" ASSESS("dokumen", "3") "</indicator>\n"
               "<indicator id=\"3\"/>\n"
               "<indicator id=\"4\">" ASSESS("interviu", "5") ASSESS("mandiri", "2")
               ASSESS("interviu", "1") "</indicator>\n");
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        for (int st = 0; st <= DSR_STAGE_COUNT; st++) {
            int at = st == DSR_STAGE_COUNT ? -1 : st;
            int got_stage = 99;
            int lv = dsr_check_counted_level(&res.indicators[i], at, &got_stage);
            struct dsr_score s;

            ck_assert_msg(lv == want[i].level[st] && got_stage == want[i].stage[st],
                          "indicator %zu at stage %d: level %d stage %d", i + 1,
                          at, lv, got_stage);
            ck_assert_int_eq(dsr_check_counted_level(&res.indicators[i], at, NULL),
                             lv);
            /* score counts by the same rule */
            so.stage = at;
            ck_assert_int_eq(dsr_score_checked(&res, &so, &s, &err), 0);
            ck_assert_int_eq(s.indicators[i].level, lv);
            ck_assert_int_eq(s.indicators[i].stage, got_stage);
            dsr_score_release(&s);
        }
    }
    ck_assert_int_eq(res.indicators[0].level, 4);
    ck_assert_int_eq(res.indicators[3].level, 5);
}
END_TEST

START_TEST(test_check_facts_level_out_of_range)
{
    int stage = 99;

    check_body("<indicator id=\"1\">" ASSESS("mandiri", "7") "</indicator>\n");
    /* filled (it has an assessment), but it counts as level 1 */
    ck_assert(res.indicators[0].filled);
    ck_assert_int_eq(res.indicators[0].counted->level, 7);
    ck_assert_int_eq(res.indicators[0].level, 1);
    ck_assert_int_eq(res.indicators[0].stage, -1);
    ck_assert_int_eq(dsr_check_counted_level(&res.indicators[0], DSR_STAGE_MANDIRI,
                                             &stage), 1);
    ck_assert_int_eq(stage, -1);
}
END_TEST

START_TEST(test_check_facts_owners)
{
    const struct dsr_check_owner *o;

    /* catalog order 1, 2, 3, 4: "Beta", "Alfa", none, "Beta"; then absent */
    check_body("<indicator id=\"4\" owner=\"Beta\"/>\n"
               "<indicator id=\"3\"/>\n"
               "<indicator id=\"2\" owner=\"Alfa\"/>\n"
               "<indicator id=\"1\" owner=\"Beta\"/>\n"
               "<indicator id=\"5\" owner=\"Alfa\"/>\n");
    ck_assert_uint_eq(res.nowners, 3);
    o = &res.owners[0];
    ck_assert_str_eq(o->name, "Beta");
    ck_assert_uint_eq(o->nindicators, 2);
    ck_assert_uint_eq(o->indicators[0], 0);
    ck_assert_uint_eq(o->indicators[1], 3);
    o = &res.owners[1];
    ck_assert_str_eq(o->name, "Alfa");
    ck_assert_uint_eq(o->nindicators, 2);
    ck_assert_uint_eq(o->indicators[0], 1);
    ck_assert_uint_eq(o->indicators[1], 4);
    /* no owner named, or not in the manifest at all: one group "" */
    o = &res.owners[2];
    ck_assert_str_eq(o->name, "");
    ck_assert_uint_eq(o->nindicators, 47 - 4);
    ck_assert_uint_eq(o->indicators[0], 2);
    ck_assert_uint_eq(o->indicators[1], 5);
    ck_assert_uint_eq(o->indicators[o->nindicators - 1], 46);
    for (size_t i = 0; i < res.nindicators; i++) {
        const struct dsr_check_owner *g = &res.owners[res.indicators[i].owner];
        const struct dsr_mindicator *mi = res.indicators[i].mind;
        bool listed = false;

        ck_assert_str_eq(g->name, mi ? mi->owner : "");
        for (size_t x = 0; x < g->nindicators; x++)
            listed = listed || g->indicators[x] == i;
        ck_assert(listed);
    }
}
END_TEST

START_TEST(test_check_facts_empty_without_catalog)
{
    check_full("tidak-ada", "2024", DEFAULT, DEFAULT,
               "<indicator id=\"1\" owner=\"Beta\">" ASSESS("mandiri", "3")
               "</indicator>\n", NULL);
    ck_assert_ptr_null(res.catalog);
    ck_assert_uint_eq(res.nindicators, 0);
    ck_assert_uint_eq(res.nfilled, 0);
    ck_assert_uint_eq(res.nowners, 0);
    /* not in any catalog: dsr_check_filled() asks the manifest */
    ck_assert(dsr_check_filled(&res, "1"));
}
END_TEST

/* ---- issue 20: items, verdicts, responses, values, external ------------ */

static void
check_pemdi(const char *body)
{
    check_full("pemdi-2026", "2026", DEFAULT, DEFAULT, body, NULL);
}

/* The findings with 'code', in order: the i-th of them. */
static const struct dsr_finding *
nth(enum dsr_finding_code code, size_t i)
{
    for (size_t k = 0; k < res.findings.n; k++)
        if (res.findings.items[k].code == code && i-- == 0)
            return &res.findings.items[k];
    ck_abort_msg("too few %s", dsr_finding_name(code));
    return NULL;
}

#define VASSESS(stage, lv, value)                                             \
    "<assessment stage=\"" stage "\" level=\"" lv "\" value=\"" value "\"/>"
#define EVI(file, lv, items)                                                 \
    "<evidence file=\"" file "\" level=\"" lv "\" item=\"" items             \
    "\">judul</evidence>"
#define VERDICT(stage, item, status)                                         \
    "<verdict stage=\"" stage "\" item=\"" item "\" status=\"" status "\"/>"

START_TEST(test_check_value_invalid)
{
    check_body("<indicator id=\"1\">" VASSESS("mandiri", "1", "abc")
               "</indicator>\n"                                     /* 5 */
               "<indicator id=\"2\">" VASSESS("mandiri", "1", "7")
               "</indicator>\n"                                     /* 6 */
               "<indicator id=\"3\">" VASSESS("mandiri", "1", "0,5")
               "</indicator>\n"                                     /* 7 */
               "<indicator id=\"4\">" VASSESS("mandiri", "1", "1.00001")
               "</indicator>\n"                                     /* 8 */
               "<indicator id=\"5\">" VASSESS("mandiri", "1", "1,0000")
               VASSESS("dokumen", "5", "5") "</indicator>\n");       /* 9 */
    ck_assert_uint_eq(count(DSR_F_VALUE_INVALID), 4);
    assert_finding(nth(DSR_F_VALUE_INVALID, 0), "1", mpath, 5,
                   "value 'abc' of the mandiri assessment is not a number "
                   "with at most four decimals: write it as 1.1667 or 1,1667");
    assert_finding(nth(DSR_F_VALUE_INVALID, 1), "2", mpath, 6,
                   "value '7' of the mandiri assessment is outside 1,00 to "
                   "5,00: an indicator's value lies from 1 to 5");
    ck_assert_uint_eq(nth(DSR_F_VALUE_INVALID, 2)->line, 7);
    ck_assert_uint_eq(nth(DSR_F_VALUE_INVALID, 3)->line, 8);
    ck_assert_int_eq(nth(DSR_F_VALUE_INVALID, 0)->severity, DSR_SEV_ERROR);
}
END_TEST

START_TEST(test_check_value_out_of_band)
{
    /* Pemdi: level 1 is 1.00 to 1.50, level 2 1.50 to 2.50, both ends in */
    check_pemdi("<indicator id=\"1\">" VASSESS("dokumen", "2", "1.3")
                "</indicator>\n"                                    /* 5 */
                "<indicator id=\"2\">" VASSESS("dokumen", "1", "1,5")
                "</indicator>\n"                                    /* 6 */
                "<indicator id=\"3\">" VASSESS("dokumen", "2", "1.5")
                VASSESS("visitasi", "2", "2.5") "</indicator>\n"     /* 7 */
                "<indicator id=\"4\">" VASSESS("dokumen", "4", "4.0001")
                "</indicator>\n"                                    /* 8 */
                "<indicator id=\"8\">" VASSESS("dokumen", "5", "5")
                "</indicator>\n");                                  /* 9 */
    ck_assert_uint_eq(count(DSR_F_VALUE_OUT_OF_BAND), 2);
    assert_finding(nth(DSR_F_VALUE_OUT_OF_BAND, 0), "1", mpath, 5,
                   "value '1.3' of the dokumen assessment lies outside the "
                   "band of level 2 (1,50 to 2,50): correct the value or the "
                   "level");
    assert_finding(nth(DSR_F_VALUE_OUT_OF_BAND, 1), "4", mpath, 8,
                   "value '4.0001' of the dokumen assessment lies outside the "
                   "band of level 4 (3,50 to 4,00): correct the value or the "
                   "level");
    ck_assert_int_eq(nth(DSR_F_VALUE_OUT_OF_BAND, 0)->severity,
                     DSR_SEV_WARNING);
    dsr_check_result_release(&res);
    /* spbe-2020: its own bands (level 2 is 1.80 to 2.60) */
    check_body("<indicator id=\"1\">" VASSESS("mandiri", "2", "1.7")
               VASSESS("dokumen", "2", "2.6") "</indicator>\n");
    assert_finding(only(DSR_F_VALUE_OUT_OF_BAND), "1", mpath, 5,
                   "value '1.7' of the mandiri assessment lies outside the "
                   "band of level 2 (1,80 to 2,60): correct the value or the "
                   "level");
}
END_TEST

START_TEST(test_check_item_unknown)
{
    check_pemdi(IND("1", "1", EVI("a.pdf", "1", "I1-L1-01 I1-L9-01 I2-L1-01")
                "\n<response item=\"X\">x</response>"));        /* 5, 6 */
    ck_assert_uint_eq(count(DSR_F_ITEM_UNKNOWN), 3);
    assert_finding(nth(DSR_F_ITEM_UNKNOWN, 0), "1", mpath, 5,
                   "item I1-L9-01 is not an item of indicator 1 (its items "
                   "run from I1-L1-01 to I1-L5-03): correct the id");
    assert_finding(nth(DSR_F_ITEM_UNKNOWN, 1), "1", mpath, 5,
                   "item I2-L1-01 belongs to indicator 2, not to indicator 1: "
                   "move it there, or correct the id");
    assert_finding(nth(DSR_F_ITEM_UNKNOWN, 2), "1", mpath, 6,
                   "item X is not an item of indicator 1 (its items run from "
                   "I1-L1-01 to I1-L5-03): correct the id");
    ck_assert_int_eq(nth(DSR_F_ITEM_UNKNOWN, 0)->severity, DSR_SEV_ERROR);
    dsr_check_result_release(&res);
    /* a framework without items says so */
    check_body(IND("1", "1", EVI("a.pdf", "1", "I1-L1-01")));
    assert_finding(only(DSR_F_ITEM_UNKNOWN), "1", mpath, 5,
                   "framework 'spbe-2020' has no items (butir): remove "
                   "item=\"I1-L1-01\"");
}
END_TEST

START_TEST(test_check_item_unsupported)
{
    /* I1 has four items on level 2; two are named; level 1 is not asked */
    check_pemdi("<indicator id=\"1\"><assessment stage=\"mandiri\" "
                "level=\"1\">x</assessment>\n"                      /* 5 */
                "<assessment stage=\"dokumen\" level=\"2\"/>\n"     /* 6 */
                EVI("a.pdf", "2", "I1-L2-01") EVI("c.pdf", "2", "I1-L2-03")
                "</indicator>\n"
                /* an external indicator's items are index bands */
                IND("5", "3", ""));
    assert_finding(only(DSR_F_ITEM_UNSUPPORTED), "1", mpath, 6,
                   "items I1-L2-02, I1-L2-04 of the claimed level 2 "
                   "(dokumen) have no evidence: name each in the item "
                   "attribute of the evidence that supports it, or add "
                   "those documents");
    ck_assert_int_eq(only(DSR_F_ITEM_UNSUPPORTED)->severity, DSR_SEV_WARNING);
    dsr_check_result_release(&res);
    /* an item the assessors accepted was judged on the portal */
    check_pemdi("<indicator id=\"1\">"
                "<assessment stage=\"dokumen\" level=\"2\"/>\n"     /* 5 */
                EVI("a.pdf", "2", "I1-L2-01") EVI("c.pdf", "2", "I1-L2-03")
                "\n" VERDICT("dokumen", "I1-L2-02", "diterima")
                "</indicator>\n");
    assert_finding(only(DSR_F_ITEM_UNSUPPORTED), "1", mpath, 5,
                   "item I1-L2-04 of the claimed level 2 (dokumen) has no "
                   "evidence: name it in the item attribute of the evidence "
                   "that supports it, or add that document");
    dsr_check_result_release(&res);
    check_pemdi(IND("1", "1", EVI("a.pdf", "1", "I1-L1-01")));
    ck_assert_uint_eq(count(DSR_F_ITEM_UNSUPPORTED), 0);
}
END_TEST

START_TEST(test_check_verdict_item_unknown)
{
    check_pemdi(IND("1", "1", EVI("a.pdf", "1", "I1-L1-01")
                "\n" VERDICT("dokumen", "I1-L1-01", "diterima")     /* 6 */
                "\n" VERDICT("dokumen", "I1-L6-01", "diterima")));  /* 7 */
    assert_finding(only(DSR_F_VERDICT_ITEM_UNKNOWN), "1", mpath, 7,
                   "item I1-L6-01 is not an item of indicator 1 (its items "
                   "run from I1-L1-01 to I1-L5-03): correct the id");
    ck_assert_int_eq(only(DSR_F_VERDICT_ITEM_UNKNOWN)->severity, DSR_SEV_ERROR);
    dsr_check_result_release(&res);
    check_body(IND("1", "1", "\n" VERDICT("dokumen", "I1-L1-01", "diterima")));
    assert_finding(only(DSR_F_VERDICT_ITEM_UNKNOWN), "1", mpath, 6,
                   "framework 'spbe-2020' has no items (butir): a verdict "
                   "there is on the indicator's level; remove "
                   "item=\"I1-L1-01\"");
    dsr_check_result_release(&res);
    /* a revisi on an unknown item is that error, not also an agenda
     * entry for an item that does not exist */
    check_pemdi(IND("1", "1", EVI("a.pdf", "1", "I1-L1-01")
                "\n" VERDICT("dokumen", "I1-L6-01", "revisi")
                "\n" VERDICT("dokumen", "I1-L1-0\xe2\x80\x8b" "1", "revisi")));
    ck_assert_uint_eq(count(DSR_F_VERDICT_ITEM_UNKNOWN), 2);
    ck_assert_uint_eq(count(DSR_F_REVISI_NO_RESPONSE), 0);
    /* the zero-width space that makes I1-L1-01 unknown is named */
    assert_finding(nth(DSR_F_VERDICT_ITEM_UNKNOWN, 1), "1", mpath, 7,
                   "item I1-L1-0\xe2\x80\x8b" "1 holds the character U+200B "
                   "(character 8), which no item id has (often pasted with "
                   "the text): retype the id");
    dsr_check_result_release(&res);
    check_body(IND("1", "1", "\n" VERDICT("dokumen", "I1-L1-01", "revisi")));
    ck_assert_uint_eq(count(DSR_F_VERDICT_ITEM_UNKNOWN), 1);
    ck_assert_uint_eq(count(DSR_F_REVISI_NO_RESPONSE), 0);
}
END_TEST

START_TEST(test_check_verdict_item_missing)
{
    check_pemdi(IND("1", "1", EVI("a.pdf", "1", "I1-L1-01")
                "\n<verdict stage=\"interviu\" status=\"diterima\"/>"));
    assert_finding(only(DSR_F_VERDICT_ITEM_MISSING), "1", mpath, 6,
                   "the interviu verdict names no item: framework "
                   "'pemdi-2026' judges items (butir), so write the item's "
                   "id, such as item=\"I1-L1-01\"");
    ck_assert_int_eq(only(DSR_F_VERDICT_ITEM_MISSING)->severity,
                     DSR_SEV_WARNING);
    dsr_check_result_release(&res);
    /* without items, a verdict is on the level */
    check_body(IND("1", "1", "<verdict stage=\"interviu\" status=\"diterima\"/>"));
    ck_assert_uint_eq(count(DSR_F_VERDICT_ITEM_MISSING), 0);
    ck_assert_uint_eq(count(DSR_F_VERDICT_ITEM_UNKNOWN), 0);
}
END_TEST

START_TEST(test_check_revisi_no_response)
{
    check_pemdi(IND("1", "2", EVI("a.pdf", "1", "I1-L1-01")
                /* answered */
                "\n" VERDICT("dokumen", "I1-L1-01", "revisi")       /* 6 */
                "\n<response item=\"I1-L1-01\">SK baru</response>"  /* 7 */
                /* not answered */
                "\n" VERDICT("dokumen", "I1-L2-01", "revisi")       /* 8 */
                /* revisi, then accepted at the interview */
                "\n" VERDICT("dokumen", "I1-L2-02", "revisi")       /* 9 */
                "\n" VERDICT("interviu", "I1-L2-02", "diterima")    /* 10 */
                /* accepted, then revisi at the visit */
                "\n" VERDICT("visitasi", "I1-L2-03", "revisi")      /* 11 */
                "\n" VERDICT("dokumen", "I1-L2-03", "diterima")));  /* 12 */
    ck_assert_uint_eq(count(DSR_F_REVISI_NO_RESPONSE), 2);
    assert_finding(nth(DSR_F_REVISI_NO_RESPONSE, 0), "1", mpath, 8,
                   "item I1-L2-01 is revisi at the dokumen stage and has no "
                   "response yet: it is on the interview agenda; write "
                   "<response item=\"I1-L2-01\"> with the institution's "
                   "answer and its evidence");
    ck_assert_uint_eq(nth(DSR_F_REVISI_NO_RESPONSE, 1)->line, 11);
    ck_assert_int_eq(nth(DSR_F_REVISI_NO_RESPONSE, 0)->severity,
                     DSR_SEV_WARNING);
    dsr_check_result_release(&res);
    /* without items: a revisi on the level, answered by any response */
    check_body(IND("1", "1", "\n<verdict stage=\"dokumen\" status=\"revisi\"/>"));
    assert_finding(only(DSR_F_REVISI_NO_RESPONSE), "1", mpath, 6,
                   "the level is revisi at the dokumen stage and has no "
                   "response yet: it is on the interview agenda; write a "
                   "<response> with the institution's answer and its "
                   "evidence");
    dsr_check_result_release(&res);
    check_body(IND("1", "1", "<verdict stage=\"dokumen\" status=\"revisi\"/>"
                   "<response>sanggahan</response>"));
    ck_assert_uint_eq(count(DSR_F_REVISI_NO_RESPONSE), 0);
}
END_TEST

START_TEST(test_check_accepted_above_rejected)
{
    check_pemdi(IND("1", "3", EVI("a.pdf", "1", "I1-L1-01")
                "\n" VERDICT("dokumen", "I1-L3-02", "diterima")     /* 6 */
                "\n" VERDICT("dokumen", "I1-L1-01", "revisi")       /* 7 */
                "\n" VERDICT("dokumen", "I1-L2-01", "diterima")     /* 8 */
                "\n" VERDICT("dokumen", "I1-L2-02", "revisi")       /* 9 */
                "\n<response item=\"I1-L1-01\">x</response>"
                "<response item=\"I1-L2-02\">x</response>"));
    assert_finding(only(DSR_F_ACCEPTED_ABOVE_REJECTED), "1", mpath, 6,
                   "items I1-L2-01, I1-L3-02 are accepted although level 1 "
                   "below them has the revisi item I1-L1-01: the portal will "
                   "reject them automatically (otomatis ditolak) until "
                   "I1-L1-01 is accepted");
    ck_assert_int_eq(only(DSR_F_ACCEPTED_ABOVE_REJECTED)->severity,
                     DSR_SEV_NOTE);
    dsr_check_result_release(&res);
    /* accepted at the interview: the level below no longer holds them */
    check_pemdi(IND("1", "2", EVI("a.pdf", "1", "I1-L1-01")
                VERDICT("dokumen", "I1-L1-01", "revisi")
                VERDICT("interviu", "I1-L1-01", "diterima")
                VERDICT("dokumen", "I1-L2-01", "diterima")
                "<response item=\"I1-L1-01\">x</response>"));
    ck_assert_uint_eq(count(DSR_F_ACCEPTED_ABOVE_REJECTED), 0);
}
END_TEST

START_TEST(test_check_external_missing)
{
    /* 5 (SDI) absent; 6 (SJIG) has the assessor's value; 7 its index;
       18 listed without either */
    check_pemdi("<indicator id=\"6\">" VASSESS("dokumen", "2", "2.25")
                "</indicator>\n"                                    /* 5 */
                "<indicator id=\"7\"><external index=\"IPS\" "
                "value=\"3.2\"/></indicator>\n"                     /* 6 */
                "<indicator id=\"18\" owner=\"Diskominfo\"/>\n");   /* 7 */
    ck_assert_uint_eq(count(DSR_F_EXTERNAL_MISSING), 2);
    assert_finding(nth(DSR_F_EXTERNAL_MISSING, 0), "5", mpath, 0,
                   "indicator 5 is scored from the SDI index (Indeks Satu "
                   "Data Indonesia) and has no value yet: it counts as 1; "
                   "add <external index=\"SDI\" value=\"...\"/> with the "
                   "value Bappenas published");
    ck_assert_str_eq(nth(DSR_F_EXTERNAL_MISSING, 1)->indicator, "18");
    ck_assert_uint_eq(nth(DSR_F_EXTERNAL_MISSING, 1)->line, 7);
    ck_assert_int_eq(nth(DSR_F_EXTERNAL_MISSING, 0)->severity, DSR_SEV_NOTE);
    /* an index value is not assessed: no indicator-not-filled for them */
    for (size_t i = 0; i < res.findings.n; i++)
        if (res.findings.items[i].code == DSR_F_INDICATOR_NOT_FILLED) {
            const char *id = res.findings.items[i].indicator;

            ck_assert(strcmp(id, "5") && strcmp(id, "6") && strcmp(id, "7") &&
                      strcmp(id, "18"));
        }
}
END_TEST

START_TEST(test_check_external_invalid)
{
    check_pemdi("<indicator id=\"1\"><external index=\"SDI\" value=\"3\"/>"
                "</indicator>\n"                                    /* 5 */
                "<indicator id=\"5\"><external index=\"SJIG\" value=\"3\"/>"
                "</indicator>\n"                                    /* 6 */
                "<indicator id=\"6\"><external index=\"SJIG\" value=\"6\"/>"
                "</indicator>\n"                                    /* 7 */
                "<indicator id=\"18\"><external index=\"SDI-INTEROP\" "
                "value=\"100.01\"/></indicator>\n"                  /* 8 */
                "<indicator id=\"7\"><external index=\"IPS\" value=\"5\"/>"
                "</indicator>\n");                                  /* 9 */
    ck_assert_uint_eq(count(DSR_F_EXTERNAL_INVALID), 4);
    assert_finding(nth(DSR_F_EXTERNAL_INVALID, 0), "1", mpath, 5,
                   "indicator 1 is scored from evidence, not from an "
                   "external index: remove <external>");
    assert_finding(nth(DSR_F_EXTERNAL_INVALID, 1), "5", mpath, 6,
                   "index 'SJIG' is not the one indicator 5 is scored from: "
                   "write index=\"SDI\" (Indeks Satu Data Indonesia, Bappenas)");
    assert_finding(nth(DSR_F_EXTERNAL_INVALID, 2), "6", mpath, 7,
                   "SJIG value '6' is outside 1,00 to 5,00: no conversion of "
                   "the SJIG index is known, so value is the indicator's "
                   "value itself");
    assert_finding(nth(DSR_F_EXTERNAL_INVALID, 3), "18", mpath, 8,
                   "SDI-INTEROP value '100.01' is outside the index's range "
                   "0,00 to 100,00: write the value the agency published");
    ck_assert_int_eq(nth(DSR_F_EXTERNAL_INVALID, 0)->severity, DSR_SEV_ERROR);
}
END_TEST

START_TEST(test_check_verdict_duplicate)
{
    check_pemdi(IND("1", "1", EVI("a.pdf", "1", "I1-L1-01")
                "\n" VERDICT("dokumen", "I1-L1-01", "revisi")       /* 6 */
                "\n" VERDICT("interviu", "I1-L1-01", "revisi")      /* 7 */
                "\n" VERDICT("dokumen", "I1-L1-01", "diterima")));  /* 8 */
    assert_finding(only(DSR_F_VERDICT_DUPLICATE), "1", mpath, 8,
                   "a second dokumen verdict on item I1-L1-01 (the first is "
                   "on line 6): the later one counts; remove the one that no "
                   "longer holds");
    ck_assert_int_eq(only(DSR_F_VERDICT_DUPLICATE)->severity, DSR_SEV_WARNING);
    dsr_check_result_release(&res);
    check_body(IND("1", "1", "<verdict stage=\"dokumen\" status=\"revisi\"/>\n"
                   "<verdict stage=\"dokumen\" status=\"diterima\"/>"));
    assert_finding(only(DSR_F_VERDICT_DUPLICATE), "1", mpath, 6,
                   "a second dokumen verdict on the indicator's level (the "
                   "first is on line 5): the later one counts; remove the "
                   "one that no longer holds");
}
END_TEST

START_TEST(test_check_verdict_kind_ignored)
{
    check_pemdi(IND("1", "1", EVI("a.pdf", "1", "I1-L1-01")
                "\n<verdict stage=\"dokumen\" item=\"I1-L1-01\" "
                "status=\"diterima\" kind=\"belum-diunggah\"/>"));
    assert_finding(only(DSR_F_VERDICT_KIND_IGNORED), "1", mpath, 6,
                   "a diterima verdict has kind 'belum-diunggah', which only "
                   "a revisi has, and it is ignored: remove kind, or write "
                   "status=\"revisi\"");
}
END_TEST

/* The verdict that counts: latest stage at or before the one asked for. */
START_TEST(test_check_verdict_that_counts)
{
    const struct dsr_mindicator *ind;
    const struct dsr_verdict *v;

    check_pemdi(IND("1", "1", EVI("a.pdf", "1", "I1-L1-01")
                "\n" VERDICT("interviu", "I1-L1-01", "diterima")    /* 6 */
                "\n" VERDICT("dokumen", "I1-L1-01", "revisi")       /* 7 */
                "\n" VERDICT("dokumen", "I1-L1-01", "diterima")     /* 8 */
                "\n<verdict stage=\"dokumen\" status=\"revisi\"/>"));
    ind = dsr_manifest_indicator(res.manifest, "1");
    v = dsr_check_verdict(ind, "I1-L1-01", -1);
    ck_assert_uint_eq(v->line, 6);
    v = dsr_check_verdict(ind, "I1-L1-01", DSR_STAGE_VISITASI);
    ck_assert_uint_eq(v->line, 6);
    /* of two at one stage, the later in the file */
    v = dsr_check_verdict(ind, "I1-L1-01", DSR_STAGE_DOKUMEN);
    ck_assert_uint_eq(v->line, 8);
    ck_assert_int_eq(v->status, DSR_VERDICT_DITERIMA);
    ck_assert_ptr_null(dsr_check_verdict(ind, "I1-L1-01", DSR_STAGE_MANDIRI));
    ck_assert_ptr_null(dsr_check_verdict(ind, "I1-L2-01", -1));
    /* NULL: the verdict on the level */
    ck_assert_uint_eq(dsr_check_verdict(ind, NULL, -1)->line, 9);
    ck_assert_ptr_null(dsr_check_verdict(NULL, NULL, -1));
}
END_TEST

Suite *
check_suite(void)
{
    Suite *s = suite_create("check");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_check_clean);
    tcase_add_test(tc, test_check_null_err);
    tcase_add_test(tc, test_check_no_openat2_option);
    tcase_add_test(tc, test_check_file_missing);
    tcase_add_test(tc, test_check_sha256_mismatch);
    tcase_add_test(tc, test_check_sha256_match);
    tcase_add_test(tc, test_check_file_empty);
    tcase_add_test(tc, test_check_pdf_encrypted);
    tcase_add_loop_test(tc, test_check_pdf_cut_short, 0,
                        sizeof(pdf_cuts) / sizeof(*pdf_cuts));
    tcase_add_test(tc, test_check_pdf_damaged);
    tcase_add_test(tc, test_check_pdf_pages);
    tcase_add_test(tc, test_check_office_containers);
    tcase_add_test(tc, test_check_office_not_a_zip);
    tcase_add_test(tc, test_check_image_damaged);
    tcase_add_test(tc, test_check_text_family);
    tcase_add_loop_test(tc, test_check_instance_placeholder, 0,
                        sizeof(placeholders) / sizeof(*placeholders));
    tcase_add_test(tc, test_check_instance_named);
    tcase_add_test(tc, test_check_paths_refused);
    tcase_add_test(tc, test_check_paths_through_links);
    tcase_add_test(tc, test_check_types);
    tcase_add_test(tc, test_check_file_too_large);
    tcase_add_test(tc, test_check_file_shared);
    tcase_add_test(tc, test_check_evidence_duplicate);
    tcase_add_test(tc, test_check_content_duplicate);
    tcase_add_test(tc, test_check_evidence_no_level);
    tcase_add_test(tc, test_check_evidence_no_title);
    tcase_add_test(tc, test_check_date_invalid_evidence);
    tcase_add_test(tc, test_check_date_invalid_period);
    tcase_add_test(tc, test_check_date_outside_period);
    tcase_add_test(tc, test_check_date_in_force_and_file_dates);
    tcase_add_loop_test(tc, test_check_level_range, 0,
                        (int)(sizeof(ranges) / sizeof(*ranges)));
    tcase_add_test(tc, test_check_level_in_range);
    tcase_add_test(tc, test_check_level_unsupported);
    tcase_add_test(tc, test_check_stage_duplicate);
    tcase_add_test(tc, test_check_explanation_missing);
    tcase_add_test(tc, test_check_indicator_duplicate);
    tcase_add_test(tc, test_check_indicator_unknown);
    tcase_add_test(tc, test_check_indicator_not_filled);
    tcase_add_test(tc, test_check_indicator_none_filled);
    tcase_add_loop_test(tc, test_check_link_invalid, 0,
                        (int)(sizeof(links) / sizeof(*links)));
    tcase_add_test(tc, test_check_question_unanswered);
    tcase_add_test(tc, test_check_year_invalid);
    tcase_add_test(tc, test_check_period_invalid);
    tcase_add_test(tc, test_check_period_year);
    tcase_add_loop_test(tc, test_check_index_invalid, 0,
                        (int)(sizeof(index_cases) / sizeof(*index_cases)));
    tcase_add_test(tc, test_check_framework_unknown);
    tcase_add_test(tc, test_check_framework_path_is_unknown);
    tcase_add_test(tc, test_check_framework_provisional);
    tcase_add_test(tc, test_check_framework_official_not_provisional);
    tcase_add_test(tc, test_check_framework_year);
    tcase_add_test(tc, test_check_evidence_root_invalid);
    tcase_add_test(tc, test_check_evidence_root_is_a_file);
    tcase_add_loop_test(tc, test_check_evidence_root_outside, 0, 3);
    tcase_add_test(tc, test_check_evidence_root_option);
    tcase_add_test(tc, test_check_evidence_root_default_and_absolute);
    tcase_add_test(tc, test_check_manifest_only);
    tcase_add_test(tc, test_check_progress);
    tcase_add_test(tc, test_check_cancelled);
    tcase_add_test(tc, test_check_write_xml);
    tcase_add_loop_test(tc, test_check_jobs_same_result, 0,
                        (int)(sizeof(jobs) / sizeof(*jobs)));
    tcase_add_test(tc, test_check_findings_sorted);
    tcase_add_test(tc, test_check_manifest_not_loaded);
    tcase_add_test(tc, test_check_broken_catalog_is_tool_error);
    tcase_add_test(tc, test_check_facts_match);
    tcase_add_test(tc, test_check_facts_filled);
    tcase_add_test(tc, test_check_facts_counted_level_per_stage);
    tcase_add_test(tc, test_check_facts_level_out_of_range);
    tcase_add_test(tc, test_check_facts_owners);
    tcase_add_test(tc, test_check_facts_empty_without_catalog);
    tcase_add_test(tc, test_check_missing_schemas_is_tool_error);
    tcase_add_test(tc, test_check_value_invalid);
    tcase_add_test(tc, test_check_value_out_of_band);
    tcase_add_test(tc, test_check_item_unknown);
    tcase_add_test(tc, test_check_item_unsupported);
    tcase_add_test(tc, test_check_verdict_item_unknown);
    tcase_add_test(tc, test_check_verdict_item_missing);
    tcase_add_test(tc, test_check_revisi_no_response);
    tcase_add_test(tc, test_check_accepted_above_rejected);
    tcase_add_test(tc, test_check_external_missing);
    tcase_add_test(tc, test_check_external_invalid);
    tcase_add_test(tc, test_check_verdict_duplicate);
    tcase_add_test(tc, test_check_verdict_kind_ignored);
    tcase_add_test(tc, test_check_verdict_that_counts);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(check_suite());
}
