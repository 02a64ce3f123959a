/*
 * test_finding.c -- the table of finding codes (names, severities,
 * descriptions) and the finding list: adding, counting and sorting.
 */
#include "testutil.h"

#include "dossier/error.h"
#include "dossier/finding.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Every code: its name looks itself up, and has a description. */
START_TEST(test_finding_name_lookup_round_trip)
{
    enum dsr_finding_code code = (enum dsr_finding_code)_i;
    const char *name = dsr_finding_name(code);
    const char *desc = dsr_finding_description(code);
    enum dsr_severity sev = dsr_finding_severity(code);

    ck_assert_ptr_nonnull(name);
    ck_assert_uint_gt(strlen(name), 0);
    /* stable names are lowercase words joined by '-' */
    ck_assert_uint_eq(strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-"),
                      strlen(name));
    ck_assert_int_ne(name[0], '-');
    ck_assert_int_ne(name[strlen(name) - 1], '-');
    ck_assert_int_eq(dsr_finding_lookup(name), _i);
    ck_assert_uint_gt(strlen(desc), 0);
    /* descriptions are lowercase and have no full stop */
    ck_assert_int_ne(desc[strlen(desc) - 1], '.');
    ck_assert(sev == DSR_SEV_ERROR || sev == DSR_SEV_WARNING ||
              sev == DSR_SEV_NOTE);
    /* no other code has the same name */
    for (int j = 0; j < DSR_F_COUNT; j++)
        if (j != _i)
            ck_assert_str_ne(dsr_finding_name((enum dsr_finding_code)j), name);
}
END_TEST

