/*
 * bag_profile.c -- the bundle's BagIt profile (BagIt Profiles 1.3.0):
 * its identifier, a bag's conformance checked from names and the two
 * small tag files only (nothing hashed), the Bag-Group-Identifier that
 * links the years of one instance, and what a path given to verify is.
 * Issue 22 points 2 and 4 (r22-profile).
 *
 * The profile is untrusted only in the sense that a damaged copy must
 * not crash anything: it is read whole (at most DSR_BAG_PROFILE_LIMIT),
 * parsed with jansson, and every field whose type is wrong is an error.
 */
#include "dossier/bag.h"

#include "bag_impl.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "fileio.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define GROUP_PREFIX "urn:dossier:group:"

const char *
dsr_bag_severity_name(enum dsr_bag_severity s)
{
    return s == DSR_BAG_WARNING ? "warning" : "error";
}

size_t
dsr_bag_report_errors(const struct dsr_bag_report *rep)
{
    size_t n = 0;

    for (size_t i = 0; i < rep->n; i++)
        n += rep->items[i].severity == DSR_BAG_ERROR;
    return n;
}

char *
dsr_bag_group_identifier(const char *instance, char *out, size_t size)
{
    size_t n = sizeof(GROUP_PREFIX) - 1, start;
    bool dash = false;

    if (!instance || size <= n)
        return NULL;
    memcpy(out, GROUP_PREFIX, n);
    start = n;
    for (const unsigned char *p = (const unsigned char *)instance; *p; p++) {
        unsigned char c = *p;

        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)) {
            dash = n > start;
            continue;
        }
        if (n + (dash ? 2 : 1) >= size)
            return NULL;
        if (dash)
            out[n++] = '-';
        dash = false;
        out[n++] = (char)c;
    }
    if (n == start)
        return NULL;
    out[n] = '\0';
    return out;
}

int
dsr_bag_parse_algorithms(const char *list, enum dsr_hash_alg *alg,
                         unsigned *algs, struct dsr_error *err)
{
    const char *p = list;
    unsigned seen = 0;
    bool first = true;

    for (;;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char name[16];
        int a = -1;

        if (n > 0 && n < sizeof(name)) {
            memcpy(name, p, n);
            name[n] = '\0';
            a = dsr_hash_from_name(name);
        }
        if (a < 0)
            return dsr_error_set(err, DSR_USAGE, NULL, 0,
                                 _("unknown algorithm '%.*s' in '%s' (use a "
                                   "comma list of sha512, sha256, sha1 and "
                                   "md5)"),
                                 (int)(n > 64 ? 64 : n), p, list);
        if (seen & DSR_HASH_BIT(a))
            return dsr_error_set(err, DSR_USAGE, NULL, 0,
                                 _("algorithm '%s' is given twice in '%s'; "
                                   "name each once"),
                                 name, list);
        seen |= DSR_HASH_BIT(a);
        if (first)
            *alg = (enum dsr_hash_alg)a;
        first = false;
        if (!end)
            break;
        p = end + 1;
    }
    if (!(seen & (DSR_HASH_BIT(DSR_HASH_SHA512) | DSR_HASH_BIT(DSR_HASH_SHA256))))
        return dsr_error_set(err, DSR_USAGE, NULL, 0,
                             _("'%s' has neither sha512 nor sha256: md5 and "
                               "sha1 are only for a second manifest beside "
                               "one of them"),
                             list);
    *algs = seen;
    return 0;
}

/* The profile parsed, or NULL with 'err' set (DSR_INPUT naming 'path'). */
static json_t *
load_profile(const char *json, size_t len, const char *path, const char **id,
             struct dsr_error *err)
{
    json_error_t jerr;
    json_t *root, *info, *s;

    if (len > DSR_BAG_PROFILE_LIMIT) {
        dsr_error_set(err, DSR_INPUT, path, 0,
                      _("the BagIt profile is larger than %zu KiB; give the "
                        "profile dossier ships"),
                      DSR_BAG_PROFILE_LIMIT >> 10);
        return NULL;
    }
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        dsr_error_set(err, DSR_INPUT, path, (unsigned long)jerr.line,
                      _("the BagIt profile is not valid JSON: %s"), jerr.text);
        return NULL;
    }
    info = json_object_get(root, "BagIt-Profile-Info");
    s = json_is_object(info) ? json_object_get(info, "BagIt-Profile-Identifier")
                             : NULL;
    if (!json_is_object(root) || !json_is_string(s) || !*json_string_value(s)) {
        json_decref(root);
        dsr_error_set(err, DSR_INPUT, path, 0,
                      _("not a BagIt profile: no BagIt-Profile-Info with a "
                        "BagIt-Profile-Identifier; give the profile dossier "
                        "ships"));
        return NULL;
    }
    *id = json_string_value(s);
    return root;
}

