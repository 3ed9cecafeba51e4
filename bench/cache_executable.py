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

The kernel takes a 2 MiB folio only where it finds 2 MiB of free memory in one piece at that
moment, and falls back to smaller ones: a profile-guided build of gitops-render once came out
with one of its six whole stretches in small folios, and its renders took 0.5 ms longer (4%)
until it was cached again. So where this process may read the page flags (/proc/kpageflags,
as root), it counts the file's whole 2 MiB stretches that came out as one folio each, caches
the file again while some did not (up to four more times), and says so on stderr if some
still did not.
"""

import mmap
import os
import struct
import sys

HUGE = 2 << 20
RETRIES = 4
KPF_COMPOUND_HEAD = 1 << 15
KPF_COMPOUND_TAIL = 1 << 16


def huge_folios(path, size):
    """Of the file's whole 2 MiB stretches, how many are one folio each, read through the file's
    mapping in this process (every page read); None where the page flags cannot be read."""
    real = os.path.realpath(path)
    start = None
    with open("/proc/self/maps") as maps:
        for line in maps:
            fields = line.split(maxsplit=5)
            if len(fields) == 6 and fields[5].rstrip("\n") == real and fields[2] == "00000000":
                start = int(fields[0].split("-")[0], 16)
                break
    if start is None:
        return None
    pages = (size + mmap.PAGESIZE - 1) // mmap.PAGESIZE
    try:
        with open("/proc/self/pagemap", "rb") as pagemap:
            pagemap.seek(start // mmap.PAGESIZE * 8)
            entries = struct.unpack("<%dQ" % pages, pagemap.read(8 * pages))
        flags = []
        with open("/proc/kpageflags", "rb") as kpageflags:
            for entry in entries:
                frame = entry & ((1 << 55) - 1)
                if not entry >> 63 or frame == 0:  # not present, or the frame is hidden
                    return None
                kpageflags.seek(frame * 8)
                flags.append(struct.unpack("<Q", kpageflags.read(8))[0])
    except OSError:
        return None
    per = HUGE // mmap.PAGESIZE
    whole = 0
    for first in range(0, size // HUGE * per, per):
        run = flags[first : first + per]
        if (
            run[0] & KPF_COMPOUND_HEAD
            and all(f & KPF_COMPOUND_TAIL for f in run[1:])
            and (first + per >= pages or not flags[first + per] & KPF_COMPOUND_TAIL)
        ):
            whole += 1
    return whole


def cache(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            return
        for _ in range(RETRIES + 1):
            os.fsync(fd)  # dirty pages cannot be dropped
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            with mmap.mmap(fd, size, prot=mmap.PROT_READ) as mapped:
                if hasattr(mmap, "MADV_HUGEPAGE"):
                    mapped.madvise(mmap.MADV_HUGEPAGE)
                for offset in range(0, size, mmap.PAGESIZE):
                    _ = mapped[offset]
                whole = huge_folios(path, size)
            if whole is None or whole == size // HUGE:
                return
        sys.stderr.write(
            f"cache_executable.py: {path}: {whole} of its {size // HUGE} whole 2 MiB stretches "
            f"in 2 MiB folios after {RETRIES + 1} tries\n"
        )
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