/* Codes are stable: a sample of numbers, names and severities. */
static const struct {
    enum dsr_finding_code code;
    int number;
    const char *name;
    enum dsr_severity sev;
} stable[] = {
    {DSR_F_MANIFEST_UNREADABLE, 0, "manifest-unreadable", DSR_SEV_ERROR},
    {DSR_F_MANIFEST_TOO_LARGE, 1, "manifest-too-large", DSR_SEV_ERROR},
    {DSR_F_XML_MALFORMED, 2, "xml-malformed", DSR_SEV_ERROR},
    {DSR_F_XML_DOCTYPE, 3, "xml-doctype", DSR_SEV_ERROR},
    {DSR_F_SCHEMA_INVALID, 4, "schema-invalid", DSR_SEV_ERROR},
    {DSR_F_FRAMEWORK_UNKNOWN, 5, "framework-unknown", DSR_SEV_ERROR},
    {DSR_F_FRAMEWORK_PROVISIONAL, 6, "framework-provisional", DSR_SEV_NOTE},
    {DSR_F_FRAMEWORK_YEAR, 7, "framework-year", DSR_SEV_WARNING},
    {DSR_F_YEAR_INVALID, 8, "year-invalid", DSR_SEV_ERROR},
    {DSR_F_PERIOD_INVALID, 9, "period-invalid", DSR_SEV_ERROR},
    {DSR_F_PERIOD_YEAR, 10, "period-year", DSR_SEV_WARNING},
    {DSR_F_DATE_INVALID, 11, "date-invalid", DSR_SEV_ERROR},
    {DSR_F_INDEX_INVALID, 12, "index-invalid", DSR_SEV_ERROR},
    {DSR_F_INDICATOR_UNKNOWN, 13, "indicator-unknown", DSR_SEV_ERROR},
    {DSR_F_INDICATOR_DUPLICATE, 14, "indicator-duplicate", DSR_SEV_ERROR},
    {DSR_F_LEVEL_RANGE, 15, "level-range", DSR_SEV_ERROR},
    {DSR_F_STAGE_DUPLICATE, 16, "stage-duplicate", DSR_SEV_ERROR},
    {DSR_F_EVIDENCE_ROOT_INVALID, 17, "evidence-root-invalid", DSR_SEV_ERROR},
    {DSR_F_PATH_ABSOLUTE, 18, "path-absolute", DSR_SEV_ERROR},
    {DSR_F_PATH_ESCAPES, 19, "path-escapes", DSR_SEV_ERROR},
    {DSR_F_PATH_INVALID, 20, "path-invalid", DSR_SEV_ERROR},
    {DSR_F_FILE_MISSING, 21, "file-missing", DSR_SEV_ERROR},
    {DSR_F_FILE_NOT_REGULAR, 22, "file-not-regular", DSR_SEV_ERROR},
    {DSR_F_FILE_UNREADABLE, 23, "file-unreadable", DSR_SEV_ERROR},
    {DSR_F_FILE_EMPTY, 24, "file-empty", DSR_SEV_ERROR},
    {DSR_F_FILE_TOO_LARGE, 25, "file-too-large", DSR_SEV_WARNING},
    {DSR_F_TYPE_MISMATCH, 26, "type-mismatch", DSR_SEV_ERROR},
    {DSR_F_TYPE_EXECUTABLE, 27, "type-executable", DSR_SEV_ERROR},
    {DSR_F_TYPE_UNKNOWN, 28, "type-unknown", DSR_SEV_WARNING},
    {DSR_F_SHA256_MISMATCH, 29, "sha256-mismatch", DSR_SEV_ERROR},
    {DSR_F_EVIDENCE_DUPLICATE, 30, "evidence-duplicate", DSR_SEV_WARNING},
    {DSR_F_FILE_SHARED, 31, "file-shared", DSR_SEV_NOTE},
    {DSR_F_CONTENT_DUPLICATE, 32, "content-duplicate", DSR_SEV_NOTE},
    {DSR_F_DATE_OUTSIDE_PERIOD, 33, "date-outside-period", DSR_SEV_WARNING},
    {DSR_F_EVIDENCE_NO_LEVEL, 34, "evidence-no-level", DSR_SEV_WARNING},
    {DSR_F_EVIDENCE_NO_TITLE, 35, "evidence-no-title", DSR_SEV_WARNING},
    {DSR_F_INDICATOR_NOT_FILLED, 36, "indicator-not-filled", DSR_SEV_WARNING},
    {DSR_F_LEVEL_UNSUPPORTED, 37, "level-unsupported", DSR_SEV_WARNING},
    {DSR_F_EXPLANATION_MISSING, 38, "explanation-missing", DSR_SEV_NOTE},
    {DSR_F_LINK_INVALID, 39, "link-invalid", DSR_SEV_WARNING},
    {DSR_F_QUESTION_UNANSWERED, 40, "question-unanswered", DSR_SEV_NOTE},
    {DSR_F_TEXT_TOO_LONG, 41, "text-too-long", DSR_SEV_ERROR},
    {DSR_F_EVIDENCE_ROOT_OUTSIDE, 42, "evidence-root-outside", DSR_SEV_ERROR},
    {DSR_F_PATH_LINK, 43, "path-link", DSR_SEV_ERROR},
    {DSR_F_PATH_NOT_PORTABLE, 44, "path-not-portable", DSR_SEV_ERROR},
    {DSR_F_PDF_ENCRYPTED, 45, "pdf-encrypted", DSR_SEV_ERROR},
    {DSR_F_PDF_DAMAGED, 46, "pdf-damaged", DSR_SEV_ERROR},
    {DSR_F_OFFICE_DAMAGED, 47, "office-damaged", DSR_SEV_ERROR},
    {DSR_F_IMAGE_DAMAGED, 48, "image-damaged", DSR_SEV_ERROR},
    {DSR_F_DOCUMENT_UNCHECKED, 49, "document-unchecked", DSR_SEV_NOTE},
    {DSR_F_INSTANCE_PLACEHOLDER, 50, "instance-placeholder", DSR_SEV_ERROR},
    {DSR_F_DATE_FROM_FILE, 51, "date-from-file", DSR_SEV_NOTE},
    {DSR_F_ITEM_UNKNOWN, 52, "item-unknown", DSR_SEV_ERROR},
    {DSR_F_ITEM_UNSUPPORTED, 53, "item-unsupported", DSR_SEV_WARNING},
    {DSR_F_VERDICT_ITEM_UNKNOWN, 54, "verdict-item-unknown", DSR_SEV_ERROR},
    {DSR_F_VERDICT_ITEM_MISSING, 55, "verdict-item-missing", DSR_SEV_WARNING},
    {DSR_F_REVISI_NO_RESPONSE, 56, "revisi-no-response", DSR_SEV_WARNING},
    {DSR_F_ACCEPTED_ABOVE_REJECTED, 57, "accepted-above-rejected",
     DSR_SEV_NOTE},
    {DSR_F_EXTERNAL_MISSING, 58, "external-missing", DSR_SEV_NOTE},
    {DSR_F_EXTERNAL_INVALID, 59, "external-invalid", DSR_SEV_ERROR},
    {DSR_F_VALUE_OUT_OF_BAND, 60, "value-out-of-band", DSR_SEV_WARNING},
    {DSR_F_VALUE_INVALID, 61, "value-invalid", DSR_SEV_ERROR},
    {DSR_F_VERDICT_DUPLICATE, 62, "verdict-duplicate", DSR_SEV_WARNING},
    {DSR_F_VERDICT_KIND_IGNORED, 63, "verdict-kind-ignored", DSR_SEV_WARNING},
    {DSR_F_VISIT_OWNER_UNKNOWN, 64, "visit-owner-unknown", DSR_SEV_WARNING},
    {DSR_F_VISIT_DUPLICATE, 65, "visit-duplicate", DSR_SEV_WARNING},
    {DSR_F_VISIT_DATE_INVALID, 66, "visit-date-invalid", DSR_SEV_ERROR},
    {DSR_F_PREVIOUS_ID_UNKNOWN, 67, "previous-id-unknown",
     DSR_SEV_WARNING},
    {DSR_F_PREVIOUS_ID_DUPLICATE, 68, "previous-id-duplicate",
     DSR_SEV_WARNING},
    {DSR_F_LINK_SECRET_IN_TEXT, 69, "link-secret-in-text", DSR_SEV_WARNING},
    {DSR_F_LINK_SECRET_IN_URL, 70, "link-secret-in-url", DSR_SEV_WARNING},
    {DSR_F_ARCHIVE_INVALID, 71, "archive-invalid", DSR_SEV_ERROR},
    {DSR_F_RETENTION_INVALID, 72, "retention-invalid", DSR_SEV_ERROR},
};

