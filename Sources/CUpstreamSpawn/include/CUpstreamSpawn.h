#ifndef GATEHOUSE_CUPSTREAMSPAWN_H
#define GATEHOUSE_CUPSTREAMSPAWN_H

// Process spawning for stdio upstreams, in C because the child side (between fork and exec)
// may only call async-signal-safe functions, which Swift cannot promise.

#include <sys/types.h>

/// Where gatehouse_spawn failed.
typedef enum {
    GATEHOUSE_SPAWN_OK = 0,
    GATEHOUSE_SPAWN_PIPE = 1,       ///< creating a pipe failed (too many open files?)
    GATEHOUSE_SPAWN_FORK = 2,       ///< fork failed (too many processes? out of memory?)
    GATEHOUSE_SPAWN_CHDIR = 3,      ///< the child could not enter the working directory
    GATEHOUSE_SPAWN_EXEC = 4,       ///< execve failed (not executable, bad interpreter...)
    GATEHOUSE_SPAWN_SETUP = 5,      ///< setpgid or prctl failed in the child
    GATEHOUSE_SPAWN_EXIT_WATCH = 6, ///< neither a pidfd nor a watcher thread could be made
} gatehouse_spawn_stage;

/// A started child: its pid (also its process group id) and the parent's ends of its pipes.
typedef struct {
    pid_t pid;
    int stdin_fd;   ///< write end of the child's stdin
    int stdout_fd;  ///< read end of the child's stdout
    int stderr_fd;  ///< read end of the child's stderr
    /// Becomes readable when the child exits (a pidfd, or a pipe a watcher thread writes to).
    /// The child is not reaped until gatehouse_reap is called.
    int exit_fd;
    gatehouse_spawn_stage failed_stage;
    int error_number; ///< errno of the failed stage
} gatehouse_child;

/// Starts `path` with `argv` and `envp` (NULL-terminated) in `cwd` (or the current directory
/// when NULL), in a new process group, with PR_SET_PDEATHSIG(SIGKILL) so that it dies with the
/// thread that spawned it, default signal dispositions, an empty signal mask, and only fds
/// 0, 1 and 2 open. Returns 0, or -1 with `failed_stage` and `error_number` set (nothing is
/// left open or running then). Call from a thread that lives as long as the process should.
int gatehouse_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                    gatehouse_child *child);

/// Reaps an exited child. Returns 0 and sets `exit_code` (>= 0) when it exited, or `signal`
/// (> 0) when a signal ended it; -1 with errno when it cannot be reaped (not exited yet, ECHILD).
int gatehouse_reap(pid_t pid, int *exit_code, int *signal);

#endif
