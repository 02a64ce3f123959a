/*
 * test_score.c -- exact indices, predikat at band boundaries, the plan,
 * on spbe-2020 (with domains) and pemdi-2026 (without).
 */
#include "testutil.h"

#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/manifest.h"
#include "dossier/score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXIND 64

static struct dsr_catalog *
catalog(const char *id)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c =
        dsr_catalog_load_id(TEST_FRAMEWORKS, id, TEST_FRAMEWORK_XSD, &err);

    ck_assert_msg(c != NULL, "cannot load %s: %s", id, err.msg);
    return c;
}

/*
 * A manifest with the given levels at the mandiri stage (0 = leave the
 * indicator out) and, where 'evidence' is set, evidence for every level up
 * to evidence[i].  Written to a temporary directory and loaded.
 */
static struct dsr_manifest *
manifest(const struct dsr_catalog *c, const int *levels, const int *evidence,
         const char *extra)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;
    const char *dir = tu_tmpdir();
    char path[512];
    char *xml = malloc(1 << 20);
    size_t n = 0;

    ck_assert_ptr_nonnull(xml);
    n += (size_t)sprintf(xml + n,
                         "<dossier xmlns=\"urn:dossier:manifest:1\" "
                         "framework=\"%s\" year=\"2026\">\n"
                         "<instance name=\"Uji\"/>\n%s",
                         c->id, extra ? extra : "");
    for (size_t i = 0; i < c->nindicators; i++) {
        if (!levels[i])
            continue;
        n += (size_t)sprintf(xml + n,
                             "<indicator id=\"%s\"><assessment "
                             "stage=\"mandiri\" level=\"%d\">x</assessment>",
                             c->indicators[i].id, levels[i]);
        for (int lv = 2; evidence && lv <= evidence[i]; lv++)
            n += (size_t)sprintf(xml + n,
                                 "<evidence file=\"e%zu-%d.pdf\" "
                                 "level=\"%d\">t</evidence>",
                                 i, lv, lv);
        n += (size_t)sprintf(xml + n, "</indicator>\n");
    }
    sprintf(xml + n, "</dossier>\n");
    tu_write(dir, "m.xml", xml, (size_t)-1);
    free(xml);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    m = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(m != NULL, "manifest did not load: %s",
                  f.n ? f.items[0].message : err.msg);
    dsr_findings_release(&f);
    tu_rmtree(dir);
    return m;
}

/* Score 'levels' against 'target' with a plan capped at 'cap' levels. */
static void
score_cap(const struct dsr_catalog *c, const int *levels, long target, int cap,
          struct dsr_score *s)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_score_opts opts = {.stage = -1, .target = target,
                                  .max_raise = cap};
    struct dsr_manifest *m = manifest(c, levels, NULL, NULL);

    ck_assert_int_eq(dsr_score_compute(m, c, &opts, s, &err), 0);
    dsr_manifest_free(m);
}

/* The same with no cap at all (4 levels: 1 to 5). */
static void
score(const struct dsr_catalog *c, const int *levels, long target,
      struct dsr_score *s)
{
    score_cap(c, levels, target, 4, s);
}

static void
fill(int *levels, size_t n, int level)
{
    for (size_t i = 0; i < n; i++)
        levels[i] = level;
}

static const struct dsr_score_group *
group(const struct dsr_score_group *g, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(g[i].id, id) == 0)
            return &g[i];
    ck_abort_msg("no group %s", id);
    return NULL;
}

START_TEST(test_score_regulation_worked_example)
{
    struct dsr_catalog *c = catalog("spbe-2020");
    int levels[MAXIND];
    struct dsr_score s;

    fill(levels, c->nindicators, 1);
    /* Tabel 10: aspect 2 from indicators 11..14 at 3, 4, 3, 2 */
    levels[10] = 3;
    levels[11] = 4;
    levels[12] = 3;
    levels[13] = 2;
    /* Tabel 11: aspect 3 at 4.00 and aspect 4 at 3.00 */
    for (int i = 14; i < 18; i++)
        levels[i] = 4;
    levels[18] = levels[19] = 3;
    score(c, levels, -1, &s);
    ck_assert_int_eq(dsr_index_hundredths(group(s.aspects, s.naspects, "A2")->index), 300);
    ck_assert_int_eq(dsr_index_hundredths(group(s.aspects, s.naspects, "A3")->index), 400);
    ck_assert_int_eq(dsr_index_hundredths(group(s.domains, s.ndomains, "D2")->index), 340);
    ck_assert_str_eq(group(s.domains, s.ndomains, "D2")->band->name.s[DSR_LANG_ID],
                     "Baik");
    dsr_score_release(&s);
    dsr_catalog_free(c);
}
END_TEST