START_TEST(test_finding_codes_are_stable)
{
    ck_assert_int_eq((int)stable[_i].code, stable[_i].number);
    ck_assert_str_eq(dsr_finding_name(stable[_i].code), stable[_i].name);
    ck_assert_int_eq(dsr_finding_severity(stable[_i].code), stable[_i].sev);
}
END_TEST

START_TEST(test_finding_table_complete)
{
    /* the table above names every code there is */
    ck_assert_int_eq(DSR_F_COUNT, (int)(sizeof(stable) / sizeof(*stable)));
    ck_assert_str_eq(dsr_finding_description(DSR_F_FILE_MISSING),
                     "an evidence file does not exist");
}
END_TEST

START_TEST(test_finding_lookup_unknown)
{
    ck_assert_int_eq(dsr_finding_lookup("no-such-code"), -1);
    ck_assert_int_eq(dsr_finding_lookup(""), -1);
    ck_assert_int_eq(dsr_finding_lookup("File-Missing"), -1);
    ck_assert_int_eq(dsr_finding_lookup("file-missing "), -1);
    ck_assert_int_eq(dsr_finding_lookup("FILE_MISSING"), -1);
    ck_assert_str_eq(dsr_finding_name(DSR_F_COUNT), "unknown");
    ck_assert_str_eq(dsr_finding_description(DSR_F_COUNT), "");
    ck_assert_int_eq(dsr_finding_severity(DSR_F_COUNT), DSR_SEV_ERROR);
}
END_TEST

START_TEST(test_finding_severity_names)
{
    ck_assert_str_eq(dsr_severity_name(DSR_SEV_ERROR), "error");
    ck_assert_str_eq(dsr_severity_name(DSR_SEV_WARNING), "warning");
    ck_assert_str_eq(dsr_severity_name(DSR_SEV_NOTE), "note");
}
END_TEST

