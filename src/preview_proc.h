/*
 * preview_proc.h -- the preview server (private to the core): a process
 * forked while the caller has one thread, which forks one child per
 * preview under a hard budget of CPU time, memory and wall-clock time.
 * poppler, libpng and libjpeg never run in the caller's process.
 */
#ifndef DOSSIER_PREVIEW_PROC_H
#define DOSSIER_PREVIEW_PROC_H

#include <signal.h>
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
 * false) when it has more; the CLI calls it first thing
 * (dsr_previews_start()), and nothing else starts it.  The server dies
 * with its parent (PR_SET_PDEATHSIG), and so does every child with the
 * server; every signal has its default action there but INT, QUIT, HUP
 * and PIPE, which it ignores: the terminal's signals are the caller's to
 * act on.
 */
bool pv_start(void);

/* Whether this process's server runs (pv_start() succeeded here). */
bool pv_running(void);

/* Stop the server and reap it; its children die with it. */
void pv_stop(void);

/* pv_run()'s failures */
enum { PV_NO_SERVER = -2, PV_ERROR = -1 };

/*
 * Preview the sealed memory file 'in' in a child of the server, which
 * writes its result to the memory file 'out'.  Both stay the caller's.
 * Blocks until the child ends, or until *cancel (may be NULL) is set,
 * looked at every 100 ms: then the request's socket is closed, on which
 * the server kills the child.  Safe on several threads at once.  Returns
 * 0 with 'rp' filled, PV_NO_SERVER when no server runs (pv_start()), or
 * PV_ERROR (cancelled, or the server lost).
 */
int pv_run(const struct pv_request *rq, int in, int out,
           const volatile sig_atomic_t *cancel, struct pv_reply *rp);

/* CLOCK_MONOTONIC in milliseconds. */
int64_t pv_now_ms(void);

#endif
