#!/usr/bin/env python3
"""Runs one command and prints its wall time and peak memory: "<microseconds> <KiB>".

Usage: measure.py OUT ERR -- COMMAND [ARG ...]

The command's stdout goes to OUT and its stderr to ERR. The wall time runs from just before the
process is spawned to just after it is reaped, so it holds the command's own start-up and exit and
nothing of a wrapper program's; the peak resident memory is the kernel's account of the reaped
child (wait4's ru_maxrss). Exits with the command's exit status.
"""

import os
import sys
import time


def main(argv):
    if len(argv) < 5 or argv[3] != "--":
        sys.stderr.write(__doc__)
        return 2
    out_path, err_path, command = argv[1], argv[2], argv[4:]
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    out_fd = os.open(out_path, flags, 0o644)
    err_fd = os.open(err_path, flags, 0o644)
    actions = [(os.POSIX_SPAWN_DUP2, out_fd, 1), (os.POSIX_SPAWN_DUP2, err_fd, 2)]
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    end = time.perf_counter_ns()
    os.close(out_fd)
    os.close(err_fd)
    print((end - start) // 1000, usage.ru_maxrss)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
