/*
 * test_diff.c -- evidence matched by content: the same place is reused or
 * changed, the same bytes elsewhere are moved, the rest added or removed,
 * in time that grows as n log n and with one zip's index held at a time;
 * a directory that is no bundle is refused with its file named, and so is
 * a bundle with a symbolic link or a FIFO where a file or folder should be;
 * indicators pair by id in one framework, by the mapping across
 * spbe-2020 -> pemdi-2026, and not at all where no mapping is known.
 */
#include "testutil.h"

#include "diff_impl.h"
#include "dossier/diff.h"
#include "dossier/error.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#define H(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
             c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c

static void
add(struct dsr_evidence_refs *r, const char *indicator, const char *file,
    const char *sha256)
{
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_evidence_refs_add(r, indicator, file, "", sha256, &err), 0);
}

START_TEST(test_diff_matches_by_content)
{
    struct dsr_evidence_diffs d = {0};
    struct dsr_error err = DSR_ERROR_INIT;

    add(&d.old, "1", "01/a.pdf", H("a"));
    add(&d.old, "1", "01/b.pdf", H("b"));
    add(&d.old, "1", "01/c.pdf", H("c"));
    add(&d.old, "2", "02/d.pdf", H("d"));
    add(&d.new, "1", "01/a.pdf", H("a"));      /* reused */
    add(&d.new, "1", "01/b.pdf", H("e"));      /* changed */
    add(&d.new, "1", "01/x.pdf", H("c"));      /* moved */
    add(&d.new, "1", "01/f.pdf", H("f"));      /* added */
    ck_assert_uint_eq(d.old.nindicators, 2);
    ck_assert_int_eq(dsr_diff_match(&d, &err), 0);
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
    ck_assert_str_eq(d.items[4].old->indicator, "2");
    ck_assert_str_eq(d.items[4].old->file, "02/d.pdf");
    ck_assert_str_eq(dsr_evidence_change_name(DSR_EV_MOVED), "moved");
    dsr_evidence_diffs_release(&d);
}
END_TEST

/*
 * The pairwise matching this replaced, kept as the reference: for each
 * new entry the first unused old one at the same place, then for the rest
 * the first unused old one with the same content.  Its results as
 * (change, old index or -1, new index or -1), in order.
 */
struct ref_item {
    int change;
    long o, n;
};

static size_t
reference(const struct dsr_evidence_refs *o, const struct dsr_evidence_refs *n,
          struct ref_item *out)
{
    bool *used = calloc(o->n + 1, 1), *done = calloc(n->n + 1, 1);
    size_t k = 0;

    for (size_t i = 0; i < n->n; i++)
        for (size_t j = 0; j < o->n && !done[i]; j++)
            if (!used[j] && strcmp(o->items[j].indicator, n->items[i].indicator) == 0 &&
                strcmp(o->items[j].file, n->items[i].file) == 0) {
                used[j] = done[i] = true;
                out[k++] = (struct ref_item){
                    strcmp(o->items[j].sha256, n->items[i].sha256) == 0
                        ? DSR_EV_REUSED
                        : DSR_EV_CHANGED,
                    (long)j, (long)i};
            }
    for (size_t i = 0; i < n->n; i++) {
        if (done[i])
            continue;
        for (size_t j = 0; j < o->n && !done[i]; j++)
            if (!used[j] && strcmp(o->items[j].sha256, n->items[i].sha256) == 0) {
                used[j] = done[i] = true;
                out[k++] = (struct ref_item){DSR_EV_MOVED, (long)j, (long)i};
            }
        if (!done[i])
            out[k++] = (struct ref_item){DSR_EV_ADDED, -1, (long)i};
    }
    for (size_t j = 0; j < o->n; j++)
        if (!used[j])
            out[k++] = (struct ref_item){DSR_EV_REMOVED, (long)j, -1};
    free(used);
    free(done);
    return k;
}

