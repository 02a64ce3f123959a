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

static bool
ext(const struct dsr_catalog *c, size_t i)
{
    return c->indicators[i].source == DSR_SOURCE_EXTERNAL;
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
        /* an external indicator is never scored from a bare level: its
         * value is given beside it */
        n += (size_t)sprintf(xml + n,
                             "<indicator id=\"%s\"><assessment "
                             "stage=\"mandiri\" level=\"%d\"%s%.0d%s>x"
                             "</assessment>",
                             c->indicators[i].id, levels[i],
                             ext(c, i) ? " value=\"" : "",
                             ext(c, i) ? levels[i] : 0, ext(c, i) ? "\"" : "");
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
    ck_assert_int_eq(dsr_index_hundredths(c, group(s.aspects, s.naspects, "A2")->index), 300);
    ck_assert_int_eq(dsr_index_hundredths(c, group(s.aspects, s.naspects, "A3")->index), 400);
    ck_assert_int_eq(dsr_index_hundredths(c, group(s.domains, s.ndomains, "D2")->index), 340);
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
    ck_assert_int_eq(dsr_index_hundredths(c, s.domains[0].index), 370);
    ck_assert_int_eq(dsr_index_hundredths(c, s.domains[1].index), 340);
    ck_assert_int_eq(dsr_index_hundredths(c, s.domains[2].index), 300);
    ck_assert_int_eq(dsr_index_hundredths(c, s.domains[3].index), 320);
    /* 48.10 + 85.00 + 49.50 + 145.60 = 328.20 -> 3.282 (values x 10000) */
    ck_assert_uint_eq(s.index.num, 32820ULL * DSR_VALUE_ONE);
    ck_assert_int_eq(dsr_index_hundredths(c, s.index), 328);
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
    ck_assert_int_eq(dsr_index_hundredths(c, s.index), uniform[_i].hundredths);
    ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], uniform[_i].predikat);
    for (size_t a = 0; a < s.naspects; a++)
        ck_assert_int_eq(dsr_index_hundredths(c, s.aspects[a].index),
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
    ck_assert_uint_eq(s.index.num,
                      (unsigned long long)boundary[_i].sum * DSR_VALUE_ONE);
    ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], boundary[_i].at);
    ck_assert_int_eq(dsr_index_hundredths(c, s.index), boundary[_i].sum / 100);
    dsr_score_release(&s);

    /* one level less anywhere falls below the bound: the lower band, and a
     * shown value below the bound too (a whole level is at least 0.0130
     * of the index, so half-up rounding cannot lift it back) */
    for (size_t i = 0; i < c->nindicators; i++)
        if (levels[i] > 1) {
            levels[i]--;
            break;
        }
    score(c, levels, -1, &s);
    ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], boundary[_i].below);
    ck_assert_int_lt(dsr_index_hundredths(c, s.index), boundary[_i].sum / 100);
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
            /* shown half-up, as results are published */
            ck_assert_int_eq(dsr_index_hundredths(c, s.index),
                             (long)((num * 200 / den + 1) / 2));
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
        ck_assert_uint_eq(s.best.num, (unsigned long long)best * DSR_VALUE_ONE);
        ck_assert_uint_eq(s.best.den, 10000ULL * DSR_VALUE_ONE);
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
    ck_assert_int_eq(dsr_index_hundredths(c, s.best), 200);
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
    /* (10000 + 3 * 130 + 1 * 130) x 10000: values in ten-thousandths */
    ck_assert_uint_eq(s.index.num, 10520ULL * DSR_VALUE_ONE);
    dsr_score_release(&s);
    /* as it stood after the self-assessment */
    opts.stage = DSR_STAGE_MANDIRI;
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &s, &err), 0);
    ck_assert_int_eq(s.indicators[1].level, 3);
    ck_assert_int_eq(s.indicators[1].stage, DSR_STAGE_MANDIRI);
    ck_assert_uint_eq(s.index.num, 10650ULL * DSR_VALUE_ONE);
    dsr_score_release(&s);
    dsr_manifest_free(m);
    dsr_catalog_free(c);
}
END_TEST


/* ---- fractional values, externals, estimates, stages (issue 20) ----- */

