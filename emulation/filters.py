"""Filters of the movement's lists, shared by the pages and their Excel exports."""

import django_filters
from django import forms
from django.db.models import Q

from emulation.models import (
    Cluster,
    ContentArea,
    Exemplar,
    Participant,
    Phase,
    Registration,
    Review,
)
from ntm_portal.lib.text import fold
from units.models import Unit


def district_filter():
    return django_filters.ModelChoiceFilter(
        label="Đơn vị cấp huyện",
        queryset=Unit.objects.districts().in_vietnamese_order(),
        method="filter_district",
        to_field_name="code",
        empty_label="Tất cả",
    )


def phase_filter():
    return django_filters.ModelChoiceFilter(
        label="Đợt", queryset=Phase.objects.in_order(), empty_label="Tất cả"
    )


def yes_no_filter(label, field, *, yes, no):
    """Yes, no or all, on a boolean field."""
    return django_filters.ChoiceFilter(
        label=label,
        choices=[("yes", yes), ("no", no)],
        method=lambda queryset, name, value: queryset.filter(**{field: value == "yes"}),
        empty_label="Tất cả",
    )


class DistrictFilterMixin:
    district_path = "participant__unit"

    def filter_district(self, queryset, name, value):
        path = self.district_path
        return queryset.filter(Q(**{path: value}) | Q(**{f"{path}__parent": value}))


class ParticipantFilter(DistrictFilterMixin, django_filters.FilterSet):
    district_path = "unit"
    q = django_filters.CharFilter(
        label="Tìm",
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": "Tên hoặc mã"}),
    )
    kind = django_filters.ChoiceFilter(
        label="Loại", choices=Participant.Kind.choices, empty_label="Tất cả"
    )
    district = district_filter()

    class Meta:
        model = Participant
        fields = ["q", "kind", "district"]

    def filter_q(self, queryset, name, value):
        phrase = fold(value)
        if not phrase:
            return queryset
        return queryset.filter(Q(sort_key__contains=phrase) | Q(code__iexact=value.strip()))


class ClusterFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="Năm")
    kind = django_filters.ChoiceFilter(
        label="Loại", choices=Cluster.Kind.choices, empty_label="Tất cả"
    )

    class Meta:
        model = Cluster
        fields = ["year", "kind"]


class RegistrationFilter(DistrictFilterMixin, django_filters.FilterSet):
    phase = phase_filter()
    state = django_filters.ChoiceFilter(
        label="Trạng thái", choices=Registration.State.choices, empty_label="Tất cả"
    )
    late = yes_no_filter("Sau hạn", "late", yes="Nộp/sửa sau hạn", no="Đúng hạn")
    district = district_filter()

    class Meta:
        model = Registration
        fields = ["phase", "state", "late", "district"]


class ReviewFilter(DistrictFilterMixin, django_filters.FilterSet):
    phase = phase_filter()
    state = django_filters.ChoiceFilter(
        label="Trạng thái", choices=Review.State.choices, empty_label="Tất cả"
    )
    district = district_filter()

    class Meta:
        model = Review
        fields = ["phase", "state", "district"]


class ExemplarFilter(DistrictFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Tìm",
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": "Tên, đơn vị, cá nhân, nội dung"}),
    )
    kind = django_filters.ChoiceFilter(
        label="Loại", choices=Exemplar.Kind.choices, empty_label="Tất cả"
    )
    content_area = django_filters.ModelChoiceFilter(
        label="Nội dung thi đua", queryset=ContentArea.objects.all(), empty_label="Tất cả"
    )
    year = django_filters.NumberFilter(label="Năm")
    spread = yes_no_filter("Nhân rộng", "spread", yes="Đã nhân rộng", no="Chưa nhân rộng")
    district = district_filter()

    class Meta:
        model = Exemplar
        fields = ["q", "kind", "content_area", "year", "spread", "district"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
