/*
 * test_edit.c -- the manifest editor changes only the bytes it must:
 * every field set, added, cleared and left alone; values refused with
 * their messages; comments, quotes, spacing, CR LF, a prefix and Latin-1
 * kept; the numbered backups; and the shared write path's checks.
 */
#include "testutil.h"

#include "dossier/buf.h"
#include "dossier/edit.h"
#include "dossier/error.h"
#include "dossier/workspace.h"
#include "manifest_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char dir[512];
static char path[600];

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define HEAD_CRLF "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
#define OPEN "<dossier xmlns=\"urn:dossier:manifest:1\" year=\"2024\"   framework='spbe-2020'>\n"

/* A manifest as people leave them: comments, odd spacing, attribute
 * order and single quotes. */
static const char base[] =
    HEAD
    "<!-- written by hand -->\n"
    OPEN
    "  <instance   kind='kabupaten' name=\"Kab A\"/>\n"
    "  <evidence-root path=\"bukti\"/>\n"
    "\n"
    "  <!-- 1. first -->\n"
    "  <indicator owner='Bappeda'  id=\"1\">\n"
    "    <assessment level=\"2\" stage=\"mandiri\">Lama.</assessment>\n"
    "    <evidence file=\"01/a.pdf\" level=\"2\">A</evidence>\n"
    "  </indicator>\n"
    "\n"
    "  <!-- 3. third -->\n"
    "  <indicator id=\"3\"/>\n"
    "</dossier>\n";

static void
setup(void)
{
    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    tu_write(dir, "bukti/01/a.pdf", "%PDF-1.4\n", (size_t)-1);
}

static void
teardown(void)
{
    tu_rmtree(dir);
}

