"""The public list of recognised units ("công khai, minh bạch"), switched on by
settings.NTM_PUBLIC_PAGE. It needs no login, shows only what recognition decisions already
publish, and is throttled per IP address so that it cannot be used to load the server."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from targets.models import Certification
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
    certifications = Certification.objects.select_related(
        "unit", "unit__parent", "decision"
    ).order_by("unit__sort_key", "unit__code", "standard_year", "decision__issued_on", "pk")
    districts = [c for c in certifications if c.unit.level == Unit.Level.DISTRICT]
    communes = [c for c in certifications if c.unit.level == Unit.Level.COMMUNE]
    return render(
        request,
        "targets/public_recognitions.html",
        {
            "district_certifications": districts,
            "commune_certifications": communes,
            "revoked_count": sum(1 for c in certifications if c.is_revoked),
        },
    )