/* Random bundles with few names and digests, so that duplicates abound. */
START_TEST(test_diff_match_agrees_with_pairwise)
{
    unsigned seed = 17;

    for (int round = 0; round < 300; round++) {
        struct dsr_evidence_diffs d = {0};
        struct dsr_error err = DSR_ERROR_INIT;
        struct ref_item want[64];
        size_t nwant;

        for (int side = 0; side < 2; side++) {
            int count = rand_r(&seed) % 30;

            for (int i = 0; i < count; i++) {
                char ind[8], file[16], sha[8];

                snprintf(ind, sizeof(ind), "%d", rand_r(&seed) % 3);
                snprintf(file, sizeof(file), "f%d", rand_r(&seed) % 4);
                snprintf(sha, sizeof(sha), "%d", rand_r(&seed) % 5);
                add(side ? &d.new : &d.old, ind, file, sha);
            }
        }
        nwant = reference(&d.old, &d.new, want);
        ck_assert_int_eq(dsr_diff_match(&d, &err), 0);
        ck_assert_uint_eq(d.n, nwant);
        for (size_t k = 0; k < nwant; k++) {
            ck_assert_int_eq(d.items[k].change, want[k].change);
            ck_assert_int_eq(d.items[k].old ? d.items[k].old - d.old.items : -1,
                             want[k].o);
            ck_assert_int_eq(d.items[k].new ? d.items[k].new - d.new.items : -1,
                             want[k].n);
        }
        dsr_evidence_diffs_release(&d);
    }
}
END_TEST

/*
 * 200,000 entries a side (the limit), none at the same place and half of
 * them moved: pairwise that is 4 * 10^10 comparisons (hours); sorted, a
 * second or two.
 */
START_TEST(test_diff_match_is_not_quadratic)
{
    struct dsr_evidence_diffs d = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    size_t n = DSR_DIFF_MAX_ENTRIES, moved = 0;
    clock_t t0 = clock();

    for (size_t i = 0; i < n; i++) {
        char file[32], sha[72];

        snprintf(file, sizeof(file), "old/%zu.pdf", i);
        snprintf(sha, sizeof(sha), "%064zx", i);
        add(&d.old, "1", file, sha);
        snprintf(file, sizeof(file), "new/%zu.pdf", i);
        snprintf(sha, sizeof(sha), "%064zx", i % 2 ? i : n + i);
        add(&d.new, "1", file, sha);
    }
    ck_assert_int_eq(dsr_diff_match(&d, &err), 0);
    ck_assert_uint_eq(d.n, n + n / 2);
    for (size_t k = 0; k < d.n; k++)
        moved += d.items[k].change == DSR_EV_MOVED;
    ck_assert_uint_eq(moved, n / 2);
    /* generous for a sanitizer build on a busy machine */
    ck_assert_msg((double)(clock() - t0) / CLOCKS_PER_SEC < 30.0,
                  "matching took %.1f s of CPU",
                  (double)(clock() - t0) / CLOCKS_PER_SEC);
    dsr_evidence_diffs_release(&d);
}
END_TEST

/*
 * The strings kept of one bundle are bounded: entries of the longest
 * file and title index.xml allows, added until refused, stop at
 * DSR_DIFF_MAX_BYTES (DSR_INPUT), not after gigabytes.
 */