static char *
slurp(const char *p)
{
    FILE *f = fopen(p, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void
expect_file(const char *p, const char *want)
{
    char *got = slurp(p);

    ck_assert_msg(got != NULL, "%s is missing", p);
    ck_assert_str_eq(got, want);
    free(got);
}

static bool
exists(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0;
}

/* Apply 'n' changes to 'text' written as the manifest; returns the rc. */
static int
run(const char *text, const struct dsr_change *c, size_t n, bool partial,
    bool dry, struct dsr_edit_result *res)
{
    struct dsr_edit_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                 .schemas_dir = TEST_SCHEMAS,
                                 .partial = partial,
                                 .dry_run = dry};
    struct dsr_error err = DSR_ERROR_INIT;
    int rc;

    if (text)
        tu_write(dir, "manifest.xml", text, (size_t)-1);
    rc = dsr_manifest_edit(path, c, n, &opts, res, &err);
    ck_assert_msg(rc == 0, "edit failed: %s", err.msg);
    return rc;
}

/* One change to 'text': the manifest must then be 'want'. */
static void
one(const char *text, struct dsr_change c, enum dsr_edit_outcome outcome,
    const char *before, const char *after, const char *want)
{
    struct dsr_edit_result res;

    if (!c.where)
        c.where = "--x";
    run(text, &c, 1, false, false, &res);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert_uint_eq(res.n, 1);
    ck_assert_msg(res.items[0].outcome == outcome, "outcome %d, want %d (%s)",
                  res.items[0].outcome, outcome,
                  res.items[0].why ? res.items[0].why : "");
    if (before)
        ck_assert_str_eq(res.items[0].before, before);
    else
        ck_assert_ptr_null(res.items[0].before);
    if (after)
        ck_assert_str_eq(res.items[0].after, after);
    else
        ck_assert_ptr_null(res.items[0].after);
    ck_assert(res.written == (outcome != DSR_EDIT_SAME));
    expect_file(path, want);
    dsr_edit_result_release(&res);
}

/* One refused change: nothing written, 'why' exactly. */
static void
refused(const char *text, struct dsr_change c, const char *why)
{
    struct dsr_edit_result res;

    run(text, &c, 1, false, false, &res);
    ck_assert_uint_eq(res.n, 1);
    ck_assert_int_eq(res.items[0].outcome, DSR_EDIT_REFUSED);
    ck_assert_str_eq(res.items[0].why, why);
    ck_assert(!res.written);
    ck_assert_uint_eq(res.refused, 1);
    expect_file(path, text);
    dsr_edit_result_release(&res);
}

/* 'base' with 'from' replaced by 'to' (once). */
static char *
with(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    char *out;

    ck_assert_msg(at != NULL, "'%s' not in the text", from);
    out = malloc(strlen(text) - strlen(from) + strlen(to) + 1);
    sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

#define CH(f, ...) ((struct dsr_change){.field = (f), .where = "--x", __VA_ARGS__})

START_TEST(test_edit_owner)
{
    char *w;

    /* set: the single quotes stay, '&' is escaped */
    w = with(base, "owner='Bappeda'", "owner='Bagian Hukum &amp; HAM'");
    one(base, CH(DSR_FIELD_OWNER, .indicator = "1", .value = " Bagian Hukum & HAM "),
        DSR_EDIT_SET, "Bappeda", "Bagian Hukum & HAM", w);
    free(w);
    /* same: nothing written, no backup */
    tu_rmtree(dir);
    setup();
    one(base, CH(DSR_FIELD_OWNER, .indicator = "1", .value = "Bappeda"),
        DSR_EDIT_SAME, "Bappeda", "Bappeda", base);
    {
        char bak[700];

        snprintf(bak, sizeof(bak), "%s.~1~", path);
        ck_assert(!exists(bak));
    }
    /* cleared: the attribute and the space before it go */
    w = with(base, "<indicator owner='Bappeda'  id=\"1\">", "<indicator  id=\"1\">");
    one(base, CH(DSR_FIELD_OWNER, .indicator = "1", .value = ""),
        DSR_EDIT_CLEARED, "Bappeda", NULL, w);
    free(w);
    /* added, on an empty element */
    w = with(base, "<indicator id=\"3\"/>", "<indicator id=\"3\" owner=\"Diskominfo\"/>");
    one(base, CH(DSR_FIELD_OWNER, .indicator = "3", .value = "Diskominfo"),
        DSR_EDIT_ADDED, NULL, "Diskominfo", w);
    free(w);
}
END_TEST

START_TEST(test_edit_levels_and_explanations)
{
    char *w, *w2;

    w = with(base, "level=\"2\" stage=\"mandiri\"", "level=\"3\" stage=\"mandiri\"");
    one(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = " Mandiri ", .value = " 3 "),
        DSR_EDIT_SET, "2", "3", w);
    free(w);
    /* a whole number with a zero fraction, as a spreadsheet writes it */
    w = with(base, "level=\"2\" stage=\"mandiri\"", "level=\"4\" stage=\"mandiri\"");
    one(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = "4,0"),
        DSR_EDIT_SET, "2", "4", w);
    one(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = "4.0"),
        DSR_EDIT_SET, "2", "4", w);
    one(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = " 4 "),
        DSR_EDIT_SET, "2", "4", w);
    free(w);
    w = with(base, "file=\"01/a.pdf\" level=\"2\"", "file=\"01/a.pdf\" level=\"4\"");
    one(base, CH(DSR_FIELD_EVIDENCE_LEVEL, .indicator = "1", .file = "01/a.pdf",
                 .value = " 4,00 "),
        DSR_EDIT_SET, "2", "4", w);
    free(w);
    /* a new stage: after the other assessments, indented as they are */
    w = with(base, "Lama.</assessment>\n",
             "Lama.</assessment>\n    <assessment stage=\"dokumen\" level=\"4\"/>\n");
    one(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "DOKUMEN", .value = "4"),
        DSR_EDIT_ADDED, NULL, "4", w);
    free(w);
    /* in an empty indicator element */
    w = with(base, "  <indicator id=\"3\"/>\n",
             "  <indicator id=\"3\">\n"
             "    <assessment stage=\"visitasi\" level=\"1\"/>\n"
             "  </indicator>\n");
    one(base, CH(DSR_FIELD_LEVEL, .indicator = "3", .stage = "visitasi", .value = "1"),
        DSR_EDIT_ADDED, NULL, "1", w);
    free(w);
    /* cleared: the assessment goes, with its line */
    w = with(base, "    <assessment level=\"2\" stage=\"mandiri\">Lama.</assessment>\n", "");
    one(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = ""),
        DSR_EDIT_CLEARED, "2", NULL, w);
    free(w);
    /* the explanation, escaped */
    w = with(base, ">Lama.<", ">Baru &lt;1&gt; &amp; lengkap.<");
    one(base, CH(DSR_FIELD_EXPLAIN, .indicator = "1", .stage = "mandiri",
                 .value = "Baru <1> & lengkap."),
        DSR_EDIT_SET, "Lama.", "Baru <1> & lengkap.", w);
    free(w);
    w = with(base, ">Lama.<", "><");
    one(base, CH(DSR_FIELD_EXPLAIN, .indicator = "1", .stage = "mandiri", .value = ""),
        DSR_EDIT_CLEARED, "Lama.", NULL, w);
    free(w);
    /* of an empty assessment element */
    w2 = with(base, "<assessment level=\"2\" stage=\"mandiri\">Lama.</assessment>",
              "<assessment level=\"2\" stage=\"mandiri\"/>");
    w = with(w2, "<assessment level=\"2\" stage=\"mandiri\"/>",
             "<assessment level=\"2\" stage=\"mandiri\">Ada.</assessment>");
    one(w2, CH(DSR_FIELD_EXPLAIN, .indicator = "1", .stage = "mandiri", .value = "Ada."),
        DSR_EDIT_ADDED, NULL, "Ada.", w);
    free(w);
    free(w2);
}
END_TEST

