/* Benchmark workloads for clonetrace, one program with a mode argument.
 *
 *   workload syscalls THREADS CALLS     (a) THREADS threads x CALLS getppid each
 *   workload churn THREADS WAVE FORKS   (b) THREADS threads created and joined in
 *                                           waves of WAVE, then FORKS fork+wait
 *   workload exec COUNT PATH            (c) COUNT fork + exec PATH + wait
 *   workload alive THREADS              (d) THREADS threads alive at once
 *   workload sandboxed THREADS WAVE CALLS
 *                                       (f) under a seccomp filter of its own that
 *                                           denies clone3 with ENOSYS (so glibc
 *                                           falls back to clone), THREADS threads
 *                                           in waves of WAVE, each making CALLS getppid
 *   workload gated THREADS CALLS        (g) (a) for a tracer to attach to: the
 *                                           threads start, "ready" goes to
 *                                           stdout, the calls begin at a line
 *                                           on stdin, and their time goes to
 *                                           stdout as "elapsed_ns=N"
 *
 * Every mode exits 0 on success and 1 (with a message) on any failure, so the
 * runner can tell a broken run from a slow one. Nothing else is printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

/* Small stacks: (d) keeps thousands of threads; the default 8 MiB of address
 * space each is harmless but pointless. */
#define STACK_SIZE (64 * 1024)

static void die(const char *what, int err) {
    fprintf(stderr, "workload: %s: %s\n", what, strerror(err));
    exit(1);
}

static long parse(const char *s) {
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < 0) {
        fprintf(stderr, "workload: bad number '%s'\n", s);
        exit(2);
    }
    return v;
}

static pthread_attr_t attr;

static pthread_t spawn(void *(*fn)(void *), void *arg) {
    pthread_t t;
    int err = pthread_create(&t, &attr, fn, arg);
    if (err != 0) die("pthread_create", err);
    return t;
}

static void join(pthread_t t) {
    int err = pthread_join(t, NULL);
    if (err != 0) die("pthread_join", err);
}

/* (a) ------------------------------------------------------------------ */

static void *getppid_loop(void *arg) {
    long calls = *(long *)arg;
    for (long i = 0; i < calls; ++i) syscall(SYS_getppid); /* a real syscall every time */
    return NULL;
}

static int run_syscalls(long threads, long calls) {
    pthread_t *t = calloc((size_t)threads, sizeof *t);
    for (long i = 0; i < threads; ++i) t[i] = spawn(getppid_loop, &calls);
    for (long i = 0; i < threads; ++i) join(t[i]);
    free(t);
    return 0;
}

/* (b) ------------------------------------------------------------------ */

static void *nothing(void *arg) { return arg; }

static void fork_and_wait(void) {
    pid_t pid = fork();
    if (pid < 0) die("fork", errno);
    if (pid == 0) _exit(0);
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) die("waitpid", errno);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "workload: child ended with status 0x%x\n", status);
        exit(1);
    }
}

static int run_churn(long threads, long wave, long forks) {
    if (wave < 1) wave = 1;
    pthread_t *t = calloc((size_t)wave, sizeof *t);
    for (long done = 0; done < threads;) {
        long n = threads - done < wave ? threads - done : wave;
        for (long i = 0; i < n; ++i) t[i] = spawn(nothing, NULL);
        for (long i = 0; i < n; ++i) join(t[i]);
        done += n;
    }
    free(t);
    for (long i = 0; i < forks; ++i) fork_and_wait();
    return 0;
}

/* (c) ------------------------------------------------------------------ */

static int run_exec(long count, const char *path) {
    for (long i = 0; i < count; ++i) {
        pid_t pid = fork();
        if (pid < 0) die("fork", errno);
        if (pid == 0) {
            execl(path, path, (char *)NULL);
            _exit(127);
        }
        int status = 0;
        if (waitpid(pid, &status, 0) != pid) die("waitpid", errno);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "workload: %s ended with status 0x%x\n", path, status);
            return 1;
        }
    }
    return 0;
}