int
dsr_bag_profile_identifier(const char *json, size_t len, const char *path,
                           char *out, size_t size, struct dsr_error *err)
{
    const char *id;
    json_t *root = load_profile(json, len, path, &id, err);
    int ret = 0;

    if (!root)
        return -1;
    if (strlen(id) >= size)
        ret = dsr_error_set(err, DSR_INPUT, path, 0,
                            _("the profile's BagIt-Profile-Identifier is too "
                              "long"));
    else
        strcpy(out, id);
    json_decref(root);
    return ret;
}

/* The profile file 'profile', whole; -1 with 'err' set. */
static int
read_profile(const char *profile, char **data, size_t *len, struct dsr_error *err)
{
    int sys_errno = 0;

    switch (dsr_read_file(profile, DSR_BAG_PROFILE_LIMIT, data, len,
                          &sys_errno)) {
    case DSR_READ_OK:
        return 0;
    case DSR_READ_NOMEM:
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    case DSR_READ_TOO_LARGE:
        return dsr_error_set(err, DSR_INPUT, profile, 0,
                             _("the BagIt profile is larger than %zu KiB; "
                               "reinstall dossier"),
                             DSR_BAG_PROFILE_LIMIT >> 10);
    case DSR_READ_IO:
        break;
    }
    return dsr_error_sys(err, sys_errno, profile,
                         _("cannot read the BagIt profile; reinstall dossier"));
}

int
dsr_bag_put_profile(const char *dir, const char *profile, char *id, size_t size,
                    struct dsr_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int dirfd, ret = -1;

    if (read_profile(profile, &data, &len, err) < 0)
        return -1;
    if (dsr_bag_profile_identifier(data, len, profile, id, size, err) < 0)
        goto out;
    dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        dsr_error_sys(err, errno, dir, "cannot open the bag");
        goto out;
    }
    ret = dsr_fio_write_new(dirfd, dir, DSR_BAG_PROFILE_FILE, data, len, err);
    close(dirfd);
out:
    free(data);
    return ret;
}

int
dsr_bag_check_profile_file(const char *dir, const char *profile,
                           struct dsr_bag_report *rep, struct dsr_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int ret;

    memset(rep, 0, sizeof(*rep));
    if (read_profile(profile, &data, &len, err) < 0)
        return -1;
    ret = dsr_bag_check_profile(dir, data, len, profile, rep, err);
    free(data);
    return ret;
}

/* ---- conformance ------------------------------------------------------- */

/* Whether the JSON array 'list' holds the string 's' (NULL list: no). */
static bool
list_has(const json_t *list, const char *s)
{
    size_t i;
    json_t *e;

    json_array_foreach(list, i, e) {
        if (json_is_string(e) && strcmp(json_string_value(e), s) == 0)
            return true;
    }
    return false;
}

/* A profile field that must be a list of strings when present. */
static int
get_list(struct bag_verify *v, const json_t *root, const char *key,
         const char *path, const json_t **out)
{
    const json_t *l = json_object_get(root, key);
    size_t i;
    json_t *e;

    *out = NULL;
    if (!l)
        return 0;
    if (!json_is_array(l))
        return dsr_error_set(v->err, DSR_INPUT, path, 0,
                             _("the profile's %s is not a list"), key);
    json_array_foreach(l, i, e) {
        if (!json_is_string(e))
            return dsr_error_set(v->err, DSR_INPUT, path, 0,
                                 _("the profile's %s holds a value that is not "
                                   "a string"),
                                 key);
    }
    *out = l;
    return 0;
}

/* Read the small tag file 'rel'; 1 (reported) when it cannot be. */
static int
read_small(struct bag_verify *v, const char *rel, char **data, size_t *len)
{
    mode_t type = 0;
    int sys_errno = 0;

    switch (dsr_fio_read_beneath(v->dirfd, rel, DSR_BAG_TAG_LIMIT, data, len,
                                 &type, &sys_errno)) {
    case DSR_READ_OK:
        return 0;
    case DSR_READ_NOMEM:
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    case DSR_READ_TOO_LARGE:
        return bag_problem(v, rel, DSR_BAG_MALFORMED,
                           _("larger than the %zu MiB limit for a tag file; "
                             "not read"),
                           DSR_BAG_TAG_LIMIT >> 20) < 0 ? -1 : 1;
    case DSR_READ_IO:
        break;
    }
    if (sys_errno == ENOENT && !type)
        return bag_problem(v, rel, DSR_BAG_MISSING,
                           _("the file is missing")) < 0 ? -1 : 1;
    return bag_problem(v, rel, DSR_BAG_MALFORMED,
                       _("cannot be read as a regular file")) < 0 ? -1 : 1;
}