START_TEST(test_finding_add_copies_strings)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    char ind[8] = "12";
    char file[32] = "bukti/a.pdf";

    ck_assert_int_eq(dsr_findings_add(&f, DSR_F_FILE_MISSING, ind, file, 17,
                                      &err, "'%s' does not exist", file),
                     0);
    ind[0] = 'X';
    file[0] = 'X';
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_FILE_MISSING);
    ck_assert_int_eq(f.items[0].severity, DSR_SEV_ERROR);
    ck_assert_str_eq(f.items[0].indicator, "12");
    ck_assert_str_eq(f.items[0].file, "bukti/a.pdf");
    ck_assert_uint_eq(f.items[0].line, 17);
    ck_assert_str_eq(f.items[0].message, "'bukti/a.pdf' does not exist");
    /* NULL indicator and file become "" */
    ck_assert_int_eq(dsr_findings_add(&f, DSR_F_YEAR_INVALID, NULL, NULL, 0,
                                      &err, "year %d", 2017),
                     0);
    ck_assert_str_eq(f.items[1].indicator, "");
    ck_assert_str_eq(f.items[1].file, "");
    ck_assert_str_eq(f.items[1].message, "year 2017");
    ck_assert_int_eq(err.code, DSR_OK);
    dsr_findings_release(&f);
}
END_TEST

START_TEST(test_finding_long_message_truncated)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    char big[3000];

    memset(big, 'p', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    ck_assert_int_eq(dsr_findings_add(&f, DSR_F_PATH_INVALID, "1", big, 1,
                                      NULL, "%s", big),
                     0);
    ck_assert_uint_eq(strlen(f.items[0].message), 1023);
    ck_assert_str_eq(f.items[0].file, big);
    dsr_findings_release(&f);
}
END_TEST

/* cut on a whole character, never half of 'é' */
START_TEST(test_finding_long_message_cut_on_a_character)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    char big[3001];

    big[0] = 'x';
    for (size_t i = 1; i + 1 < sizeof(big); i += 2)
        memcpy(big + i, "\xc3\xa9", 2);
    big[sizeof(big) - 1] = '\0';
    ck_assert_int_eq(dsr_findings_add(&f, DSR_F_PATH_INVALID, "1", "a", 1,
                                      NULL, "%s", big),
                     0);
    ck_assert_uint_eq(strlen(f.items[0].message), 1022);
    ck_assert_str_eq(f.items[0].message + 1019, "\xe2\x80\xa6");
    ck_assert_mem_eq(f.items[0].message + 1017, "\xc3\xa9", 2);
    dsr_findings_release(&f);
}
END_TEST

/* newlines and stray bytes from disk never reach a report raw */
START_TEST(test_finding_strings_are_printable)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;

    ck_assert_int_eq(dsr_findings_add(&f, DSR_F_FILE_MISSING, "1\n2",
                                      "a\nb\xff.pdf", 1, NULL,
                                      "'%s' is missing", "a\nb\xff.pdf"),
                     0);
    ck_assert_str_eq(f.items[0].indicator, "1\\n2");
    ck_assert_str_eq(f.items[0].file, "a\\nb\\xFF.pdf");
    ck_assert_str_eq(f.items[0].message, "'a\\nb\\xFF.pdf' is missing");
    dsr_findings_release(&f);
}
END_TEST