START_TEST(test_edit_manifest_values)
{
    char *w;

    /* a decimal comma; the element goes where the schema wants it */
    w = with(base, "name=\"Kab A\"/>\n", "name=\"Kab A\"/>\n  <target index=\"3.10\"/>\n");
    one(base, CH(DSR_FIELD_TARGET, .value = "3,1"), DSR_EDIT_ADDED, NULL, "3.10", w);
    /* then set, then cleared */
    {
        char *w2 = with(w, "3.10", "2.75");

        one(w, CH(DSR_FIELD_TARGET, .value = "2.75"), DSR_EDIT_SET, "3.10", "2.75", w2);
        free(w2);
    }
    one(w, CH(DSR_FIELD_TARGET, .value = ""), DSR_EDIT_CLEARED, "3.10", NULL, base);
    free(w);
    w = with(base, "name=\"Kab A\"/>\n",
             "name=\"Kab A\"/>\n  <period from=\"2024-01-01\" to=\"2025-06-30\"/>\n");
    one(base, CH(DSR_FIELD_PERIOD, .value = "2024-01-01..2025-06-30"), DSR_EDIT_ADDED,
        NULL, "2024-01-01..2025-06-30", w);
    {
        char *w2 = with(w, "to=\"2025-06-30\"", "to=\"2024-12-31\"");

        one(w, CH(DSR_FIELD_PERIOD, .value = "2024-01-01..2024-12-31"), DSR_EDIT_SET,
            "2024-01-01..2025-06-30", "2024-01-01..2024-12-31", w2);
        free(w2);
        /* the previous result goes after the period */
        w2 = with(w, "to=\"2025-06-30\"/>\n",
                  "to=\"2025-06-30\"/>\n  <previous year=\"2023\" index=\"2.74\"/>\n");
        one(w, CH(DSR_FIELD_PREVIOUS, .value = "2023 = 2,74"), DSR_EDIT_ADDED, NULL,
            "2023=2.74", w2);
        free(w2);
    }
    one(w, CH(DSR_FIELD_PERIOD, .value = ""), DSR_EDIT_CLEARED,
        "2024-01-01..2025-06-30", NULL, base);
    free(w);
    w = with(base, "name=\"Kab A\"", "name=\"Kab B\"");
    one(base, CH(DSR_FIELD_INSTANCE_NAME, .value = "Kab B"), DSR_EDIT_SET, "Kab A", "Kab B", w);
    free(w);
    w = with(base, "   kind='kabupaten'", "");
    one(base, CH(DSR_FIELD_INSTANCE_KIND, .value = ""), DSR_EDIT_CLEARED, "kabupaten", NULL, w);
    free(w);
    /* the coordinator goes right after the instance */
    w = with(base, "name=\"Kab A\"/>\n",
             "name=\"Kab A\"/>\n  <coordinator name=\"Drs. B &amp; C\"/>\n");
    one(base, CH(DSR_FIELD_COORDINATOR_NAME, .value = "Drs. B & C"), DSR_EDIT_ADDED,
        NULL, "Drs. B & C", w);
    {
        char *w2 = with(w, "\"/>\n  <evidence-root", "\" unit=\"Diskominfo\"/>\n  <evidence-root");

        one(w, CH(DSR_FIELD_COORDINATOR_UNIT, .value = "Diskominfo"), DSR_EDIT_ADDED,
            NULL, "Diskominfo", w2);
        free(w2);
        w2 = with(w, "\"/>\n  <evidence-root", "\" position=\"Kepala\"/>\n  <evidence-root");
        one(w, CH(DSR_FIELD_COORDINATOR_POSITION, .value = "Kepala"), DSR_EDIT_ADDED,
            NULL, "Kepala", w2);
        free(w2);
    }
    free(w);
}
END_TEST

START_TEST(test_edit_refuses_values)
{
    refused(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = "tiga"),
            "--x: the level must be a whole number from 1 to 5, not 'tiga'");
    refused(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = "6"),
            "--x: the level must be a whole number from 1 to 5, not '6'");
    refused(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = "4,5"),
            "--x: the level must be a whole number from 1 to 5, not '4,5'");
    refused(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = "4."),
            "--x: the level must be a whole number from 1 to 5, not '4.'");
    refused(base, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "final", .value = "3"),
            "--x: the stage 'final' is not one of mandiri, dokumen, interviu, visitasi");
    refused(base, CH(DSR_FIELD_EVIDENCE_DATE, .indicator = "1", .file = "01/a.pdf",
                     .value = "2025-02-30"),
            "--x: '2025-02-30' is not a date written YYYY-MM-DD that exists in the "
            "calendar (e.g. 2025-02-01)");
    refused(base, CH(DSR_FIELD_TARGET, .value = "5.5"),
            "--x: the index must be a number from 1.00 to 5.00 with at most two "
            "decimals (a comma or a point), not '5.5'");
    refused(base, CH(DSR_FIELD_TARGET, .value = "3.105"),
            "--x: the index must be a number from 1.00 to 5.00 with at most two "
            "decimals (a comma or a point), not '3.105'");
    refused(base, CH(DSR_FIELD_PERIOD, .value = "2025-01-01..2024-12-31"),
            "--x: the period starts (2025-01-01) after it ends (2024-12-31)");
    refused(base, CH(DSR_FIELD_PERIOD, .value = "2024"),
            "--x: the period must be written FROM..TO, two real dates YYYY-MM-DD "
            "(e.g. 2024-01-01..2024-12-31), not '2024'");
    refused(base, CH(DSR_FIELD_PREVIOUS, .value = "24=2.5"),
            "--x: the previous result must be written YEAR=INDEX, e.g. 2024=2.74 "
            "(an index from 1.00 to 5.00), not '24=2.5'");
    refused(base, CH(DSR_FIELD_OWNER, .indicator = "99", .value = "X"),
            "--x: indicator '99' is not in the framework spbe-2020; 'dossier "
            "catalog --framework spbe-2020' lists its indicators");
    refused(base, CH(DSR_FIELD_INSTANCE_NAME, .value = "  "),
            "--x: the institution's name cannot be empty; give a value");
    refused(base, CH(DSR_FIELD_OWNER, .indicator = "1", .value = "a\001b"),
            "--x: the indicator's owner holds a control character or is not UTF-8 text");
    refused(base, CH(DSR_FIELD_EXPLAIN, .indicator = "3", .stage = "mandiri", .value = "x"),
            "--x: indicator 3 has no mandiri level yet; give it one too (--level "
            "mandiri=N) before its explanation");
    /* the loader's limits, in its words */
    {
        char owner[200];

        memset(owner, 'a', 121);
        owner[121] = '\0';
        refused(base, CH(DSR_FIELD_OWNER, .indicator = "1", .value = owner),
                "--x: the indicator's owner is 121 characters long; at most 120 "
                "are allowed: shorten it");
    }
    refused(base, CH(DSR_FIELD_EVIDENCE_LEVEL, .indicator = "1", .file = "../x.pdf",
                     .value = "2"),
            "--x: '../x.pdf' is not a path below the evidence root (write it as "
            "the manifest does, e.g. 01-folder/file.pdf)");
    refused(base, CH(DSR_FIELD_EVIDENCE_LEVEL, .indicator = "1", .file = "01/none.pdf",
                     .value = "2"),
            "--x: '01/none.pdf' cannot be added: there is no such file below the "
            "evidence root");
}
END_TEST

