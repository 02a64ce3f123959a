/*
 * test_manifest_visit.c -- issue 21's data: the loader reads <visit>,
 * <previous><indicator/> and link account=/secret= within their limits,
 * check reports what the schema cannot say about them, and a bundle's
 * copy of the manifest loses every secret= and nothing else.
 */
#include "testutil.h"

#include "check_int.h"
#include "internal.h"

#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS "xmlns=\"urn:dossier:manifest:1\""
#define HEAD                                                                   \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                             \
    "<dossier " NS " framework=\"spbe-2020\" year=\"2024\">\n"                 \
    "<instance name=\"Pemerintah Kabupaten Contoh\"/>\n"

static struct dsr_findings findings;

static struct dsr_manifest *
load(const char *text, bool recover)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;

    dsr_findings_release(&findings);
    memset(&findings, 0, sizeof(findings));
    m = recover ? dsr_manifest_load_mem_recover(text, strlen(text), "m.xml",
                                                TEST_MANIFEST_XSD, &findings,
                                                &err)
                : dsr_manifest_load_mem(text, strlen(text), "m.xml",
                                        TEST_MANIFEST_XSD, &findings, &err);
    ck_assert_int_eq(err.code, DSR_OK);
    return m;
}

static const struct dsr_finding *
finding_in(const struct dsr_findings *f, enum dsr_finding_code code, size_t nth)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].code == code && nth-- == 0)
            return &f->items[i];
    return NULL;
}

static size_t
count_in(const struct dsr_findings *f, enum dsr_finding_code code)
{
    size_t n = 0;

    for (size_t i = 0; i < f->n; i++)
        n += f->items[i].code == code;
    return n;
}

/* ---- the loader ---------------------------------------------------- */

static const char full[] =
    HEAD
    "<previous year=\"2023\" index=\"2.45\">\n"
    "  <indicator id=\"1\" level=\"2\" value=\"1,3\"/>\n"
    "  <indicator id=\"2\"/>\n"
    "</previous>\n"
    "<evidence-root path=\"bukti\"/>\n"
    "<visit owner=\"Dinas Kominfo\" date=\"2026-08-12\" time=\"09.00-10.30\" "
    "place=\"Ruang Rapat\" person=\"Andi Pratama\"/>\n"
    "<visit owner=\"Bappeda\"/>\n"
    "<indicator id=\"1\" owner=\"Dinas Kominfo\">\n"
    "  <link href=\"https://a.example/x\" account=\"asesor.spbe\" "
    "secret=\"Rahasia#1\">Aplikasi</link>\n"
    "  <link href=\"https://a.example/y\">Portal</link>\n"
    "</indicator>\n"
    "</dossier>\n";

START_TEST(test_manifest_visit_loads)
{
    struct dsr_manifest *m = load(full, false);
    const struct dsr_visit *v;
    const struct dsr_link *l;

    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(findings.n, 0);
    ck_assert_uint_eq(m->nvisits, 2);
    v = &m->visits[0];
    ck_assert_str_eq(v->owner, "Dinas Kominfo");
    ck_assert_str_eq(v->date_text, "2026-08-12");
    ck_assert_int_eq(v->date.year, 2026);
    ck_assert_int_eq(v->date.month, 8);
    ck_assert_int_eq(v->date.day, 12);
    ck_assert_str_eq(v->time, "09.00-10.30");
    ck_assert_str_eq(v->place, "Ruang Rapat");
    ck_assert_str_eq(v->person, "Andi Pratama");
    ck_assert_uint_eq(v->line, 9);
    v = &m->visits[1];
    ck_assert_str_eq(v->owner, "Bappeda");
    ck_assert_ptr_null(v->date_text);
    ck_assert_int_eq(v->date.year, 0);
    ck_assert_str_eq(v->time, "");
    ck_assert_str_eq(v->place, "");
    ck_assert_str_eq(v->person, "");

    ck_assert_uint_eq(m->nprevious_indicators, 2);
    ck_assert_str_eq(m->previous_indicators[0].id, "1");
    ck_assert_int_eq(m->previous_indicators[0].level, 2);
    ck_assert_int_eq(m->previous_indicators[0].value, 13000);
    ck_assert_uint_eq(m->previous_indicators[0].line, 5);
    ck_assert_int_eq(m->previous_indicators[1].level, DSR_LEVEL_NONE);
    ck_assert_int_eq(m->previous_indicators[1].value, DSR_VALUE_NONE);
    ck_assert_int_eq(m->previous, 245);

    l = &m->indicators[0].links[0];
    ck_assert_str_eq(l->account, "asesor.spbe");
    ck_assert_str_eq(l->secret, "Rahasia#1");
    ck_assert_str_eq(l->text, "Aplikasi");
    l = &m->indicators[0].links[1];
    ck_assert_str_eq(l->account, "");
    ck_assert_ptr_null(l->secret);
    dsr_manifest_free(m);
}
END_TEST