START_TEST(test_diff_refs_bound_their_bytes)
{
    struct dsr_evidence_refs r = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    size_t fits = DSR_DIFF_MAX_BYTES / (2047 + 1200 + 64);
    char *file = malloc(2048), *title = malloc(1201);
    size_t i;
    int rc = 0;

    memset(file, 'f', 2047);
    file[2047] = '\0';
    memset(title, 't', 1200);
    title[1200] = '\0';
    for (i = 0; i < 2 * fits && rc == 0; i++)
        rc = dsr_evidence_refs_add(&r, "1", file, title, H("a"), &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_uint_le(r.bytes, DSR_DIFF_MAX_BYTES);
    /* 'i - 1' were kept: about as many as the bytes allow */
    ck_assert_uint_ge(i - 1, DSR_DIFF_MAX_BYTES / (2047 + 1200 + 64 + 64));
    ck_assert_uint_le(i - 1, fits);
    free(file);
    free(title);
    {
        struct dsr_evidence_diffs d = {0};

        d.old = r;
        dsr_evidence_diffs_release(&d);
    }
}
END_TEST

/* A zip at 'dir'/'name' whose index.xml lists 'n' entries of 'indicator'. */
static void
make_zip(const char *dir, const char *name, const char *indicator, int n)
{
    char path[4096];
    size_t cap = 256 + (size_t)n * 256, len;
    char *xml = malloc(cap);
    zip_source_t *src;
    zip_t *za;
    int zerr = 0;

    ck_assert_ptr_nonnull(xml);
    len = (size_t)snprintf(xml, cap,
                           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<index xmlns=\"urn:dossier:index:1\" framework=\"spbe-2019\" "
                           "year=\"2024\" indicator=\"%s\">\n",
                           indicator);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(xml + len, cap - len,
                                "<entry name=\"e%d.pdf\" file=\"%s/e%d.pdf\" "
                                "size=\"1\" sha256=\"%064d\">title %d</entry>\n",
                                i, indicator, i, i, i);
    len += (size_t)snprintf(xml + len, cap - len, "</index>\n");
    ck_assert_int_lt(snprintf(path, sizeof(path), "%s/%s", dir, name),
                     (int)sizeof(path));
    za = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
    ck_assert_ptr_nonnull(za);
    src = zip_source_buffer(za, xml, len, 1);
    ck_assert_ptr_nonnull(src);
    ck_assert_int_ge(zip_file_add(za, "index.xml", src, 0), 0);
    ck_assert_int_eq(zip_close(za), 0);
}

/* A view of the zips in 'dir'/data/indicators, as the loader makes it. */
static void
view_of(const char *dir, struct dsr_bundle_view *v, const char *const *zips,
        size_t n)
{
    char path[4096];

    memset(v, 0, sizeof(*v));
    v->dir = strdup(dir);
    snprintf(path, sizeof(path), "%s/data/indicators", dir);
    v->zipdirfd = open(path, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(v->zipdirfd, 0);
    v->zips = calloc(n, sizeof(*v->zips));
    for (size_t i = 0; i < n; i++)
        v->zips[i] = strdup(zips[i]);
    v->nzips = n;
}

/*
 * Three zips of 5, 300 and 7 entries a bundle: the diff holds at most the
 * 300 entries of the largest zip's index at once, never the 312 of the
 * bundle or the 624 of both, and still matches all of them.
 */
START_TEST(test_diff_holds_one_zip_at_a_time)
{
    static const char *const zips[] = {"01.zip", "02.zip", "03.zip"};
    const char *dir = tu_tmpdir();
    char zdir[4096];
    struct dsr_bundle_view o, n;
    struct dsr_evidence_diffs d;
    size_t peak = 0;
    struct dsr_error err = DSR_ERROR_INIT;

    snprintf(zdir, sizeof(zdir), "%s/data/indicators", dir);
    tu_write(dir, "data/indicators/.keep", "", 0);
    make_zip(zdir, "01.zip", "1", 5);
    make_zip(zdir, "02.zip", "2", 300);
    make_zip(zdir, "03.zip", "3", 7);
    view_of(dir, &o, zips, 3);
    view_of(dir, &n, zips, 3);
    ck_assert_int_eq(diff_evidence_run(&o, &n, &d, &peak, &err), 0);
    ck_assert_uint_eq(peak, 300);
    ck_assert_uint_eq(d.old.n, 312);
    ck_assert_uint_eq(d.new.n, 312);
    ck_assert_uint_eq(d.n, 312);
    for (size_t k = 0; k < d.n; k++)
        ck_assert_int_eq(d.items[k].change, DSR_EV_REUSED);
    ck_assert_str_eq(d.new.items[311].title, "title 6");
    ck_assert_str_eq(d.new.items[311].indicator, "3");
    dsr_evidence_diffs_release(&d);
    dsr_bundle_view_release(&o);
    dsr_bundle_view_release(&n);
    tu_rmtree(dir);
}
END_TEST

/* dsr_diff_evidence() on a bundle whose only zip, 01.zip, is no zip. */
static void
refuse_zip(const char *dir, const char *want)
{
    static const char *const zips[] = {"01.zip"};
    struct dsr_bundle_view o, n;
    struct dsr_evidence_diffs d;
    struct dsr_error err = DSR_ERROR_INIT;
    char path[4096];

    view_of(dir, &o, zips, 1);
    view_of(dir, &n, zips, 1);
    ck_assert_int_eq(dsr_diff_evidence(&o, &n, &d, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    snprintf(path, sizeof(path), "%s/data/indicators/01.zip", dir);
    ck_assert_str_eq(err.path, path);
    ck_assert_msg(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
    dsr_evidence_diffs_release(&d);
    dsr_bundle_view_release(&o);
    dsr_bundle_view_release(&n);
}

START_TEST(test_diff_refuses_linked_or_special_zips)
{
    const char *dir = tu_tmpdir();
    const char *out = tu_tmpdir();
    char zdir[2048], path[4096], target[4096];

    snprintf(zdir, sizeof(zdir), "%s/data/indicators", dir);
    tu_write(dir, "data/indicators/.keep", "", 0);
    make_zip(out, "01.zip", "1", 3);
    snprintf(path, sizeof(path), "%s/01.zip", zdir);
    snprintf(target, sizeof(target), "%s/01.zip", out);
    /* a link to a good zip outside the bundle */
    ck_assert_int_eq(symlink(target, path), 0);
    refuse_zip(dir, "symbolic link");
    unlink(path);
    /* a FIFO, which a plain open() would wait on forever */
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    refuse_zip(dir, "not a regular file");
    unlink(path);
    /* a folder */
    ck_assert_int_eq(mkdir(path, 0700), 0);
    refuse_zip(dir, "folder");
    rmdir(path);
    tu_rmtree(out);
    tu_rmtree(dir);
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

/* Loading 'dir' fails on 'rel' (below 'dir') with 'want' in the message. */
static void
refuse_load(const char *dir, const char *rel, const char *want)
{
    struct dsr_bundle_view v;
    struct dsr_error err = DSR_ERROR_INIT;
    char path[4096];

    ck_assert_int_eq(dsr_bundle_view_load(dir, TEST_FRAMEWORKS, TEST_SCHEMAS, &v, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    ck_assert_str_eq(err.path, path);
    ck_assert_msg(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
    dsr_bundle_view_release(&v);
}

START_TEST(test_diff_refuses_links_and_fifos_in_a_bundle)
{
    const char *dir = tu_tmpdir();
    const char *out = tu_tmpdir();
    char path[4096], target[4096];

    /* a manifest outside, well-formed enough to be read if followed */
    tu_write(out, "data/manifest.xml",
             "<?xml version=\"1.0\"?><dossier xmlns=\"urn:dossier:manifest:1\" "
             "framework=\"spbe-2019\" year=\"2024\"><instance name=\"X\"/></dossier>",
             (size_t)-1);
    /* data/ a link to a folder outside */
    snprintf(path, sizeof(path), "%s/data", dir);
    snprintf(target, sizeof(target), "%s/data", out);
    ck_assert_int_eq(symlink(target, path), 0);
    refuse_load(dir, "data", "symbolic link");
    unlink(path);
    /* data/manifest.xml a link to a file outside */
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/data/manifest.xml", dir);
    snprintf(target, sizeof(target), "%s/data/manifest.xml", out);
    ck_assert_int_eq(symlink(target, path), 0);
    refuse_load(dir, "data/manifest.xml", "symbolic link");
    unlink(path);
    /* data/manifest.xml a FIFO: refused at once, never waited on */
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    refuse_load(dir, "data/manifest.xml", "not a regular file");
    unlink(path);
    /* data/ a FIFO */
    snprintf(path, sizeof(path), "%s/data", dir);
    ck_assert_int_eq(rmdir(path), 0);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    refuse_load(dir, "data", "not a folder");
    unlink(path);
    tu_rmtree(out);
    tu_rmtree(dir);
}
END_TEST

/* ---- indicators paired across frameworks ------------------------- */

/* A view with only what pairing reads: the catalog and a score per indicator. */
static void
fake_view(struct dsr_bundle_view *v, const char *framework)
{
    struct dsr_error err = DSR_ERROR_INIT;

    memset(v, 0, sizeof(*v));
    v->zipdirfd = -1;
    v->catalog = dsr_catalog_load_id(TEST_FRAMEWORKS, framework,
                                     TEST_FRAMEWORK_XSD, &err);
    ck_assert_msg(v->catalog != NULL, "%s", err.msg);
    v->score.nindicators = v->catalog->nindicators;
    v->score.indicators = calloc(v->score.nindicators, sizeof(*v->score.indicators));
    ck_assert_ptr_nonnull(v->score.indicators);
    for (size_t i = 0; i < v->score.nindicators; i++) {
        v->score.indicators[i].def = &v->catalog->indicators[i];
        v->score.indicators[i].level = 1 + (int)(i % 5);
        v->score.indicators[i].stage = 0;
    }
}

static void
fake_release(struct dsr_bundle_view *v)
{
    free(v->score.indicators);
    dsr_catalog_free(v->catalog);
}

START_TEST(test_diff_pairs_by_mapping)
{
    struct dsr_bundle_view o, n;
    struct dsr_indicator_pairs p = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    size_t alone = 0;

    fake_view(&o, "spbe-2020");
    fake_view(&n, "pemdi-2026");
    ck_assert_int_eq(dsr_diff_indicators(&o, &n, &p, &err), 0);
    ck_assert_int_eq(p.how, DSR_PAIR_MAPPED);
    ck_assert_uint_eq(p.n, 47 + 7);
    /* the old ones first, in catalog order, each with what it continues as */
    for (size_t i = 0; i < 47; i++) {
        ck_assert_ptr_eq(p.items[i].old, &o.score.indicators[i]);
        ck_assert_ptr_nonnull(p.items[i].new);
    }
    ck_assert_str_eq(p.items[10].old->def->id, "11");
    ck_assert_str_eq(p.items[10].new->def->id, "1");
    ck_assert_str_eq(p.items[41].new->def->id, "19");
    /* then the new ones nothing continues as, each once */
    for (size_t i = 47; i < p.n; i++) {
        ck_assert_ptr_null(p.items[i].old);
        alone++;
    }
    ck_assert_uint_eq(alone, 7);
    ck_assert_str_eq(p.items[47].new->def->id, "6");
    ck_assert_str_eq(p.items[53].new->def->id, "20");
    dsr_indicator_pairs_release(&p);

    /* the other way round no mapping is known: nothing is paired */
    ck_assert_int_eq(dsr_diff_indicators(&n, &o, &p, &err), 0);
    ck_assert_int_eq(p.how, DSR_PAIR_NONE);
    ck_assert_uint_eq(p.n, 20 + 47);
    for (size_t i = 0; i < p.n; i++)
        ck_assert((p.items[i].old == NULL) != (p.items[i].new == NULL));
    dsr_indicator_pairs_release(&p);

    /* the same framework: by id */
    ck_assert_int_eq(dsr_diff_indicators(&o, &o, &p, &err), 0);
    ck_assert_int_eq(p.how, DSR_PAIR_SAME);
    ck_assert_uint_eq(p.n, 47);
    for (size_t i = 0; i < p.n; i++)
        ck_assert_ptr_eq(p.items[i].old, p.items[i].new);
    dsr_indicator_pairs_release(&p);
    dsr_indicator_pairs_release(NULL);
    fake_release(&o);
    fake_release(&n);
}
END_TEST

Suite *
diff_suite(void)
{
    Suite *s = suite_create("diff");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_diff_matches_by_content);
    tcase_add_test(tc, test_diff_match_agrees_with_pairwise);
    tcase_add_test(tc, test_diff_match_is_not_quadratic);
    tcase_add_test(tc, test_diff_holds_one_zip_at_a_time);
    tcase_add_test(tc, test_diff_refs_bound_their_bytes);
    tcase_add_test(tc, test_diff_refuses_linked_or_special_zips);
    tcase_add_test(tc, test_diff_refuses_a_non_bundle);
    tcase_add_test(tc, test_diff_refuses_links_and_fifos_in_a_bundle);
    tcase_add_test(tc, test_diff_pairs_by_mapping);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(diff_suite());
}