START_TEST(test_finding_counts_by_severity)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    static const enum dsr_finding_code add[] = {
        DSR_F_FILE_MISSING,   DSR_F_FILE_MISSING,    DSR_F_FILE_SHARED,
        DSR_F_TYPE_UNKNOWN,   DSR_F_SHA256_MISMATCH, DSR_F_QUESTION_UNANSWERED,
        DSR_F_FILE_MISSING,   DSR_F_LINK_INVALID,    DSR_F_INDICATOR_NOT_FILLED,
    };

    /* 100 findings, to go past any initial capacity */
    for (int r = 0; r < 100; r++) {
        enum dsr_finding_code c = add[r % (int)(sizeof(add) / sizeof(*add))];

        ck_assert_int_eq(dsr_findings_add(&f, c, "1", "a.pdf", (unsigned long)r,
                                          &err, "n%d", r),
                         0);
    }
    ck_assert_uint_eq(f.n, 100);
    /* per 9: 4 errors, 3 warnings, 2 notes; 100 = 11 * 9 + 1 (an error) */
    ck_assert_uint_eq(f.counts[DSR_SEV_ERROR], 45);
    ck_assert_uint_eq(f.counts[DSR_SEV_WARNING], 33);
    ck_assert_uint_eq(f.counts[DSR_SEV_NOTE], 22);
    ck_assert_uint_eq(dsr_findings_count_code(&f, DSR_F_FILE_MISSING), 34);
    ck_assert_uint_eq(dsr_findings_count_code(&f, DSR_F_SHA256_MISMATCH), 11);
    ck_assert_uint_eq(dsr_findings_count_code(&f, DSR_F_XML_DOCTYPE), 0);
    ck_assert_str_eq(f.items[99].message, "n99");
    ck_assert_uint_eq(f.items[99].line, 99);
    dsr_findings_release(&f);
    ck_assert_ptr_null(f.items);
    ck_assert_uint_eq(f.n, 0);
    ck_assert_uint_eq(f.counts[DSR_SEV_ERROR], 0);
    ck_assert_uint_eq(f.counts[DSR_SEV_NOTE], 0);
    /* released lists are reusable, and releasing NULL is harmless */
    ck_assert_int_eq(dsr_findings_add(&f, DSR_F_FILE_EMPTY, NULL, NULL, 0, &err,
                                      "again"),
                     0);
    ck_assert_uint_eq(f.counts[DSR_SEV_ERROR], 1);
    dsr_findings_release(&f);
    dsr_findings_release(NULL);
}
END_TEST

/* Catalog order that differs from string and numeric order: 3, 1, 2. */
static const int order_ctx;

static long
order_312(const char *id, const void *ctx)
{
    ck_assert_ptr_eq(ctx, &order_ctx);
    if (strcmp(id, "3") == 0)
        return 1;
    if (strcmp(id, "1") == 0)
        return 2;
    if (strcmp(id, "2") == 0)
        return 3;
    return LONG_MAX;
}

static void
add_msg(struct dsr_findings *f, enum dsr_finding_code code, const char *ind,
        unsigned long line, const char *msg)
{
    ck_assert_int_eq(dsr_findings_add(f, code, ind, "m.xml", line, NULL, "%s",
                                      msg),
                     0);
}

static void
assert_messages(const struct dsr_findings *f, const char *const *want,
                size_t n)
{
    ck_assert_uint_eq(f->n, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(strcmp(f->items[i].message, want[i]) == 0,
                      "position %zu: got %s, want %s", i, f->items[i].message,
                      want[i]);
}

START_TEST(test_finding_sort_order)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    static const char *const want[] = {"m4", "m1", "m8", "m3", "m0",
                                       "m5", "m2", "m7", "m6", "m9"};

    add_msg(&f, DSR_F_FILE_MISSING, "3", 40, "m0");
    add_msg(&f, DSR_F_YEAR_INVALID, NULL, 5, "m1");
    add_msg(&f, DSR_F_LEVEL_RANGE, "1", 20, "m2");
    add_msg(&f, DSR_F_FILE_EMPTY, "3", 30, "m3");
    add_msg(&f, DSR_F_FRAMEWORK_UNKNOWN, NULL, 1, "m4");
    add_msg(&f, DSR_F_INDICATOR_UNKNOWN, "1", 20, "m5");
    add_msg(&f, DSR_F_INDICATOR_NOT_FILLED, "2", 0, "m6");
    add_msg(&f, DSR_F_LEVEL_RANGE, "1", 20, "m7");     /* ties with m2 */
    add_msg(&f, DSR_F_DATE_INVALID, "", 5, "m8");      /* "" is manifest-wide */
    add_msg(&f, DSR_F_FILE_MISSING, "zz", 2, "m9");    /* unknown: last */
    dsr_findings_sort(&f, order_312, &order_ctx);
    /* manifest-wide by line then code; then indicators in catalog order,
     * each by line then code, ties in insertion order */
    assert_messages(&f, want, sizeof(want) / sizeof(*want));
    /* the whole finding moved, not only its message */
    ck_assert_str_eq(f.items[0].indicator, "");
    ck_assert_int_eq(f.items[0].code, DSR_F_FRAMEWORK_UNKNOWN);
    ck_assert_uint_eq(f.items[0].line, 1);
    ck_assert_str_eq(f.items[3].indicator, "3");
    ck_assert_int_eq(f.items[3].code, DSR_F_FILE_EMPTY);
    ck_assert_int_eq(f.items[3].severity, DSR_SEV_ERROR);
    /* sorting a sorted list changes nothing */
    dsr_findings_sort(&f, order_312, &order_ctx);
    assert_messages(&f, want, sizeof(want) / sizeof(*want));
    ck_assert_uint_eq(f.counts[DSR_SEV_ERROR], 9);
    dsr_findings_release(&f);
}
END_TEST