START_TEST(test_edit_evidence)
{
    char *w, *w2;
    char want[1024];

    w = with(base, "level=\"2\">A<", "level=\"5\">A<");
    one(base, CH(DSR_FIELD_EVIDENCE_LEVEL, .indicator = "1", .file = "./01/a.pdf", .value = "5"),
        DSR_EDIT_SET, "2", "5", w);
    free(w);
    w = with(base, ">A</evidence>", ">SK &amp; Tim</evidence>");
    one(base, CH(DSR_FIELD_EVIDENCE_TITLE, .indicator = "1", .file = "01/a.pdf", .value = "SK & Tim"),
        DSR_EDIT_SET, "A", "SK & Tim", w);
    free(w);
    w = with(base, " level=\"2\">A<", ">A<");
    one(base, CH(DSR_FIELD_EVIDENCE_LEVEL, .indicator = "1", .file = "01/a.pdf", .value = ""),
        DSR_EDIT_CLEARED, "2", NULL, w);
    free(w);
    /* a date typed by a person replaces the one scan took */
    w2 = with(base, "level=\"2\">A<", "level=\"2\" date=\"2020-01-01\" date-source=\"file\">A<");
    w = with(base, "level=\"2\">A<", "level=\"2\" date=\"2025-02-01\">A<");
    one(w2, CH(DSR_FIELD_EVIDENCE_DATE, .indicator = "1", .file = "01/a.pdf", .value = "2025-02-01"),
        DSR_EDIT_SET, "2020-01-01", "2025-02-01", w);
    free(w);
    free(w2);
    /* a new entry, added as scan adds it: SHA-256, date, title */
    tu_write(dir, "bukti/03/sk-tim_koordinasi.pdf", "abc", 3);
    {
        struct stat st;
        struct tm tm;
        char date[16];

        snprintf(want, sizeof(want), "%s/bukti/03/sk-tim_koordinasi.pdf", dir);
        ck_assert_int_eq(stat(want, &st), 0);
        localtime_r(&st.st_mtime, &tm);
        strftime(date, sizeof(date), "%Y-%m-%d", &tm);
        snprintf(want, sizeof(want),
                 "  <indicator id=\"3\">\n"
                 "    <evidence file=\"03/sk-tim_koordinasi.pdf\" date=\"%s\" "
                 "date-source=\"file\" sha256=\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\">"
                 "Sk tim koordinasi</evidence>\n"
                 "  </indicator>\n", date);
    }
    w = with(base, "  <indicator id=\"3\"/>\n", want);
    one(base, CH(DSR_FIELD_EVIDENCE_TITLE, .indicator = "3", .file = "03/sk-tim_koordinasi.pdf"),
        DSR_EDIT_ADDED, NULL, "03/sk-tim_koordinasi.pdf", w);
    free(w);
    /* with its level, title and date given */
    {
        struct dsr_change c[] = {
            CH(DSR_FIELD_EVIDENCE_TITLE, .indicator = "1", .file = "03/sk-tim_koordinasi.pdf"),
            CH(DSR_FIELD_EVIDENCE_LEVEL, .indicator = "1", .file = "03/sk-tim_koordinasi.pdf", .value = "3"),
            CH(DSR_FIELD_EVIDENCE_TITLE, .indicator = "1", .file = "03/sk-tim_koordinasi.pdf", .value = "SK Tim"),
            CH(DSR_FIELD_EVIDENCE_DATE, .indicator = "1", .file = "03/sk-tim_koordinasi.pdf", .value = "2025-02-01"),
        };
        struct dsr_edit_result res;

        run(base, c, 4, false, false, &res);
        ck_assert_uint_eq(res.applied, 4);
        ck_assert(res.written);
        w = with(base, "A</evidence>\n",
                 "A</evidence>\n"
                 "    <evidence file=\"03/sk-tim_koordinasi.pdf\" date=\"2025-02-01\" "
                 "sha256=\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\" "
                 "level=\"3\">SK Tim</evidence>\n");
        expect_file(path, w);
        free(w);
        dsr_edit_result_release(&res);
    }
}
END_TEST

START_TEST(test_edit_adds_indicator_in_catalog_order)
{
    char *w;

    /* between 1 and 3, with its comment, as scan writes one */
    w = with(base, "  </indicator>\n",
             "  </indicator>\n\n"
             "  <!-- 2. Tingkat Kematangan Kebijakan Internal Peta Rencana SPBE "
             "Instansi Pusat/Pemerintah Daerah -->\n"
             "  <indicator id=\"2\" owner=\"Bappeda\"/>\n");
    one(base, CH(DSR_FIELD_OWNER, .indicator = "2", .value = "Bappeda"),
        DSR_EDIT_ADDED, NULL, "Bappeda", w);
    free(w);
}
END_TEST