/* Load the manifest 'body' (inside <dossier>) for framework 'fw'. */
static struct dsr_manifest *
manifest_xml(const char *fw, const char *body)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;
    const char *dir = tu_tmpdir();
    char path[512];
    char *xml = malloc(strlen(body) + 512);

    ck_assert_ptr_nonnull(xml);
    sprintf(xml,
            "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"%s\" "
            "year=\"2026\">\n<instance name=\"Uji\"/>\n%s</dossier>\n",
            fw, body);
    tu_write(dir, "m.xml", xml, (size_t)-1);
    free(xml);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    m = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(m != NULL, "manifest did not load: %s",
                  f.n ? f.items[0].message : err.msg);
    ck_assert_msg(f.n == 0, "manifest finding: %s",
                  f.n ? f.items[0].message : "");
    dsr_findings_release(&f);
    tu_rmtree(dir);
    return m;
}

/* Score 'body' on 'c' at 'stage' (-1: latest), estimating when asked. */
static void
score_xml(const struct dsr_catalog *c, const char *body, int stage,
          bool estimate, long target, struct dsr_score *s)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_score_opts opts = {.stage = stage, .target = target,
                                  .estimate = estimate};
    struct dsr_manifest *m = manifest_xml(c->id, body);

    ck_assert_msg(dsr_score_compute(m, c, &opts, s, &err) == 0, "%s", err.msg);
    dsr_manifest_free(m);
}

/*
 * Kab. Aceh Tengah, 21 Sep 2026 (reference §3.3): the assessor's values
 * at stage dokumen, I5-I7 and I18 left out (external, no value: 1).
 * 'i13' is how I13 is written.
 */
static char *
aceh_tengah(const char *i13)
{
    static const char *const values[20] = {
        "2.0", "1.5", "1.26", "1.3", NULL, NULL, NULL, "1.0", "1.0", "1.0",
        "1.5", "1.25", "", "1.0", "1.0", "1.0", "2.5", NULL, "1.0", "1.3"};
    char *xml = malloc(8192);
    size_t n = 0;

    ck_assert_ptr_nonnull(xml);
    xml[0] = '\0';
    for (int i = 0; i < 20; i++) {
        const char *v = i == 12 ? i13 : values[i];

        if (!v)
            continue;
        /* the level is floor(value) */
        n += (size_t)sprintf(xml + n,
                             "<indicator id=\"%d\"><assessment "
                             "stage=\"dokumen\" level=\"%c\" value=\"%s\"/>"
                             "</indicator>\n",
                             i + 1, v[0], v);
    }
    return xml;
}

START_TEST(test_score_aceh_tengah_reproduces_published_values)
{
    static const long published[7] = {175, 128, 100, 117, 108, 140, 118};
    struct dsr_catalog *c = catalog("pemdi-2026");
    char *body = aceh_tengah("1.1667");
    struct dsr_score s;

    score_xml(c, body, -1, false, -1, &s);
    ck_assert_uint_eq(s.naspects, 7);
    for (size_t a = 0; a < 7; a++)
        ck_assert_msg(dsr_index_hundredths(c, s.aspects[a].index) ==
                          published[a],
                      "aspect %zu: %ld, published %ld", a + 1,
                      dsr_index_hundredths(c, s.aspects[a].index),
                      published[a]);
    /* exactly 1.241335: sum(value x weight) over 10000 x 100.00 % */
    ck_assert_uint_eq(s.index.num, 124133500ULL);
    ck_assert_uint_eq(s.index.den, 100000000ULL);
    ck_assert_int_eq(dsr_index_hundredths(c, s.index), 124);
    ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], "Kurang");
    /* the values as given; the externals count 1 and say so */
    ck_assert_int_eq(s.indicators[2].value, 12600);
    ck_assert(s.indicators[2].given);
    ck_assert_int_eq(s.indicators[12].value, 11667);
    ck_assert_int_eq(s.indicators[12].level, 1);
    for (size_t i = 0; i < 20; i++)
        ck_assert_int_eq(s.indicators[i].external_missing,
                         i == 4 || i == 5 || i == 6 || i == 17);
    ck_assert_uint_eq(s.nexternal_missing, 4);
    /* A4 = (4 + 4 + 4.5 + 5) / 15 = 1.1667: half-up shows 1.17, where
     * rounding down showed 1.16 */
    ck_assert_uint_eq(s.aspects[3].index.num, 17500000ULL);
    ck_assert_uint_eq(s.aspects[3].index.den, 15000000ULL);
    dsr_score_release(&s);
    free(body);

    /*
     * I13 as the portal shows it, 1.17: A5 = (1.17 + 1.00) / 2 = 1.085
     * exactly, which rounds half-up to 1.09, not the published 1.08; only
     * 7/6 = 1.1667 gives 1.08335 -> 1.08.  The index still shows 1.24.
     */
    body = aceh_tengah("1.17");
    score_xml(c, body, -1, false, -1, &s);
    ck_assert_uint_eq(s.aspects[4].index.num, 10850000ULL);
    ck_assert_uint_eq(s.aspects[4].index.den, 10000000ULL);
    ck_assert_int_eq(dsr_index_hundredths(c, s.aspects[4].index), 109);
    ck_assert_int_ne(dsr_index_hundredths(c, s.aspects[4].index), 108);
    dsr_score_release(&s);
    free(body);
    dsr_catalog_free(c);
}
END_TEST