/*
 * Tabel 12 combines domains at 3.70, 3.40, 3.00 and 3.20 into 3.28.  Those
 * domain values cannot all come from whole levels on the real catalog, so
 * this catalog keeps the real domain weights with ten equal indicators
 * per domain, where they can.
 */
START_TEST(test_score_regulation_overall_example)
{
    static const unsigned dw[4] = {1300, 2500, 1650, 4550};
    static const int sums[4] = {37, 34, 30, 32};
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char *xml = malloc(1 << 16);
    char path[512];
    size_t n = 0;
    struct dsr_catalog *c;
    int levels[MAXIND];
    struct dsr_score s;

    n += (size_t)sprintf(
        xml + n,
        "<framework xmlns=\"urn:dossier:framework:1\" id=\"t\" "
        "status=\"official\"><title lang=\"id\">T</title><title "
        "lang=\"en\">T</title><basis>b</basis><scales><scale id=\"p\"><name "
        "lang=\"id\">p</name><name lang=\"en\">p</name>");
    for (int lv = 1; lv <= 5; lv++)
        n += (size_t)sprintf(xml + n,
                             "<level value=\"%d\"><name lang=\"id\">L</name>"
                             "<name lang=\"en\">L</name></level>",
                             lv);
    n += (size_t)sprintf(xml + n, "</scale></scales>");
    for (int d = 0; d < 4; d++) {
        n += (size_t)sprintf(xml + n,
                             "<domain id=\"D%d\" weight=\"%u\"><name "
                             "lang=\"id\">d</name><name lang=\"en\">d</name>"
                             "<aspect id=\"A%d\" weight=\"%u\"><name "
                             "lang=\"id\">a</name><name lang=\"en\">a</name>",
                             d + 1, dw[d], d + 1, dw[d]);
        for (int i = 0; i < 10; i++) {
            n += (size_t)sprintf(xml + n,
                                 "<indicator id=\"%d\" weight=\"%u\" "
                                 "scale=\"p\"><name lang=\"id\">i</name><name "
                                 "lang=\"en\">i</name>",
                                 d * 10 + i + 1, dw[d] / 10);
            for (int lv = 1; lv <= 5; lv++)
                n += (size_t)sprintf(xml + n,
                                     "<criterion level=\"%d\" "
                                     "lang=\"id\">c</criterion>",
                                     lv);
            n += (size_t)sprintf(xml + n, "</indicator>");
        }
        n += (size_t)sprintf(xml + n, "</aspect></domain>");
    }
    sprintf(xml + n,
            "<predikat><band min=\"1.00\"><name lang=\"id\">Kurang</name><name "
            "lang=\"en\">Poor</name></band><band min=\"1.80\"><name "
            "lang=\"id\">Cukup</name><name lang=\"en\">Fair</name></band><band "
            "min=\"2.60\"><name lang=\"id\">Baik</name><name "
            "lang=\"en\">Good</name></band><band min=\"3.50\"><name "
            "lang=\"id\">Sangat Baik</name><name lang=\"en\">Very "
            "good</name></band><band min=\"4.20\"><name "
            "lang=\"id\">Memuaskan</name><name "
            "lang=\"en\">Excellent</name></band></predikat></framework>");
    tu_write(dir, "t.xml", xml, (size_t)-1);
    free(xml);
    snprintf(path, sizeof(path), "%s/t.xml", dir);
    c = dsr_catalog_load(path, TEST_FRAMEWORK_XSD, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    for (int d = 0; d < 4; d++)
        for (int i = 0; i < 10; i++)
            /* spread each domain's level sum over its ten indicators */
            levels[d * 10 + i] = sums[d] / 10 + (i < sums[d] % 10);
    score(c, levels, -1, &s);
    ck_assert_int_eq(dsr_index_hundredths(s.domains[0].index), 370);
    ck_assert_int_eq(dsr_index_hundredths(s.domains[1].index), 340);
    ck_assert_int_eq(dsr_index_hundredths(s.domains[2].index), 300);
    ck_assert_int_eq(dsr_index_hundredths(s.domains[3].index), 320);
    /* 48.10 + 85.00 + 49.50 + 145.60 = 328.20 -> 3.282 */
    ck_assert_uint_eq(s.index.num, 32820);
    ck_assert_int_eq(dsr_index_hundredths(s.index), 328);
    ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], "Baik");
    dsr_score_release(&s);
    dsr_catalog_free(c);
    tu_rmtree(dir);
}
END_TEST

