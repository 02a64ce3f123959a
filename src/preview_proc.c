/*
 * preview_proc.c -- previews in child processes under a hard budget.
 *
 * fork() in a process with several threads leaves the child with locks
 * that other threads held (malloc's, glib's), and previews run on
 * dsr_parallel()'s threads; so a server is forked while the process has
 * one thread, and it forks one child per preview.  A request carries the
 * preview's sealed memory file, a memory file for the result and a socket
 * for the reply; the server answers on that socket when the child has
 * ended, with how it ended and the CPU time it used.  The server is
 * single-threaded: one poll() over its control socket, the children's
 * ends (a signalfd) and the callers' reply sockets, with the wall-clock
 * deadlines as its timeout.
 */
#define _GNU_SOURCE /* close_range, signalfd, MSG_CMSG_CLOEXEC */

#include "preview_proc.h"

#include "thumb.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define PV_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PV_ASAN 1
#endif
#endif

/* children at once; a request beyond it is answered PV_FAILED at once */
#define PV_MAX_CHILDREN 128
/* the largest preview side a request may ask for, in pixels */
#define PV_MAX_SIDE 4096
/* descriptors a child may open (poppler opens font files) */
#define PV_CHILD_FILES 64

struct child {
    pid_t pid;
    int reply;                  /* the caller's reply socket */
    int64_t deadline_ms;
    unsigned cpu_seconds;
    bool killed;                /* by the wall-clock deadline */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int ctl = -1;            /* our end of the server's control socket */
static pid_t server = -1;
static pid_t owner = -1;        /* the process that forked it */

int64_t
pv_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether this process has exactly one thread (/proc/self/stat, field 20). */
static bool
single_threaded(void)
{
    char buf[1024];
    const char *p;
    long threads = 0;
    ssize_t n;
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return false;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    /* the command name may hold spaces and parentheses: skip to its end */
    p = strrchr(buf, ')');
    if (!p)
        return false;
    /* fields 3 (state) to 20 (num_threads) follow */
    for (int field = 3; field <= 20 && p; field++) {
        p = strchr(p + 1, ' ');
        if (p && field == 20)
            threads = strtol(p + 1, NULL, 10);
    }
    return threads == 1;
}

/* ---- the server ---------------------------------------------------- */

static uint64_t
rusage_ms(const struct rusage *ru)
{
    /* summed in microseconds first: two truncations could lose 2 ms */
    return ((uint64_t)ru->ru_utime.tv_sec * 1000000 + (uint64_t)ru->ru_utime.tv_usec +
            (uint64_t)ru->ru_stime.tv_sec * 1000000 + (uint64_t)ru->ru_stime.tv_usec) /
           1000;
}

/* This process's address space in bytes (/proc/self/statm), 0 if unknown. */
static uint64_t
address_space(void)
{
    char buf[128];
    ssize_t n;
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return 0;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return strtoull(buf, NULL, 10) * (uint64_t)sysconf(_SC_PAGESIZE);
}

static void
set_limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit rl = {.rlim_cur = soft, .rlim_max = hard};

    setrlimit(resource, &rl);
}

/*
 * In the child: the budget, then the preview.  The address-space limit is
 * counted from what the child starts with (a copy of the server), so it
 * is the preview's own memory.  Under AddressSanitizer the shadow memory
 * is already mapped at that point, so the same relative limit works: it
 * stops the large allocations (libjpeg's coefficient arrays, poppler's
 * bitmaps) but not small ones, which the sanitizer serves from a heap it
 * reserved at start; those stay bounded by the CPU time.
 */