static int
profile_declaration(struct bag_verify *v, const json_t *root, const char *path)
{
    struct dsr_error e = DSR_ERROR_INIT;
    const json_t *accept;
    char version[32];
    char *data = NULL;
    size_t len = 0;
    int rc;

    if (get_list(v, root, "Accept-BagIt-Version", path, &accept) < 0)
        return -1;
    rc = read_small(v, DSR_BAG_DECLARATION, &data, &len);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (dsr_bag_parse_declaration(data, len, version, sizeof(version), &e) < 0)
        rc = bag_problem(v, DSR_BAG_DECLARATION, DSR_BAG_MALFORMED,
                         _("line %lu: %s"), e.line, e.msg);
    else if (accept && !list_has(accept, version))
        rc = bag_problem(v, DSR_BAG_DECLARATION, DSR_BAG_MALFORMED,
                         _("BagIt-Version %s is not one the profile accepts"),
                         version);
    free(data);
    return rc;
}

/* One Bag-Info tag of the profile against bag-info.txt's fields. */
static int
profile_tag(struct bag_verify *v, const struct dsr_bag_fields *f,
            const char *label, const json_t *def, const char *path)
{
    const json_t *values = json_object_get(def, "values");
    const json_t *req = json_object_get(def, "required");
    const json_t *rep = json_object_get(def, "repeatable");
    size_t count = 0;

    if (!json_is_object(def) || (values && !json_is_array(values)) ||
        (req && !json_is_boolean(req)) || (rep && !json_is_boolean(rep)))
        return dsr_error_set(v->err, DSR_INPUT, path, 0,
                             _("the profile's Bag-Info entry %s is malformed"),
                             label);
    for (size_t i = 0; i < f->n; i++) {
        if (strcasecmp(f->items[i].label, label) != 0)
            continue;
        count++;
        if (values && json_array_size(values) &&
            !list_has(values, f->items[i].value) &&
            bag_problem(v, DSR_BAG_INFO, DSR_BAG_MALFORMED,
                        _("%s is '%s', a value the profile does not allow"), label,
                        f->items[i].value) < 0)
            return -1;
    }
    if (count == 0 && json_is_true(req))
        return bag_problem(v, DSR_BAG_INFO, DSR_BAG_MISSING,
                           _("no %s, which the profile requires"), label);
    if (count > 1 && json_is_false(rep))
        return bag_problem(v, DSR_BAG_INFO, DSR_BAG_MALFORMED,
                           _("%s is given %zu times; the profile allows it once"),
                           label, count);
    return 0;
}

static int
profile_info(struct bag_verify *v, const json_t *root, const char *id,
             const char *path)
{
    struct dsr_bag_fields f = {0};
    struct dsr_error e = DSR_ERROR_INIT;
    const json_t *tags = json_object_get(root, "Bag-Info");
    const char *label;
    json_t *def;
    char *data = NULL;
    size_t len = 0;
    bool named = false;
    int rc;

    if (tags && !json_is_object(tags))
        return dsr_error_set(v->err, DSR_INPUT, path, 0,
                             _("the profile's Bag-Info is not an object"));
    rc = read_small(v, DSR_BAG_INFO, &data, &len);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (dsr_bag_parse_info(data, len, &f, &e) < 0) {
        rc = e.code == DSR_NOMEM
                 ? dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory")
                 : bag_problem(v, DSR_BAG_INFO, DSR_BAG_MALFORMED,
                               _("line %lu: %s"), e.line, e.msg);
        goto out;
    }
    for (size_t i = 0; i < f.n; i++)
        if (strcasecmp(f.items[i].label, "BagIt-Profile-Identifier") == 0 &&
            strcmp(f.items[i].value, id) == 0)
            named = true;
    if (!named &&
        (rc = bag_problem(v, DSR_BAG_INFO, DSR_BAG_MISSING,
                          _("no BagIt-Profile-Identifier %s: the bag does not "
                            "claim this profile"),
                          id)) < 0)
        goto out;
    json_object_foreach((json_t *)tags, label, def) {
        if ((rc = profile_tag(v, &f, label, def, path)) < 0)
            goto out;
    }
    rc = 0;
out:
    dsr_bag_fields_release(&f);
    free(data);
    return rc;
}

