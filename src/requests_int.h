/*
 * requests_int.h -- what requests.c (the plan, the folder, the summary)
 * and requests_letter.c (one OPD's letter) share; private to the core.
 */
#ifndef DOSSIER_REQUESTS_INT_H
#define DOSSIER_REQUESTS_INT_H

#include "dossier/requests.h"

/* One run of dossier requests: its input and what every letter shares. */
struct rq {
    const struct dsr_check_result *res;
    const struct dsr_manifest *m;
    const struct dsr_catalog *cat;
    const struct dsr_requests_opts *opts;
    enum dsr_lang lang;
    struct dsr_request_item *items;     /* per catalog indicator */
    char date[64];                      /* the letters' date, for people */
    char iso_date[32];                  /* and for the metadata */
    char due[128];                      /* the due date with its weekday */
    char place[256];                    /* where the letter is signed; "" */
};

/*
 * Write the letter to OPD 'owner' (an index into res->owners) to the new
 * file 'path'; '*pages' gets its page count.  Returns 0, or -1 with 'err'
 * set.
 */
int rq_letter_write(const struct rq *q, size_t owner, const char *path,
                    unsigned *pages, struct dsr_error *err);

#endif
