import io

from django.urls import reverse
from openpyxl import load_workbook

from targets.models import AppraisalRequest
from tests import factories
from tests.conftest import status_as


def make_request(code, standard="ntm", submission="45/TTr-UBND", state="submitted"):
    status = factories.commune_status(code, 2024)
    return AppraisalRequest.objects.create(
        commune=status.commune,
        standard=standard,
        standard_year=2024,
        commune_status=status,
        criteria_snapshot={str(number): True for number in range(1, 20)},
        submission_number=submission,
        state=state,
    )


def rows_of(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_appraisal_list_exports_with_its_filter_and_escapes_formulas(client, cast):
    make_request("31060", submission='=HYPERLINK("x")')
    make_request("30988", state="returned")
    url = reverse("targets:appraisal_export")
    assert status_as(client, None, "get", url)[0] == 302
    status, response = status_as(client, cast["leadership"], "get", url)
    assert status == 200
    rows = rows_of(response)
    assert rows[0][:4] == ["Mã xã", "Tên xã", "Đơn vị cấp huyện", "Chuẩn đề nghị"]
    assert {row[0] for row in rows[1:]} == {"31060", "30988"}
    submitted = next(row for row in rows if row[0] == "31060")
    assert submitted[5] == '\'=HYPERLINK("x")'
    assert submitted[6] == "19/19"
    _status, filtered = status_as(client, cast["leadership"], "get", url + "?state=returned")
    assert [row[0] for row in rows_of(filtered)[1:]] == ["30988"]