START_TEST(test_manifest_visit_old_manifest_unchanged)
{
    struct dsr_manifest *m = load(HEAD "<previous year=\"2023\" index=\"2.45\"/>\n"
                                       "<indicator id=\"1\"/>\n</dossier>\n",
                                  false);

    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(findings.n, 0);
    ck_assert_uint_eq(m->nvisits, 0);
    ck_assert_ptr_null(m->visits);
    ck_assert_uint_eq(m->nprevious_indicators, 0);
    ck_assert(m->has_previous);
    dsr_manifest_free(m);
}
END_TEST

START_TEST(test_manifest_visit_schema_order)
{
    /* a visit before <evidence-root>: out of place, named in our words */
    struct dsr_manifest *m = load(HEAD "<visit owner=\"A\"/>\n"
                                       "<evidence-root path=\"b\"/>\n</dossier>\n",
                                  false);
    const struct dsr_finding *f;

    ck_assert_ptr_null(m);
    f = finding_in(&findings, DSR_F_SCHEMA_INVALID, 0);
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(f->line, 5);
    ck_assert_str_eq(f->message,
                     "<evidence-root> is out of place: inside <dossier> the "
                     "elements come in this order: instance, coordinator, "
                     "period, target, previous, evidence-root, archive, visit, "
                     "indicator");
}
END_TEST

START_TEST(test_manifest_visit_schema_attrs)
{
    struct dsr_manifest *m;
    const struct dsr_finding *f;

    m = load(HEAD "<previous year=\"2023\" index=\"2\">\n"
                  "<indicator id=\"1\" levl=\"2\"/>\n</previous>\n</dossier>\n",
             false);
    ck_assert_ptr_null(m);
    f = finding_in(&findings, DSR_F_SCHEMA_INVALID, 0);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->message,
                     "<indicator> has no attribute levl: did you mean level?");
    m = load(HEAD "<visit date=\"2026-08-12\"/>\n</dossier>\n", false);
    ck_assert_ptr_null(m);
    f = finding_in(&findings, DSR_F_SCHEMA_INVALID, 0);
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(f->line, 4);
    ck_assert_str_eq(f->message,
                     "<visit> needs the attribute owner: add owner=\"...\"");
    /* recovered: a visit without its owner is left out, the rest read */
    m = load(HEAD "<visit date=\"2026-08-12\"/>\n<visit owner=\"B\"/>\n"
                  "</dossier>\n",
             true);
    ck_assert_ptr_nonnull(m);
    ck_assert(m->recovered);
    ck_assert_uint_eq(m->nvisits, 1);
    ck_assert_str_eq(m->visits[0].owner, "B");
    dsr_manifest_free(m);
}
END_TEST

/* Each new text past its limit: a text-too-long error, the manifest kept. */
static const struct {
    const char *before, *after;
    size_t limit;
    const char *what;
} long_cases[] = {
    {"<visit owner=\"", "\"/>\n", 120, "the visited OPD's name"},
    {"<visit owner=\"A\" time=\"", "\"/>\n", 40, "the visit's time"},
    {"<visit owner=\"A\" place=\"", "\"/>\n", 200, "the visit's place"},
    {"<visit owner=\"A\" person=\"", "\"/>\n", 200,
     "the visit's person in charge"},
    {"<indicator id=\"1\"><link href=\"https://a.example\" account=\"",
     "\">x</link></indicator>\n", 120, "the link's account"},
    {"<indicator id=\"1\"><link href=\"https://a.example\" secret=\"",
     "\">x</link></indicator>\n", 200, "the link's password (secret)"},
};