START_TEST(test_edit_keeps_crlf_prefix_and_latin1)
{
    static const char crlf[] =
        HEAD_CRLF "<dossier xmlns=\"urn:dossier:manifest:1\" year=\"2024\" framework=\"spbe-2020\">\r\n"
        "\t<instance name=\"Kab A\"/>\r\n"
        "\t<indicator id=\"1\"/>\r\n"
        "</dossier>\r\n";
    static const char crlf_want[] =
        HEAD_CRLF "<dossier xmlns=\"urn:dossier:manifest:1\" year=\"2024\" framework=\"spbe-2020\">\r\n"
        "\t<instance name=\"Kab A\"/>\r\n"
        "\t<target index=\"4.00\"/>\r\n"
        "\t<indicator id=\"1\">\r\n"
        "\t\t<assessment stage=\"mandiri\" level=\"2\"/>\r\n"
        "\t</indicator>\r\n"
        "</dossier>\r\n";
    static const char pfx[] =
        HEAD "<m:dossier xmlns:m=\"urn:dossier:manifest:1\" year=\"2024\" framework=\"spbe-2020\">\n"
        "  <m:instance name=\"Kab A\"/>\n"
        "  <m:indicator id=\"1\">\n"
        "  </m:indicator>\n"
        "</m:dossier>\n";
    static const char pfx_want[] =
        HEAD "<m:dossier xmlns:m=\"urn:dossier:manifest:1\" year=\"2024\" framework=\"spbe-2020\">\n"
        "  <m:instance name=\"Kab A\"/>\n"
        "  <m:indicator id=\"1\">\n"
        "    <m:assessment stage=\"dokumen\" level=\"3\"/>\n"
        "  </m:indicator>\n"
        "</m:dossier>\n";
    static const char latin1[] =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
        "<!-- Caf\xe9 -->\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" year=\"2024\" framework=\"spbe-2020\">\n"
        "  <instance name=\"Kab Caf\xe9\"/>\n"
        "  <indicator id=\"1\" owner=\"Dinas\"/>\n"
        "</dossier>\n";
    static const char latin1_want[] =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
        "<!-- Caf\xe9 -->\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" year=\"2024\" framework=\"spbe-2020\">\n"
        "  <instance name=\"Kab Caf\xe9\"/>\n"
        "  <indicator id=\"1\" owner=\"Dinas Caf&#xE9; &amp; Co\"/>\n"
        "</dossier>\n";
    struct dsr_change c[] = {
        CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = "2"),
        CH(DSR_FIELD_TARGET, .value = "4"),
    };
    struct dsr_edit_result res;

    run(crlf, c, 2, false, false, &res);
    ck_assert_uint_eq(res.applied, 2);
    expect_file(path, crlf_want);
    dsr_edit_result_release(&res);
    one(pfx, CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "dokumen", .value = "3"),
        DSR_EDIT_ADDED, NULL, "3", pfx_want);
    one(latin1, CH(DSR_FIELD_OWNER, .indicator = "1", .value = "Dinas Caf\xc3\xa9 & Co"),
        DSR_EDIT_SET, "Dinas", "Dinas Caf\xc3\xa9 & Co", latin1_want);
}
END_TEST

/* scan's new entries in a CR LF manifest end their lines in CR LF too */
START_TEST(test_edit_scan_keeps_crlf)
{
    static const char crlf[] =
        HEAD_CRLF "<dossier xmlns=\"urn:dossier:manifest:1\" year=\"2024\" framework=\"spbe-2020\">\r\n"
        "  <instance name=\"Kab A\"/>\r\n"
        "  <evidence-root path=\"bukti\"/>\r\n"
        "  <indicator id=\"1\">\r\n"
        "    <evidence file=\"01-kebijakan-arsitektur/a.pdf\">A</evidence>\r\n"
        "  </indicator>\r\n"
        "</dossier>\r\n";
    struct dsr_scan_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                 .schemas_dir = TEST_SCHEMAS};
    struct dsr_scan_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    char *got;

    tu_write(dir, "manifest.xml", crlf, (size_t)-1);
    tu_write(dir, "bukti/01-kebijakan-arsitektur/a.pdf", "x", 1);
    tu_write(dir, "bukti/01-kebijakan-arsitektur/b.pdf", "x", 1);
    ck_assert_int_eq(dsr_scan(path, &opts, &res, &err), 0);
    ck_assert(res.written);
    dsr_scan_result_release(&res);
    got = slurp(path);
    for (const char *p = strchr(got, '\n'); p; p = strchr(p + 1, '\n'))
        ck_assert_msg(p > got && p[-1] == '\r', "a bare LF at %td", p - got);
    ck_assert_ptr_nonnull(strstr(got, "<evidence file=\"01-kebijakan-arsitektur/b.pdf\""));
    free(got);
}
END_TEST

/* scan places a new indicator as set does: in catalog order, with its
 * comment, not at the end (the one rule, manifest_text.c). */
START_TEST(test_edit_scan_adds_indicator_in_catalog_order)
{
    struct dsr_scan_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                 .schemas_dir = TEST_SCHEMAS};
    struct dsr_scan_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    char *got;
    const char *two, *three;

    tu_write(dir, "manifest.xml", base, (size_t)-1);
    tu_write(dir, "bukti/02-peta-rencana/peta.pdf", "x", 1);
    ck_assert_int_eq(dsr_scan(path, &opts, &res, &err), 0);
    ck_assert(res.written);
    dsr_scan_result_release(&res);
    got = slurp(path);
    two = strstr(got, "  </indicator>\n\n"
                      "  <!-- 2. Tingkat Kematangan Kebijakan Internal Peta Rencana "
                      "SPBE Instansi Pusat/Pemerintah Daerah -->\n"
                      "  <indicator id=\"2\">\n"
                      "    <evidence file=\"02-peta-rencana/peta.pdf\"");
    three = strstr(got, "<indicator id=\"3\"/>");
    ck_assert_msg(two != NULL, "indicator 2 not after indicator 1:\n%s", got);
    ck_assert_msg(three != NULL && two < three, "indicator 2 after 3:\n%s", got);
    ck_assert_ptr_nonnull(strstr(got, "  </indicator>\n\n  <!-- 3. third -->"));
    free(got);
}
END_TEST

