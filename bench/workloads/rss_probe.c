/* Preloaded into the tracer (clonetrace or strace) by bench/run.py, never into
 * the traced program: at the tracer's exit() it writes the tracer's own
 * resource usage to the file named by CT_BENCH_PROBE_OUT.
 *
 * Why: wait4() on the tracer reports max(tracer, every descendant it reaped)
 * as ru_maxrss, and the traced program is the tracer's child, so that figure
 * is mostly the program's. getrusage(RUSAGE_SELF) inside the tracer, taken as
 * late as possible, is the tracer's own peak RSS and CPU time and nothing else.
 *
 * The constructor removes LD_PRELOAD and CT_BENCH_PROBE_OUT from the
 * environment before main() runs, so the program the tracer starts inherits
 * neither. Output: one line "maxrss_kb=N hwm_kb=N utime_us=N stime_us=N".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static char out_path[4096];
static pid_t self;

__attribute__((constructor)) static void probe_init(void) {
    const char *p = getenv("CT_BENCH_PROBE_OUT");
    if (p != NULL && strlen(p) < sizeof out_path) {
        strcpy(out_path, p);
        self = getpid();
    }
    unsetenv("CT_BENCH_PROBE_OUT");
    unsetenv("LD_PRELOAD");
}

static long vm_hwm_kb(void) {
    char buf[8192];
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = '\0';
    const char *line = strstr(buf, "\nVmHWM:");
    return line != NULL ? strtol(line + 7, NULL, 10) : -1;
}

__attribute__((destructor)) static void probe_fini(void) {
    if (out_path[0] == '\0' || getpid() != self) return; /* a forked child, not the tracer */
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return;
    char line[256];
    int len = snprintf(line, sizeof line, "maxrss_kb=%ld hwm_kb=%ld utime_us=%ld stime_us=%ld\n", ru.ru_maxrss,
                       vm_hwm_kb(), (long)ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec,
                       (long)ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec);
    int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (write(fd, line, (size_t)len) != len) { /* the runner reports the missing figure */
    }
    close(fd);
}
