"""Register completeness beside every figure (#19): a register where an NTM district's communes
are partly missing and advanced communes lack their NTM decision. The dashboard, the PDF, the JSON
and the command agree on the counts, `implied_missing` and "Chưa đủ dữ liệu" or provisional
judgements; after staff reconcile, the final judgement appears; a later recognition of a
reconciled year undoes it, with a warning.

Hand count, Plan 168 (fixtures), standard basis:
- 79 communes outside Vĩnh Thuận NTM for 2019 (decided 04/05/2020): the plan's baseline is held;
- Vĩnh Thuận (910): NTM for 2020 by 669/QĐ-TTg of 02/06/2022; 3 of its 7 communes NTM for 2021;
- 2 more communes outside Vĩnh Thuận advanced for 2024 (10/12/2024), without an NTM decision.
Communes NTM in 2025: 79 + 3 + 2 = 84 of target 116; implied missing: the 4 other communes of
Vĩnh Thuận and the 2 NTM implied by the advanced ones = 6. Advanced: 2 of 40, none implied.
District-level units NTM: 1 (Vĩnh Thuận) of the plan's baseline 3, so 2 missing to the baseline.
In 2024, communes NTM are 84 of 114 from a baseline of 79: (84 − 79) / (114 − 79) = 0,14, off track.
"""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from targets.models import Certification, Reconciliation
from tests import pdftext
from tests.factories import certify
from units.models import Unit

from ..certifications.helpers import CREATE_URL, record_data

pytestmark = pytest.mark.django_db

PROVISIONAL = "(tạm tính — sổ chưa đối chiếu)"


def communes():
    return list(
        Unit.objects.rural_communes()
        .valid_on(datetime.date(2020, 12, 31))
        .filter(parent__parent__code="91")
        .select_related("parent")
        .order_by("code")
    )


@pytest.fixture
def register(plan):
    vinh_thuan = [c for c in communes() if c.parent.code == "910"]
    others = [c for c in communes() if c.parent.code != "910"]
    assert len(vinh_thuan) == 7
    for commune in others[:79]:
        certify(commune.code, "ntm", 2019, number="6/QĐ-UBND", issued_on=datetime.date(2020, 5, 4))
    for commune in vinh_thuan[:3]:
        certify(commune.code, "ntm", 2021, number="20/QĐ-UBND", issued_on=datetime.date(2022, 3, 1))
    for commune in others[79:81]:
        certify(
            commune.code,
            "advanced",
            2024,
            number="30/QĐ-UBND",
            issued_on=datetime.date(2024, 12, 10),
        )
    certify("910", "ntm", 2020, number="669/QĐ-TTg", issued_on=datetime.date(2022, 6, 2))
    return {"vinh_thuan": vinh_thuan, "others": others}


def reconcile(client, province_staff, year):
    client.force_login(province_staff)
    province = Unit.objects.get(code="91", valid_from__isnull=True)
    response = client.post(
        reverse("targets:data_quality"),
        {"scope": province.pk, "up_to_year": year, "note": "Đối chiếu với hồ sơ lưu trữ"},
        follow=True,
    )
    assert f"đã đối chiếu đủ đến năm {year}" in response.content.decode()


def json_rows(client, year):
    data = client.get(
        reverse("targets:progress_json"), {"plan": "168/KH-UBND", "year": year}
    ).json()
    return data, {row["indicator"]: row for row in data["indicators"]}