static const struct {
    const char *framework;
    int level;
    long hundredths;
    const char *predikat;
} uniform[] = {
    {"spbe-2020", 1, 100, "Kurang"},    {"spbe-2020", 3, 300, "Baik"},
    {"spbe-2020", 5, 500, "Memuaskan"}, {"pemdi-2026", 1, 100, "Kurang"},
    {"pemdi-2026", 3, 300, "Baik"},     {"pemdi-2026", 5, 500, "Memuaskan"},
};

START_TEST(test_score_uniform_levels)
{
    struct dsr_catalog *c = catalog(uniform[_i].framework);
    int levels[MAXIND];
    struct dsr_score s;

    fill(levels, c->nindicators, uniform[_i].level);
    score(c, levels, -1, &s);
    ck_assert_int_eq(dsr_index_hundredths(s.index), uniform[_i].hundredths);
    ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], uniform[_i].predikat);
    for (size_t a = 0; a < s.naspects; a++)
        ck_assert_int_eq(dsr_index_hundredths(s.aspects[a].index),
                         uniform[_i].hundredths);
    ck_assert_uint_eq(s.ndomains, strcmp(uniform[_i].framework, "spbe-2020") == 0 ? 4 : 0);
    dsr_score_release(&s);
    dsr_catalog_free(c);
}
END_TEST

/* Raise indicators of weight 'w' by 'steps' single levels in total. */
static void
raise_by(const struct dsr_catalog *c, int *levels, unsigned w, int steps)
{
    for (size_t i = 0; i < c->nindicators && steps > 0; i++) {
        if (c->indicators[i].weight != w)
            continue;
        while (levels[i] < 5 && steps > 0) {
            levels[i]++;
            steps--;
        }
    }
    ck_assert_msg(steps == 0, "not enough indicators of weight %u", w);
}

/*
 * Level vectors that land exactly on each band's lower bound: from all at
 * level 1, 'steps' single-level raises of indicators weighing 'weight'.
 */
static const struct {
    const char *framework;
    long sum;                   /* sum(level * weight) */
    struct {
        unsigned weight;
        int steps;
    } raise[5];
    const char *at, *below;
} boundary[] = {
    {"spbe-2020", 18000, {{300, 20}, {250, 8}}, "Cukup", "Kurang"},
    {"spbe-2020", 26000, {{300, 24}, {250, 33}, {275, 2}}, "Baik", "Cukup"},
    {"spbe-2020", 35000, {{300, 24}, {250, 40}, {275, 24}, {150, 8}}, "Sangat Baik", "Baik"},
    {"spbe-2020", 42000, {{300, 24}, {250, 38}, {275, 40}, {130, 10}, {150, 20}},
     "Memuaskan", "Sangat Baik"},
    {"pemdi-2026", 15000, {{500, 10}}, "Cukup", "Kurang"},
    {"pemdi-2026", 25000, {{1500, 4}, {1000, 4}, {500, 10}}, "Baik", "Cukup"},
    {"pemdi-2026", 35000, {{1500, 4}, {1000, 4}, {500, 28}, {400, 1}, {300, 2}},
     "Sangat Baik", "Baik"},
    {"pemdi-2026", 40000, {{1500, 4}, {1000, 4}, {500, 28}, {400, 15}}, "Memuaskan",
     "Sangat Baik"},
};