/* A top-level name "PREFIXALG.txt": ALG into 'alg', else false. */
static bool
manifest_alg(const char *name, const char *prefix, char *alg, size_t size)
{
    size_t p = strlen(prefix), n = strlen(name);

    if (strncmp(name, prefix, p) != 0 || n <= p + 4 ||
        strcmp(name + n - 4, ".txt") != 0 || n - p - 4 >= size)
        return false;
    memcpy(alg, name + p, n - p - 4);
    alg[n - p - 4] = '\0';
    return true;
}

/* Manifests-Required/Allowed or Tag-Manifests-Required/Allowed. */
static int
profile_manifests(struct bag_verify *v, const json_t *root, const char *path,
                  const struct bag_list *top, bool tag)
{
    const char *prefix = tag ? "tagmanifest-" : "manifest-";
    const json_t *required, *allowed;
    size_t i;
    json_t *e;

    if (get_list(v, root, tag ? "Tag-Manifests-Required" : "Manifests-Required",
                 path, &required) < 0 ||
        get_list(v, root, tag ? "Tag-Manifests-Allowed" : "Manifests-Allowed",
                 path, &allowed) < 0)
        return -1;
    json_array_foreach(required, i, e) {
        char name[300];
        const struct bag_file *f;

        snprintf(name, sizeof(name), "%s%s.txt", prefix, json_string_value(e));
        f = bag_list_find(top, name);
        if ((!f || !f->regular) &&
            bag_problem(v, name, DSR_BAG_MISSING,
                        tag ? _("the profile requires this tag manifest")
                            : _("the profile requires this manifest")) < 0)
            return -1;
    }
    for (size_t k = 0; k < top->n; k++) {
        char alg[256];

        /* one that is not a regular file: profile_files() says so */
        if (!manifest_alg(top->items[k].path, prefix, alg, sizeof(alg)) ||
            !top->items[k].regular || !allowed || list_has(allowed, alg))
            continue;
        if (bag_problem(v, top->items[k].path, DSR_BAG_EXTRA,
                        _("an algorithm the profile does not allow (%s)"),
                        alg) < 0)
            return -1;
    }
    return 0;
}

/* Whether the top-level 'name' is not a tag file in the profile's sense. */
static bool
bag_own_file(const char *name)
{
    char alg[256];

    return strcmp(name, DSR_BAG_DECLARATION) == 0 ||
           strcmp(name, DSR_BAG_INFO) == 0 || strcmp(name, "fetch.txt") == 0 ||
           manifest_alg(name, "manifest-", alg, sizeof(alg)) ||
           manifest_alg(name, "tagmanifest-", alg, sizeof(alg));
}

static bool
glob_any(const json_t *patterns, const char *path)
{
    size_t i;
    json_t *e;

    json_array_foreach(patterns, i, e) {
        if (fnmatch(json_string_value(e), path, FNM_PATHNAME) == 0)
            return true;
    }
    return false;
}

/* Tag-Files-Required, Tag-Files-Allowed, Allow-Fetch.txt, Serialization. */
static int
profile_files(struct bag_verify *v, const json_t *root, const char *path,
              const struct bag_list *tags)
{
    const json_t *required, *allowed;
    const json_t *fetch = json_object_get(root, "Allow-Fetch.txt");
    const json_t *ser = json_object_get(root, "Serialization");
    size_t i;
    json_t *e;

    if (get_list(v, root, "Tag-Files-Required", path, &required) < 0 ||
        get_list(v, root, "Tag-Files-Allowed", path, &allowed) < 0)
        return -1;
    json_array_foreach(required, i, e) {
        const struct bag_file *f = bag_list_find(tags, json_string_value(e));

        if ((!f || !f->regular) &&
            bag_problem(v, json_string_value(e), DSR_BAG_MISSING,
                        _("a tag file the profile requires is missing")) < 0)
            return -1;
    }
    for (size_t k = 0; k < tags->n; k++) {
        const struct bag_file *f = &tags->items[k];
        int rc = 0;

        /* a tag folder is walked; anything else but a regular file is
           refused, the bag's own files too (a manifest that is a link or a
           folder is refused by verify as well) */
        if (S_ISDIR(f->type) && !bag_own_file(f->path))
            continue;
        if (!f->regular)
            rc = bag_problem(v, f->path, DSR_BAG_MALFORMED,
                             _("%s, not a regular file: a bag holds only "
                               "regular files and folders"),
                             dsr_file_type_name(f->type));
        else if (bag_own_file(f->path))
            continue;
        else if (allowed && !glob_any(allowed, f->path))
            rc = bag_problem(v, f->path, DSR_BAG_EXTRA,
                             _("a tag file the profile does not allow"));
        if (rc < 0)
            return -1;
    }
    if (json_is_false(fetch) && bag_list_find(tags, "fetch.txt") &&
        bag_problem(v, "fetch.txt", DSR_BAG_EXTRA,
                    _("the profile does not allow fetch.txt: every file must "
                      "be in the bag")) < 0)
        return -1;
    if (json_is_string(ser) && strcmp(json_string_value(ser), "required") == 0)
        return bag_problem(v, ".", DSR_BAG_MALFORMED,
                           _("the profile requires a serialized bag (an "
                             "archive file), not a folder"));
    return 0;
}

