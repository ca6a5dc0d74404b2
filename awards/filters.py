import django_filters

from awards.models import AwardKind, Nomination, Nominee, RecipientType
from units.models import Unit


def category_filter():
    return django_filters.ChoiceFilter(
        field_name="kind__category",
        choices=AwardKind.Category.choices,
        label="Loại",
        empty_label="Danh hiệu và hình thức",
    )


def kind_filter():
    return django_filters.ModelChoiceFilter(
        queryset=AwardKind.objects.all(), label="Danh hiệu / hình thức", empty_label="Tất cả"
    )


class NomineeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Tìm theo tên")
    nominee_type = django_filters.ChoiceFilter(
        choices=RecipientType.choices, label="Đối tượng", empty_label="Tất cả"
    )
    district = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.districts().in_vietnamese_order(),
        label="Đơn vị cấp huyện",
        empty_label="Tất cả",
    )
    merged = django_filters.ChoiceFilter(
        choices=[("yes", "Chỉ hồ sơ đã gộp")],
        method="filter_merged",
        label="Hồ sơ đã gộp",
        empty_label="Không hiện",
    )

    class Meta:
        model = Nominee
        fields = ["q", "nominee_type", "district"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_merged(self, queryset, name, value):
        return queryset.filter(merged_into__isnull=False) if value == "yes" else queryset

    @property
    def qs(self):
        queryset = super().qs
        merged = self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("merged")
        if not merged:
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset


class AwardRecordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Tìm theo tên người, tập thể")
    category = category_filter()
    kind = kind_filter()
    year = django_filters.NumberFilter(label="Năm")
    district = django_filters.ModelChoiceFilter(
        field_name="nominee__district",
        queryset=Unit.objects.districts().in_vietnamese_order(),
        label="Đơn vị cấp huyện",
        empty_label="Tất cả",
    )
    nominee_type = django_filters.ChoiceFilter(
        field_name="nominee__nominee_type",
        choices=RecipientType.choices,
        label="Đối tượng",
        empty_label="Tất cả",
    )

    def search(self, queryset, name, value):
        from ntm_portal.lib.text import fold

        return queryset.filter(nominee__search_key__contains=fold(value))


class NominationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Tìm theo tên")
    state = django_filters.ChoiceFilter(
        choices=Nomination.State.choices, label="Trạng thái", empty_label="Tất cả"
    )
    category = category_filter()
    kind = kind_filter()
    district = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.districts().in_vietnamese_order(),
        label="Đơn vị cấp huyện",
        empty_label="Tất cả",
    )

    class Meta:
        model = Nomination
        fields = ["q", "state", "category", "kind", "district"]

    def search(self, queryset, name, value):
        from ntm_portal.lib.text import fold

        return queryset.filter(nominee__search_key__contains=fold(value))