/*
 * SDI 25 converts to 2.00 and 68.75 to 3.75 (reference §1.4); an external
 * indicator with only a level still counts 1, never the bare level.
 */
START_TEST(test_score_external_sdi)
{
    struct dsr_catalog *c = catalog("pemdi-2026");
    struct dsr_score s;

    ck_assert_int_eq(c->indicators[4].source, DSR_SOURCE_EXTERNAL);
    score_xml(c,
              "<indicator id=\"5\"><external index=\"SDI\" value=\"25\" "
              "year=\"2025\" source=\"Bappenas\"/></indicator>\n"
              "<indicator id=\"18\"><assessment stage=\"dokumen\" "
              "level=\"4\"/></indicator>\n",
              -1, false, -1, &s);
    ck_assert_int_eq(s.indicators[4].value, 20000);
    ck_assert_int_eq(s.indicators[4].level, 2);
    ck_assert(s.indicators[4].external);
    ck_assert(!s.indicators[4].external_missing);
    ck_assert_int_eq(s.indicators[4].external_index, 250000);
    ck_assert_int_eq(s.indicators[17].value, DSR_VALUE_ONE);
    ck_assert(s.indicators[17].external_missing);
    /* everything else at 1: 1 + 1.00 x 5 % */
    ck_assert_int_eq(dsr_index_hundredths(c, s.index), 105);
    dsr_score_release(&s);
    score_xml(c,
              "<indicator id=\"5\"><external index=\"SDI\" value=\"68.75\"/>"
              "</indicator>\n",
              -1, false, -1, &s);
    ck_assert_int_eq(s.indicators[4].value, 37500);
    dsr_score_release(&s);
    dsr_catalog_free(c);
}
END_TEST

/* The Tahap 1 verdicts of reference §4.1, all at stage dokumen. */
static const char *const tahap1_diterima[] = {
    "I1-L1-01",  "I1-L2-01",  "I1-L2-03",  "I2-L1-01",  "I2-L1-02",
    "I3-L1-01",  "I3-L1-02",  "I4-L1-01",  "I4-L1-03",  "I11-L1-01",
    "I12-L1-01", "I13-L1-01", "I17-L1-01", "I17-L1-02", "I17-L2-01",
    "I17-L2-02", "I20-L1-01", "I20-L1-02"};
static const struct {
    const char *item, *kind;
} tahap1_revisi[] = {
    {"I1-L2-02", "tidak-tepat"},     {"I4-L1-02", "tidak-tepat"},
    {"I9-L1-01", "tidak-tepat"},     {"I10-L1-01", "tidak-tepat"},
    {"I13-L1-02", "tidak-tepat"},    {"I15-L1-01", "tidak-tepat"},
    {"I19-L1-02", "tidak-tepat"},    {"I8-L1-01", "belum-diunggah"},
    {"I12-L1-02", "belum-diunggah"}, {"I13-L2-01", "belum-diunggah"},
    {"I13-L2-02", "belum-diunggah"}, {"I13-L3-01", "belum-diunggah"},
    {"I14-L1-01", "belum-diunggah"}, {"I14-L1-02", "belum-diunggah"},
    {"I16-L1-01", "belum-diunggah"}, {"I20-L1-03", "belum-diunggah"},
    {"I20-L1-04", "belum-diunggah"}, {"I4-L2-02", "otomatis-ditolak"},
    {"I12-L2-01", "otomatis-ditolak"}};