START_TEST(test_manifest_visit_text_limits)
{
    char text[4096], want[256], *fill;
    struct dsr_manifest *m;
    const struct dsr_finding *f;

    for (size_t ok = 0; ok < 2; ok++) {
        size_t n = long_cases[_i].limit + 1 - ok;

        fill = malloc(n + 1);
        ck_assert_ptr_nonnull(fill);
        memset(fill, 'x', n);
        fill[n] = '\0';
        snprintf(text, sizeof(text), HEAD "%s%s%s</dossier>\n",
                 long_cases[_i].before, fill, long_cases[_i].after);
        free(fill);
        m = load(text, false);
        ck_assert_ptr_nonnull(m);
        if (ok) {
            ck_assert_uint_eq(findings.n, 0);
        } else {
            f = finding_in(&findings, DSR_F_TEXT_TOO_LONG, 0);
            ck_assert_ptr_nonnull(f);
            ck_assert_uint_eq(f->line, 4);
            snprintf(want, sizeof(want),
                     "%s is %zu characters long; at most %zu are allowed: "
                     "shorten it",
                     long_cases[_i].what, long_cases[_i].limit + 1,
                     long_cases[_i].limit);
            ck_assert_str_eq(f->message, want);
        }
        dsr_manifest_free(m);
    }
}
END_TEST

START_TEST(test_manifest_visit_count_limits)
{
    size_t n = DSR_MANIFEST_MAX_VISITS + 1;
    size_t size = n * 48 + 1024;
    char *text = malloc(size);
    size_t off;
    struct dsr_manifest *m;
    const struct dsr_finding *f;
    bool visits = _i == 0;

    ck_assert_ptr_nonnull(text);
    off = (size_t)snprintf(text, size, HEAD "%s",
                           visits ? "" : "<previous year=\"2023\" index=\"2\">\n");
    for (size_t i = 0; i < n; i++)
        off += (size_t)snprintf(text + off, size - off,
                                visits ? "<visit owner=\"OPD %zu\"/>\n"
                                       : "<indicator id=\"%zu\"/>\n",
                                i + 1);
    snprintf(text + off, size - off, "%s</dossier>\n",
             visits ? "" : "</previous>\n");
    m = load(text, false);
    free(text);
    ck_assert_ptr_null(m);
    f = finding_in(&findings, DSR_F_MANIFEST_TOO_LARGE, 0);
    ck_assert_ptr_nonnull(f);
    /* the first one past the limit */
    ck_assert_uint_eq(f->line, 4 + (visits ? 0 : 1) + DSR_MANIFEST_MAX_VISITS);
}
END_TEST

/* ---- check --------------------------------------------------------- */

static struct dsr_check_result res;
static char tmp[512];

static void
check_text(const char *text)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS,
                                  .jobs = 1,
                                  .manifest_only = true,
                                  .lang = DSR_LANG_EN};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[600];

    dsr_check_result_release(&res);
    snprintf(tmp, sizeof(tmp), "%s", tu_tmpdir());
    tu_write(tmp, "m.xml", text, (size_t)-1);
    snprintf(path, sizeof(path), "%s/m.xml", tmp);
    ck_assert_int_eq(dsr_check(path, &opts, &res, &err), 0);
    ck_assert_ptr_nonnull(res.manifest);
}

static void
assert_finding(enum dsr_finding_code code, size_t nth, unsigned long line,
               const char *indicator, const char *message)
{
    const struct dsr_finding *f = finding_in(&res.findings, code, nth);

    ck_assert_msg(f != NULL, "no %s finding #%zu", dsr_finding_name(code), nth);
    ck_assert_uint_eq(f->line, line);
    ck_assert_str_eq(f->indicator, indicator);
    ck_assert_str_eq(f->message, message);
    ck_assert_int_eq(f->severity, dsr_finding_severity(code));
}

static void
teardown(void)
{
    dsr_check_result_release(&res);
    memset(&res, 0, sizeof(res));
    dsr_findings_release(&findings);
    memset(&findings, 0, sizeof(findings));
    if (tmp[0])
        tu_rmtree(tmp);
    tmp[0] = '\0';
}

