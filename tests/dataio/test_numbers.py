"""Issue #21: Vietnamese number formatting comes from one module (ntm_portal/lib/numbers.py);
no module of the portal writes thousands dots or decimal commas by hand."""

import re
from decimal import Decimal
from pathlib import Path

from ntm_portal.lib import numbers

ROOT = Path(__file__).resolve().parents[2]
BY_HAND = re.compile(r"""replace\(\s*["'][.,]["']\s*,\s*["'][.,]["']\s*\)""")


def test_the_formats():
    assert numbers.integer(10_001) == "10.001"
    assert numbers.integer(2_340_000) == "2.340.000"
    assert numbers.integer(999) == "999"
    assert numbers.decimal(62.5) == "62,5"
    assert numbers.decimal(1234.56, 2, grouped=True) == "1.234,56"
    assert numbers.decimal(1234.5) == "1234,5"
    assert numbers.plain(Decimal("12.50")) == "12,5"
    assert numbers.plain(Decimal("10")) == "10"
    assert numbers.plain(0.5) == "0,5"
    assert numbers.comma("3.75") == "3,75"


def test_no_module_formats_a_number_by_hand():
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "var/", "tests/", "node_modules/")):
            continue
        if relative == "ntm_portal/lib/numbers.py" or "/migrations/" in relative:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if BY_HAND.search(line):
                offenders.append(f"{relative}:{number}")
    assert offenders == []