/*
 * The verdicts, each inside its indicator, at 'stage'; 'levels' adds a
 * mandiri assessment at level 2 to every indicator.
 */
static char *
tahap1(const char *stage, bool levels)
{
    char *xml = malloc(32768);
    size_t n = 0;

    ck_assert_ptr_nonnull(xml);
    xml[0] = '\0';
    for (int ind = 1; ind <= 20; ind++) {
        char pre[16];
        size_t len = (size_t)snprintf(pre, sizeof(pre), "I%d-", ind);

        n += (size_t)sprintf(xml + n, "<indicator id=\"%d\">", ind);
        if (levels)
            n += (size_t)sprintf(xml + n, "<assessment stage=\"mandiri\" "
                                          "level=\"2\"/>");
        for (size_t k = 0; k < sizeof(tahap1_diterima) / sizeof(*tahap1_diterima); k++)
            if (strncmp(tahap1_diterima[k], pre, len) == 0)
                n += (size_t)sprintf(xml + n,
                                     "<verdict stage=\"%s\" item=\"%s\" "
                                     "status=\"diterima\"/>",
                                     stage, tahap1_diterima[k]);
        for (size_t k = 0; k < sizeof(tahap1_revisi) / sizeof(*tahap1_revisi); k++)
            if (strncmp(tahap1_revisi[k].item, pre, len) == 0)
                n += (size_t)sprintf(xml + n,
                                     "<verdict stage=\"%s\" item=\"%s\" "
                                     "status=\"revisi\" kind=\"%s\">catatan"
                                     "</verdict>",
                                     stage, tahap1_revisi[k].item,
                                     tahap1_revisi[k].kind);
        n += (size_t)sprintf(xml + n, "</indicator>\n");
    }
    return xml;
}

/*
 * --estimate reproduces the table of reference §3.4 from the Tahap 1
 * verdicts: I1 2.00, I2 1.50, I11 1.50, I12 1.25, I13 1.1667, I17 2.50,
 * and 1.00 where no level-1 item is accepted.  Without --estimate the
 * levels count; the externals are never estimated.
 */
START_TEST(test_score_estimate_reproduces_reference)
{
    static const struct {
        int ind;
        long value;
    } want[] = {{1, 20000}, {2, 15000}, {11, 15000}, {12, 12500},
                {13, 11667}, {17, 25000}, {8, 10000}, {9, 10000},
                {10, 10000}, {14, 10000}, {15, 10000}, {16, 10000},
                {19, 10000}};
    struct dsr_catalog *c = catalog("pemdi-2026");
    char *body = tahap1("dokumen", false);
    struct dsr_score s;

    ck_assert(c->has_items);
    score_xml(c, body, -1, true, -1, &s);
    for (size_t k = 0; k < sizeof(want) / sizeof(*want); k++) {
        const struct dsr_score_indicator *si = &s.indicators[want[k].ind - 1];

        ck_assert_msg(si->value == want[k].value, "I%d: %ld, want %ld",
                      want[k].ind, si->value, want[k].value);
        ck_assert_msg(si->estimated, "I%d is not marked an estimate",
                      want[k].ind);
    }
    ck_assert(!s.indicators[4].estimated);
    ck_assert(s.indicators[4].external_missing);
    ck_assert_uint_eq(s.nestimated, 16);
    dsr_score_release(&s);

    /* the verdicts are at dokumen: at mandiri there is nothing to estimate */
    score_xml(c, body, DSR_STAGE_MANDIRI, true, -1, &s);
    ck_assert_uint_eq(s.nestimated, 0);
    ck_assert_int_eq(s.indicators[0].value, DSR_VALUE_ONE);
    dsr_score_release(&s);

    /* without --estimate nothing is estimated; a given value wins */
    score_xml(c, body, -1, false, -1, &s);
    ck_assert_uint_eq(s.nestimated, 0);
    ck_assert_int_eq(s.indicators[16].value, DSR_VALUE_ONE);
    dsr_score_release(&s);
    free(body);
    dsr_catalog_free(c);
}
END_TEST

