/* allow_filter PROG [ARG...]: runs PROG under a seccomp filter that allows
 * every call, and nothing else. bench/run.py runs it beside clonetrace on the
 * syscall-heavy workload: what any seccomp filter costs on this kernel is
 * the floor for a tracer that uses one. */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: allow_filter PROG [ARG...]\n");
        return 2;
    }
    struct sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    struct sock_fprog prog = {1, allow};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        perror("allow_filter: seccomp");
        return 1;
    }
    execvp(argv[1], argv + 1);
    perror("allow_filter: exec");
    return 127;
}
