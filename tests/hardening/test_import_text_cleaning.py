"""Issue #22, point 6: every import stores its text cells cleaned exactly as a form stores what
is typed (`ntm_portal.lib.text.clean_text`: NFC, no bidirectional override, no control
character). Each import kind of the project gets a file whose text cell holds a right-to-left
override (U+202E), an escape and a bell character, and Vietnamese in NFD; what lands in the
database is the clean NFC text. (A NUL cannot reach a cell: a CSV holding one is refused as
binary, and xlsx XML cannot carry it.) The list of kinds is read from the importers' registries, so a new import
kind fails here until it is added."""

import ast
import unicodedata
from pathlib import Path

import pytest

from awards import importing as award_imports
from awards.importing import COLUMNS as AWARD_COLUMNS
from awards.models import Nominee
from emulation import imports as emulation_imports
from emulation.imports import PARTICIPANT_COLUMNS, REGISTRATION_COLUMNS
from emulation.models import Participant, RegistrationItem
from ntm_portal.lib.text import clean_text
from targets.imports import engine as target_imports
from targets.models import CommuneStatus, Decision
from tests.emulation import helpers as h
from tests.targets.imports.files import (
    CERTIFICATION_HEADERS,
    STATUS_HEADERS,
    certification_row,
    csv_bytes,
    status_row,
)

ROOT = Path(__file__).resolve().parents[2]

# "Hòa Bình" typed in NFD (o + combining grave, i + combining grave), with an RLO, an escape, a
# bell character, a zero-width space and a soft hyphen (pasted from Word) inside it.
DIRTY = "\u202eHo\u0300a\x1b Bi\u200b\u0300nh\u00ad\x07"
CLEAN = "Hòa Bình"


def assert_clean(value, expected):
    assert value == expected
    assert unicodedata.is_normalized("NFC", value)
    assert not any(unicodedata.category(char) in ("Cc", "Cf") for char in value)


def import_certifications(user):
    data = csv_bytes(CERTIFICATION_HEADERS, [certification_row(signer=f"Lâm {DIRTY}")])
    report = target_imports.run_import("certifications", data, "c.csv", commit=True, user=user)
    assert report.committed, report.errors
    return Decision.objects.get(number="12/QĐ-UBND").signer, f"Lâm {CLEAN}"


def import_statuses(user):
    data = csv_bytes(STATUS_HEADERS, [status_row(notes=f"Ấp {DIRTY}")])
    report = target_imports.run_import("statuses", data, "s.csv", commit=True, user=user)
    assert report.committed, report.errors
    return CommuneStatus.objects.get(commune__code="31060", year=2024).notes, f"Ấp {CLEAN}"


def import_participants(user):
    rows = [["HTX1", f"Hợp tác xã {DIRTY}", "Hợp tác xã", "", "có", ""]]
    data = csv_bytes(PARTICIPANT_COLUMNS, rows)
    report = emulation_imports.run_import(
        "participants", data, "p.csv", movement=h.movement(), user=user, commit=True
    )
    assert report.committed, report.errors
    return Participant.objects.get(code="HTX1").name, f"Hợp tác xã {CLEAN}"


def import_registrations(user):
    h.participant("910")
    h.phase(open_days=3)
    rows = [["Tổng kết", 2025, "910", 1, f"Nhà văn hóa ấp {DIRTY}", 1, 2, 0]]
    data = csv_bytes(REGISTRATION_COLUMNS, rows)
    report = emulation_imports.run_import(
        "registrations", data, "r.csv", movement=h.movement(), user=user, commit=True
    )
    assert report.committed, report.errors
    return RegistrationItem.objects.get().commitment, f"Nhà văn hóa ấp {CLEAN}"


def import_award_history(user):
    row = [
        "Cá nhân", "Nguyễn Thị Hoà", "Nữ", 1980, f"Trưởng ấp {DIRTY}", "UBND xã Vĩnh Bình Bắc",
        "", "910", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 2022, "501/QĐ-UBND",
        "15/03/2023", "Chủ tịch UBND tỉnh Kiên Giang",
    ]  # fmt: skip
    data = csv_bytes(AWARD_COLUMNS, [row])
    report = award_imports.run_import(data, "a.csv", by=user, commit=True)
    assert report.committed, report.errors
    return Nominee.objects.get().position, f"Trưởng ấp {CLEAN}"


IMPORTS = {
    "certifications": import_certifications,
    "statuses": import_statuses,
    "participants": import_participants,
    "registrations": import_registrations,
    award_imports.KIND: import_award_history,
}


def every_import_kind():
    return {*target_imports.IMPORTERS, *emulation_imports.IMPORTERS, award_imports.KIND}


def test_every_import_kind_of_the_project_is_probed_here():
    assert set(IMPORTS) == every_import_kind()


@pytest.mark.parametrize("kind", sorted(IMPORTS))
def test_an_imported_text_cell_is_stored_in_nfc_without_bidi_or_control_characters(
    kind, province_staff
):
    stored, expected = IMPORTS[kind](province_staff)
    assert_clean(stored, expected)


def test_a_form_and_an_import_clean_text_with_the_same_function():
    from ntm_portal import middleware
    from ntm_portal.lib import importing

    assert middleware.clean_text is clean_text
    assert importing.clean_text is clean_text
    assert clean_text(DIRTY) == CLEAN
    # Tab and line breaks are text (notes of several lines), not control noise.
    assert clean_text("Dòng 1\r\nDòng 2\tcột") == "Dòng 1\r\nDòng 2\tcột"


SPREADSHEET_READERS = {"read_table", "load_workbook", "reader", "DictReader"}
ALLOWED_READERS = {
    "ntm_portal/lib/dataio/reader.py",
    "ntm_portal/lib/importing.py",
    # The reference list of units shipped in fixtures/, written by the project, not by users.
    "units/reference.py",
}


def test_no_import_reads_a_spreadsheet_except_through_the_shared_reader():
    """An import that read cells itself (openpyxl, csv) would skip the cleaning."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if (
            relative.startswith((".venv/", "var/", "tests/", "scripts/"))
            or "/migrations/" in relative
        ):
            continue
        if relative in ALLOWED_READERS:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in SPREADSHEET_READERS:
                offenders.append(f"{relative}:{node.lineno} {name}")
    assert offenders == []
