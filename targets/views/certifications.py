"""The register of recognition decisions: record, correct, revoke and read certifications."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView, UpdateView
from django.views.generic.list import MultipleObjectMixin

from ntm_portal.lib.concurrency import OptimisticLockViewMixin
from ntm_portal.lib.dataio.export import ExportListMixin
from ntm_portal.lib.history import history_rows
from ntm_portal.lib.uploads import serve_upload
from targets.filters import CertificationFilter
from targets.forms.certifications import (
    FILE_NOT_KEPT,
    CertificationForm,
    RecordCertificationsForm,
    RevocationForm,
)
from targets.forms.decisions import DecisionEditForm
from targets.imports.exports import CERTIFICATIONS
from targets.models import Certification, Decision
from targets.models.commune_status import criteria_summary
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    ScopedObjectMixin,
    access_of,
    get_scoped_or_403,
    require_capability,
)
from units.models import Unit


class CertificationListView(CapabilityRequiredMixin, ExportListMixin, ListView):
    model = Certification
    paginate_by = 50
    export = CERTIFICATIONS

    def get_queryset(self):
        certifications = (
            Certification.objects.for_user(self.request.user)
            .select_related("decision", "unit__parent")
            .order_by("-decision__issued_on", "unit__sort_key", "unit__code", "pk")
        )
        self.filter = CertificationFilter(self.request.GET or None, queryset=certifications)
        return self.filter.qs

    def _page(self):
        """The page of rows, with each commune's criteria met: computed on first use."""
        if not hasattr(self, "_page_parts"):
            paginator, page, rows, is_paginated = self.paginate_queryset(
                self.object_list, self.get_paginate_by(self.object_list)
            )
            rows = list(rows)
            summary = criteria_summary(
                certification.unit_id for certification in rows if certification.unit.is_commune
            )
            for certification in rows:
                certification.criteria = summary.get(certification.unit_id)
            self._page_parts = {
                "paginator": paginator,
                "page_obj": page,
                "is_paginated": is_paginated,
                "object_list": rows,
            }
        return self._page_parts

    def get_context_data(self, **kwargs):
        # The table is a fragment cached until the data changes (the template): the count, the
        # page's rows and their criteria are only queried when the fragment is rendered, not on
        # every request that reads it from the cache.
        context = {
            name: SimpleLazyObject(lambda name=name: self._page()[name])
            for name in ("paginator", "page_obj", "is_paginated", "object_list")
        }
        context["certification_list"] = context["object_list"]
        context.update(kwargs)
        # What MultipleObjectMixin would add, without paginating now.
        context = super(MultipleObjectMixin, self).get_context_data(**context)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter"] = self.filter
        context["export_url"] = f"{reverse('targets:certification_export')}?{query.urlencode()}"
        return context