START_TEST(test_check_visits)
{
    check_text(HEAD
               "<visit owner=\"Dinas Kominfo\" date=\"2026-08-12\"/>\n"
               "<visit owner=\"dinas  kominfo\"/>\n"
               "<visit owner=\"Dinas Kominfo\" date=\"2026-02-30\"/>\n"
               "<visit owner=\"Dinas Pariwisata\"/>\n"
               "<indicator id=\"1\" owner=\"Dinas Kominfo\"/>\n"
               "</dossier>\n");
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_VISIT_OWNER_UNKNOWN), 2);
    assert_finding(DSR_F_VISIT_OWNER_UNKNOWN, 0, 5, "",
                   "the visit is for 'dinas  kominfo', which owns no "
                   "indicator; the indicators write it 'Dinas Kominfo': "
                   "write it exactly the same");
    assert_finding(DSR_F_VISIT_OWNER_UNKNOWN, 1, 7, "",
                   "the visit is for 'Dinas Pariwisata', which owns no "
                   "indicator: write the OPD's name as an indicator's owner= "
                   "does");
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_VISIT_DUPLICATE), 1);
    assert_finding(DSR_F_VISIT_DUPLICATE, 0, 6, "",
                   "a second visit for 'Dinas Kominfo' (the first is on line "
                   "4, and it counts): one visit per OPD, with its time "
                   "spanning the visit");
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_VISIT_DATE_INVALID), 1);
    assert_finding(DSR_F_VISIT_DATE_INVALID, 0, 6, "",
                   "the visit date '2026-02-30' is not a real date");
}
END_TEST

START_TEST(test_check_visits_clean)
{
    check_text(HEAD
               "<visit owner=\"Dinas Kominfo\" date=\"2024-02-29\"/>\n"
               "<visit owner=\"Bappeda\"/>\n"
               "<indicator id=\"1\" owner=\"Dinas Kominfo\"/>\n"
               "<indicator id=\"2\" owner=\"Bappeda\"/>\n"
               "</dossier>\n");
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_VISIT_OWNER_UNKNOWN), 0);
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_VISIT_DUPLICATE), 0);
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_VISIT_DATE_INVALID), 0);
}
END_TEST

START_TEST(test_check_previous_indicators)
{
    check_text(HEAD
               "<previous year=\"2023\" index=\"2.45\">\n"
               "<indicator id=\"1\" level=\"2\" value=\"2.5\"/>\n"
               "<indicator id=\"99\" level=\"3\"/>\n"
               "<indicator id=\"1\" level=\"3\"/>\n"
               "<indicator id=\"2\" level=\"7\" value=\"x\"/>\n"
               "<indicator id=\"3\" value=\"5.5\"/>\n"
               "</previous>\n"
               "<indicator id=\"1\"/>\n"
               "</dossier>\n");
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_PREVIOUS_ID_UNKNOWN), 1);
    assert_finding(DSR_F_PREVIOUS_ID_UNKNOWN, 0, 6, "99",
                   "<previous> gives a level for indicator '99', which "
                   "framework 'spbe-2020' does not have (it has 47 "
                   "indicators)");
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_PREVIOUS_ID_DUPLICATE), 1);
    assert_finding(DSR_F_PREVIOUS_ID_DUPLICATE, 0, 7, "1",
                   "<previous> gives indicator '1' a second time (the first "
                   "is on line 5, and it counts)");
    assert_finding(DSR_F_LEVEL_RANGE, 0, 8, "2",
                   "last year's indicator level 7 is outside 1 to 5");
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_VALUE_INVALID), 2);
    assert_finding(DSR_F_VALUE_INVALID, 0, 8, "2",
                   "last year's value of indicator '2' is not a number with "
                   "at most four decimals: write it as 1.1667 or 1,1667");
    assert_finding(DSR_F_VALUE_INVALID, 1, 9, "3",
                   "last year's value of indicator '3' is outside 1.00 to "
                   "5.00: an indicator's value lies from 1 to 5");
}
END_TEST