static void
run_child(const struct pv_request *rq, int in, int out, pid_t parent,
          uint64_t base)
{
    sigset_t none;
    uint64_t fsize;
    int a, b;

    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
        _exit(127);
    /* the server checked the request's sizes (start_child()) */
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* a write past RLIMIT_FSIZE (a font cache, say) fails, not the child */
    signal(SIGXFSZ, SIG_IGN);
    /* the memory files at 3 and 4, and nothing else open above 2 */
    a = fcntl(in, F_DUPFD, 16);
    b = fcntl(out, F_DUPFD, 16);
    if (a < 0 || b < 0 || dup2(a, 3) < 0 || dup2(b, 4) < 0)
        _exit(127);
    close_range(5, ~0U, 0);
    set_limit(RLIMIT_CORE, 0, 0);
    set_limit(RLIMIT_NOFILE, PV_CHILD_FILES, PV_CHILD_FILES);
    /* the result: its header, the JPEG and the pixels (thumb.h) */
    fsize = sizeof(struct th_result) + TH_MAX_RESULT_BYTES +
            (uint64_t)rq->max_w * (uint64_t)rq->max_h * 4;
    set_limit(RLIMIT_FSIZE, fsize, fsize);
    /* SIGXCPU at the soft limit, SIGKILL a second later */
    set_limit(RLIMIT_CPU, rq->cpu_seconds, rq->cpu_seconds + 1);
    if (base && rq->memory)
        set_limit(RLIMIT_AS, base + rq->memory, base + rq->memory);
    _exit(th_work(3, 4, rq->kind, rq->max_w, rq->max_h, rq->image != 0,
                  rq->memory));
}

static void
answer(struct child *c, int status, const struct rusage *ru)
{
    struct pv_reply rp = {.status = status, .cpu_ms = rusage_ms(ru)};

    if (c->killed)
        rp.outcome = PV_SLOW;
    else if (WIFSIGNALED(status) &&
             (WTERMSIG(status) == SIGXCPU ||
              (WTERMSIG(status) == SIGKILL && rp.cpu_ms >= 1000 * (uint64_t)c->cpu_seconds)))
        rp.outcome = PV_SLOW;
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        rp.outcome = PV_DONE;
    else
        rp.outcome = PV_FAILED;
    send(c->reply, &rp, sizeof(rp), MSG_NOSIGNAL);
    close(c->reply);
    c->pid = 0;
    c->reply = -1;
}

static void
refuse(int reply)
{
    struct pv_reply rp = {.outcome = PV_FAILED};

    send(reply, &rp, sizeof(rp), MSG_NOSIGNAL);
    close(reply);
}

/* One request: its three descriptors, or -1 at the end of the input. */
static int
receive(int sock, struct pv_request *rq, int fds[3])
{
    union {
        char buf[CMSG_SPACE(3 * sizeof(int))];
        struct cmsghdr align;
    } u;
    struct iovec iov = {.iov_base = rq, .iov_len = sizeof(*rq)};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
                         .msg_control = u.buf, .msg_controllen = sizeof(u.buf)};
    struct cmsghdr *cm;
    ssize_t n;
    int got = 0;

    do
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return -1;
    for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
        if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
            continue;
        got = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        if (got > 3)
            got = 3;
        memcpy(fds, CMSG_DATA(cm), (size_t)got * sizeof(int));
    }
    if (got == 3 && n == (ssize_t)sizeof(*rq) && !(msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
        return 0;
    for (int i = 0; i < got; i++)
        close(fds[i]);
    return 1;
}

static void
start_child(struct child *children, const struct pv_request *rq, int fds[3],
            bool *warmed)
{
    struct child *c = NULL;
    uint64_t base;
    pid_t me = getpid();
    pid_t pid;

    for (int i = 0; i < PV_MAX_CHILDREN && !c; i++)
        if (children[i].pid == 0)
            c = &children[i];
    if (!c || rq->cpu_seconds == 0 || rq->wall_seconds == 0 || rq->max_w < 1 ||
        rq->max_h < 1 || rq->max_w > PV_MAX_SIDE || rq->max_h > PV_MAX_SIDE) {
        refuse(fds[2]);
        goto out;
    }
    if (!*warmed) {
        /* built once here, inherited by every child */
        th_warm();
        *warmed = true;
    }
    base = address_space();
    pid = fork();
    if (pid == 0)
        run_child(rq, fds[0], fds[1], me, base);
    if (pid < 0) {
        refuse(fds[2]);
        goto out;
    }
    c->pid = pid;
    c->reply = fds[2];
    c->cpu_seconds = rq->cpu_seconds;
    c->killed = false;
    c->deadline_ms = pv_now_ms() + 1000 * (int64_t)rq->wall_seconds;
    fds[2] = -1;
out:
    close(fds[0]);
    close(fds[1]);
}

static void
reap(struct child *children)
{
    struct rusage ru;
    int status;
    pid_t pid;

    while ((pid = wait4(-1, &status, WNOHANG, &ru)) > 0)
        for (int i = 0; i < PV_MAX_CHILDREN; i++)
            if (children[i].pid == pid)
                answer(&children[i], status, &ru);
}

static void
serve(int sock, pid_t parent)
{
    static struct child children[PV_MAX_CHILDREN];
    struct pollfd pfd[2 + PV_MAX_CHILDREN];
    int slot[PV_MAX_CHILDREN];
    bool warmed = false;
    sigset_t chld;
    int null_fd, s, sfd;

    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
        _exit(0);
    /* the caller's handlers are not ours (SIGXCPU must end a child), and
       the terminal's signals are the caller's to act on */
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP)
            continue;
#ifdef PV_ASAN
        /* the sanitizer's reports of a crash in a child */
        if (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE)
            continue;
#endif
        signal(sig, SIG_DFL);
    }
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    /* stdout is the caller's output; stderr stays for the sanitizers */
    s = fcntl(sock, F_DUPFD_CLOEXEC, 3);
    null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (s < 0 || null_fd < 0)
        _exit(1);
    dup2(null_fd, 0);
    dup2(null_fd, 1);
