#define _GNU_SOURCE
#include "CUpstreamSpawn.h"

// Gatehouse runs on Linux only (README): a stdio upstream must die with the gateway
// (prctl's PR_SET_PDEATHSIG), its exit is watched through a pidfd (pidfd_open) and the
// descriptors it inherits are closed in one call (close_range). Say so at once elsewhere,
// rather than with an error deep in this file.
#if !defined(__linux__)
#error "Gatehouse runs on Linux only: the upstream spawner needs prctl(PR_SET_PDEATHSIG), pidfd_open and close_range"
#endif

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static void close_quietly(int fd) {
    if (fd >= 0) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
}

static void close_pair(int pair[2]) {
    close_quietly(pair[0]);
    close_quietly(pair[1]);
    pair[0] = pair[1] = -1;
}

/// In the child: tell the parent which stage failed, then die.
static void child_fail(int report_fd, int stage, int error_number) {
    int message[2] = {stage, error_number};
    ssize_t ignored = write(report_fd, message, sizeof message);
    (void)ignored;
    _exit(127);
}

/// In the child: marks every descriptor above 2 close-on-exec (the report pipe already is).
static void mark_inherited_descriptors_cloexec(void) {
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
    long limit = sysconf(_SC_OPEN_MAX);
    if (limit < 0 || limit > 65536) limit = 65536;
    for (int fd = 3; fd < limit; fd++) {
        int flags = fcntl(fd, F_GETFD);
        if (flags >= 0 && !(flags & FD_CLOEXEC)) fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
}

/// Runs in the child between fork and exec: async-signal-safe calls only.
static void run_child(const char *path, char *const argv[], char *const envp[], const char *cwd,
                      pid_t parent, int stdin_read, int stdout_write, int stderr_write, int report_fd) {
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = SIG_DFL;
        sigaction(sig, &action, NULL); // EINVAL for the C library's reserved signals: fine
    }
    if (setpgid(0, 0) != 0) child_fail(report_fd, GATEHOUSE_SPAWN_SETUP, errno);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(report_fd, GATEHOUSE_SPAWN_SETUP, errno);
    if (getppid() != parent) _exit(127); // the gateway died before prctl took effect

    // Move the pipe ends above 2 first so that no dup2 below overwrites another source.
    int in = fcntl(stdin_read, F_DUPFD_CLOEXEC, 10);
    int out = fcntl(stdout_write, F_DUPFD_CLOEXEC, 10);
    int err = fcntl(stderr_write, F_DUPFD_CLOEXEC, 10);
    if (in < 0 || out < 0 || err < 0) child_fail(report_fd, GATEHOUSE_SPAWN_SETUP, errno);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) child_fail(report_fd, GATEHOUSE_SPAWN_SETUP, errno);
    mark_inherited_descriptors_cloexec();

    if (cwd != NULL && chdir(cwd) != 0) child_fail(report_fd, GATEHOUSE_SPAWN_CHDIR, errno);

    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(path, argv, envp);
    child_fail(report_fd, GATEHOUSE_SPAWN_EXEC, errno);
}

/// Fallback when the kernel has no pidfd_open (Linux < 5.3): a detached thread waits for the
/// child's exit without reaping it and then closes the write end of a pipe.
typedef struct {
    pid_t pid;
    int write_fd;
} exit_watch;

static void *watch_exit(void *argument) {
    exit_watch watch = *(exit_watch *)argument;
    free(argument);
    siginfo_t info;
    while (waitid(P_PID, (id_t)watch.pid, &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {}
    close(watch.write_fd);
    return NULL;
}

static int open_exit_fd(pid_t pid) {
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) {
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        return fd;
    }
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) return -1;
    exit_watch *watch = malloc(sizeof *watch);
    if (watch == NULL) {
        close_quietly(pipe_fds[0]);
        close_quietly(pipe_fds[1]);
        errno = ENOMEM;
        return -1;
    }
    watch->pid = pid;
    watch->write_fd = pipe_fds[1];
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attributes, 64 * 1024);
    pthread_t thread;
    int failed = pthread_create(&thread, &attributes, watch_exit, watch);
    pthread_attr_destroy(&attributes);
    if (failed != 0) {
        free(watch);
        close_quietly(pipe_fds[0]);
        close_quietly(pipe_fds[1]);
        errno = failed;
        return -1;
    }
    return pipe_fds[0];
}

int gatehouse_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                    gatehouse_child *child) {
    memset(child, 0, sizeof *child);
    child->pid = -1;
    child->stdin_fd = child->stdout_fd = child->stderr_fd = child->exit_fd = -1;

    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, report[2] = {-1, -1};
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 ||
        pipe2(report, O_CLOEXEC) != 0) {
        child->failed_stage = GATEHOUSE_SPAWN_PIPE;
        child->error_number = errno;
        close_pair(in), close_pair(out), close_pair(err), close_pair(report);
        return -1;
    }

    // Block every signal across fork so that no handler of ours runs in the child.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) run_child(path, argv, envp, cwd, parent, in[0], out[1], err[1], report[1]);
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);

    close_quietly(in[0]), close_quietly(out[1]), close_quietly(err[1]), close_quietly(report[1]);
    if (pid < 0) {
        child->failed_stage = GATEHOUSE_SPAWN_FORK;
        child->error_number = fork_errno;
        close_quietly(in[1]), close_quietly(out[0]), close_quietly(err[0]), close_quietly(report[0]);
        return -1;
    }

    // The report pipe closes on a successful exec; before that the child may write why it failed.
    int message[2];
    ssize_t got;
    do {
        got = read(report[0], message, sizeof message);
    } while (got < 0 && errno == EINTR);
    close_quietly(report[0]);
    if (got == (ssize_t)sizeof message) {
        child->failed_stage = (gatehouse_spawn_stage)message[0];
        child->error_number = message[1];
        close_quietly(in[1]), close_quietly(out[0]), close_quietly(err[0]);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        return -1;
    }

    int exit_fd = open_exit_fd(pid);
    if (exit_fd < 0) {
        child->failed_stage = GATEHOUSE_SPAWN_EXIT_WATCH;
        child->error_number = errno;
        kill(-pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        close_quietly(in[1]), close_quietly(out[0]), close_quietly(err[0]);
        return -1;
    }

    child->pid = pid;
    child->stdin_fd = in[1];
    child->stdout_fd = out[0];
    child->stderr_fd = err[0];
    child->exit_fd = exit_fd;
    return 0;
}

int gatehouse_reap(pid_t pid, int *exit_code, int *signal) {
    int status = 0;
    pid_t reaped;
    do {
        reaped = waitpid(pid, &status, WNOHANG);
    } while (reaped < 0 && errno == EINTR);
    if (reaped < 0) return -1;
    if (reaped == 0) {
        errno = EAGAIN;
        return -1;
    }
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    *signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return 0;
}
