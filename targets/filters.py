"""Filters of the lists in `targets`, shared by the pages and their Excel exports.

Use them as `CertificationFilter(request.GET, queryset=Certification.objects.for_user(user)).qs`:
the export of a list applies the very same query string as the page.
"""

import django_filters
from django import forms
from django.db.models import Q

from ntm_portal.lib.text import fold
from targets.models import Certification, Decision, Standard
from units.models import Unit


class CertificationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Tìm",
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": "Tên, mã đơn vị hoặc số quyết định"}),
    )
    district = django_filters.ModelChoiceFilter(
        label="Đơn vị cấp huyện",
        queryset=Unit.objects.districts().in_vietnamese_order(),
        method="filter_district",
        to_field_name="code",
        empty_label="Tất cả",
    )
    level = django_filters.ChoiceFilter(
        label="Cấp",
        field_name="unit__level",
        choices=[(Unit.Level.COMMUNE, "Xã"), (Unit.Level.DISTRICT, "Cấp huyện")],
        empty_label="Tất cả",
    )
    standard = django_filters.ChoiceFilter(
        label="Chuẩn", choices=Standard.choices, empty_label="Tất cả"
    )
    standard_year = django_filters.NumberFilter(label="Năm đạt chuẩn")
    decision_year = django_filters.NumberFilter(label="Năm quyết định", field_name="decision__year")
    revoked = django_filters.ChoiceFilter(
        label="Thu hồi",
        choices=[("no", "Còn hiệu lực"), ("yes", "Đã thu hồi")],
        method="filter_revoked",
        empty_label="Tất cả",
    )

    class Meta:
        model = Certification
        fields = ["q", "district", "level", "standard", "standard_year", "decision_year", "revoked"]

    def filter_q(self, queryset, name, value):
        """Unit name or code as `Unit.search` reads them, or the decision number without diacritics.

        "669/qd-ttg" finds 669/QĐ-TTg; decisions are few, so their numbers are folded here.
        """
        phrase = fold(value)
        if not phrase:
            return queryset
        decision_ids = [
            pk
            for pk, number in Decision.objects.order_by().values_list("pk", "number")
            if phrase in fold(number)
        ]
        return queryset.filter(
            Q(unit__in=Unit.objects.search(value)) | Q(decision__in=decision_ids)
        )

    def filter_district(self, queryset, name, value):
        return queryset.filter(Q(unit=value) | Q(unit__parent=value))

    def filter_revoked(self, queryset, name, value):
        return queryset.filter(revoked_on__isnull=(value == "no"))
