/* st_exec_storm [nspawners] [delay_ms]: nspawners threads each create+join
 * empty pthreads in a loop, without end; after delay_ms one more (non-leader)
 * thread execv()s /bin/sh, which prints $$ (the leader's pid) and exits 6.
 * The exec ends every other thread, whatever it is doing at that moment. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void *empty_fn(void *arg)
{
    return arg;
}

static void *spawner_fn(void *arg)
{
    for (;;) {
        pthread_t th;
        int e = pthread_create(&th, NULL, empty_fn, NULL);
        if (e == 0)
            pthread_join(th, NULL);
        else if (e == EAGAIN)
            sched_yield();
    }
    return arg;
}

static long delay_ms = 100;

static void *exec_fn(void *arg)
{
    struct timespec ts = {delay_ms / 1000, (delay_ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
    printf("FX exec_thread tid=%d pid=%d\n", (int)syscall(SYS_gettid), getpid());
    fflush(stdout);
    char *argv[] = {"sh", "-c", "echo FX execd pid=$$; exit 6", NULL};
    execv("/bin/sh", argv);
    perror("execv");
    _exit(127);
    return arg;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int nspawners = argc > 1 ? atoi(argv[1]) : 4;
    delay_ms = argc > 2 ? atol(argv[2]) : delay_ms;
    printf("FX leader pid=%d\n", getpid());
    fflush(stdout);
    for (int i = 0; i < nspawners; i++) {
        pthread_t th;
        if (pthread_create(&th, NULL, spawner_fn, NULL) != 0)
            return 1;
    }
    pthread_t ex;
    if (pthread_create(&ex, NULL, exec_fn, NULL) != 0)
        return 1;
    for (;;)
        pause(); /* the exec ends this */
}