START_TEST(test_edit_backups_dry_run_and_partial)
{
    char bak[700];
    char *w1 = with(base, "Bappeda", "B1");
    char *w2 = with(base, "Bappeda", "B2");
    struct dsr_change bad[] = {
        CH(DSR_FIELD_OWNER, .indicator = "1", .value = "B1"),
        CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = "tiga"),
    };
    struct dsr_edit_result res;

    one(base, CH(DSR_FIELD_OWNER, .indicator = "1", .value = "B1"), DSR_EDIT_SET,
        "Bappeda", "B1", w1);
    one(NULL, CH(DSR_FIELD_OWNER, .indicator = "1", .value = "B2"), DSR_EDIT_SET,
        "B1", "B2", w2);
    snprintf(bak, sizeof(bak), "%s.~1~", path);
    expect_file(bak, base);
    snprintf(bak, sizeof(bak), "%s.~2~", path);
    expect_file(bak, w1);
    /* dry run: reported, not written */
    run(base, bad, 1, false, true, &res);
    ck_assert_int_eq(res.items[0].outcome, DSR_EDIT_SET);
    ck_assert(!res.written);
    expect_file(path, base);
    dsr_edit_result_release(&res);
    /* one refused: set refuses all, import applies the rest */
    run(base, bad, 2, false, false, &res);
    ck_assert_uint_eq(res.applied, 1);
    ck_assert_uint_eq(res.refused, 1);
    ck_assert(!res.written);
    expect_file(path, base);
    dsr_edit_result_release(&res);
    run(base, bad, 2, true, false, &res);
    ck_assert(res.written);
    expect_file(path, w1);
    dsr_edit_result_release(&res);
    free(w1);
    free(w2);
}
END_TEST

/* The shared write path writes nothing over a file saved meanwhile. */
START_TEST(test_edit_file_changed_meanwhile)
{
    struct dsr_error err = DSR_ERROR_INIT;
    unsigned long backup = 0;

    tu_write(dir, "manifest.xml", "saved by an editor", (size_t)-1);
    ck_assert_int_eq(dsr_mt_replace(path, false, base, strlen(base), "new", 3, NULL,
                                    &backup, &err),
                     -1);
    ck_assert_str_eq(err.msg, "the manifest was changed while it was being edited "
                              "(saved from an editor?); nothing was changed: save "
                              "your edits and run the command again");
    expect_file(path, "saved by an editor");
}
END_TEST

START_TEST(test_edit_unusable_manifest)
{
    struct dsr_edit_result res;
    struct dsr_change c = CH(DSR_FIELD_OWNER, .indicator = "1", .value = "X");
    static const char bad[] = HEAD OPEN "  <instance name=\"A & B\"/>\n</dossier>\n";

    run(bad, &c, 1, false, false, &res);
    ck_assert_uint_gt(res.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert(!res.written);
    expect_file(path, bad);
    dsr_edit_result_release(&res);
}
END_TEST

/* A manifest the loader finds an error in, yet loads, can be fixed. */
START_TEST(test_edit_fixes_an_overlong_text)
{
    char owner[200], attr[220], *text;

    memset(owner, 'a', 130);
    owner[130] = '\0';
    snprintf(attr, sizeof(attr), "owner='%s'", owner);
    text = with(base, "owner='Bappeda'", attr);
    one(text, CH(DSR_FIELD_OWNER, .indicator = "1", .value = "Bappeda"),
        DSR_EDIT_SET, owner, "Bappeda", base);
    free(text);
}
END_TEST

/* Encodings scan refuses are refused the same way, in set's words. */
START_TEST(test_edit_refuses_utf16)
{
    static const char utf16[] = "\xff\xfe<\0?\0x\0m\0l\0";
    struct dsr_edit_result res;
    struct dsr_change c = CH(DSR_FIELD_OWNER, .indicator = "1", .value = "X");
    char want[4096];

    tu_write(dir, "manifest.xml", utf16, sizeof(utf16) - 1);
    run(NULL, &c, 1, false, false, &res);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 1);
    snprintf(want, sizeof(want),
             "'%s' is stored as UTF-16, which dossier cannot edit: convert it "
             "with 'iconv -f UTF-16 -t UTF-8 %s > %s.utf8', write "
             "encoding=\"UTF-8\" in the first line of the new file, move it "
             "over the old one and run the command again",
             path, path, path);
    ck_assert_str_eq(res.findings.items[0].message, want);
    ck_assert(!res.written);
    dsr_edit_result_release(&res);
}
END_TEST

/* Changes are applied together and loaded once; when the result does
 * not load, they are made one at a time and only the culprit refused. */
