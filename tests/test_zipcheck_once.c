/*
 * test_zipcheck_once.c -- r23-verify: verify reads each indicator zip
 * once.  The read source of zipread.c gives libzip the zip and hashes the
 * file for the bag on the way: the digests equal those of a plain read
 * (a zip as libzip writes it, its entries read out of order, bytes
 * between entries, a file libzip refuses), and for a zip read in order
 * the bytes read are the file once plus at most the tail libzip reads
 * first and the local headers its consistency check reads.
 */
#include "testutil.h"

#include "bag_impl.h"
#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/hash.h"
#include "zipread.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* what libzip reads at the end first: the EOCD and a comment's room */
#define TAIL (22 + 65535)

static char dir[512];

static void
setup(void)
{
    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
}

static void
teardown(void)
{
    tu_rmtree(dir);
}

/* 'n' bytes that do not compress, the same every run. */
static unsigned char *
noise(size_t n, uint32_t seed)
{
    unsigned char *p = malloc(n);

    ck_assert_ptr_nonnull(p);
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (unsigned char)(seed >> 16);
    }
    return p;
}

/* The whole file 'path' in memory. */
static unsigned char *
slurp(const char *path, size_t *len)
{
    struct stat st;
    unsigned char *p;
    FILE *f = fopen(path, "rb");

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fstat(fileno(f), &st), 0);
    *len = (size_t)st.st_size;
    p = malloc(*len ? *len : 1);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(fread(p, 1, *len, f), *len);
    fclose(f);
    return p;
}

/* A zip as pack writes one: a large stored entry, a deflated one, a small one. */
static void
make_zip(const char *path)
{
    static char text[600000];
    unsigned char *big = noise(1500000, 7);
    zip_source_t *s;
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

    ck_assert_ptr_nonnull(za);
    for (size_t i = 0; i < sizeof(text); i++)
        text[i] = (char)('a' + i % 23);
    s = zip_source_buffer(za, big, 1500000, 1);
    ck_assert_int_ge(zip_file_add(za, "a/big.pdf", s, 0), 0);
    ck_assert_int_eq(zip_set_file_compression(za, 0, ZIP_CM_STORE, 0), 0);
    s = zip_source_buffer(za, text, sizeof(text), 0);
    ck_assert_int_ge(zip_file_add(za, "b/text.csv", s, 0), 0);
    s = zip_source_buffer(za, "<index/>\n", 9, 0);
    ck_assert_int_ge(zip_file_add(za, "index.xml", s, 0), 0);
    ck_assert_int_eq(zip_close(za), 0);
}

static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;

    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static void
put16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xffffu);
    put16(p + 2, v >> 16);
}

/*
 * A zip of stored entries written by hand with gap[i] bytes of junk after
 * entry i (a zip pack never writes, but libzip opens).
 */
static void
make_gapped_zip(const char *path, const size_t *sizes, const size_t *gap, int n)
{
    FILE *f = fopen(path, "wb");
    unsigned char cd[16][46 + 16];
    uint32_t off = 0, cdoff, cdlen = 0;

    ck_assert_ptr_nonnull(f);
    ck_assert_int_le(n, 16);
    for (int i = 0; i < n; i++) {
        unsigned char *data = noise(sizes[i], (uint32_t)i + 100);
        unsigned char *junk = noise(gap[i] ? gap[i] : 1, (uint32_t)i + 200);
        unsigned char h[30] = {0};
        char name[16];
        uint32_t crc = crc32_of(data, sizes[i]);

        snprintf(name, sizeof(name), "f%d.bin", i);
        put32(h, 0x04034b50u);
        put16(h + 4, 20);
        put32(h + 14, crc);
        put32(h + 18, (uint32_t)sizes[i]);
        put32(h + 22, (uint32_t)sizes[i]);
        put16(h + 26, (uint32_t)strlen(name));
        memset(cd[i], 0, sizeof(cd[i]));
        put32(cd[i], 0x02014b50u);
        put16(cd[i] + 4, 3u << 8 | 20);
        put16(cd[i] + 6, 20);
        put32(cd[i] + 16, crc);
        put32(cd[i] + 20, (uint32_t)sizes[i]);
        put32(cd[i] + 24, (uint32_t)sizes[i]);
        put16(cd[i] + 28, (uint32_t)strlen(name));
        put32(cd[i] + 38, (uint32_t)(0100644u << 16));
        put32(cd[i] + 42, off);
        memcpy(cd[i] + 46, name, strlen(name));
        ck_assert_uint_eq(fwrite(h, 1, 30, f), 30);
        ck_assert_uint_eq(fwrite(name, 1, strlen(name), f), strlen(name));
        ck_assert_uint_eq(fwrite(data, 1, sizes[i], f), sizes[i]);
        ck_assert_uint_eq(fwrite(junk, 1, gap[i], f), gap[i]);
        off += (uint32_t)(30 + strlen(name) + sizes[i] + gap[i]);
        free(data);
        free(junk);
    }
    cdoff = off;
    for (int i = 0; i < n; i++) {
        size_t len = 46 + strlen((char *)cd[i] + 46);

        ck_assert_uint_eq(fwrite(cd[i], 1, len, f), len);
        cdlen += (uint32_t)len;
    }
    {
        unsigned char e[22] = {0};

        put32(e, 0x06054b50u);
        put16(e + 8, (uint32_t)n);
        put16(e + 10, (uint32_t)n);
        put32(e + 12, cdlen);
        put32(e + 16, cdoff);
        ck_assert_uint_eq(fwrite(e, 1, 22, f), 22);
    }
    ck_assert_int_eq(fclose(f), 0);
}