START_TEST(test_check_link_secret_in_text)
{
    check_text(HEAD
               "<indicator id=\"1\">\n"
               "<link href=\"https://a.example/1\">App; akun demo: asesor.spbe "
               "/ Sukamaju#2024</link>\n"
               "<link href=\"https://a.example/2\">App, kata sandi: x</link>\n"
               "<link href=\"https://a.example/3\">App (Password: x)</link>\n"
               "<link href=\"https://a.example/4\">login admin/rahasia</link>\n"
               "<link href=\"https://a.example/5\" account=\"a\" "
               "secret=\"s\">App, kata sandi di secret=</link>\n"
               "<link href=\"https://a.example/6\">Portal https://b.example/q/r "
               "(akun publik)</link>\n"
               "<link href=\"https://a.example/7\">Sambutan Sandiaga Uno</link>\n"
               "<link href=\"https://a.example/8\">Akun dan layanan A / B</link>\n"
               "</indicator>\n"
               "</dossier>\n");
    /* the last one is a false alarm the heuristic accepts: an account
       word, then "a / b" */
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_LINK_SECRET_IN_TEXT), 5);
    for (size_t i = 0; i < 4; i++)
        assert_finding(DSR_F_LINK_SECRET_IN_TEXT, i, 5 + i, "1",
                       "the link's text looks like it holds a password: move "
                       "the account to account=\"...\" and the password to "
                       "secret=\"...\"; a secret is printed only on request "
                       "and never archived");
    ck_assert_uint_eq(finding_in(&res.findings, DSR_F_LINK_SECRET_IN_TEXT, 4)->line,
                      12);
    /* the message never quotes the text */
    for (size_t i = 0; i < res.findings.n; i++)
        ck_assert_ptr_null(strstr(res.findings.items[i].message, "Sukamaju#"));
}
END_TEST

START_TEST(test_check_link_secret_words)
{
    ck_assert(dsr_link_text_has_secret("PWD: x"));
    ck_assert(dsr_link_text_has_secret("user asesor pass: x"));
    ck_assert(dsr_link_text_has_secret("Account: asesor / x"));
    ck_assert(!dsr_link_text_has_secret("Sandiaga"));
    ck_assert(!dsr_link_text_has_secret("Aplikasi e-Planning Sukamaju"));
    ck_assert(!dsr_link_text_has_secret("passing grade"));
    ck_assert(!dsr_link_text_has_secret("akun https://x.example/a/b"));
    ck_assert(!dsr_link_text_has_secret(""));
}
END_TEST

/* ---- the bundle's copy --------------------------------------------- */

static char *
strip(const char *in, const char *note, size_t *removed)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char *out = NULL, *s;
    size_t len = 0;

    ck_assert_int_eq(dsr_manifest_strip_secrets(in, strlen(in), note, &out,
                                                &len, removed, &err),
                     0);
    s = malloc(len + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, out, len);
    s[len] = '\0';
    free(out);
    return s;
}

START_TEST(test_manifest_strip_secrets)
{
    static const char in[] =
        "<?xml version=\"1.0\"?>\n"
        "<!-- <link secret=\"in a comment\"/> -->\n"
        "<dossier " NS ">\n"
        "<link href=\"a\" secret=\"s1\" level=\"2\">t</link>\n"
        "<link\n  href='b'\n  secret = 'a \"quoted\" > s2'\n/>\n"
        "<m:link xmlns:m=\"urn:dossier:manifest:1\" secret=\"s3\">x</m:link>\n"
        "<link xmlns:secret=\"urn:x\" x:secret=\"s5\" href=\"e\"/>\n"
        "<evidence secret=\"kept\" file=\"x\"/>\n"
        "<link href=\"c\" secretary=\"kept\" data-secret=\"kept\">"
        "<![CDATA[ secret=\"kept\" ]]></link>\n"
        "<link href=\"d\" secret=\"multi\nline\"/>\n"
        "</dossier>";
    static const char want[] =
        "<?xml version=\"1.0\"?>\n"
        "<!-- <link secret=\"in a comment\"/> -->\n"
        "<dossier " NS ">\n"
        "<link href=\"a\" level=\"2\">t</link>\n"
        "<link\n  href='b'\n\n/>\n"
        "<m:link xmlns:m=\"urn:dossier:manifest:1\">x</m:link>\n"
        "<link xmlns:secret=\"urn:x\" href=\"e\"/>\n"
        "<evidence secret=\"kept\" file=\"x\"/>\n"
        "<link href=\"c\" secretary=\"kept\" data-secret=\"kept\">"
        "<![CDATA[ secret=\"kept\" ]]></link>\n"
        "<link href=\"d\"\n/>\n"
        "</dossier>\n"
        "<!-- removed -->\n";
    size_t removed = 0;
    char *out = strip(in, "<!-- removed -->\n", &removed);

    ck_assert_str_eq(out, want);
    ck_assert_uint_eq(removed, 5);
    free(out);
    /* nothing to remove: the same bytes, without the note */
    out = strip("<a><link href=\"x\"/></a>\n", "<!-- removed -->\n", &removed);
    ck_assert_str_eq(out, "<a><link href=\"x\"/></a>\n");
    ck_assert_uint_eq(removed, 0);
    free(out);
    /* cut short (not a manifest that loaded, yet no overrun) */
    out = strip("<link secret=\"abc", NULL, &removed);
    ck_assert_str_eq(out, "<link");
    free(out);
}
END_TEST