/*
 * Without an order function, indicators sort by their ids in natural
 * order ("2" before "10", numeric ids before others, others by bytes), so
 * each indicator's findings stay together.
 */
START_TEST(test_finding_sort_without_order_function)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    static const char *const want[] = {"wide", "2", "10", "a9", "b5", "b10"};

    add_msg(&f, DSR_F_FILE_MISSING, "b", 5, "b5");
    add_msg(&f, DSR_F_FILE_MISSING, "10", 1, "10");
    add_msg(&f, DSR_F_FILE_MISSING, "a", 9, "a9");
    add_msg(&f, DSR_F_FILE_MISSING, "2", 30, "2");
    add_msg(&f, DSR_F_FILE_MISSING, "b", 10, "b10");
    add_msg(&f, DSR_F_YEAR_INVALID, NULL, 20, "wide");
    dsr_findings_sort(&f, NULL, NULL);
    assert_messages(&f, want, sizeof(want) / sizeof(*want));
    dsr_findings_release(&f);
}
END_TEST

/* Ids the order function puts at the same position are told apart by id. */
START_TEST(test_finding_sort_ties_by_id)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    static const char *const want[] = {"3", "yy3", "zz1", "zz4"};

    add_msg(&f, DSR_F_FILE_MISSING, "zz", 1, "zz1");
    add_msg(&f, DSR_F_FILE_MISSING, "yy", 3, "yy3");
    add_msg(&f, DSR_F_FILE_MISSING, "zz", 4, "zz4");
    add_msg(&f, DSR_F_FILE_MISSING, "3", 50, "3");
    dsr_findings_sort(&f, order_312, &order_ctx);
    assert_messages(&f, want, sizeof(want) / sizeof(*want));
    dsr_findings_release(&f);
}
END_TEST

START_TEST(test_finding_sort_small_lists)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;

    dsr_findings_sort(&f, order_312, &order_ctx);
    ck_assert_uint_eq(f.n, 0);
    add_msg(&f, DSR_F_FILE_MISSING, "2", 5, "only");
    dsr_findings_sort(&f, order_312, &order_ctx);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_str_eq(f.items[0].message, "only");
    dsr_findings_release(&f);
}
END_TEST

Suite *
finding_suite(void)
{
    Suite *s = suite_create("finding");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_finding_name_lookup_round_trip, 0,
                        DSR_F_COUNT);
    tcase_add_loop_test(tc, test_finding_codes_are_stable, 0,
                        (int)(sizeof(stable) / sizeof(*stable)));
    tcase_add_test(tc, test_finding_table_complete);
    tcase_add_test(tc, test_finding_lookup_unknown);
    tcase_add_test(tc, test_finding_severity_names);
    tcase_add_test(tc, test_finding_add_copies_strings);
    tcase_add_test(tc, test_finding_long_message_truncated);
    tcase_add_test(tc, test_finding_long_message_cut_on_a_character);
    tcase_add_test(tc, test_finding_strings_are_printable);
    tcase_add_test(tc, test_finding_counts_by_severity);
    tcase_add_test(tc, test_finding_sort_order);
    tcase_add_test(tc, test_finding_sort_without_order_function);
    tcase_add_test(tc, test_finding_sort_ties_by_id);
    tcase_add_test(tc, test_finding_sort_small_lists);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(finding_suite());
}
