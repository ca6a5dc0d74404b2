"""The public list of recognised units ("công khai, minh bạch"), switched on by
settings.NTM_PUBLIC_PAGE. It needs no login, shows only what recognition decisions already
publish, and is throttled per IP address so that it cannot be used to load the server."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from targets.forms.public import PublicSearchForm
from targets.models import Certification, Standard
from units.models import Unit

PUBLIC_RATE = "60/m"


@login_not_required
@ratelimit(key="ip", rate=PUBLIC_RATE, block=False)
def public_recognitions(request):
    if not settings.NTM_PUBLIC_PAGE:
        raise Http404("Trang công khai chưa được bật.")
    if request.limited:
        return render(
            request,
            "targets/public_recognitions.html",
            {"limited": True},
            status=429,
        )
    form = PublicSearchForm(request.GET or None)
    certifications = form.filter(
        Certification.objects.select_related("unit", "unit__parent", "decision")
    ).order_by("unit__sort_key", "unit__code", "standard_year", "decision__issued_on", "pk")
    certifications = list(certifications)
    districts = [c for c in certifications if c.unit.level == Unit.Level.DISTRICT]
    communes = [c for c in certifications if c.unit.level == Unit.Level.COMMUNE]
    # Totals of what is listed: recognitions still in force, by standard.
    totals = [
        (label, sum(1 for c in certifications if c.standard == value and not c.is_revoked))
        for value, label in Standard.choices
    ]
    return render(
        request,
        "targets/public_recognitions.html",
        {
            "form": form,
            "searched": form.is_bound,
            "district_certifications": districts,
            "commune_certifications": communes,
            "listed_count": len(certifications),
            "totals": [(label, count) for label, count in totals if count],
            "revoked_count": sum(1 for c in certifications if c.is_revoked),
        },
    )