START_TEST(test_score_band_boundaries_are_exact)
{
    struct dsr_catalog *c = catalog(boundary[_i].framework);
    int levels[MAXIND];
    struct dsr_score s;

    fill(levels, c->nindicators, 1);
    for (int r = 0; r < 5 && boundary[_i].raise[r].weight; r++)
        raise_by(c, levels, boundary[_i].raise[r].weight, boundary[_i].raise[r].steps);
    score(c, levels, -1, &s);
    ck_assert_uint_eq(s.index.num, (unsigned long long)boundary[_i].sum);
    ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], boundary[_i].at);
    ck_assert_int_eq(dsr_index_hundredths(s.index), boundary[_i].sum / 100);
    dsr_score_release(&s);

    /* one level less anywhere falls below the bound: the lower band, and a
     * shown value below the bound too (rounded down, never up) */
    for (size_t i = 0; i < c->nindicators; i++)
        if (levels[i] > 1) {
            levels[i]--;
            break;
        }
    score(c, levels, -1, &s);
    ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], boundary[_i].below);
    ck_assert_int_lt(dsr_index_hundredths(s.index), boundary[_i].sum / 100);
    dsr_score_release(&s);
    dsr_catalog_free(c);
}
END_TEST

/*
 * An independent recomputation: domain by domain through aspect indices
 * held as (numerator, denominator) pairs and combined by cross
 * multiplication, as the regulation's three formulas read, then the band by
 * scanning thresholds from the top.
 */
static const char *
reference_predikat(const struct dsr_catalog *c, const int *levels,
                   unsigned long long *num, unsigned long long *den)
{
    unsigned long long n = 0, d = 1;

    for (size_t a = 0; a < c->naspects; a++) {
        unsigned long long an = 0;
        unsigned long long ad = c->aspects[a].weight;

        for (size_t i = 0; i < c->nindicators; i++)
            if (c->indicators[i].aspect == a)
                an += (unsigned long long)levels[i] * c->indicators[i].weight;
        /* overall += aspect index * aspect weight / 10000 */
        n = n * ad * 10000 + an * ad * d;
        d = d * ad * 10000;
        /* keep the fraction small */
        for (unsigned long long g = n, h = d; h;) {
            unsigned long long t = g % h;
            g = h;
            h = t;
            if (!h) {
                n /= g;
                d /= g;
            }
        }
    }
    *num = n;
    *den = d;
    for (size_t b = c->nbands; b-- > 0;)
        if (n * 100 >= (unsigned long long)c->bands[b].min * d)
            return c->bands[b].name.s[DSR_LANG_ID];
    return c->bands[0].name.s[DSR_LANG_ID];
}

START_TEST(test_score_matches_independent_recomputation)
{
    static const char *const ids[] = {"spbe-2020", "pemdi-2026"};

    srand(20261123);
    for (size_t k = 0; k < 2; k++) {
        struct dsr_catalog *c = catalog(ids[k]);

        for (int round = 0; round < 150; round++) {
            int levels[MAXIND];
            unsigned long long num, den;
            const char *want;
            struct dsr_score s;

            for (size_t i = 0; i < c->nindicators; i++)
                levels[i] = 1 + rand() % 5;
            want = reference_predikat(c, levels, &num, &den);
            score(c, levels, -1, &s);
            ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], want);
            /* same value: a/b == c/d */
            ck_assert_uint_eq(s.index.num * den, num * s.index.den);
            ck_assert_int_eq(dsr_index_hundredths(s.index),
                             (long)(num * 100 / den));
            dsr_score_release(&s);
        }
        dsr_catalog_free(c);
    }
}
END_TEST

/*
 * The smallest number of single-level steps that reach 'need': any k steps
 * gain at most the k heaviest available, so counting from the heaviest
 * down gives the minimum.
 */
static size_t
fewest_steps_cap(const struct dsr_catalog *c, const int *levels,
                 long long need, int cap)
{
    unsigned w[MAXIND * 4];
    size_t n = 0;
    long long sum = 0;

    for (size_t i = 0; i < c->nindicators; i++)
        for (int lv = levels[i]; lv < 5 && lv < levels[i] + cap; lv++)
            w[n++] = c->indicators[i].weight;
    /* selection sort, descending */
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++)
            if (w[b] > w[a]) {
                unsigned t = w[a];
                w[a] = w[b];
                w[b] = t;
            }
    for (size_t k = 0; k <= n; k++) {
        if (sum >= need)
            return k;
        if (k < n)
            sum += w[k];
    }
    return (size_t)-1;
}

