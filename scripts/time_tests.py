"""`make time-tests`: the wall time of `make test`, run N times (default 3), with the machine's load
before each run, into the "Bộ kiểm thử" section of docs/benchmarks.md.

    .venv/bin/python scripts/time_tests.py [RUNS]
    .venv/bin/python scripts/time_tests.py --per-file LOG [LINES]


Each run is the README's command as a newcomer types it (its setup stamp already in place), so
the figure is what a person waits for; the goal is 150 s or less on the 2-core machine. Beside the
wall time, the CPU seconds (user + system) of the run's whole process tree (pytest, its workers,
Chromium, Java, gunicorn…), collected as a subreaper (see run_measured): on a machine that others
load, the wall time says little and the CPU time says what the suite costs.

With --per-file, it reads what a run with NTM_TEST_CPU=LOG wrote (tests/conftest.py: each test's
CPU seconds, its processes included, in LOG.<worker>) and prints the CPU seconds per test file and
the costliest tests, to find what to make cheaper:

    NTM_TEST_CPU=var/test-cpu .venv/bin/python -m pytest -n auto
    .venv/bin/python scripts/time_tests.py --per-file var/test-cpu
"""

import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from benchmarks_doc import replace_section, today  # noqa: E402
from proc_cpu import become_subreaper, descendants, process_table  # noqa: E402

GOAL_SECONDS = 150


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reap_orphans(seconds=30):
    """Wait up to `seconds` for the orphaned descendants left to this subreaper (a browser's
    helpers end a moment after it); True when none is left."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        if pid == 0:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)


def run_measured(command):
    """Run `command`: its exit code, output, wall time, and the CPU seconds of its process tree.

    This process becomes the subreaper of the tree (scripts/proc_cpu.py): every descendant is
    waited for, by its parent or, orphaned, by this process, so the whole tree's time ends in this
    process's count of its children's time, Chromium's processes included. Where that is not
    available, each process's last reading, taken every 0.5 s, is summed: a floor (one living less
    than that, or whose time its parent never collects, is missed)."""
    exact = become_subreaper()
    before = children_cpu()
    start = time.monotonic()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    cpu = {}
    output = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    while process.poll() is None:
        if os.path.isdir("/proc"):
            table = process_table()
            for pid in [process.pid, *descendants(table, process.pid)]:
                if pid in table:
                    cpu[pid] = table[pid][1]
        time.sleep(0.5)
    reader.join()
    seconds = time.monotonic() - start
    if exact and reap_orphans():
        return process.returncode, "".join(output), seconds, children_cpu() - before
    return process.returncode, "".join(output), seconds, sum(cpu.values())


def summary(output):
    """pytest's closing line ("967 passed, 2 warnings in 98.12s")."""
    lines = [line for line in output.splitlines() if " passed" in line or " failed" in line]
    return lines[-1].strip("= ") if lines else "(không có dòng tổng kết của pytest)"


def per_file(log, lines=40):
    """The CPU seconds of a run per test file and the costliest tests, from LOG.<worker>."""
    tests = {}
    for path in sorted(Path(log).parent.glob(Path(log).name + ".*")):
        for line in path.read_text(encoding="utf-8").splitlines():
            node, cpu, wall = line.rsplit("\t", 2)
            tests[node] = (float(cpu), float(wall))
    if not tests:
        print(f"nothing in {log}.* (run pytest with NTM_TEST_CPU={log})")
        return 1
    files = {}
    for node, (cpu, _) in tests.items():
        name = node.split("::")[0]
        count, total = files.get(name, (0, 0.0))
        files[name] = (count + 1, total + cpu)
    total = sum(cpu for cpu, _ in tests.values())
    print(f"{len(tests)} tests, {total:.0f} CPU s\n\nCPU s  tests  file")
    for name, (count, cpu) in sorted(files.items(), key=lambda item: -item[1][1])[:lines]:
        print(f"{cpu:6.1f} {count:6d}  {name}")
    print("\nCPU s  wall s  test")
    for node, (cpu, wall) in sorted(tests.items(), key=lambda item: -item[1][0])[:lines]:
        print(f"{cpu:6.1f} {wall:7.1f}  {node}")
    return 0


def main():
    if sys.argv[1:2] == ["--per-file"]:
        return per_file(sys.argv[2], *(int(value) for value in sys.argv[3:4]))
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rows = []
    for number in range(1, runs + 1):
        load = os.getloadavg()
        code, output, seconds, cpu = run_measured(["make", "-s", "test"])
        rows.append((number, seconds, cpu, load, code, summary(output)))
        print(f"lần {number}: {seconds:.1f} s, CPU {cpu:.0f} s, tải {load[0]:.2f}, mã thoát {code}")
    median = statistics.median(seconds for _, seconds, *_ in rows)
    median_cpu = statistics.median(cpu for _, _, cpu, *_ in rows)
    table = "\n".join(
        f"| {number} | {seconds:.1f} s | {cpu:.0f} s | {load[0]:.2f} / {load[1]:.2f} | "
        f"{'đạt' if code == 0 else 'LỖI'} — {closing} |"
        for number, seconds, cpu, load, code, closing in rows
    )
    met = "đạt" if median <= GOAL_SECONDS else "CHƯA ĐẠT"
    replace_section(
        "test-suite",
        f"""## The test suite (`make test`, `make time-tests`)

Run on {today()}: `make test` (SQLite, pytest-xdist on {os.cpu_count()} cores, browser tests
included) as a newcomer types it, {runs} times in a row; load average (1 and 5 min) read just
before each run (after the first, mostly the previous run's own load: nothing else ran).
Goal: {GOAL_SECONDS} s or less. Median **{median:.1f} s** ({met}). CPU time: user + system
seconds of the whole process tree (pytest and its workers, Chromium, Java, gunicorn), median
{median_cpu:.0f} s; {os.cpu_count()} cores give at most {os.cpu_count() * GOAL_SECONDS} CPU
seconds in {GOAL_SECONDS} s.

| run | wall time | CPU time | load before | result |
|---|---|---|---|---|
{table}
""",
    )
    return 0 if all(code == 0 for *_, code, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
