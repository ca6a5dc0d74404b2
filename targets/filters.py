"""Filters of every list in `targets`, shared by the pages and their Excel exports.

Use them as `CertificationFilter(request.GET, queryset=Certification.objects.for_user(user)).qs`:
the export of a list applies the very same query string as the page.
"""

import django_filters
from django import forms
from django.db.models import Q

from ntm_portal.lib.text import fold
from targets.models import AppraisalRequest, Certification, CommuneStatus, Decision, Standard
from units.models import Unit


class UnitRecordFilter(django_filters.FilterSet):
    """The search box and the district select of a list of records about units.

    `q` finds the unit by name or code as `Unit.search` reads them (without diacritics);
    `district` keeps a district-level unit's own records and those of its communes. A subclass
    names the path to the unit (`unit_path`) and the words of its search box.
    """

    unit_path = "unit"
    search_label = "Tìm"
    search_placeholder = "Tên hoặc mã đơn vị, có dấu hay không dấu"

    q = django_filters.CharFilter(label="Tìm", method="filter_q", widget=forms.TextInput())
    district = django_filters.ModelChoiceFilter(
        label="Đơn vị cấp huyện",
        queryset=Unit.objects.districts().in_vietnamese_order(),
        method="filter_district",
        to_field_name="code",
        empty_label="Tất cả",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["q"].label = self.search_label
        self.filters["q"].extra["widget"] = forms.TextInput(
            attrs={"placeholder": self.search_placeholder}
        )

    def filter_q(self, queryset, name, value):
        return queryset.filter(**{f"{self.unit_path}__in": Unit.objects.search(value)})

    def filter_district(self, queryset, name, value):
        return queryset.filter(
            Q(**{self.unit_path: value}) | Q(**{f"{self.unit_path}__parent": value})
        )


class CertificationFilter(UnitRecordFilter):
    search_placeholder = "Tên, mã đơn vị hoặc số quyết định"

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
        """The unit as `UnitRecordFilter` finds it, or the decision number without diacritics.

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

    def filter_revoked(self, queryset, name, value):
        return queryset.filter(revoked_on__isnull=(value == "no"))


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class StatusFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("met_min"), data.get("met_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "met_max",
                f"Số tiêu chí đạt “đến” ({high}) nhỏ hơn “từ” ({low}); đổi lại hai số.",
            )
        return data


class CommuneRecordFilter(UnitRecordFilter):
    """A list of records about communes: the search box speaks of communes."""

    unit_path = "commune"
    search_label = "Tìm xã"
    search_placeholder = "Tên hoặc mã xã, có dấu hay không dấu"


class CommuneStatusFilter(CommuneRecordFilter):
    """Filters of the commune status list.

    Use it over `CommuneStatus.objects.with_met_count()`: the range of criteria met filters on
    that annotation.
    """

    year = IntegerFilter(label="Năm")
    met_min = IntegerFilter(
        label="Tiêu chí đạt từ", field_name="met_count", lookup_expr="gte", min_value=0
    )
    met_max = IntegerFilter(label="đến", field_name="met_count", lookup_expr="lte", min_value=0)
    next_standard = django_filters.ChoiceFilter(
        label="Chuẩn phấn đấu tiếp theo",
        choices=Standard.choices_of_kind(Unit.Kind.XA),
        empty_label="Tất cả",
    )

    class Meta:
        model = CommuneStatus
        fields = ["q", "district", "year", "met_min", "met_max", "next_standard"]
        form = StatusFilterForm


class AppraisalFilter(CommuneRecordFilter):
    state = django_filters.ChoiceFilter(
        label="Trạng thái", choices=AppraisalRequest.State.choices, empty_label="Tất cả"
    )
    standard = django_filters.ChoiceFilter(
        label="Chuẩn đề nghị",
        choices=Standard.choices_of_kind(Unit.Kind.XA),
        empty_label="Tất cả",
    )

    class Meta:
        model = AppraisalRequest
        fields = ["q", "state", "district", "standard"]