/* What one read of 'path' through the source gave. */
struct outcome {
    bool opened;
    uint64_t size, bytes_read;
    int64_t entries;
    char digest[DSR_HASH_COUNT][DSR_HASH_HEX_MAX];
};

/*
 * Open 'path' through the source hashing with every algorithm, read each
 * entry whole (in reverse order when 'backwards'), then finish.
 */
static struct outcome
read_once(const char *path, bool backwards)
{
    const bool need[DSR_HASH_COUNT] = {true, true, true, true};
    struct dsr_error err = DSR_ERROR_INIT;
    struct outcome o = {0};
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct zread *r;
    zip_error_t ze;
    zip_t *za;
    int sys_errno = 0;

    ck_assert_int_ge(fd, 0);
    r = zread_new(fd, need, NULL, path, &err);
    ck_assert_ptr_nonnull(r);
    za = zread_open(r, &ze);
    zip_error_fini(&ze);
    o.opened = za != NULL;
    if (za) {
        o.entries = zip_get_num_entries(za, 0);
        for (int64_t k = 0; k < o.entries; k++) {
            int64_t i = backwards ? o.entries - 1 - k : k;
            zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
            char buf[65536];
            zip_int64_t got;

            ck_assert_ptr_nonnull(zf);
            while ((got = zip_fread(zf, buf, sizeof(buf))) > 0)
                ;
            ck_assert_int_eq(got, 0);   /* CRC checked at the end */
            zip_fclose(zf);
        }
        zip_discard(za);
    }
    ck_assert_int_eq(zread_finish(r, o.digest, &o.size, &sys_errno, &err), 0);
    o.bytes_read = zread_bytes_read(r);
    zread_free(r);
    close(fd);
    return o;
}

/* The digests of 'o' are those of the bytes of 'path'. */
static void
assert_plain(const char *path, const struct outcome *o)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char hex[DSR_HASH_HEX_MAX];
    size_t len;
    unsigned char *data = slurp(path, &len);

    ck_assert_uint_eq(o->size, len);
    for (int a = 0; a < DSR_HASH_COUNT; a++) {
        ck_assert_int_eq(dsr_hash_buffer((enum dsr_hash_alg)a, data, len, hex, &err),
                         0);
        ck_assert_str_eq(o->digest[a], hex);
    }
    free(data);
}

START_TEST(test_in_order_read_once)
{
    char path[600];
    struct outcome o;

    snprintf(path, sizeof(path), "%s/01.zip", dir);
    make_zip(path);
    o = read_once(path, false);
    ck_assert(o.opened);
    ck_assert_int_eq(o.entries, 3);
    assert_plain(path, &o);
    /* the file once, plus the tail read first and 3 local headers */
    ck_assert_uint_ge(o.bytes_read, o.size);
    ck_assert_uint_le(o.bytes_read, o.size + TAIL + 3 * 512);
}
END_TEST

/* A zip of at most 1 MiB is read whole at libzip's first read, and once. */
START_TEST(test_small_zip_read_once)
{
    const size_t sizes[] = {150000, 50000, 10};
    const size_t gap[] = {0, 0, 0};
    char path[600];
    struct outcome o;

    snprintf(path, sizeof(path), "%s/07.zip", dir);
    make_gapped_zip(path, sizes, gap, 3);
    o = read_once(path, false);
    ck_assert(o.opened);
    assert_plain(path, &o);
    ck_assert_uint_eq(o.bytes_read, o.size);
}
END_TEST

START_TEST(test_out_of_order_same_digests)
{
    char path[600];
    struct outcome o;

    snprintf(path, sizeof(path), "%s/02.zip", dir);
    make_zip(path);
    o = read_once(path, true);
    ck_assert(o.opened);
    assert_plain(path, &o);
}
END_TEST

START_TEST(test_gaps_hashed)
{
    /* a data descriptor's worth, then more than the 64 KiB hashed on */
    const size_t sizes[] = {300000, 2000000, 5000, 100};
    const size_t gap[] = {16, 200000, 0, 70000};
    char path[600];
    struct outcome o;

    snprintf(path, sizeof(path), "%s/03.zip", dir);
    make_gapped_zip(path, sizes, gap, 4);
    o = read_once(path, false);
    ck_assert(o.opened);
    ck_assert_int_eq(o.entries, 4);
    assert_plain(path, &o);
    o = read_once(path, true);
    assert_plain(path, &o);
}
END_TEST

