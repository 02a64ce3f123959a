/*
 * test_finding.c -- the code table, counts and report order.
 */
#include "testutil.h"

#include "dossier/error.h"
#include "dossier/finding.h"

#include <stdlib.h>
#include <string.h>

START_TEST(test_finding_every_code_round_trips)
{
    for (int i = 0; i < DSR_F_COUNT; i++) {
        const char *name = dsr_finding_name((enum dsr_finding_code)i);

        ck_assert_int_eq(dsr_finding_lookup(name), i);
        ck_assert_msg(strlen(dsr_finding_description((enum dsr_finding_code)i)) > 10,
                      "%s has no description", name);
        for (const char *p = name; *p; p++)
            ck_assert_msg((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-',
                          "code '%s' is not kebab-case", name);
    }
    ck_assert_int_eq(dsr_finding_lookup("no-such-code"), -1);
}
END_TEST

START_TEST(test_finding_severities)
{
    ck_assert_int_eq(dsr_finding_severity(DSR_F_FILE_MISSING), DSR_SEV_ERROR);
    ck_assert_int_eq(dsr_finding_severity(DSR_F_INDICATOR_NOT_FILLED), DSR_SEV_WARNING);
    ck_assert_int_eq(dsr_finding_severity(DSR_F_FILE_SHARED), DSR_SEV_NOTE);
    ck_assert_str_eq(dsr_severity_name(DSR_SEV_WARNING), "warning");
}
END_TEST

static long
by_number(const char *id, const void *ctx)
{
    (void)ctx;
    return strtol(id, NULL, 10);
}

START_TEST(test_finding_counts_and_order)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    dsr_findings_add(&f, DSR_F_FILE_MISSING, "12", "b.pdf", 40, &err, "%s", "b");
    dsr_findings_add(&f, DSR_F_FILE_SHARED, "2", "a.pdf", 30, &err, "%s", "a2");
    dsr_findings_add(&f, DSR_F_FILE_EMPTY, "2", "a.pdf", 20, &err, "%s", "a1");
    dsr_findings_add(&f, DSR_F_YEAR_INVALID, NULL, "m.xml", 2, &err, "%s", "y");
    ck_assert_uint_eq(f.n, 4);
    ck_assert_uint_eq(f.counts[DSR_SEV_ERROR], 3);
    ck_assert_uint_eq(f.counts[DSR_SEV_NOTE], 1);
    ck_assert_uint_eq(dsr_findings_count_code(&f, DSR_F_FILE_EMPTY), 1);
    dsr_findings_sort(&f, by_number, NULL);
    /* manifest-wide first, then indicator 2 by line, then indicator 12 */
    ck_assert_str_eq(f.items[0].message, "y");
    ck_assert_str_eq(f.items[0].indicator, "");
    ck_assert_str_eq(f.items[1].message, "a1");
    ck_assert_str_eq(f.items[2].message, "a2");
    ck_assert_str_eq(f.items[3].message, "b");
    dsr_findings_release(&f);
    ck_assert_uint_eq(f.n, 0);
}
END_TEST

Suite *
finding_suite(void)
{
    Suite *s = suite_create("finding");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_finding_every_code_round_trips);
    tcase_add_test(tc, test_finding_severities);
    tcase_add_test(tc, test_finding_counts_and_order);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(finding_suite());
}