static size_t
fewest_steps(const struct dsr_catalog *c, const int *levels, long long need)
{
    return fewest_steps_cap(c, levels, need, 4);
}

START_TEST(test_score_plan_is_shortest_and_reaches_target)
{
    static const long targets[] = {180, 260, 280, 350, 420, 500};
    struct dsr_catalog *c = catalog(_i == 0 ? "spbe-2020" : "pemdi-2026");

    srand(7 + (unsigned)_i);
    for (int round = 0; round < 20; round++) {
        for (size_t t = 0; t < sizeof(targets) / sizeof(*targets); t++) {
            int levels[MAXIND];
            long long total = 0;
            struct dsr_score s;

            for (size_t i = 0; i < c->nindicators; i++)
                levels[i] = 1 + rand() % 3;
            score(c, levels, targets[t], &s);
            for (size_t i = 0; i < s.nplan; i++) {
                size_t at = (size_t)(s.plan[i].def - c->indicators);

                ck_assert_int_eq(s.plan[i].to, s.plan[i].from + 1);
                ck_assert_int_eq(s.plan[i].from, levels[at]);
                levels[at] = s.plan[i].to;
            }
            for (size_t i = 0; i < c->nindicators; i++)
                total += (long long)levels[i] * c->indicators[i].weight;
            if (s.gap > 0)
                ck_assert_int_ge(total, targets[t] * 100);
            else
                ck_assert_uint_eq(s.nplan, 0);
            dsr_score_release(&s);
        }
    }
    dsr_catalog_free(c);
}
END_TEST

START_TEST(test_score_plan_length_is_minimal)
{
    struct dsr_catalog *c = catalog("spbe-2020");

    srand(99);
    for (int round = 0; round < 60; round++) {
        int levels[MAXIND];
        long long total = 0;
        long target = 150 + rand() % 350;
        struct dsr_score s;

        for (size_t i = 0; i < c->nindicators; i++) {
            levels[i] = 1 + rand() % 4;
            total += (long long)levels[i] * c->indicators[i].weight;
        }
        score(c, levels, target, &s);
        ck_assert_uint_eq(s.nplan,
                          s.gap > 0 ? fewest_steps(c, levels, s.gap) : 0);
        ck_assert_int_eq(s.gap, (long long)target * 100 - total);
        dsr_score_release(&s);
    }
    dsr_catalog_free(c);
}
END_TEST

START_TEST(test_score_plan_prefers_evidenced_steps)
{
    struct dsr_catalog *c = catalog("spbe-2020");
    struct dsr_error err = DSR_ERROR_INIT;
    int levels[MAXIND];
    int evidence[MAXIND] = {0};
    struct dsr_score_opts opts = {.stage = -1, .target = -1};
    struct dsr_manifest *m;
    struct dsr_score s;

    fill(levels, c->nindicators, 2);
    /* every indicator at 2; indicator 47 (weight 3.00, like 42..46) has
     * evidence for levels 2 and 3, so one step is needed and it is 47 */
    evidence[46] = 3;
    opts.target = 201;
    m = manifest(c, levels, evidence, NULL);
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &s, &err), 0);
    ck_assert_uint_eq(s.nplan, 1);
    ck_assert_str_eq(s.plan[0].def->id, "47");
    ck_assert(s.plan[0].evidenced);
    dsr_score_release(&s);
    dsr_manifest_free(m);
    dsr_catalog_free(c);
}
END_TEST

/*
 * Under every cap (--max-raise 1 to 4), on random levels and targets: no
 * indicator rises by more than the cap; a reachable target is reached in
 * the fewest steps the cap allows; an unreachable one lists every allowed
 * step, and the best index is exactly the index after them, below the
 * target.
 */