START_TEST(test_manifest_strip_secrets_example)
{
    /* the example's copy loads, with the same links and no secret */
    char path[600];
    FILE *fp;
    char *data, *out;
    long n;
    size_t removed = 0;
    struct dsr_manifest *a, *b;

    snprintf(path, sizeof(path), "%s/templates/example/manifest.xml",
             TEST_SOURCE_DIR);
    fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    data = calloc(1, (size_t)n + 1);
    ck_assert_ptr_nonnull(data);
    ck_assert_uint_eq(fread(data, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    out = strip(data, "<!-- removed (secret=) -->\n", &removed);
    ck_assert_uint_gt(removed, 0);
    ck_assert_ptr_null(strstr(out, " secret=\""));
    ck_assert_ptr_null(strstr(out, "Sukamaju#2024"));
    a = load(data, false);
    b = load(out, false);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(a->nindicators, b->nindicators);
    for (size_t i = 0; i < a->nindicators; i++) {
        ck_assert_uint_eq(a->indicators[i].nlinks, b->indicators[i].nlinks);
        ck_assert_uint_eq(a->indicators[i].line, b->indicators[i].line);
        for (size_t j = 0; j < b->indicators[i].nlinks; j++) {
            ck_assert_ptr_null(b->indicators[i].links[j].secret);
            ck_assert_str_eq(a->indicators[i].links[j].account,
                             b->indicators[i].links[j].account);
        }
    }
    dsr_manifest_free(a);
    dsr_manifest_free(b);
    free(out);
    free(data);
}
END_TEST

/* ---- a password in a link's address (issue 22, point 6) ------------- */

static char *
public_url(const char *url)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char *out = dsr_url_public(url, &err);

    ck_assert_ptr_nonnull(out);
    return out;
}

START_TEST(test_url_password)
{
    static const char *const cases[][2] = {
        {"https://asesor:Rahasia#1@app.example/x", "https://asesor@app.example/x"},
        {"https://u:p@h", "https://u@h"},
        {"https://:p@h/a", "https://@h/a"},
        {"http://u:p:q@h:8080/", "http://u@h:8080/"},
        /* an @ after the authority is not user information */
        {"https://h.example/a:b@c", "https://h.example/a:b@c"},
        {"https://h.example/?x=u:p@q", "https://h.example/?x=u:p@q"},
        {"https://h.example/#u:p@q", "https://h.example/#u:p@q"},
        /* '?' and '#' in a password: cut all the same */
        {"https://u:a?b#c@h.example/", "https://u@h.example/"},
        /* so is a '/' (a URL should encode it), unless it follows a port */
        {"https://asesor:Rah/asia456@host.example/lpse",
         "https://asesor@host.example/lpse"},
        {"https://h.example:8080/a@b", "https://h.example:8080/a@b"},
        {"https://u:p@h/x@y", "https://u@h/x@y"},
        {"https://u:p@ss@h/", "https://u@h/"},
        /* a user without a password, a port without a user */
        {"https://asesor@h.example/", "https://asesor@h.example/"},
        {"https://h.example:8443/", "https://h.example:8443/"},
        {"mailto:u:p@h", "mailto:u:p@h"},
        {"", ""},
    };
    size_t from, to;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *out = public_url(cases[i][0]);

        ck_assert_msg(strcmp(out, cases[i][1]) == 0, "%s gave %s", cases[i][0],
                      out);
        free(out);
    }
    ck_assert(dsr_url_password("https://u:p@h", 13, &from, &to));
    ck_assert_uint_eq(from, 9);
    ck_assert_uint_eq(to, 11);
    /* bounded by the length given, not by a NUL */
    ck_assert(!dsr_url_password("https://u:p@h", 10, &from, &to));
}
END_TEST