#ifndef PV_ASAN
    dup2(null_fd, 2);
#endif
    if (s > 3)
        close_range(3, (unsigned)s - 1, 0);
    close_range((unsigned)s + 1, ~0U, 0);
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_SETMASK, &chld, NULL);
    sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0)
        _exit(1);
    for (int i = 0; i < PV_MAX_CHILDREN; i++)
        children[i] = (struct child){.reply = -1};

    for (;;) {
        int64_t now = pv_now_ms(), wait = -1;
        nfds_t n = 2;
        struct pv_request rq;
        int fds[3];
        int rc;

        pfd[0] = (struct pollfd){.fd = s, .events = POLLIN};
        pfd[1] = (struct pollfd){.fd = sfd, .events = POLLIN};
        for (int i = 0; i < PV_MAX_CHILDREN; i++) {
            struct child *c = &children[i];

            if (!c->pid)
                continue;
            if (!c->killed && c->deadline_ms <= now) {
                kill(c->pid, SIGKILL);
                c->killed = true;
            }
            if (!c->killed && (wait < 0 || c->deadline_ms - now < wait))
                wait = c->deadline_ms - now;
            /* the caller gone (POLLHUP): its child has no one to serve */
            pfd[n] = (struct pollfd){.fd = c->reply, .events = 0};
            slot[n - 2] = i;
            n++;
        }
        rc = poll(pfd, n, wait > INT32_MAX ? INT32_MAX : (int)wait);
        if (rc < 0 && errno != EINTR)
            break;
        if (rc <= 0)
            continue;
        if (pfd[1].revents) {
            struct signalfd_siginfo si;

            while (read(sfd, &si, sizeof(si)) > 0)
                ;
            reap(children);
        }
        for (nfds_t k = 2; k < n; k++)
            if ((pfd[k].revents & (POLLHUP | POLLERR)) && children[slot[k - 2]].pid &&
                !children[slot[k - 2]].killed) {
                kill(children[slot[k - 2]].pid, SIGKILL);
                children[slot[k - 2]].killed = true;
            }
        if (pfd[0].revents & POLLIN) {
            rc = receive(s, &rq, fds);
            if (rc < 0)
                break;
            if (rc == 0)
                start_child(children, &rq, fds, &warmed);
        } else if (pfd[0].revents & (POLLHUP | POLLERR)) {
            break;
        }
    }
    /* every caller is gone: no child outlives the server */
    for (int i = 0; i < PV_MAX_CHILDREN; i++)
        if (children[i].pid)
            kill(children[i].pid, SIGKILL);
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
        ;
    _exit(0);
}

/* ---- the caller's side --------------------------------------------- */