/* --estimate needs a catalog with items */
START_TEST(test_score_estimate_needs_items)
{
    struct dsr_catalog *c = catalog("spbe-2020");
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_score_opts opts = {.stage = -1, .target = -1, .estimate = true};
    struct dsr_manifest *m = manifest_xml("spbe-2020", "");
    struct dsr_score s;

    ck_assert(!c->has_items);
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &s, &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "spbe-2020"));
    dsr_manifest_free(m);
    dsr_catalog_free(c);
}
END_TEST

/*
 * The plan in items: every revisi item, largest gain under the rule
 * first, ties by indicator then item.  I20-L1-03 alone takes I20 from
 * 1.25 to 1.375 (weight 15 %); I13-L2-01 gains nothing while level 1 is
 * incomplete.
 */
START_TEST(test_score_item_plan_order)
{
    struct dsr_catalog *c = catalog("pemdi-2026");
    char *body = tahap1("dokumen", false);
    const struct dsr_item_step *i20 = NULL, *i13 = NULL;
    struct dsr_score s;

    score_xml(c, body, -1, false, -1, &s);
    ck_assert_uint_eq(s.nitem_plan, 19);
    for (size_t k = 0; k < s.nitem_plan; k++) {
        const struct dsr_item_step *p = &s.item_plan[k];

        ck_assert_uint_eq(p->gain, p->to_value > p->from_value
                                       ? (unsigned long long)(p->to_value -
                                                              p->from_value) *
                                             p->def->weight
                                       : 0);
        if (k > 0) {
            const struct dsr_item_step *q = &s.item_plan[k - 1];

            ck_assert_uint_ge(q->gain, p->gain);
            if (q->gain == p->gain)
                ck_assert(q->def->number < p->def->number ||
                          (q->def == p->def && q->item < p->item));
        }
        if (strcmp(p->item->id, "I20-L1-03") == 0)
            i20 = p;
        if (strcmp(p->item->id, "I13-L2-01") == 0)
            i13 = p;
    }
    ck_assert_ptr_nonnull(i20);
    ck_assert_int_eq(i20->from_value, 12500);
    ck_assert_int_eq(i20->to_value, 13750);
    ck_assert_uint_eq(i20->gain, 1250ULL * 1500);
    ck_assert_int_eq(i20->kind, DSR_KIND_BELUM_DIUNGGAH);
    /* I20-L1-04 gains the same and follows it */
    ck_assert_str_eq(s.item_plan[(size_t)(i20 - s.item_plan) + 1].item->id,
                     "I20-L1-04");
    ck_assert_ptr_nonnull(i13);
    ck_assert_uint_eq(i13->gain, 0);
    dsr_score_release(&s);
    free(body);
    dsr_catalog_free(c);
}
END_TEST

/*
 * Half-up against rounding down, on a catalog that says rounding="down",
 * and a shown value on the other side of a band boundary: 1.4996 shows
 * as 1.50 (a Cukup number) but is Kurang.
 */