START_TEST(test_manifest_strip_url_password)
{
    static const char in[] =
        "<dossier " NS ">\n"
        "<link href=\"https://asesor:Zq8-pw@app.example/a\" level=\"2\">t</link>\n"
        "<link href='https://tamu@app.example/b'>u</link>\n"
        "<evidence file=\"https://x:kept@h\"/>\n"
        "<link href=\"https://h.example/a:b@c\" secret=\"s\">v</link>\n"
        "<link href='https://asesor&#58;Zq8&amp;pw&#x40;h.example/'>w</link>\n"
        "<link href=\"https://asesor:Zq8&#64;h.example/\">x</link>\n"
        "</dossier>";
    static const char want[] =
        "<dossier " NS ">\n"
        "<link href=\"https://asesor@app.example/a\" level=\"2\">t</link>\n"
        "<link href='https://tamu@app.example/b'>u</link>\n"
        "<evidence file=\"https://x:kept@h\"/>\n"
        "<link href=\"https://h.example/a:b@c\">v</link>\n"
        "<link href='https://asesor&#x40;h.example/'>w</link>\n"
        "<link href=\"https://asesor&#64;h.example/\">x</link>\n"
        "</dossier>";
    size_t removed = 0;
    char *out = strip(in, NULL, &removed);

    ck_assert_str_eq(out, want);
    ck_assert_uint_eq(removed, 4);
    free(out);
}
END_TEST

START_TEST(test_check_link_secret_in_url)
{
    check_text(HEAD
               "<indicator id=\"1\">\n"
               "<link href=\"https://asesor:Zq8-pw@a.example/1\">App</link>\n"
               "<link href=\"https://asesor@a.example/2\">App</link>\n"
               "<link href=\"ftp://u:Zq8-pw@a.example/3\">App</link>\n"
               "</indicator>\n"
               "</dossier>\n");
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_LINK_SECRET_IN_URL), 2);
    assert_finding(DSR_F_LINK_SECRET_IN_URL, 0, 5, "1",
                   "the link's address holds a password (user:password@): "
                   "move it to secret=\"...\" and the user name to "
                   "account=\"...\"; the dossier and the bundle leave it out");
    ck_assert_uint_eq(finding_in(&res.findings, DSR_F_LINK_SECRET_IN_URL, 1)->line,
                      7);
    /* no finding quotes the password, not even link-invalid's */
    ck_assert_uint_eq(count_in(&res.findings, DSR_F_LINK_INVALID), 1);
    for (size_t i = 0; i < res.findings.n; i++)
        ck_assert_ptr_null(strstr(res.findings.items[i].message, "Zq8"));
}
END_TEST

static Suite *
manifest_visit_suite(void)
{
    Suite *s = suite_create("manifest_visit");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_manifest_visit_loads);
    tcase_add_test(tc, test_manifest_visit_old_manifest_unchanged);
    tcase_add_test(tc, test_manifest_visit_schema_order);
    tcase_add_test(tc, test_manifest_visit_schema_attrs);
    tcase_add_loop_test(tc, test_manifest_visit_text_limits, 0,
                        (int)(sizeof(long_cases) / sizeof(*long_cases)));
    tcase_add_loop_test(tc, test_manifest_visit_count_limits, 0, 2);
    tcase_add_test(tc, test_check_visits);
    tcase_add_test(tc, test_check_visits_clean);
    tcase_add_test(tc, test_check_previous_indicators);
    tcase_add_test(tc, test_check_link_secret_in_text);
    tcase_add_test(tc, test_check_link_secret_words);
    tcase_add_test(tc, test_manifest_strip_secrets);
    tcase_add_test(tc, test_manifest_strip_secrets_example);
    tcase_add_test(tc, test_url_password);
    tcase_add_test(tc, test_manifest_strip_url_password);
    tcase_add_test(tc, test_check_link_secret_in_url);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(manifest_visit_suite());
}
