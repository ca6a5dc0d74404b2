"""Exemplary models and initiatives: a searchable list, records with evidence files."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.generic import ListView

from emulation import exports
from emulation.filters import ExemplarFilter
from emulation.forms import ExemplarForm
from emulation.models import Exemplar, ExemplarFile
from emulation.views.movement import get_movement
from ntm_portal.lib.history import history_rows
from ntm_portal.lib.lists import FilteredListMixin
from ntm_portal.lib.uploads import serve_upload
from units.access import (
    Capability,
    CapabilityRequiredMixin,
    access_of,
    get_scoped_or_403,
    require_capability,
)


class ExemplarListView(CapabilityRequiredMixin, FilteredListMixin, ListView):
    model = Exemplar
    paginate_by = 30
    template_name = "emulation/exemplar_list.html"
    filterset_class = ExemplarFilter
    export = exports.EXEMPLARS

    def rows(self):
        return (
            Exemplar.objects.for_user(self.request.user)
            .filter(movement=get_movement(self.request))
            .select_related("content_area", "participant__unit")
            .order_by("-year", "title", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_record"] = access_of(self.request.user).can(Capability.RECORD_EXEMPLAR)
        return context


def exemplar_detail(request, pk):
    exemplar = get_scoped_or_403(Exemplar, request.user, Capability.VIEW, pk=pk)
    can_edit = (
        Exemplar.objects.for_user(request.user, Capability.RECORD_EXEMPLAR)
        .filter(pk=exemplar.pk)
        .exists()
    )
    return render(
        request,
        "emulation/exemplar_detail.html",
        {
            "exemplar": exemplar,
            "files": exemplar.files.all(),
            "can_edit": can_edit,
            "history": history_rows(
                Exemplar.history.filter(id=exemplar.pk),
                ExemplarFile.history.filter(exemplar_id=exemplar.pk),
            ),
        },
    )


def exemplar_form(request, pk=None):
    require_capability(request.user, Capability.RECORD_EXEMPLAR)
    exemplar = None
    if pk:
        exemplar = get_scoped_or_403(Exemplar, request.user, Capability.RECORD_EXEMPLAR, pk=pk)
    form = ExemplarForm(
        request.POST or None,
        request.FILES or None,
        instance=exemplar,
        user=request.user,
        movement=exemplar.movement if exemplar else get_movement(request),
    )
    if request.method == "POST":
        if form.is_valid():
            if exemplar is None:
                form.instance.created_by = request.user
            exemplar = form.save()
            messages.success(request, f"Đã lưu “{exemplar.title}”.")
            return redirect("emulation:exemplar_detail", pk=exemplar.pk)
        text = "Chưa lưu: xem các lỗi được đánh dấu bên dưới."
        if request.FILES:
            text += " Tệp đã chọn chưa được giữ lại, hãy chọn lại tệp."
        messages.error(request, text)
    return render(request, "emulation/exemplar_form.html", {"form": form, "exemplar": exemplar})


def exemplar_file(request, pk):
    """An evidence file, behind the login (never a public media URL)."""
    evidence = get_scoped_or_403(ExemplarFile, request.user, Capability.VIEW, pk=pk)
    if not evidence.file:
        raise Http404("Không có tệp.")
    name = evidence.file.name.rsplit("/", 1)[-1]
    return serve_upload(evidence.file, name)
