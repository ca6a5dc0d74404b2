"""Every number of a known history agrees with the hand count: on the dashboard (context and
HTML), in progress.json and from `manage.py progress`, on both bases."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.targets.progress import known_history
from tests.targets.progress.known_history import DENOMINATORS, VINH_THUAN, YEARS, actual, target

pytestmark = pytest.mark.django_db

KEYS = list(DENOMINATORS)


@pytest.fixture
def history(db):
    known_history.build()


def share(count, denominator):
    return (Decimal(count) * 100 / denominator).quantize(Decimal("0.01"))


def card(html, key):
    """The text of one indicator card."""
    match = re.search(rf'<article class="card h-100" id="indicator-{key}".*?</article>', html, re.S)
    assert match, key
    return match.group(0)


def card_number(card_html, name):
    match = re.search(rf"<span data-{name}>([^<]*)</span>", card_html)
    return match.group(1) if match else None


@pytest.mark.parametrize("basis", ["standard", "decision"])
def test_dashboard_shows_the_hand_count(client, leadership, history, basis):
    client.force_login(leadership)
    for year in YEARS[1:]:
        response = client.get(reverse("targets:dashboard"), {"year": year, "basis": basis})
        assert response.status_code == 200
        progress = response.context["progress"]
        assert (progress.year, progress.basis) == (year, basis)
        html = response.content.decode()
        for item in progress.indicators:
            expected = actual(basis, item.key, year)
            assert (item.actual, item.target) == (expected, target(item.key, year))
            text = card(html, item.key)
            assert card_number(text, "actual") == str(expected)
            assert card_number(text, "target") == str(target(item.key, year))
            # Shares are written with a decimal comma.
            assert card_number(text, "share") == str(
                share(expected, DENOMINATORS[item.key])
            ).replace(".", ",")
            assert f'data-status="{item.status}"' in text
            assert item.status_label in text
        for key in KEYS:
            row = re.search(rf'<tr id="trajectory-{key}">(.*?)</tr>', html, re.S).group(1)
            cells = re.findall(r"<strong>(\d+)</strong> / (\d+)", row)
            assert cells == [(str(actual(basis, key, y)), str(target(key, y))) for y in YEARS], key


@pytest.mark.parametrize("basis", ["standard", "decision"])
def test_dashboard_district_table_shows_the_hand_count(client, leadership, history, basis):
    client.force_login(leadership)
    response = client.get(reverse("targets:dashboard"), {"year": 2022, "basis": basis})
    html = response.content.decode()
    row = re.search(r'<tr data-unit="910">(.*?)</tr>', html, re.S).group(1)
    ntm = VINH_THUAN[basis]["commune_ntm"][YEARS.index(2022)]
    advanced = VINH_THUAN[basis]["commune_advanced"][YEARS.index(2022)]
    assert f'<td class="num" data-ntm>{ntm}/7</td>' in row
    assert f'<td class="num" data-advanced>{advanced}</td>' in row
    assert f'<td class="num" data-ntm-only>{ntm - advanced}</td>' in row
    assert 'data-standard="ntm"' in row  # 669/QĐ-TTg: standard year 2020, decided 02/06/2022
    assert reverse("targets:district_progress", args=["910"]) in row


@pytest.mark.parametrize("basis", ["standard", "decision"])
def test_json_gives_the_hand_count(client, leadership, history, basis):
    client.force_login(leadership)
    for year in YEARS[1:]:
        response = client.get(
            reverse("targets:progress_json"),
            {"plan": "168/KH-UBND", "year": year, "basis": basis},
        )
        assert response.status_code == 200
        data = response.json()
        assert (data["plan"], data["scope"], data["year"], data["basis"]) == (
            "168/KH-UBND",
            "91",
            year,
            basis,
        )
        rows = {row["indicator"]: row for row in data["indicators"]}
        assert list(rows) == KEYS
        for key, row in rows.items():
            expected = actual(basis, key, year)
            assert row == {
                "indicator": key,
                "name": row["name"],
                "year": year,
                "basis": basis,
                "target": target(key, year),
                "actual": expected,
                "gap": target(key, year) - expected,
                "share": float(share(expected, DENOMINATORS[key])),
                "status": row["status"],
                "denominator": DENOMINATORS[key],
                "baseline": known_history.TARGETS[key][0],
                # The register holds only part of the plan's baseline (hand count of 2020, by
                # standard year whatever the basis: completeness is not about signing dates).
                "recorded_baseline": actual("standard", key, 2020),
                "baseline_missing": max(
                    0, known_history.TARGETS[key][0] - actual("standard", key, 2020)
                ),
                # Completeness (#19): nobody reconciled this register; what it implies is
                # missing is the baseline gap plus the hand count of IMPLIED.
                "reconciled": False,
                "reconciled_to": None,
                "implied_missing": row["baseline_missing"]
                + known_history.implied(basis, key, year),
                "provisional": row["status"]
                in ("on_track", "needs_acceleration", "off_track", "deteriorating"),
            }
            assert row["status"] != "not_achieved"  # never final on an unreconciled register
        assert len(data["named_targets"]) == 8


@pytest.mark.parametrize("basis", ["standard", "decision"])
def test_json_for_a_district_gives_its_hand_count(client, officer, history, basis):
    client.force_login(officer)
    data = client.get(
        reverse("targets:progress_json"), {"year": 2023, "basis": basis, "scope": "910"}
    ).json()
    assert data["scope"] == "910"
    assert {row["indicator"]: row["actual"] for row in data["indicators"]} == {
        key: VINH_THUAN[basis][key][YEARS.index(2023)] for key in VINH_THUAN[basis]
    }
    assert {row["denominator"] for row in data["indicators"]} == {7}
    assert {row["status"] for row in data["indicators"]} == {None}
    assert [(t["unit"], t["standard"]) for t in data["named_targets"]] == [("910", "ntm")]


@pytest.mark.parametrize("basis", ["standard", "decision"])
def test_command_gives_the_hand_count_as_json_and_csv(history, basis):
    for year in YEARS[1:]:
        out = io.StringIO()
        call_command(
            "progress", "--plan", "168/KH-UBND", "--year", str(year), "--basis", basis,
            "--format", "json", stdout=out,
        )  # fmt: skip
        data = json.loads(out.getvalue())
        assert {row["indicator"]: row["actual"] for row in data["indicators"]} == {
            key: actual(basis, key, year) for key in KEYS
        }
        assert {row["indicator"]: row["target"] for row in data["indicators"]} == {
            key: target(key, year) for key in KEYS
        }
        out = io.StringIO()
        call_command(
            "progress", "--year", str(year), "--basis", basis, "--format", "csv", stdout=out
        )
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert [row["indicator"] for row in rows] == KEYS
        for row in rows:
            expected = actual(basis, row["indicator"], year)
            assert row["actual"] == str(expected)
            assert row["gap"] == str(target(row["indicator"], year) - expected)
            assert row["share"] == str(share(expected, DENOMINATORS[row["indicator"]]))
            assert row["basis"] == basis


def test_command_table_shows_the_hand_count_for_people(history):
    out = io.StringIO()
    call_command("progress", "--year", "2022", "--basis", "decision", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("Kế hoạch 168/KH-UBND — Tỉnh Kiên Giang — năm 2022 — theo ngày quyết định")
    commune_ntm = next(line for line in lines if line.startswith("Xã đạt chuẩn NTM "))
    # target 101, actual 6, gap 95, share 5,17 %, denominator 116, baseline 79; the register
    # holds 2 of the 79 of 2020 (by standard year), so no judgement is made. The register is not
    # reconciled ("chưa") and implies 80 missing: 77 to the baseline and 3 communes of Vĩnh
    # Thuận, NTM since 02/06/2022, without NTM (known_history.IMPLIED).
    assert commune_ntm.split()[4:] == [
        "101", "6", "95", "5,17", "116", "79", "chưa", "80", "Chưa", "đủ", "dữ", "liệu",
    ]  # fmt: skip
    assert "Lưu ý: Xã đạt chuẩn NTM: Sổ chưa đối chiếu; theo chính sổ còn thiếu 80." in lines
    assert (
        "Lưu ý: Sổ công nhận có 2/79 xã đạt chuẩn nông thôn mới đến năm 2020: còn thiếu 77."
        in lines
    )
    vinh_thuan = [line for line in lines if line.startswith("Huyện Vĩnh Thuận")]
    assert len(vinh_thuan) == 1
    assert vinh_thuan[0].endswith("Đã đạt")  # 669/QĐ-TTg of 02/06/2022
    kien_hai = [line for line in lines if line.startswith("Huyện Kiên Hải")]
    assert len(kien_hai) == 2  # NTM, then advanced: neither decided by 2022
    assert all(line.endswith("Có nguy cơ không đạt") for line in kien_hai)