/* Every entry outside data/: top-level files, and folders walked. */
static int
list_tags(struct bag_verify *v, struct bag_list *tags)
{
    return bag_walk_tags(v->dirfd, v->dir, DSR_BAG_MANIFEST_MAX_LINES, true,
                         tags, v->err);
}

int
dsr_bag_check_profile(const char *dir, const char *json, size_t len,
                      const char *path, struct dsr_bag_report *rep,
                      struct dsr_error *err)
{
    struct bag_verify v = {.dir = dir, .rep = rep, .err = err};
    struct bag_list tags = {0};
    const char *id = NULL;
    json_t *root;
    struct stat st;
    int ret = -1;

    memset(rep, 0, sizeof(*rep));
    root = load_profile(json, len, path, &id, err);
    if (!root)
        return -1;
    v.dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (v.dirfd < 0) {
        json_decref(root);
        return dsr_error_sys(err, errno, dir, "cannot open the bundle");
    }
    if (list_tags(&v, &tags) < 0) {
        /* too many files or folders too deep: the bundle's problem, not
           the profile's (verify says the same of such a bag) */
        if (err->code == DSR_INPUT) {
            char msg[sizeof(err->msg)];

            snprintf(msg, sizeof(msg), "%s", err->msg);
            *err = (struct dsr_error)DSR_ERROR_INIT;
            if (bag_problem(&v, ".", DSR_BAG_MALFORMED, "%s", msg) == 0)
                ret = 0;
        }
        goto out;
    }
    if (profile_declaration(&v, root, path) < 0 ||
        profile_info(&v, root, id, path) < 0 ||
        profile_manifests(&v, root, path, &tags, false) < 0 ||
        profile_manifests(&v, root, path, &tags, true) < 0 ||
        profile_files(&v, root, path, &tags) < 0)
        goto out;
    if (fstatat(v.dirfd, DSR_BAG_PAYLOAD_DIR, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
        !S_ISDIR(st.st_mode)) {
        if (bag_problem(&v, DSR_BAG_PAYLOAD_DIR "/", DSR_BAG_MISSING,
                        _("the payload directory is missing")) < 0)
            goto out;
    }
    ret = 0;
out:
    bag_list_release(&tags);
    json_decref(root);
    close(v.dirfd);
    return ret;
}

/* ---- what a path is ---------------------------------------------------- */

/* Whether 'dir'/'name' is there (as anything; not followed). */
static bool
present(const char *dir, const char *name)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat st;
    bool ok;

    if (fd < 0)
        return false;
    ok = fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
    close(fd);
    return ok;
}

enum dsr_bag_what
dsr_bag_probe(const char *path)
{
    struct stat st;

    /* the path itself is the user's and may be a link to a bundle */
    if (stat(path, &st) < 0)
        return errno == ENOENT || errno == ENOTDIR ? DSR_BAG_IS_MISSING
                                                   : DSR_BAG_IS_BAG;
    if (!S_ISDIR(st.st_mode))
        return DSR_BAG_IS_FILE;
    if (present(path, DSR_BAG_DECLARATION))
        return DSR_BAG_IS_BAG;
    /* a bundle keeps its manifest under data/, a workspace at the top */
    if (present(path, "manifest.xml"))
        return DSR_BAG_IS_WORKSPACE;
    /* a damaged bag: verify names every problem, bagit.txt's first */
    if (present(path, DSR_BAG_INFO) || present(path, DSR_BAG_PAYLOAD_DIR))
        return DSR_BAG_IS_BAG;
    return DSR_BAG_IS_FOLDER;
}