def command_rows(year):
    out = io.StringIO()
    call_command("progress", "--year", str(year), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    return {row["indicator"]: row for row in data["indicators"]}


def pdf_text(client, year):
    response = client.get(reverse("targets:progress_report_pdf"), {"year": year})
    assert response.status_code == 200
    return pdftext.flat_text(response.content)


def counted(rows):
    return {
        key: (row["actual"], row["implied_missing"], row["reconciled"], row["status"])
        for key, row in rows.items()
    }


UNRECONCILED_2025 = {
    "district_ntm": (1, 2, False, "insufficient_data"),
    "district_advanced": (0, 0, False, "insufficient_data"),
    "commune_ntm": (84, 6, False, "insufficient_data"),
    "commune_advanced": (2, 0, False, "insufficient_data"),
    "commune_model": (0, 0, False, "insufficient_data"),
}


def test_an_unreconciled_register_is_never_judged_finally_and_every_output_agrees(
    client, leadership, register
):
    client.force_login(leadership)
    data, rows = json_rows(client, 2025)
    assert counted(rows) == UNRECONCILED_2025
    assert counted(command_rows(2025)) == UNRECONCILED_2025
    assert (data["reconciled"], data["implied_missing"]) == (False, 8)
    # A named target missed by 2025 is not final either: An Biên's NTM.
    an_bien = next(t for t in data["named_targets"] if t["unit"] == "908")
    assert (an_bien["status"], an_bien["provisional"]) == ("missed", True)

    response = client.get(reverse("targets:dashboard"), {"year": 2025})
    html = response.content.decode()
    assert 'data-status="not_achieved"' not in html
    assert html.count('data-status="insufficient_data">Chưa đủ dữ liệu</span>') == 5
    assert 'data-completeness data-reconciled="false" data-implied-missing="8"' in html
    assert "Sổ chưa đối chiếu: các đánh giá là tạm tính." in html
    assert (
        "Công nhận mà chính sổ cho thấy còn thiếu (chuẩn thấp hơn chưa có quyết định, xã của "
        "huyện đạt chuẩn chưa ghi NTM, số còn thiếu so với năm gốc): "
        "<strong data-implied-total>8</strong>" in html
    )
    assert 'data-reconciled="false" data-implied-missing="6"' in html
    assert "Sổ chưa đối chiếu; theo chính sổ còn thiếu 6." in html
    # Each indicator withheld is on the attention list with what is missing, never blank.
    assert "Xã đạt chuẩn NTM nâng cao: Sổ chưa đối chiếu; sổ không tự cho thấy thiếu gì." in html
    assert (
        "/certifications/to-complete/?plan=168/KH-UBND&amp;indicator=commune_ntm&amp;year=2025"
        in html
    )

    # Vĩnh Thuận's page: its 4 communes without NTM, nothing else implied in its scope.
    district = client.get(reverse("targets:district_progress", args=["910"]), {"year": 2025})
    page = district.content.decode()
    assert 'data-completeness data-reconciled="false" data-implied-missing="4"' in page
    assert "Sổ chưa đối chiếu; theo chính sổ còn thiếu 4." in page

    text = pdf_text(client, 2025)
    assert "sổ chưa được đối chiếu; theo chính sổ còn thiếu 8 công nhận" in text
    assert "Xã đạt chuẩn NTM: đạt 84/116 đơn vị" in text
    assert "đánh giá: chưa đủ dữ liệu" in text
    assert "không đạt" not in text.replace("“không đạt” khi sổ đã đối chiếu", "")


def test_the_trajectory_judgement_is_provisional_until_reconciled(
    client, leadership, province_staff, register
):
    client.force_login(leadership)
    _, rows = json_rows(client, 2024)
    assert (rows["commune_ntm"]["actual"], rows["commune_ntm"]["status"]) == (84, "off_track")
    assert rows["commune_ntm"]["provisional"] is True
    assert command_rows(2024)["commune_ntm"]["provisional"] is True
    html = client.get(reverse("targets:dashboard"), {"year": 2024}).content.decode()
    assert f"Chậm tiến độ {PROVISIONAL}" in html
    assert f"chậm tiến độ {PROVISIONAL}" in pdf_text(client, 2024)

    reconcile(client, province_staff, 2025)
    client.force_login(leadership)
    _, rows = json_rows(client, 2024)
    assert (rows["commune_ntm"]["status"], rows["commune_ntm"]["provisional"]) == (
        "off_track",
        False,
    )
    html = client.get(reverse("targets:dashboard"), {"year": 2024}).content.decode()
    assert "Chậm tiến độ" in html and PROVISIONAL not in html


def test_after_staff_reconcile_the_final_judgement_appears_everywhere(
    client, leadership, province_staff, register
):
    reconcile(client, province_staff, 2025)
    reconciliation = Reconciliation.objects.get()
    assert (reconciliation.up_to_year, reconciliation.reconciled_by) == (2025, province_staff)
    assert reconciliation.history.count() == 1

    client.force_login(leadership)
    final = {
        "district_ntm": (1, 2, True, "insufficient_data"),  # the plan's baseline is not held
        "district_advanced": (0, 0, True, "not_achieved"),
        "commune_ntm": (84, 6, True, "not_achieved"),
        "commune_advanced": (2, 0, True, "not_achieved"),
        "commune_model": (0, 0, True, "not_achieved"),
    }
    data, rows = json_rows(client, 2025)
    assert counted(rows) == final
    assert counted(command_rows(2025)) == final
    assert (data["reconciled"], data["reconciled_to"]) == (True, 2025)
    an_bien = next(t for t in data["named_targets"] if t["unit"] == "908")
    assert (an_bien["status"], an_bien["provisional"]) == ("missed", False)
    html = client.get(reverse("targets:dashboard"), {"year": 2025}).content.decode()
    assert 'data-status="not_achieved">Không đạt</span>' in html
    district = client.get(reverse("targets:district_progress", args=["910"]), {"year": 2025})
    assert (
        "Sổ đã đối chiếu đủ đến năm 2025; theo chính sổ còn thiếu 4." in district.content.decode()
    )
    assert "Sổ đã đối chiếu đủ đến năm 2025; theo chính sổ còn thiếu 6." in html
    text = pdf_text(client, 2025)
    assert "Xã đạt chuẩn NTM: đạt 84/116 đơn vị" in text
    assert "đánh giá: không đạt" in text
    # The to-complete page names who reconciled and lists the 6 implied units of the indicator.
    page = client.get(
        reverse("targets:data_quality"),
        {"plan": "168/KH-UBND", "indicator": "commune_ntm", "year": 2025},
    ).content.decode()
    assert page.count("data-implied=") == 6
    assert 'data-reconciliation="91"' in page


def test_a_new_recognition_of_a_reconciled_year_is_accepted_and_undoes_it(
    client, leadership, province_staff, register
):
    reconcile(client, province_staff, 2025)
    commune = register["vinh_thuan"][5]
    response = client.post(
        CREATE_URL,
        record_data([(commune.code, "ntm", 2023)], number="77/QĐ-UBND", issued_on="05/03/2024"),
        follow=True,
    )
    assert (
        "Sổ công nhận của Tỉnh Kiên Giang đã được đối chiếu đủ đến năm 2025; công nhận này tính "
        "từ năm 2023 nên việc đối chiếu được hủy từ năm 2023 (nay chỉ còn đủ đến năm 2022): hãy "
        "đối chiếu lại." in response.content.decode()
    )
    assert Certification.objects.filter(unit=commune).exists()
    reconciliation = Reconciliation.objects.get()
    assert reconciliation.up_to_year == 2022
    assert reconciliation.history.count() == 2
    client.force_login(leadership)
    _, rows = json_rows(client, 2025)
    assert counted(rows)["commune_ntm"] == (85, 5, False, "insufficient_data")


def test_the_dashboard_says_what_each_count_of_the_register_counts(client, leadership, register):
    """The indicators that cannot be judged yet and the recognitions the register itself shows
    missing are two numbers: each is named for what it counts (a leader read "Sổ công nhận chưa
    đủ: 5" beside "còn thiếu 0" as a contradiction)."""
    client.force_login(leadership)
    html = client.get(reverse("targets:dashboard"), {"year": 2025}).content.decode()
    assert "Sổ công nhận chưa đủ" not in html
    summary = html.split('id="behind-title"', 1)[1].split("</section>", 1)[0]
    assert "<li>Chỉ tiêu chưa đủ dữ liệu để đánh giá: <strong>5</strong></li>" in summary
    completeness = html.split("data-completeness", 1)[1].split("</section>", 1)[0]
    assert "Chỉ tiêu chưa đủ dữ liệu để đánh giá: <strong data-undecided-total>5</strong>" in (
        completeness
    )
    assert "<strong data-implied-total>8</strong>" in completeness
    # A card's gap to the plan says it is one (a leader read it as the register's gap).
    cards = html.split('id="indicators-title"', 1)[1].split("</section>", 1)[0]
    gaps = re.findall(r'data-status="[^"]+">[^<]*</span>\s*(còn thiếu [^<]*)</p>', cards)
    assert gaps and all(gap.endswith(" so với kế hoạch") for gap in gaps), gaps