/* (d) ------------------------------------------------------------------ */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_started = PTHREAD_COND_INITIALIZER;
static pthread_cond_t release = PTHREAD_COND_INITIALIZER;
static long started, target;
static int released;

static void *wait_for_release(void *arg) {
    pthread_mutex_lock(&lock);
    if (++started == target) pthread_cond_signal(&all_started);
    while (!released) pthread_cond_wait(&release, &lock);
    pthread_mutex_unlock(&lock);
    return arg;
}

static int run_alive(long threads) {
    pthread_t *t = calloc((size_t)threads, sizeof *t);
    target = threads;
    for (long i = 0; i < threads; ++i) t[i] = spawn(wait_for_release, NULL);
    pthread_mutex_lock(&lock);
    while (started < target) pthread_cond_wait(&all_started, &lock);
    /* All THREADS threads (plus main) exist now; keep them a moment so a
     * sampler of the tracer's memory would see this state too. */
    pthread_mutex_unlock(&lock);
    usleep(50 * 1000);
    pthread_mutex_lock(&lock);
    released = 1;
    pthread_cond_broadcast(&release);
    pthread_mutex_unlock(&lock);
    for (long i = 0; i < threads; ++i) join(t[i]);
    free(t);
    return 0;
}

/* (f) ------------------------------------------------------------------ */

static int run_sandboxed(long threads, long wave, long calls) {
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof code / sizeof code[0], code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("no_new_privs", errno);
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) die("seccomp", errno);
    if (wave < 1) wave = 1;
    pthread_t *t = calloc((size_t)wave, sizeof *t);
    for (long done = 0; done < threads;) {
        long n = threads - done < wave ? threads - done : wave;
        for (long i = 0; i < n; ++i) t[i] = spawn(getppid_loop, &calls);
        for (long i = 0; i < n; ++i) join(t[i]);
        done += n;
    }
    free(t);
    return 0;
}

/* (g) ------------------------------------------------------------------ */

static pthread_barrier_t gate;

static void *gated_getppid_loop(void *arg) {
    pthread_barrier_wait(&gate);
    return getppid_loop(arg);
}

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static int run_gated(long threads, long calls) {
    pthread_t *t = calloc((size_t)threads, sizeof *t);
    int err = pthread_barrier_init(&gate, NULL, (unsigned)threads + 1);
    if (err != 0) die("pthread_barrier_init", err);
    for (long i = 0; i < threads; ++i) t[i] = spawn(gated_getppid_loop, &calls);
    printf("ready\n");
    fflush(stdout);
    int c;
    while ((c = getchar()) != EOF && c != '\n') {}
    long start = now_ns();
    pthread_barrier_wait(&gate);
    for (long i = 0; i < threads; ++i) join(t[i]);
    printf("elapsed_ns=%ld\n", now_ns() - start);
    free(t);
    return 0;
}

int main(int argc, char **argv) {
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, STACK_SIZE);
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "syscalls") == 0 && argc == 4) return run_syscalls(parse(argv[2]), parse(argv[3]));
    if (strcmp(mode, "churn") == 0 && argc == 5) return run_churn(parse(argv[2]), parse(argv[3]), parse(argv[4]));
    if (strcmp(mode, "exec") == 0 && argc == 4) return run_exec(parse(argv[2]), argv[3]);
    if (strcmp(mode, "alive") == 0 && argc == 3) return run_alive(parse(argv[2]));
    if (strcmp(mode, "sandboxed") == 0 && argc == 5)
        return run_sandboxed(parse(argv[2]), parse(argv[3]), parse(argv[4]));
    if (strcmp(mode, "gated") == 0 && argc == 4) return run_gated(parse(argv[2]), parse(argv[3]));
    fprintf(stderr, "usage: workload syscalls THREADS CALLS | churn THREADS WAVE FORKS | exec COUNT PATH | "
                    "alive THREADS | sandboxed THREADS WAVE CALLS | gated THREADS CALLS\n");
    return 2;
}
