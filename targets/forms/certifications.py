import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from ntm_portal.lib.concurrency import VersionedFormMixin
from ntm_portal.lib.forms import add_errors, message_dict
from ntm_portal.lib.text import fold, nfc
from ntm_portal.lib.uploads import FileContent
from targets.models import Certification, Decision, Issuer, Standard
from targets.services import decision_for, record_recognition
from units.models import Unit


class GroupedUnitIterator(ModelChoiceIterator):
    """The units as <optgroup>s: district-level units, then one group per district."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        valid_on = getattr(self.field, "valid_on", None)
        groups = {}
        for unit in self.queryset:
            if valid_on is not None and not unit.is_valid_on(valid_on):
                continue
            group = "Cấp huyện" if unit.is_district or not unit.parent_id else unit.parent.full_name
            groups.setdefault(group, []).append(self.choice(unit))
        yield from groups.items()


class UnitSelect(forms.Select):
    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        if unit is not None:
            option["attrs"]["data-search"] = fold(label)
            option["attrs"]["data-valid-from"] = (
                f"{unit.valid_from:%Y-%m-%d}" if unit.valid_from else ""
            )
            option["attrs"]["data-valid-to"] = f"{unit.valid_to:%Y-%m-%d}" if unit.valid_to else ""
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-unit-picker"] = ""
        return context


DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
FILE_NOT_KEPT = (
    "Trình duyệt không giữ lại tệp đã chọn khi trang báo lỗi: hãy chọn lại tệp PDF trước khi lưu."
)


def recognisable_units():
    """District-level units and communes that can be recognised, districts first."""
    return (
        Unit.objects.filter(
            level__in=[Unit.Level.DISTRICT, Unit.Level.COMMUNE],
            kind__in=[kind for kind in Unit.Kind if Standard.of_kind(kind)],
        )
        .select_related("parent")
        .order_by("-level", "sort_key", "code")
    )


def ceased_message(unit, day):
    """Why `unit` cannot be recognised by a decision of `day`, or None when it can.

    A unit that ceased to exist (the reorganisation of 01/07/2025 ended every district and
    commune of Kiên Giang, Resolution 202/2025/QH15) names its successor when the register knows
    one (Unit.successors), otherwise the day it ceased.
    """
    if unit.is_valid_on(day):
        return None
    if unit.valid_from and day < unit.valid_from:
        return (
            f"{unit.full_name} chỉ tồn tại từ {unit.valid_from:%d/%m/%Y}, "
            f"không thể được công nhận bằng quyết định ngày {day:%d/%m/%Y}."
        )
    successors = list(unit.successors.order_by("code"))
    if successors:
        names = ", ".join(f"{s.full_name} ({s.code})" for s in successors)
        return (
            f"{unit.full_name} đã sáp nhập vào {names} từ "
            f"{unit.valid_to + datetime.timedelta(days=1):%d/%m/%Y}: quyết định ngày "
            f"{day:%d/%m/%Y} phải ghi đơn vị mới."
        )
    return (
        f"{unit.full_name}: đơn vị đã thôi tồn tại từ "
        f"{unit.valid_to + datetime.timedelta(days=1):%d/%m/%Y}, không thể được công nhận "
        f"bằng quyết định ngày {day:%d/%m/%Y}."
    )


class UnitChoiceField(forms.ModelChoiceField):
    """Units grouped by district (<optgroup>), each option carrying its validity and a name
    without diacritics for static/js/unit_picker.js; `valid_on` hides units not valid then."""

    widget = UnitSelect
    iterator = GroupedUnitIterator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.valid_on = None

    def label_from_instance(self, unit):
        if unit.is_commune and unit.parent_id:
            return f"{unit.full_name} ({unit.code}) – {unit.parent.full_name}"
        return f"{unit.full_name} ({unit.code})"


def default_issuer(units):
    """Districts are recognised by the Prime Minister, communes by the provincial Chairman."""
    levels = {unit.level for unit in units}
    if levels == {Unit.Level.DISTRICT}:
        return Issuer.PRIME_MINISTER
    if levels == {Unit.Level.COMMUNE}:
        return Issuer.PROVINCE_CHAIRMAN
    return None


class DecisionForm(forms.Form):
    """A new decision's details; `decision_for` finds it again or creates it, under its rules."""

    number, issued_on, issuer, signer, document, notes = forms.fields_for_model(
        Decision,
        fields=["number", "issued_on", "issuer", "signer", "document", "notes"],
        widgets={
            "issued_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 2}),
            "document": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        },
    ).values()
    document.validators = [FileContent(["pdf"], "Tệp quyết định")]

    def __init__(self, *args, default_issuer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_issuer = default_issuer
        issuer = self.fields["issuer"]
        issuer.required = False
        issuer.choices = [
            ("", "Theo cấp đơn vị (Thủ tướng: cấp huyện; Chủ tịch UBND tỉnh: xã)"),
            *Issuer.choices,
        ]
        self.fields["number"].widget.attrs["placeholder"] = "669/QĐ-TTg, 1007/QĐ-UBND"
        self.fields[
            "document"
        ].help_text = f"Bản scan dạng PDF, tối đa {settings.NTM_MAX_UPLOAD_MB} MB."

    def clean_number(self):
        return nfc(self.cleaned_data["number"])

    def clean_issuer(self):
        issuer = self.cleaned_data.get("issuer") or self.default_issuer
        if not issuer:
            raise ValidationError(
                "Hãy chọn cấp quyết định: không suy ra được từ các đơn vị đã chọn "
                "(có cả xã và đơn vị cấp huyện, hoặc chưa chọn đơn vị nào)."
            )
        return issuer


class DecisionPickForm(forms.Form):
    existing = forms.ModelChoiceField(
        label="Quyết định đã có",
        queryset=Decision.objects.order_by("-issued_on", "number"),
        required=False,
        empty_label="— Quyết định mới (nhập bên dưới) —",
        help_text="Chọn khi thêm đơn vị vào một quyết định đã ghi nhận; khi đó bỏ qua phần quyết định mới.",
    )
    source = forms.CharField(
        label="Nguồn, khi chưa có số và ngày quyết định",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Để trống phần quyết định mới và ghi báo cáo hoặc văn bản cho biết việc công "
        "nhận (ví dụ: Báo cáo 25/BC-UBND ngày 10/01/2021 của UBND tỉnh). Công nhận được đánh dấu "
        "“thiếu số/ngày quyết định” cho đến khi bổ sung ở trang sửa.",
    )
    confirmed = forms.BooleanField(
        label="Xác nhận ghi công nhận đơn vị cấp huyện dù sổ công nhận còn xã chưa đạt chuẩn NTM",
        required=False,
        help_text="QĐ 320/QĐ-TTg yêu cầu tất cả các xã đạt chuẩn; chỉ đánh dấu khi quyết định "
        "đúng như vậy. Công nhận sẽ mang cảnh báo.",
    )


class CertificationRowForm(forms.Form):
    unit = UnitChoiceField(
        label="Đơn vị", queryset=recognisable_units(), empty_label="— chọn đơn vị —"
    )
    # An empty first choice, so that a row left blank is sent blank and skipped.
    standard = forms.ChoiceField(label="Chuẩn", choices=[("", "—"), *Standard.choices])
    standard_year = forms.IntegerField(
        label="Năm đạt chuẩn",
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="Để trống khi quyết định không ghi năm đạt chuẩn.",
    )


CertificationRowFormSet = forms.formset_factory(
    CertificationRowForm, extra=3, min_num=1, validate_min=True
)


class RecordCertificationsForm:
    """A decision, new or already recorded, with the units it recognises, saved all or nothing."""

    def __init__(self, data=None, files=None, *, decision=None, unit=None):
        self.pick_form = DecisionPickForm(data, initial={"existing": decision})
        initial_rows = [{"unit": unit}] if unit is not None else None
        self.rows = CertificationRowFormSet(data, prefix="rows", initial=initial_rows)
        self.decision_form = DecisionForm(data, files, prefix="decision")
        self.decision = None
        if decision is not None and decision.issued_on:
            self.offer_units_valid_on(decision.issued_on)

    def offer_units_valid_on(self, day):
        """Offer on every row only the units that exist on the decision's date."""
        for form in self.rows.forms:
            form.fields["unit"].valid_on = day

    def decision_day(self):
        """The date of the decision picked or typed, when known."""
        if self.decision:
            return self.decision.issued_on
        typed = self.decision_form.add_prefix("issued_on")
        try:
            return self.decision_form.fields["issued_on"].clean(self.decision_form.data.get(typed))
        except ValidationError:
            return None

    def units_exist(self):
        """Each filled row's unit exists on the decision's date; a row naming a unit that ceased
        (or did not exist yet) is refused, naming its successor when the register knows one."""
        day = self.decision_day()
        if day is None or day > timezone.localdate():
            # No date yet, or one the decision form refuses as in the future: its message first.
            return True
        self.offer_units_valid_on(day)
        refused = False
        for number, form in enumerate(self.rows.forms, start=1):
            unit = getattr(form, "cleaned_data", {}).get("unit")
            message = unit and ceased_message(unit, day)
            if message:
                form.add_error("unit", f"Dòng {number}: {message}")
                refused = True
        return not refused

    def known_from_source(self):
        """No decision picked or typed, and a source given: recognitions without a decision."""
        typed = [
            self.decision_form.data.get(self.decision_form.add_prefix(name), "").strip()
            for name in ("number", "issued_on")
        ]
        return bool(self.pick_form.cleaned_data.get("source", "").strip()) and not any(typed)

    def filled_rows(self):
        """(row number as shown, cleaned data) of the rows the user filled in."""
        return [
            (number, form.cleaned_data)
            for number, form in enumerate(self.rows.forms, start=1)
            if form.cleaned_data
        ]

    def is_valid(self):
        picked = self.pick_form.is_valid()
        rows = self.rows.is_valid()
        self.decision = picked and self.pick_form.cleaned_data["existing"]
        rows = self.units_exist() and rows
        if self.decision or (picked and self.known_from_source()):
            return rows
        units = [
            form.cleaned_data["unit"]
            for form in self.rows.forms
            if getattr(form, "cleaned_data", {}).get("unit")
        ]
        self.decision_form.default_issuer = default_issuer(units)
        return self.decision_form.is_valid() and picked and rows

    @transaction.atomic
    def save(self, *, by):
        """The decision (found or created) and its certifications, through the one recording
        path (targets/services.py); a ValidationError leaves nothing written.

        Lower standards are saved first, so that NTM and advanced for one commune can be recorded
        in the same decision.
        """
        decision = self.decision
        source = ""
        if not decision and self.known_from_source():
            decision, source = None, self.pick_form.cleaned_data["source"]
        elif not decision:
            data = self.decision_form.cleaned_data
            try:
                decision = decision_for(
                    number=data["number"],
                    issued_on=data["issued_on"],
                    issuer=data["issuer"],
                    signer=data["signer"],
                    notes=data["notes"],
                    document=data["document"],
                    by=by,
                )
            except ValidationError as error:
                add_errors(self.decision_form, error)
                raise
        rows = sorted(self.filled_rows(), key=lambda row: Standard(row[1]["standard"]).rank)
        confirmed = self.pick_form.cleaned_data["confirmed"]
        refused = False
        certifications = []
        for number, data in rows:
            try:
                certifications.append(
                    record_recognition(
                        decision=decision,
                        unit=data["unit"],
                        standard=data["standard"],
                        standard_year=data["standard_year"],
                        source=source,
                        confirmed=confirmed,
                        by=by,
                    )
                )
            except ValidationError as error:
                refused = True
                for field, messages in message_dict(error).items():
                    for message in messages:
                        if field == "confirmed":
                            self.pick_form.add_error("confirmed", f"Dòng {number}: {message}")
                        else:
                            self.rows.forms[number - 1].add_error(None, f"Dòng {number}: {message}")
        if refused:
            if not self.decision and decision is not None and decision.document:
                decision.document.delete(save=False)
            raise ValidationError("Có dòng công nhận không hợp lệ.")
        return decision, certifications


class CertificationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["decision", "source", "unit", "standard", "standard_year", "notes"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 2}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = recognisable_units()
        self.fields["unit"].empty_label = "— chọn đơn vị —"
        self.fields["decision"].queryset = Decision.objects.order_by("-issued_on", "number")
        self.fields["decision"].empty_label = "— chọn quyết định —"

    def _get_validation_exclusions(self):
        # "One active recognition per unit and standard" depends on revoked_on, which is not on
        # this form; left excluded, Django skips the constraint and the database answers instead.
        return super()._get_validation_exclusions() - {"revoked_on", "revocation_number"}


class RevocationForm(VersionedFormMixin, forms.Form):
    revocation_number = forms.CharField(
        label="Số quyết định thu hồi",
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "1520/QĐ-UBND"}),
    )
    revoked_on = forms.DateField(label="Ngày thu hồi", widget=DATE_WIDGET)
    revocation_reason = forms.CharField(
        label="Lý do thu hồi", widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_revocation_number(self):
        return nfc(self.cleaned_data["revocation_number"])

    def revoke(self, certification, *, by):
        """Revoke through the model; its refusals land on this form. True when revoked."""
        try:
            certification.revoke(
                number=self.cleaned_data["revocation_number"],
                on=self.cleaned_data["revoked_on"],
                reason=self.cleaned_data["revocation_reason"],
                by=by,
            )
        except ValidationError as error:
            add_errors(self, error)
            return False
        return True


class ReconciliationForm(VersionedFormMixin, forms.Form):
    """Staff's “đã đối chiếu đủ đến năm …” for the province or a district-level unit.

    It writes a scope's one reconciliation, new or already there: the form carries the version of
    all of them (a handful, one per scope), so a declaration made on a page opened before
    someone else's for the same scope is refused with theirs instead of overwriting it."""

    scope = forms.ModelChoiceField(
        label="Địa bàn",
        queryset=Unit.objects.none(),
        empty_label="— chọn địa bàn —",
    )
    up_to_year = forms.IntegerField(
        label="Đã đối chiếu đủ đến năm",
        min_value=2000,
        max_value=2100,
        help_text="Sổ công nhận của địa bàn đã được đối chiếu với hồ sơ lưu trữ, đủ mọi công "
        "nhận đến hết năm này. Một công nhận mới thuộc năm đã đối chiếu sẽ hủy việc đối chiếu "
        "từ năm đó (có cảnh báo).",
    )
    note = forms.CharField(
        label="Ghi chú (đối chiếu với hồ sơ nào)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = Unit.objects.filter(
            level__in=[Unit.Level.PROVINCE, Unit.Level.DISTRICT]
        ).order_by("level", "sort_key", "code")
        self.fields["scope"].label_from_instance = lambda unit: f"{unit.full_name} ({unit.code})"

    def _records(self):
        from targets.models import Reconciliation

        return list(Reconciliation.objects.order_by("pk"))

    def version_histories(self):
        from targets.models import Reconciliation

        return [Reconciliation.history.all()]
