/*
 * preview_proc.h -- the preview server (private to the core): a process
 * forked while the caller has one thread, which forks one child per
 * preview under a hard budget of CPU time, memory and wall-clock time.
 * poppler, libpng and libjpeg never run in the caller's process.
 */
#ifndef DOSSIER_PREVIEW_PROC_H
#define DOSSIER_PREVIEW_PROC_H

#include <stdbool.h>
#include <stdint.h>

/* What the caller asks of one child. */
struct pv_request {
    int kind;                   /* enum th_kind */
    int max_w, max_h;
    int image;                  /* draw the preview, not only count pages */
    unsigned cpu_seconds;       /* RLIMIT_CPU */
    unsigned wall_seconds;      /* then the server kills it */
    uint64_t memory;            /* RLIMIT_AS beyond the child's start */
};

enum pv_outcome {
    PV_DONE,                    /* the child wrote its result */
    PV_SLOW,                    /* over its CPU or wall-clock budget */
    PV_FAILED,                  /* it died otherwise (a crash, an abort) */
};

struct pv_reply {
    int outcome;                /* enum pv_outcome */
    int status;                 /* the child's wait status */
    uint64_t cpu_ms;            /* CPU time it used */
};

/*
 * Start this process's preview server unless it runs.  Forking is safe
 * only while the process has a single thread, so this refuses (returns
 * false) when it has more; the CLI calls it first thing.  The server dies
 * with its parent (PR_SET_PDEATHSIG), and so does every child with the
 * server; it ignores the terminal's signals (INT, QUIT, HUP), which are
 * the caller's to act on.
 */
bool pv_start(void);

/* Stop the server and reap it; its children die with it. */
void pv_stop(void);

/*
 * Preview the sealed memory file 'in' in a child of the server, which
 * writes its result to the memory file 'out'.  Both stay the caller's.
 * Blocks until the child ends; safe on several threads at once.
 * Returns 0 with 'rp' filled, or -1 when there is no server.
 */
int pv_run(const struct pv_request *rq, int in, int out, struct pv_reply *rp);

#endif