/* With 'lock' held. */
static void
stop_locked(void)
{
    if (ctl >= 0)
        close(ctl);
    ctl = -1;
    if (server > 0 && owner == getpid()) {
        /* it would see the end of its input, unless a forked copy of
           this process holds the control socket too */
        kill(server, SIGTERM);
        while (waitpid(server, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    server = -1;
    owner = -1;
}

/* With 'lock' held. */
static bool
start_locked(void)
{
    pid_t me = getpid();
    sigset_t all, old;
    pid_t pid;
    int sv[2];

    if (ctl >= 0 && owner == me)
        return true;
    /* a copy inherited through fork(): not ours to use or reap */
    if (ctl >= 0)
        close(ctl);
    ctl = -1;
    server = -1;
    owner = -1;
    if (!single_threaded())
        return false;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return false;
    /*
     * Every signal blocked across fork(): the child holds the caller's
     * handlers until serve() resets them, and one run there could act
     * for the caller (a test harness's SIGTERM handler kills the whole
     * process group).  serve() unblocks them once its own are in place.
     */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid = fork();
    if (pid == 0)
        serve(sv[1], me);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        return false;
    }
    ctl = sv[0];
    server = pid;
    owner = me;
    return true;
}

bool
pv_start(void)
{
    bool ok;

    pthread_mutex_lock(&lock);
    ok = start_locked();
    pthread_mutex_unlock(&lock);
    return ok;
}

bool
pv_running(void)
{
    bool on;

    pthread_mutex_lock(&lock);
    on = ctl >= 0 && owner == getpid();
    pthread_mutex_unlock(&lock);
    return on;
}

void
pv_stop(void)
{
    pthread_mutex_lock(&lock);
    stop_locked();
    pthread_mutex_unlock(&lock);
}

static int
send_request(int sock, const struct pv_request *rq, const int fds[3])
{
    union {
        char buf[CMSG_SPACE(3 * sizeof(int))];
        struct cmsghdr align;
    } u;
    struct iovec iov = {.iov_base = (void *)(uintptr_t)rq, .iov_len = sizeof(*rq)};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
                         .msg_control = u.buf, .msg_controllen = sizeof(u.buf)};
    struct cmsghdr *cm;
    ssize_t n;

    memset(u.buf, 0, sizeof(u.buf));
    cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(3 * sizeof(int));
    memcpy(CMSG_DATA(cm), fds, 3 * sizeof(int));
    do
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n == (ssize_t)sizeof(*rq) ? 0 : -1;
}

int
pv_run(const struct pv_request *rq, int in, int out,
       const volatile sig_atomic_t *cancel, struct pv_reply *rp)
{
    /* the server enforces the deadline; this only guards against its loss */
    int64_t give_up = pv_now_ms() + 1000 * ((int64_t)rq->wall_seconds + 30);
    int sv[2] = {-1, -1};
    int fds[3];
    int sock;
    ssize_t n = -1;

    pthread_mutex_lock(&lock);
    sock = ctl >= 0 && owner == getpid() ? ctl : -1;
    pthread_mutex_unlock(&lock);
    if (sock < 0)
        return PV_NO_SERVER;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return PV_ERROR;
    fds[0] = in;
    fds[1] = out;
    fds[2] = sv[1];
    if (send_request(sock, rq, fds) < 0) {
        close(sv[0]);
        close(sv[1]);
        return PV_ERROR;
    }
    close(sv[1]);
    /* in steps of 100 ms, to see the caller's flag: closing the socket
       makes the server kill the child */
    while (!(cancel && *cancel) && pv_now_ms() < give_up) {
        struct pollfd pfd = {.fd = sv[0], .events = POLLIN};
        int rc = poll(&pfd, 1, 100);

        if (rc < 0 && errno != EINTR)
            break;
        if (rc <= 0)
            continue;
        do
            n = recv(sv[0], rp, sizeof(*rp), MSG_DONTWAIT);
        while (n < 0 && errno == EINTR);
        break;
    }
    close(sv[0]);
    return n == (ssize_t)sizeof(*rp) ? 0 : PV_ERROR;
}