START_TEST(test_refused_hashed_plainly)
{
    unsigned char *junk = noise(3000000, 9);
    char path[600];
    struct outcome o;
    size_t len;
    unsigned char *zip;

    /* not a zip at all */
    tu_write(dir, "04.zip", junk, 3000000);
    snprintf(path, sizeof(path), "%s/04.zip", dir);
    o = read_once(path, false);
    ck_assert(!o.opened);
    assert_plain(path, &o);
    /* a zip cut short: its central directory gone */
    snprintf(path, sizeof(path), "%s/05.zip", dir);
    make_zip(path);
    zip = slurp(path, &len);
    tu_write(dir, "05.zip", zip, len - 100);
    o = read_once(path, false);
    ck_assert(!o.opened);
    assert_plain(path, &o);
    /* an empty file */
    tu_write(dir, "06.zip", "", 0);
    snprintf(path, sizeof(path), "%s/06.zip", dir);
    o = read_once(path, false);
    ck_assert(!o.opened);     /* as zip_fdopen(): no empty archive */
    assert_plain(path, &o);
    free(zip);
    free(junk);
}
END_TEST

static const struct dsr_bag_info info = {
    .source_organization = "Pemerintah Kabupaten Uji",
    .contact_name = "Budi Santoso",
    .external_identifier = "spbe-2020-2024-0123456789abcdef",
    .bagging_date = "2024-01-02",
};

/* Flip the byte at 'off' of 'path'. */
static void
flip(const char *path, long off)
{
    FILE *f = fopen(path, "r+b");
    int c;

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, off, SEEK_SET), 0);
    c = fgetc(f);
    ck_assert_int_ne(c, EOF);
    ck_assert_int_eq(fseek(f, off, SEEK_SET), 0);
    ck_assert_int_ne(fputc(c ^ 0x5a, f), EOF);
    ck_assert_int_eq(fclose(f), 0);
}

/*
 * verify of a bag whose zip has junk between its entries, under both
 * manifests: clean but for the zip's missing index.xml, however it is
 * read; a byte changed in either gap (one hashed on the way, one hashed
 * at the end) is the zip altered, in each manifest, as a plain read
 * finds.
 */
START_TEST(test_bag_judges_gaps)
{
    const size_t sizes[] = {300000, 2000000, 5000};
    const size_t gap[] = {16, 200000, 0};
    struct dsr_bag_opts bopts = {.alg = DSR_HASH_SHA512,
                                 .algs = DSR_HASH_BIT(DSR_HASH_SHA256)};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_bag_report rep;
    const long at[] = {30 + 6 + 300000 + 3,
                       30 + 6 + 300000 + 16 + 30 + 6 + 2000000 + 150000};
    char zip[600];

    snprintf(zip, sizeof(zip), "%s/data/indicators/01.zip", dir);
    tu_write(dir, "data/indicators/01.zip", "", 0);
    tu_write(dir, "data/a.txt", "alpha\n", (size_t)-1);
    make_gapped_zip(zip, sizes, gap, 3);
    ck_assert_msg(dsr_bag_write(dir, &info, &bopts, &err) == 0, "%s", err.msg);
    for (int k = 0; k < 3; k++) {
        struct dsr_bag_verify_opts vopts = {.jobs = 2};

        if (k > 0)
            flip(zip, at[k - 1]);
        ck_assert_msg(bag_verify_run(dir, &vopts, true, &rep, &err) == 0, "%s",
                      err.msg);
        ck_assert_uint_eq(rep.n, k ? 3 : 1);
        for (size_t i = 0; i + 1 < rep.n; i++) {
            /* in manifest-sha256.txt and manifest-sha512.txt */
            ck_assert_str_eq(rep.items[i].path, "data/indicators/01.zip");
            ck_assert_int_eq(rep.items[i].kind, DSR_BAG_ALTERED);
        }
        ck_assert_str_eq(rep.items[rep.n - 1].path,
                         "data/indicators/01.zip:index.xml");
        ck_assert_int_eq(rep.items[rep.n - 1].kind, DSR_BAG_MISSING);
        ck_assert_uint_eq(rep.zips, 1);
        dsr_bag_report_release(&rep);
        if (k == 0)
            continue;
        /* the bag's digests again, for the next change */
        flip(zip, at[k - 1]);
    }
}
END_TEST

static Suite *
zipcheck_once_suite(void)
{
    Suite *s = suite_create("zipcheck_once");
    TCase *tc = tcase_create("zipread");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_in_order_read_once);
    tcase_add_test(tc, test_small_zip_read_once);
    tcase_add_test(tc, test_out_of_order_same_digests);
    tcase_add_test(tc, test_gaps_hashed);
    tcase_add_test(tc, test_refused_hashed_plainly);
    tcase_add_test(tc, test_bag_judges_gaps);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(zipcheck_once_suite());
}
