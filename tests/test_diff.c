/*
 * test_diff.c -- evidence matched by content: the same place is reused or
 * changed, the same bytes elsewhere are moved, the rest added or removed;
 * a directory that is no bundle is refused with its file named.
 */
#include "testutil.h"

#include "dossier/diff.h"
#include "dossier/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S(x) ((char *)(x))
#define H(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
             c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c

static struct dsr_index_entry old1[] = {
    {.name = S("a.pdf"), .file = S("01/a.pdf"), .sha256 = S(H("a"))},
    {.name = S("b.pdf"), .file = S("01/b.pdf"), .sha256 = S(H("b"))},
    {.name = S("c.pdf"), .file = S("01/c.pdf"), .sha256 = S(H("c"))},
};
static struct dsr_index_entry old2[] = {
    {.name = S("d.pdf"), .file = S("02/d.pdf"), .sha256 = S(H("d"))},
};
static struct dsr_index_entry new1[] = {
    {.name = S("a.pdf"), .file = S("01/a.pdf"), .sha256 = S(H("a"))},    /* reused */
    {.name = S("b.pdf"), .file = S("01/b.pdf"), .sha256 = S(H("e"))},    /* changed */
    {.name = S("x.pdf"), .file = S("01/x.pdf"), .sha256 = S(H("c"))},    /* moved */
    {.name = S("f.pdf"), .file = S("01/f.pdf"), .sha256 = S(H("f"))},    /* added */
};

START_TEST(test_diff_matches_by_content)
{
    struct dsr_zip_index oz[2] = {
        {.indicator = (char *)"1", .entries = old1, .n = 3},
        {.indicator = (char *)"2", .entries = old2, .n = 1},
    };
    struct dsr_zip_index nz[1] = {
        {.indicator = (char *)"1", .entries = new1, .n = 4},
    };
    struct dsr_bundle_view o = {.zips = oz, .nzips = 2};
    struct dsr_bundle_view n = {.zips = nz, .nzips = 1};
    struct dsr_evidence_diffs d;
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_diff_evidence(&o, &n, &d, &err), 0);
    ck_assert_uint_eq(d.n, 5);
    ck_assert_int_eq(d.items[0].change, DSR_EV_REUSED);
    ck_assert_str_eq(d.items[0].new->file, "01/a.pdf");
    ck_assert_int_eq(d.items[1].change, DSR_EV_CHANGED);
    ck_assert_str_eq(d.items[1].old->sha256, H("b"));
    ck_assert_str_eq(d.items[1].new->sha256, H("e"));
    ck_assert_int_eq(d.items[2].change, DSR_EV_MOVED);
    ck_assert_str_eq(d.items[2].old->file, "01/c.pdf");
    ck_assert_str_eq(d.items[2].new->file, "01/x.pdf");
    ck_assert_int_eq(d.items[3].change, DSR_EV_ADDED);
    ck_assert_str_eq(d.items[3].new->file, "01/f.pdf");
    ck_assert_ptr_null(d.items[3].old);
    ck_assert_int_eq(d.items[4].change, DSR_EV_REMOVED);
    ck_assert_str_eq(d.items[4].old_indicator, "2");
    ck_assert_str_eq(d.items[4].old->file, "02/d.pdf");
    ck_assert_str_eq(dsr_evidence_change_name(DSR_EV_MOVED), "moved");
    dsr_evidence_diffs_release(&d);
}
END_TEST

START_TEST(test_diff_refuses_a_non_bundle)
{
    const char *dir = tu_tmpdir();
    struct dsr_bundle_view v;
    struct dsr_error err = DSR_ERROR_INIT;
    char want[1024];

    ck_assert_int_eq(dsr_bundle_view_load(dir, TEST_FRAMEWORKS, TEST_SCHEMAS, &v, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    snprintf(want, sizeof(want), "%s/data/manifest.xml", dir);
    ck_assert_str_eq(err.path, want);
    dsr_bundle_view_release(&v);
    dsr_error_clear(&err);
    tu_write(dir, "data/manifest.xml", "<!DOCTYPE x []><dossier/>", (size_t)-1);
    ck_assert_int_eq(dsr_bundle_view_load(dir, TEST_FRAMEWORKS, TEST_SCHEMAS, &v, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    dsr_bundle_view_release(&v);
    tu_rmtree(dir);
}
END_TEST

Suite *
diff_suite(void)
{
    Suite *s = suite_create("diff");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_diff_matches_by_content);
    tcase_add_test(tc, test_diff_refuses_a_non_bundle);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(diff_suite());
}