static struct dsr_catalog *
one_indicator_catalog(const char *rounding)
{
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char xml[4096], path[512];
    size_t n = 0;
    struct dsr_catalog *c;

    n += (size_t)snprintf(
        xml + n, sizeof(xml) - n,
        "<framework xmlns=\"urn:dossier:framework:1\" id=\"t\" "
        "status=\"official\"%s%s%s><title lang=\"id\">T</title><title "
        "lang=\"en\">T</title><basis>b</basis><scales><scale id=\"p\"><name "
        "lang=\"id\">p</name><name lang=\"en\">p</name>",
        rounding ? " rounding=\"" : "", rounding ? rounding : "",
        rounding ? "\"" : "");
    for (int lv = 1; lv <= 5; lv++)
        n += (size_t)snprintf(xml + n, sizeof(xml) - n,
                              "<level value=\"%d\"><name lang=\"id\">L</name>"
                              "<name lang=\"en\">L</name></level>",
                              lv);
    n += (size_t)snprintf(
        xml + n, sizeof(xml) - n,
        "</scale></scales><aspect id=\"A1\" weight=\"10000\"><name "
        "lang=\"id\">a</name><name lang=\"en\">a</name><indicator id=\"1\" "
        "weight=\"10000\" scale=\"p\"><name lang=\"id\">i</name><name "
        "lang=\"en\">i</name>");
    for (int lv = 1; lv <= 5; lv++)
        n += (size_t)snprintf(xml + n, sizeof(xml) - n,
                              "<criterion level=\"%d\" lang=\"id\">c"
                              "</criterion>",
                              lv);
    snprintf(xml + n, sizeof(xml) - n,
             "</indicator></aspect><predikat><band min=\"1.00\"><name "
             "lang=\"id\">Kurang</name><name lang=\"en\">Poor</name></band>"
             "<band min=\"1.50\"><name lang=\"id\">Cukup</name><name "
             "lang=\"en\">Fair</name></band><band min=\"2.50\"><name "
             "lang=\"id\">Baik</name><name lang=\"en\">Good</name></band>"
             "<band min=\"3.50\"><name lang=\"id\">Sangat Baik</name><name "
             "lang=\"en\">Very good</name></band><band min=\"4.00\"><name "
             "lang=\"id\">Memuaskan</name><name lang=\"en\">Excellent</name>"
             "</band></predikat></framework>");
    tu_write(dir, "t.xml", xml, (size_t)-1);
    snprintf(path, sizeof(path), "%s/t.xml", dir);
    c = dsr_catalog_load(path, TEST_FRAMEWORK_XSD, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    tu_rmtree(dir);
    return c;
}

/* The score of the one-indicator catalog 'c' at 'value'. */
static void
score_one(const struct dsr_catalog *c, const char *value, struct dsr_score *s)
{
    char body[256];

    snprintf(body, sizeof(body),
             "<indicator id=\"1\"><assessment stage=\"dokumen\" "
             "level=\"%c\" value=\"%s\"/></indicator>\n",
             value[0], value);
    score_xml(c, body, -1, false, -1, s);
}

START_TEST(test_score_rounding_half_up_and_crossing)
{
    struct dsr_catalog *up = one_indicator_catalog(NULL);
    struct dsr_catalog *down = one_indicator_catalog("down");
    struct dsr_score s;

    /* 1.1667: half-up (the default) 1.17, rounding down 1.16 */
    score_one(up, "1.1667", &s);
    ck_assert_int_eq(dsr_index_hundredths(up, s.index), 117);
    ck_assert_int_eq(dsr_index_hundredths(down, s.index), 116);
    ck_assert(!dsr_index_crosses(up, s.index));
    dsr_score_release(&s);
    /* 1.1650 is half: up */
    score_one(up, "1.165", &s);
    ck_assert_int_eq(dsr_index_hundredths(up, s.index), 117);
    dsr_score_release(&s);
    score_one(up, "1.1649", &s);
    ck_assert_int_eq(dsr_index_hundredths(up, s.index), 116);
    dsr_score_release(&s);

    /* 1.4996 shows 1.50 but is Kurang: flagged; rounding down hides
     * nothing (1.49) */
    score_one(up, "1.4996", &s);
    ck_assert_int_eq(dsr_index_hundredths(up, s.index), 150);
    ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], "Kurang");
    ck_assert(dsr_index_crosses(up, s.index));
    ck_assert(dsr_index_crosses(up, s.aspects[0].index));
    ck_assert(!dsr_index_crosses(down, s.index));
    dsr_score_release(&s);
    score_one(up, "1.5", &s);
    ck_assert_str_eq(s.band->name.s[DSR_LANG_ID], "Cukup");
    ck_assert(!dsr_index_crosses(up, s.index));
    dsr_score_release(&s);
    dsr_catalog_free(up);
    dsr_catalog_free(down);
}
END_TEST

/*
 * The indices per stage: mandiri always, then each assessor stage that
 * has an assessment, each computed as --stage would.
 */
