from django.urls import reverse

from targets.models import Indicator, YearlyTarget


def grid_data(plan, changes=None):
    """The POST data of the targets grid as the page shows it, with some fields changed."""
    data = {}
    for indicator in Indicator.objects.filter(plan=plan).prefetch_related("yearly_targets"):
        prefix = f"i{indicator.pk}-"
        data[prefix + "denominator"] = indicator.denominator
        data[prefix + "baseline"] = indicator.baseline
        data[prefix + "stated_period_increment"] = indicator.stated_period_increment or ""
        for target in indicator.yearly_targets.all():
            data[f"{prefix}cumulative_{target.year}"] = target.cumulative
            data[f"{prefix}increment_{target.year}"] = (
                "" if target.stated_increment is None else target.stated_increment
            )
            data[f"{prefix}percentage_{target.year}"] = (
                ""
                if target.stated_percentage is None
                else str(target.stated_percentage).replace(".", ",")
            )
    for (key, field), value in (changes or {}).items():
        indicator = Indicator.objects.get(plan=plan, level=key[0], standard=key[1])
        data[f"i{indicator.pk}-{field}"] = value
    return data


def commune_ntm(plan, year):
    return YearlyTarget.objects.get(
        indicator__plan=plan, indicator__level="commune", indicator__standard="ntm", year=year
    )


def test_province_staff_edit_a_target_and_the_history_records_who(client, province_staff, plan):
    client.force_login(province_staff)
    url = reverse("targets:plan_targets_edit", args=[plan.pk])
    response = client.post(url, grid_data(plan, {(("commune", "ntm"), "cumulative_2023"): "112"}))
    assert response.status_code == 302
    assert commune_ntm(plan, 2023).cumulative == 112
    record = commune_ntm(plan, 2023).history.first()
    assert record.history_user == province_staff
    history = client.get(reverse("targets:plan_history", args=[plan.pk])).content.decode()
    assert "113 → <strong>112</strong>" in history


def test_a_decreasing_target_is_refused_with_the_reason_and_the_input_kept(
    client, province_staff, plan
):
    client.force_login(province_staff)
    url = reverse("targets:plan_targets_edit", args=[plan.pk])
    response = client.post(url, grid_data(plan, {(("commune", "ntm"), "cumulative_2024"): "100"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "lũy kế năm 2024 (100) nhỏ hơn năm 2023 (113)" in page
    assert 'value="100"' in page
    assert commune_ntm(plan, 2024).cumulative == 114


def test_a_target_above_its_denominator_is_refused(client, province_staff, plan):
    client.force_login(province_staff)
    url = reverse("targets:plan_targets_edit", args=[plan.pk])
    response = client.post(url, grid_data(plan, {(("commune", "ntm"), "cumulative_2025"): "120"}))
    assert response.status_code == 200
    assert "lũy kế năm 2025 (120) vượt mẫu số (116 đơn vị)" in response.content.decode()
    assert commune_ntm(plan, 2025).cumulative == 116


def test_nothing_is_saved_when_one_indicator_is_wrong(client, province_staff, plan):
    client.force_login(province_staff)
    url = reverse("targets:plan_targets_edit", args=[plan.pk])
    changes = {
        (("commune", "ntm"), "cumulative_2023"): "112",
        (("district", "ntm"), "cumulative_2025"): "16",
    }
    response = client.post(url, grid_data(plan, changes))
    assert response.status_code == 200
    assert commune_ntm(plan, 2023).cumulative == 113


def test_non_numeric_input_gets_a_vietnamese_message(client, province_staff, plan):
    client.force_login(province_staff)
    url = reverse("targets:plan_targets_edit", args=[plan.pk])
    response = client.post(
        url, grid_data(plan, {(("commune", "ntm"), "cumulative_2023"): "một trăm"})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhập một số nguyên." in page
    assert 'value="một trăm"' in page


def test_percentages_are_typed_with_a_decimal_comma(client, province_staff, plan):
    client.force_login(province_staff)
    url = reverse("targets:plan_targets_edit", args=[plan.pk])
    response = client.post(url, grid_data(plan, {(("commune", "ntm"), "percentage_2021"): "77,6"}))
    assert response.status_code == 302
    assert str(commune_ntm(plan, 2021).stated_percentage) == "77.60"


def test_a_city_cannot_be_named_for_ntm_only_for_completed(client, province_staff, plan):
    from units.models import Unit

    client.force_login(province_staff)
    phu_quoc = Unit.objects.get(code="911")
    response = client.post(
        reverse("targets:named_target_create", args=[plan.pk]),
        {"unit": phu_quoc.pk, "standard": "ntm", "year": 2025},
    )
    assert response.status_code == 200
    assert "là thành phố" in response.content.decode()


def test_plan_form_keeps_input_and_explains_a_bad_date(client, province_staff):
    client.force_login(province_staff)
    response = client.post(
        reverse("targets:plan_create"),
        {
            "number": "200/KH-UBND",
            "title": "Kế hoạch mới",
            "issuer": "UBND tỉnh",
            "issued_on": "31/02/2026",
            "signer": "A",
            "baseline_year": 2025,
            "start_year": 2026,
            "end_year": 2030,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhập một ngày hợp lệ." in page
    assert 'value="200/KH-UBND"' in page
