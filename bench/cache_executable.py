#!/usr/bin/env python3
"""Caches executables afresh in the largest pages the kernel will use for them.

Usage: cache_executable.py FILE [FILE ...]

How an executable's file sits in the page cache changes what starting it costs: each 4 KiB
page of code run the first time is a page fault, and on a virtual machine a fault costs
microseconds. A file written in small pieces (as a linker writes its output) is cached in
4 KiB pages; read back through a mapping advised for huge pages, it is cached in 2 MiB folios
where the kernel caches the file system's files in large folios (Linux 6.18 with ext4 here), and
the parts of the code that fill whole 2 MiB stretches are then mapped with one fault each.

For each FILE: its cached pages are written back and dropped (those that no running process
has mapped), then every page is read again through such a mapping. The bytes are not changed.
Where the kernel has no large folios for the file system, the file ends up cached as before.
bench/run.sh runs this on both executables it times, so both start from the same state.
"""

import mmap
import os
import sys


def cache(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)  # dirty pages cannot be dropped
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        size = os.fstat(fd).st_size
        if size == 0:
            return
        with mmap.mmap(fd, size, prot=mmap.PROT_READ) as mapped:
            if hasattr(mmap, "MADV_HUGEPAGE"):
                mapped.madvise(mmap.MADV_HUGEPAGE)
            for offset in range(0, size, mmap.PAGESIZE):
                _ = mapped[offset]
    finally:
        os.close(fd)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    for path in argv[1:]:
        try:
            cache(path)
        except OSError as e:
            sys.stderr.write(f"cache_executable.py: {path}: {e.strerror}\n")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