START_TEST(test_score_indices_per_stage)
{
    struct dsr_catalog *c = catalog("pemdi-2026");
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_score_opts opts = {.stage = DSR_STAGE_INTERVIU, .target = -1};
    struct dsr_manifest *m;
    struct dsr_score s, at;

    /* I20 (15 %): mandiri 3, dokumen 1.3, visitasi 2; I19 (10 %) mandiri 2 */
    m = manifest_xml("pemdi-2026",
                     "<indicator id=\"20\"><assessment stage=\"mandiri\" "
                     "level=\"3\"/><assessment stage=\"dokumen\" level=\"1\" "
                     "value=\"1.3\"/><assessment stage=\"visitasi\" "
                     "level=\"2\"/></indicator>\n"
                     "<indicator id=\"19\"><assessment stage=\"mandiri\" "
                     "level=\"2\"/></indicator>\n");
    opts.stage = -1;
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &s, &err), 0);
    ck_assert_uint_eq(s.nstages, 3);
    ck_assert_int_eq(s.stages[0].stage, DSR_STAGE_MANDIRI);
    ck_assert_int_eq(s.stages[1].stage, DSR_STAGE_DOKUMEN);
    ck_assert_int_eq(s.stages[2].stage, DSR_STAGE_VISITASI);
    /* mandiri: 1 + 2 x 0.15 + 1 x 0.10 = 1.40 */
    ck_assert_int_eq(dsr_index_hundredths(c, s.stages[0].index), 140);
    /* dokumen: 1 + 0.3 x 0.15 + 0.10 = 1.145 -> 1.15 (half-up) */
    ck_assert_uint_eq(s.stages[1].index.num, 114500000ULL);
    ck_assert_int_eq(dsr_index_hundredths(c, s.stages[1].index), 115);
    /* visitasi: the latest, as the whole score */
    ck_assert_uint_eq(s.stages[2].index.num, s.index.num);
    ck_assert_int_eq(dsr_index_hundredths(c, s.stages[2].aspects[6].index),
                     dsr_index_hundredths(c, s.aspects[6].index));
    /* each as --stage computes it */
    for (size_t k = 0; k < s.nstages; k++) {
        opts.stage = s.stages[k].stage;
        ck_assert_int_eq(dsr_score_compute(m, c, &opts, &at, &err), 0);
        ck_assert_uint_eq(at.index.num, s.stages[k].index.num);
        ck_assert_ptr_eq(at.band, s.stages[k].band);
        dsr_score_release(&at);
    }
    /* with --stage interviu, the stages after it are left out */
    opts.stage = DSR_STAGE_INTERVIU;
    ck_assert_int_eq(dsr_score_compute(m, c, &opts, &at, &err), 0);
    ck_assert_uint_eq(at.nstages, 2);
    dsr_score_release(&at);
    dsr_score_release(&s);
    dsr_manifest_free(m);
    dsr_catalog_free(c);
}
END_TEST

/*
 * A first step from a fractional value gains only the rest of its level:
 * I20 at 1.30 (weight 15 %) to 2 adds 0.105 to the index, not 0.15.  With
 * every other indicator at 1 the index is 1.045; a target of 1.17 needs
 * 0.125: counting I20's step as a whole level (0.15) would stop at one
 * step, but it takes two.
 */
START_TEST(test_score_plan_fractional_first_step)
{
    struct dsr_catalog *c = catalog("pemdi-2026");
    struct dsr_score s;
    long long total;

    score_xml(c,
              "<indicator id=\"20\"><assessment stage=\"dokumen\" "
              "level=\"1\" value=\"1.3\"/></indicator>\n",
              -1, false, 117, &s);
    ck_assert_uint_eq(s.index.num, 104500000ULL);
    ck_assert_int_eq(s.gap, 1250);
    ck_assert(s.reachable);
    ck_assert_uint_eq(s.nplan, 2);
    total = (long long)s.index.num;
    for (size_t i = 0; i < s.nplan; i++) {
        const struct dsr_plan_step *p = &s.plan[i];

        if (strcmp(p->def->id, "20") == 0) {
            ck_assert_int_eq(p->from, 1);
            ck_assert_int_eq(p->to, 2);
            ck_assert_int_eq(p->from_value, 13000);
        }
        total += ((long long)p->to * DSR_VALUE_ONE - p->from_value) *
                 p->def->weight;
    }
    ck_assert_int_ge(total, 117LL * 1000000);
    /* the best under the cap: every indicator one level up from floor */
    ck_assert_uint_eq(s.best.num,
                      s.index.num + 10000ULL * (10000 - 1500) + 7000ULL * 1500);
    dsr_score_release(&s);
    dsr_catalog_free(c);
}
END_TEST