class CertificationDetailView(ScopedObjectMixin, DetailView):
    model = Certification

    def get_queryset(self):
        return Certification.objects.select_related(
            "decision", "unit__parent__parent", "created_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(detail_context(self.request, self.object))
        if not self.object.is_revoked:
            self.object.lower_on_register = self.object.has_lower_on_register()
        return context


def detail_context(request, certification):
    return {
        "breadcrumbs": [*certification.unit.ancestors(), certification.unit],
        "history": history_rows(Certification.history.filter(id=certification.pk)),
        "can_record": access_of(request.user).can(Capability.RECORD_CERTIFICATION),
    }


def certification_create(request):
    """One decision, new or already recorded, and the units it recognises."""
    require_capability(request.user, Capability.RECORD_CERTIFICATION)
    decision = unit = None
    if request.GET.get("decision", "").isdigit():
        decision = Decision.objects.filter(pk=request.GET["decision"]).first()
    if request.GET.get("unit", "").isdigit():
        unit = Unit.objects.filter(pk=request.GET["unit"]).first()
    form = RecordCertificationsForm(
        request.POST or None, request.FILES or None, decision=decision, unit=unit
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                decision, certifications = form.save(by=request.user)
            except ValidationError:
                pass
            except IntegrityError:
                # Another person recorded the same unit and standard between check and save.
                form.decision_form.add_error(
                    None,
                    "Dữ liệu vừa được người khác thay đổi (cùng đơn vị và chuẩn, hoặc cùng số quyết định); hãy kiểm tra lại rồi lưu.",
                )
            else:
                names = ", ".join(str(c.unit) for c in certifications)
                for certification in certifications:
                    if certification.warning:
                        messages.warning(request, f"Cảnh báo: {certification.warning}")
                    for notice in certification.notices:
                        messages.warning(request, f"Cần bổ sung: {notice}")
                if decision is None:
                    messages.success(
                        request,
                        f"Đã ghi nhận theo nguồn, thiếu số/ngày quyết định: {names}.",
                    )
                    return redirect("targets:certification_detail", pk=certifications[0].pk)
                messages.success(request, f"Đã ghi nhận quyết định {decision}: {names}.")
                return redirect("targets:decision_detail", pk=decision.pk)
        error = "Chưa lưu gì: có thông tin chưa hợp lệ, xem các ô được đánh dấu bên dưới."
        if request.FILES:
            error = f"{error} {FILE_NOT_KEPT}"
        messages.error(request, error)
    return render(request, "targets/certification_form.html", {"form": form})


class SaveWithMessagesMixin:
    """An edit page's save: in one transaction, a race answered on the form, and a message."""

    saved_message = ""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                response = super().form_valid(form)
        except IntegrityError:
            form.add_error(None, "Dữ liệu vừa được người khác thay đổi; hãy tải lại trang rồi sửa.")
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message.format(object=self.object))
        return response

    def form_invalid(self, form):
        messages.error(self.request, "Chưa lưu: xem các lỗi được đánh dấu bên dưới.")
        return super().form_invalid(form)


class CertificationUpdateView(
    SaveWithMessagesMixin, OptimisticLockViewMixin, ScopedObjectMixin, UpdateView
):
    model = Certification
    form_class = CertificationForm
    capability = Capability.RECORD_CERTIFICATION
    template_name = "targets/certification_update.html"

    def get_queryset(self):
        return Certification.objects.select_related("decision", "unit__parent__parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [*self.object.unit.ancestors(), self.object.unit]
        return context

    saved_message = "Đã lưu công nhận: {object}."

    def get_success_url(self):
        return reverse("targets:certification_detail", args=[self.object.pk])


def certification_revoke(request, pk):
    """A page of its own that says what a revocation changes, with the revocation's details;
    nothing changes until they are sent."""
    certification = get_scoped_or_403(
        Certification, request.user, Capability.RECORD_CERTIFICATION, pk=pk
    )
    if certification.is_revoked and request.method != "POST":
        messages.info(
            request, f"Công nhận này đã bị thu hồi ngày {certification.revoked_on:%d/%m/%Y}."
        )
        return redirect("targets:certification_detail", pk=certification.pk)
    was_revoked = certification.is_revoked
    form = RevocationForm(request.POST or None, version_records=[certification])
    if request.method == "POST":
        if form.is_valid() and form.revoke(certification, by=request.user):
            messages.success(
                request,
                f"Đã thu hồi công nhận {certification} theo quyết định {certification.revocation_number}.",
            )
            return redirect("targets:certification_detail", pk=certification.pk)
        messages.error(request, "Chưa thu hồi: xem các lỗi được đánh dấu bên dưới.")
    return render(
        request,
        "targets/certification_revoke.html",
        {
            "certification": certification,
            "revocation_form": form,
            "was_revoked": was_revoked,
            "dependants": list(certification.dependants().select_related("decision")),
            "breadcrumbs": [*certification.unit.ancestors(), certification.unit],
        },
    )


class DecisionUpdateView(
    SaveWithMessagesMixin, OptimisticLockViewMixin, ScopedObjectMixin, UpdateView
):
    """Correct a recorded decision or give it its scan later, under the rules of recording."""

    model = Decision
    form_class = DecisionEditForm
    capability = Capability.RECORD_CERTIFICATION
    template_name = "targets/decision_update.html"

    saved_message = "Đã lưu quyết định {object}."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The form's instance holds what was typed; the page names the decision as stored.
        context["stored"] = Decision.objects.get(pk=self.object.pk)
        context["history"] = history_rows(Decision.history.filter(id=self.object.pk))
        return context

    def get_success_url(self):
        return reverse("targets:decision_detail", args=[self.object.pk])


class DecisionDetailView(ScopedObjectMixin, DetailView):
    model = Decision

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certifications"] = self.object.certifications.select_related(
            "unit__parent"
        ).order_by("unit__level", "unit__sort_key", "unit__code", "pk")
        context["history"] = history_rows(Decision.history.filter(id=self.object.pk))
        return context


def decision_document(request, pk):
    """The scanned decision, for signed-in users who may read the decision."""
    decision = get_scoped_or_403(Decision, request.user, Capability.VIEW, pk=pk)
    if not decision.document:
        raise Http404("Quyết định này chưa có bản scan.")
    return serve_upload(decision.document, f"{decision.number.replace('/', '-')}.pdf")


def unit_certifications_section(request, unit):
    """The unit page's section: its recognitions, active and revoked, with their decisions."""
    certifications = (
        Certification.objects.for_user(request.user)
        .filter(unit=unit)
        .select_related("decision")
        .order_by("decision__issued_on", "pk")
    )
    return render_to_string(
        "targets/_unit_certifications.html",
        {
            "unit": unit,
            "certifications": certifications,
            "can_record": access_of(request.user).can(Capability.RECORD_CERTIFICATION),
        },
        request=request,
    )
