"""Documents dated 30/06/2025 carry Kiên Giang and documents dated 01/07/2025 carry An Giang
(issue #24, point 3): header, place line and author of the real PDFs, read back as text. Every
document takes them from the issuing body on its date (units.IssuingBody, one mechanism)."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from emulation.models import MovementReport
from targets.models import Plan, ReportAssessment
from tests.emulation import helpers as h
from tests.pdftext import flat_text

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2025, 6, 30)
FIRST_DAY = datetime.date(2025, 7, 1)
KIEN_GIANG = ("ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG", "Kiên Giang, ngày 30 tháng 6 năm 2025")
AN_GIANG = ("ỦY BAN NHÂN DÂN TỈNH AN GIANG", "An Giang, ngày 01 tháng 7 năm 2025")


def read(content):
    return flat_text(content), PdfReader(io.BytesIO(content)).metadata.author


def assert_province(content, expected, other_province):
    text, author = read(content)
    header, place_line = expected
    assert text.startswith(header), text[:80]
    assert place_line in text
    assert other_province not in text
    assert author == f"Ủy ban nhân dân tỉnh {header.split('TỈNH ')[1].title()}"


def test_the_movement_report_of_30_06_2025_is_kien_giang_s_and_of_01_07_2025_an_giang_s(
    client, province_staff
):
    client.force_login(province_staff)
    phase = h.phase("yearly", 2024)
    for day, expected, other in [
        (LAST_DAY, KIEN_GIANG, "AN GIANG"),
        (FIRST_DAY, AN_GIANG, "KIÊN GIANG"),
    ]:
        report = MovementReport.objects.create(
            phase=phase, report_date=day, signer="Lâm Minh Thành", number=f"{day.day}/BC-UBND"
        )
        response = client.get(reverse("emulation:report_pdf", args=[report.pk]))
        assert response.status_code == 200
        assert_province(response.content, expected, other)
        report.delete()


def test_the_progress_report_of_30_06_2025_is_kien_giang_s_and_of_01_07_2025_an_giang_s(
    client, province_staff
):
    client.force_login(province_staff)
    plan = Plan.objects.get(number="168/KH-UBND")
    for day, expected, other in [
        (LAST_DAY, KIEN_GIANG, "AN GIANG"),
        (FIRST_DAY, AN_GIANG, "KIÊN GIANG"),
    ]:
        ReportAssessment.objects.update_or_create(
            plan=plan, year=2024, defaults={"number": "12/BC-UBND", "issued_on": day}
        )
        response = client.get(reverse("targets:progress_report_pdf"), {"year": 2024})
        assert response.status_code == 200
        assert_province(response.content, expected, other)
        # Sent to the districts' People's Committees only while there were districts.
        text, _author = read(response.content)
        districts, communes = "UBND các huyện, thành phố;", "UBND các xã, phường, đặc khu;"
        assert (districts in text, communes in text) == (
            (True, False) if day == LAST_DAY else (False, True)
        )


def test_every_document_template_takes_its_header_and_place_from_the_issuing_body():
    """No PDF template writes a province's name: each full document extends
    pdf/base_document.html or includes pdf/document_header.html, which read the issuing body on
    the document's date; a certificate prints its issuer's heading and place."""
    folder = Path(settings.BASE_DIR) / "templates" / "pdf"
    templates = sorted(folder.glob("*.html"))
    assert len(templates) >= 8
    parts = [path for path in templates if path.name.startswith("awards_part_")]
    assert len(parts) >= 4
    for path in templates:
        text = path.read_text(encoding="utf-8")
        body = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", text, flags=re.S)
        assert not re.search(r"KIÊN GIANG|AN GIANG|Kiên Giang,|An Giang,", body), path.name
        if path.name == "document_header.html":
            continue
        if path.name.startswith("_"):
            continue  # a part included by a full document, which carries the header
        if path.name == "awards_contents.html":
            # The dossier's contents page: a list of the documents bound behind it, each of
            # which carries its own header (awards_part_*.html); not an issued document.
            continue
        if "{% include section.template" in body:
            # A commendation dossier: its parts (awards_part_*.html) carry their own headers.
            continue
        assert (
            'extends "pdf/base_document.html"' in body
            or "pdf/document_header.html" in body
            # A certificate prints its issuer's heading and place, on the decision's date.
            or ("issuer_body.certificate_heading" in body and "issuer_body.place" in body)
        ), path.name