START_TEST(test_edit_batch_falls_back_to_the_culprit)
{
    char owner[200], *w, *w1;
    struct dsr_change c[] = {
        CH(DSR_FIELD_OWNER, .indicator = "1", .value = "B1"),
        {.field = DSR_FIELD_OWNER, .indicator = "3", .value = owner, .where = "Sheet!C9"},
        CH(DSR_FIELD_LEVEL, .indicator = "1", .stage = "mandiri", .value = "3"),
        CH(DSR_FIELD_EXPLAIN, .indicator = "1", .stage = "mandiri", .value = "Baru."),
    };
    struct dsr_edit_result res;

    memset(owner, 'a', 130);
    owner[130] = '\0';
    w1 = with(base, "Bappeda", "B1");
    w = with(w1, "level=\"2\" stage=\"mandiri\">Lama.<",
             "level=\"3\" stage=\"mandiri\">Baru.<");
    run(base, c, 4, false, false, &res);
    ck_assert_uint_eq(res.applied, 3);
    ck_assert_uint_eq(res.refused, 1);
    ck_assert_int_eq(res.items[1].outcome, DSR_EDIT_REFUSED);
    ck_assert_msg(strncmp(res.items[1].why, "Sheet!C9: ", 10) == 0, "%s",
                  res.items[1].why);
    ck_assert(!res.written);
    expect_file(path, base);
    dsr_edit_result_release(&res);
    run(base, c, 4, true, false, &res);
    ck_assert_uint_eq(res.applied, 3);
    ck_assert_uint_eq(res.refused, 1);
    ck_assert_int_eq(res.items[0].outcome, DSR_EDIT_SET);
    ck_assert_int_eq(res.items[2].outcome, DSR_EDIT_SET);
    ck_assert_str_eq(res.items[2].before, "2");
    ck_assert(res.written);
    expect_file(path, w);
    dsr_edit_result_release(&res);
    free(w);
    free(w1);
}
END_TEST

/*
 * A manifest that is a symbolic link, or that its owner made read-only,
 * is refused before anything is written (a dry run too): renaming the
 * new text over it would turn the link into a copy, or change a file
 * marked not to be changed.  Before, the link gave "cannot keep a backup
 * beside it: Too many levels of symbolic links" (exit 3) only when
 * writing, and a read-only file was replaced.
 */