START_TEST(test_score_plan_respects_max_raise)
{
    struct dsr_catalog *c = catalog(_i % 2 == 0 ? "spbe-2020" : "pemdi-2026");
    int cap = 1 + _i / 2;

    srand(1234 + (unsigned)_i);
    for (int round = 0; round < 40; round++) {
        int levels[MAXIND], raised[MAXIND] = {0}, after[MAXIND];
        long target = 150 + rand() % 351;
        long long total = 0, best = 0;
        size_t allowed = 0;
        struct dsr_score s;

        for (size_t i = 0; i < c->nindicators; i++) {
            levels[i] = 1 + rand() % 4;
            after[i] = levels[i];
            best += (long long)(levels[i] + cap > 5 ? 5 : levels[i] + cap) *
                    c->indicators[i].weight;
            allowed += (size_t)(levels[i] + cap > 5 ? 5 - levels[i] : cap);
        }
        score_cap(c, levels, target, cap, &s);
        ck_assert_int_eq(s.max_raise, cap);
        for (size_t i = 0; i < s.nplan; i++) {
            size_t at = (size_t)(s.plan[i].def - c->indicators);

            ck_assert_int_eq(s.plan[i].from, after[at]);
            ck_assert_int_eq(s.plan[i].to, after[at] + 1);
            after[at] = s.plan[i].to;
            ck_assert_int_le(++raised[at], cap);
            ck_assert_ptr_nonnull(s.plan[i].owner);
        }
        for (size_t i = 0; i < c->nindicators; i++)
            total += (long long)after[i] * c->indicators[i].weight;
        ck_assert_uint_eq(s.best.num, (unsigned long long)best);
        ck_assert_uint_eq(s.best.den, 10000);
        ck_assert_ptr_eq(s.best_band,
                         dsr_catalog_band(c, s.best.num, s.best.den));
        if (s.gap <= 0) {
            ck_assert(s.reachable);
            ck_assert_uint_eq(s.nplan, 0);
        } else if (best >= (long long)target * 100) {
            ck_assert(s.reachable);
            ck_assert_int_ge(total, (long long)target * 100);
            ck_assert_uint_eq(s.nplan,
                              fewest_steps_cap(c, levels, s.gap, cap));
        } else {
            ck_assert(!s.reachable);
            ck_assert_uint_eq(s.nplan, allowed);
            ck_assert_int_eq(total, best);
        }
        dsr_score_release(&s);
    }
    dsr_catalog_free(c);
}
END_TEST

/*
 * The default cap is one level: every indicator at 1 cannot reach 3.00
 * (the best is 2.00, Cukup), every step is listed once; with two levels
 * the target is reached by raising every indicator to 3, not by taking
 * the heaviest indicators to 5.
 */
START_TEST(test_score_plan_default_cap_and_unreachable)
{
    struct dsr_catalog *c = catalog("spbe-2020");
    struct dsr_error err = DSR_ERROR_INIT;
    int levels[MAXIND];
    struct dsr_score_opts opts = {.stage = -1, .target = 300};
    struct dsr_manifest *m;
    struct dsr_score s;

    fill(levels, c->nindicators, 1);
    m = manifest(c, levels, NULL, NULL);
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &s, &err), 0);
    ck_assert_int_eq(s.max_raise, 1);
    ck_assert(!s.reachable);
    ck_assert_uint_eq(s.nplan, c->nindicators);
    ck_assert_int_eq(dsr_index_hundredths(s.best), 200);
    for (size_t i = 0; i < s.nplan; i++) {
        ck_assert_ptr_eq(s.plan[i].def, &c->indicators[i]);
        ck_assert_int_eq(s.plan[i].to, 2);
    }
    dsr_score_release(&s);
    opts.max_raise = 2;
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &s, &err), 0);
    ck_assert(s.reachable);
    ck_assert_uint_eq(s.nplan, 2 * c->nindicators);
    for (size_t i = 0; i < s.nplan; i++)
        ck_assert_int_le(s.plan[i].to, 3);
    dsr_score_release(&s);
    /* a cap outside 1..4 is refused, not clamped */
    opts.max_raise = 5;
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &s, &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    dsr_manifest_free(m);
    dsr_catalog_free(c);
}
END_TEST

/*
 * A level claimed at another stage (mandiri 3, lowered to 2 by dokumen)
 * is preferred over an equal step nobody claimed, and marked; owners are
 * carried onto the steps.
 */