/*
 * An estimate fills a value the assessors have not given yet; it never
 * overrides a later assessor stage.  I12 (4 %): items L1 01 diterima and
 * 02 revisi at dokumen give 1.25 by the rule.  Claimed 3 at mandiri, the
 * estimate counts, its level is floor(1.25) = 1 and its stage the
 * verdicts' (dokumen), as check and render would name it.  A level 3 the
 * assessors gave at visitasi is newer than those verdicts: it counts as
 * 3.0000, not estimated, at visitasi and in the whole score; at dokumen
 * (before the visit) the estimate still counts.
 */
START_TEST(test_score_estimate_never_overrides_a_later_stage)
{
    static const char *const verdicts =
        "<verdict stage=\"dokumen\" item=\"I12-L1-01\" status=\"diterima\"/>"
        "<verdict stage=\"dokumen\" item=\"I12-L1-02\" status=\"revisi\" "
        "kind=\"belum-diunggah\">x</verdict>";
    struct dsr_catalog *c = catalog("pemdi-2026");
    struct dsr_score s;
    char body[1024];

    snprintf(body, sizeof(body),
             "<indicator id=\"12\"><assessment stage=\"mandiri\" "
             "level=\"3\"/>%s</indicator>\n",
             verdicts);
    score_xml(c, body, -1, true, -1, &s);
    ck_assert(s.indicators[11].estimated);
    ck_assert_int_eq(s.indicators[11].value, 12500);
    ck_assert_int_eq(s.indicators[11].level, 1);
    ck_assert_int_eq(s.indicators[11].stage, DSR_STAGE_DOKUMEN);
    dsr_score_release(&s);

    snprintf(body, sizeof(body),
             "<indicator id=\"12\"><assessment stage=\"mandiri\" "
             "level=\"3\"/><assessment stage=\"visitasi\" level=\"3\"/>"
             "%s</indicator>\n",
             verdicts);
    score_xml(c, body, -1, true, -1, &s);
    ck_assert(!s.indicators[11].estimated);
    ck_assert_int_eq(s.indicators[11].value, 30000);
    ck_assert_int_eq(s.indicators[11].level, 3);
    ck_assert_int_eq(s.indicators[11].stage, DSR_STAGE_VISITASI);
    ck_assert_uint_eq(s.nestimated, 0);
    /* mandiri, dokumen (the verdicts), visitasi */
    ck_assert_uint_eq(s.nstages, 3);
    ck_assert_uint_eq(s.stages[1].nestimated, 1);
    ck_assert_uint_eq(s.stages[2].nestimated, 0);
    ck_assert_uint_eq(s.stages[2].index.num, s.index.num);
    dsr_score_release(&s);

    score_xml(c, body, DSR_STAGE_DOKUMEN, true, -1, &s);
    ck_assert(s.indicators[11].estimated);
    ck_assert_int_eq(s.indicators[11].value, 12500);
    dsr_score_release(&s);
    dsr_catalog_free(c);
}
END_TEST

/* The gap as shown is rounded up: 0.0005 still needs a step. */
START_TEST(test_score_gap_hundredths)
{
    static const struct {
        long target;
        long long gap;
        long shown;
    } cases[] = {{260, 5, 1},     {260, 100, 1}, {260, 101, 2},
                 {260, 1250, 13}, {260, 0, 0},   {260, -37, 0},
                 {-1, 500, 0},    {500, 40000, 400}};

    for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++) {
        struct dsr_score s = {.target = cases[k].target,
                              .gap = cases[k].gap};

        ck_assert_msg(dsr_score_gap_hundredths(&s) == cases[k].shown,
                      "gap %lld: %ld, want %ld", cases[k].gap,
                      dsr_score_gap_hundredths(&s), cases[k].shown);
    }
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
    tcase_add_test(tc, test_score_aceh_tengah_reproduces_published_values);
    tcase_add_test(tc, test_score_external_sdi);
    tcase_add_test(tc, test_score_estimate_reproduces_reference);
    tcase_add_test(tc, test_score_estimate_needs_items);
    tcase_add_test(tc, test_score_item_plan_order);
    tcase_add_test(tc, test_score_rounding_half_up_and_crossing);
    tcase_add_test(tc, test_score_indices_per_stage);
    tcase_add_test(tc, test_score_plan_fractional_first_step);
    tcase_add_test(tc, test_score_estimate_never_overrides_a_later_stage);
    tcase_add_test(tc, test_score_gap_hundredths);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(score_suite());
}
