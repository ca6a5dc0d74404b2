"""`make test` on a machine without a program the suite calls stops at once with one line that
names it and says how to install it (scripts/check-test-deps.sh), instead of failing tests."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def path_with(tmp_path, programs):
    """A PATH holding only the given programs (links to the machine's own)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for program in programs:
        found = shutil.which(program) or f"/sbin/{program}"
        (folder / program).symlink_to(found)
    return str(folder)


def check(path):
    return subprocess.run(
        ["bash", "scripts/check-test-deps.sh"],
        cwd=ROOT,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
    )


BASICS = ["bash", "grep", "ldconfig", "dirname"]


POPPLER = ["pdftoppm", "pdftotext"]


@pytest.mark.parametrize("missing", POPPLER)
def test_a_missing_poppler_program_stops_the_suite_with_one_line_naming_its_package(
    tmp_path, missing
):
    present = [program for program in POPPLER if program != missing]
    result = check(path_with(tmp_path, [*BASICS, *present]))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "poppler-utils" in lines[0] and "apt-get install" in lines[0]


def test_with_every_program_present_the_check_says_nothing(tmp_path):
    result = check(path_with(tmp_path, [*BASICS, *POPPLER]))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