START_TEST(test_score_plan_prefers_claimed_steps)
{
    static const char extra[] =
        "<indicator id=\"46\" owner=\"Dinas Kesehatan\"><assessment "
        "stage=\"mandiri\" level=\"3\">x</assessment><assessment "
        "stage=\"dokumen\" level=\"2\"/></indicator>\n";
    struct dsr_catalog *c = catalog("spbe-2020");
    struct dsr_error err = DSR_ERROR_INIT;
    int levels[MAXIND];
    struct dsr_score_opts opts = {.stage = -1, .target = 201};
    struct dsr_manifest *m;
    struct dsr_score s;

    /* every indicator at 2 except 46, given in 'extra' */
    fill(levels, c->nindicators, 2);
    levels[45] = 0;
    m = manifest(c, levels, NULL, extra);
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &s, &err), 0);
    ck_assert_uint_eq(s.nplan, 1);
    ck_assert_str_eq(s.plan[0].def->id, "46");
    ck_assert(s.plan[0].claimed);
    ck_assert(!s.plan[0].evidenced);
    ck_assert_str_eq(s.plan[0].owner, "Dinas Kesehatan");
    dsr_score_release(&s);
    dsr_manifest_free(m);
    dsr_catalog_free(c);
}
END_TEST

START_TEST(test_score_unfilled_and_stage)
{
    static const char extra[] =
        "<indicator id=\"2\"><assessment stage=\"mandiri\" "
        "level=\"3\">x</assessment><assessment stage=\"dokumen\" "
        "level=\"2\"/></indicator>\n";
    struct dsr_catalog *c = catalog("spbe-2020");
    struct dsr_error err = DSR_ERROR_INIT;
    int levels[MAXIND] = {0};
    struct dsr_score_opts opts = {.stage = -1, .target = -1};
    struct dsr_manifest *m;
    struct dsr_score s;

    /* indicator 1 at mandiri 4; indicator 2 at mandiri 3 then dokumen 2 */
    levels[0] = 4;
    m = manifest(c, levels, NULL, extra);
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &s, &err), 0);
    ck_assert_int_eq(s.indicators[0].level, 4);
    ck_assert_int_eq(s.indicators[1].level, 2);
    ck_assert_int_eq(s.indicators[1].stage, DSR_STAGE_DOKUMEN);
    ck_assert_int_eq(s.indicators[2].level, 1);
    ck_assert_int_eq(s.indicators[2].stage, -1);
    /* 10000 + 3 * 130 + 1 * 130 */
    ck_assert_uint_eq(s.index.num, 10520);
    dsr_score_release(&s);
    /* as it stood after the self-assessment */
    opts.stage = DSR_STAGE_MANDIRI;
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &s, &err), 0);
    ck_assert_int_eq(s.indicators[1].level, 3);
    ck_assert_int_eq(s.indicators[1].stage, DSR_STAGE_MANDIRI);
    ck_assert_uint_eq(s.index.num, 10650);
    dsr_score_release(&s);
    dsr_manifest_free(m);
    dsr_catalog_free(c);
}
END_TEST

Suite *
score_suite(void)
{
    Suite *s = suite_create("score");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_score_regulation_worked_example);
    tcase_add_test(tc, test_score_regulation_overall_example);
    tcase_add_loop_test(tc, test_score_uniform_levels, 0,
                        sizeof(uniform) / sizeof(*uniform));
    tcase_add_loop_test(tc, test_score_band_boundaries_are_exact, 0,
                        sizeof(boundary) / sizeof(*boundary));
    tcase_add_test(tc, test_score_matches_independent_recomputation);
    tcase_add_loop_test(tc, test_score_plan_is_shortest_and_reaches_target, 0,
                        2);
    tcase_add_test(tc, test_score_plan_length_is_minimal);
    tcase_add_test(tc, test_score_plan_prefers_evidenced_steps);
    tcase_add_loop_test(tc, test_score_plan_respects_max_raise, 0, 8);
    tcase_add_test(tc, test_score_plan_default_cap_and_unreachable);
    tcase_add_test(tc, test_score_plan_prefers_claimed_steps);
    tcase_add_test(tc, test_score_unfilled_and_stage);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(score_suite());
}