START_TEST(test_edit_refuses_a_link_and_a_read_only_file)
{
    struct dsr_change c = CH(DSR_FIELD_OWNER, .indicator = "1", .value = "B1");
    struct dsr_edit_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                 .schemas_dir = TEST_SCHEMAS};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_edit_result res;
    char link[700], real[700], backup[720];
    struct stat st;

    snprintf(real, sizeof(real), "%s/real.xml", dir);
    snprintf(link, sizeof(link), "%s/link.xml", dir);
    tu_write(dir, "real.xml", base, (size_t)-1);
    ck_assert_int_eq(symlink("real.xml", link), 0);
    for (int dry = 0; dry < 2; dry++) {
        opts.dry_run = dry;
        err = (struct dsr_error)DSR_ERROR_INIT;
        ck_assert_int_eq(dsr_manifest_edit(link, &c, 1, &opts, &res, &err), -1);
        ck_assert_int_eq(err.code, DSR_INPUT);
        ck_assert_msg(strstr(err.msg, "symbolic link") &&
                          strstr(err.msg, "real.xml)"),
                      "%s", err.msg);
        ck_assert(!res.written);
        dsr_edit_result_release(&res);
    }
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    expect_file(real, base);
    /* read-only: refused even for root, whom the mode does not stop */
    tu_write(dir, "manifest.xml", base, (size_t)-1);
    ck_assert_int_eq(chmod(path, 0444), 0);
    opts.dry_run = false;
    err = (struct dsr_error)DSR_ERROR_INIT;
    ck_assert_int_eq(dsr_manifest_edit(path, &c, 1, &opts, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_msg(strstr(err.msg, "read-only") != NULL, "%s", err.msg);
    ck_assert(!res.written);
    dsr_edit_result_release(&res);
    expect_file(path, base);
    snprintf(backup, sizeof(backup), "%s.~1~", path);
    ck_assert_int_ne(access(backup, F_OK), 0);
    /* writable again: edited */
    ck_assert_int_eq(chmod(path, 0644), 0);
    ck_assert_int_eq(dsr_manifest_edit(path, &c, 1, &opts, &res, &err), 0);
    ck_assert(res.written);
    dsr_edit_result_release(&res);
}
END_TEST

/* An edit worked out against one text refuses a file saved since. */
START_TEST(test_edit_expects_the_text_compared)
{
    struct dsr_change c = CH(DSR_FIELD_OWNER, .indicator = "1", .value = "B1");
    struct dsr_edit_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                 .schemas_dir = TEST_SCHEMAS,
                                 .partial = true};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_edit_result res;
    char *saved = with(base, "Kab A", "Kab B");
    char *w = with(base, "Bappeda", "B1");

    tu_write(dir, "manifest.xml", saved, (size_t)-1);
    opts.expect_text = base;
    opts.expect_len = strlen(base);
    ck_assert_int_eq(dsr_manifest_edit(path, &c, 1, &opts, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_msg(strstr(err.msg, "run import again") != NULL, "%s", err.msg);
    ck_assert(!res.written);
    expect_file(path, saved);
    dsr_edit_result_release(&res);
    /* the text compared: applied */
    tu_write(dir, "manifest.xml", base, (size_t)-1);
    ck_assert_int_eq(dsr_manifest_edit(path, &c, 1, &opts, &res, &err), 0);
    ck_assert(res.written);
    expect_file(path, w);
    dsr_edit_result_release(&res);
    free(saved);
    free(w);
}
END_TEST

/* A change of what an earlier change added sees what it made: a title
 * set, then set back to the one scan would give, is that one. */
START_TEST(test_edit_batch_sees_what_it_added)
{
    struct dsr_change c[] = {
        CH(DSR_FIELD_EVIDENCE_TITLE, .indicator = "3", .file = "03/sk.pdf", .value = "Baru"),
        CH(DSR_FIELD_EVIDENCE_TITLE, .indicator = "3", .file = "03/sk.pdf", .value = "Sk"),
    };
    struct dsr_edit_result res;
    char *got;

    tu_write(dir, "bukti/03/sk.pdf", "abc", 3);
    run(base, c, 2, false, false, &res);
    ck_assert_uint_eq(res.refused, 0);
    ck_assert_int_eq(res.items[1].outcome, DSR_EDIT_SET);
    ck_assert_str_eq(res.items[1].before, "Baru");
    dsr_edit_result_release(&res);
    got = slurp(path);
    ck_assert_msg(strstr(got, ">Sk</evidence>") != NULL, "%s", got);
    free(got);
}
END_TEST

/* CPU seconds this process has used (not wall time: no timing luck). */
static double
cpu_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A manifest of 'n' evidence entries over the 47 indicators, and a new
 * title for each: the CPU seconds the edit takes. */
static double
retitle(size_t n)
{
    struct dsr_buf text = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_change *c = calloc(n, sizeof(*c));
    char (*files)[48] = calloc(n, sizeof(*files));
    char (*ids)[24] = calloc(n, sizeof(*ids));
    struct dsr_edit_result res;
    double t0, t1;

    ck_assert(c && files && ids);
    ck_assert_int_eq(dsr_buf_adds(&text, HEAD OPEN
                                  "  <instance name=\"Kab A\"/>\n"
                                  "  <evidence-root path=\"bukti\"/>\n", &err), 0);
    for (size_t k = 1; k <= 47; k++) {
        ck_assert_int_eq(dsr_buf_addf(&text, &err,
                                      "  <indicator id=\"%zu\">\n", k), 0);
        for (size_t i = k - 1; i < n; i += 47) {
            snprintf(files[i], sizeof(files[i]), "%02zu/bukti-%zu.pdf", k, i);
            snprintf(ids[i], sizeof(ids[i]), "%zu", k);
            ck_assert_int_eq(dsr_buf_addf(&text, &err,
                                          "    <evidence file=\"%s\" level=\"2\">"
                                          "Bukti lama %zu</evidence>\n",
                                          files[i], i), 0);
            c[i] = CH(DSR_FIELD_EVIDENCE_TITLE, .indicator = ids[i],
                      .file = files[i], .value = "Judul baru");
        }
        ck_assert_int_eq(dsr_buf_adds(&text, "  </indicator>\n", &err), 0);
    }
    ck_assert_int_eq(dsr_buf_adds(&text, "</dossier>\n", &err), 0);
    tu_write(dir, "manifest.xml", text.data, text.len);
    t0 = cpu_seconds();
    run(NULL, c, n, true, false, &res);
    t1 = cpu_seconds();
    ck_assert_msg(res.applied == n, "%zu applied, %zu refused: %s", res.applied,
                  res.refused, res.n && res.items[0].why ? res.items[0].why : "");
    ck_assert(res.written);
    dsr_edit_result_release(&res);
    dsr_buf_release(&text);
    free(c);
    free(files);
    free(ids);
    return t1 - t0;
}

/* n changes on a manifest of n entries: the time grows with n, not n²
 * (a copy, parse and validation per change made 4n cost 16 times n). */
START_TEST(test_edit_many_changes_linear)
{
    double t1 = retitle(500), t4 = retitle(2000);

    fprintf(stderr, "edit: 500 changes %.3f s CPU, 2000 changes %.3f s CPU\n",
            t1, t4);
    ck_assert_msg(t4 < 8 * t1 + 0.1,
                  "2000 changes took %.3f s CPU, 500 took %.3f s", t4, t1);
    ck_assert_msg(t4 < 2.0, "2000 changes took %.3f s CPU", t4);
}
END_TEST

static Suite *
edit_suite(void)
{
    Suite *s = suite_create("edit");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_edit_owner);
    tcase_add_test(tc, test_edit_levels_and_explanations);
    tcase_add_test(tc, test_edit_manifest_values);
    tcase_add_test(tc, test_edit_refuses_values);
    tcase_add_test(tc, test_edit_evidence);
    tcase_add_test(tc, test_edit_adds_indicator_in_catalog_order);
    tcase_add_test(tc, test_edit_keeps_crlf_prefix_and_latin1);
    tcase_add_test(tc, test_edit_scan_keeps_crlf);
    tcase_add_test(tc, test_edit_scan_adds_indicator_in_catalog_order);
    tcase_add_test(tc, test_edit_backups_dry_run_and_partial);
    tcase_add_test(tc, test_edit_file_changed_meanwhile);
    tcase_add_test(tc, test_edit_unusable_manifest);
    tcase_add_test(tc, test_edit_fixes_an_overlong_text);
    tcase_add_test(tc, test_edit_refuses_utf16);
    tcase_add_test(tc, test_edit_many_changes_linear);
    tcase_add_test(tc, test_edit_batch_sees_what_it_added);
    tcase_add_test(tc, test_edit_expects_the_text_compared);
    tcase_add_test(tc, test_edit_refuses_a_link_and_a_read_only_file);
    tcase_add_test(tc, test_edit_batch_falls_back_to_the_culprit);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(edit_suite());
}
