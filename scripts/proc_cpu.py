"""CPU seconds of processes read from /proc (Linux), for `make time-tests` and `make test-cpu`."""

import ctypes
import os

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_table(*, reaped=False):
    """{pid: (parent pid, CPU seconds so far)} of every process /proc shows: user + system time,
    and with `reaped` the time of the children each has already waited for."""
    table = {}
    last = 15 if reaped else 13  # utime, stime (, cutime, cstime): fields 14–17 of stat
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2 :].split()
        cpu = sum(int(value) for value in fields[11:last]) / TICKS
        table[int(entry.name)] = (int(fields[1]), cpu)
    return table


def descendants(table, root):
    """The pids of every living descendant of `root` in `table`, `root` itself excluded."""
    children = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    tree = list(children.get(root, ()))
    for pid in tree:  # grows while it is walked: every descendant
        tree.extend(children.get(pid, ()))
    return tree


def become_subreaper():
    """Make this process the reaper of its orphaned descendants (Linux PR_SET_CHILD_SUBREAPER).

    Some descendants outlive the parent that started them or are never waited for by it
    (Chromium's processes once the browser closes): reparented to init, their CPU time leaves
    this process's tree, and a reading of the tree drops (a test once read as -88 CPU s). As
    this process's children they stay in it: as zombies, with their final time in /proc, until
    they are reaped. Returns False where the call is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False
