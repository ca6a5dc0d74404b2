"""Reference data of the emulation app: the movement of Plan 168 and its content areas."""

import json

from emulation.models import ContentArea, Movement
from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport, ReferenceDataError, upsert
from targets.models import Plan

CONTENT_AREAS_FILE = "content_areas.json"


def load(*, update=False):
    report = LoadReport()
    data = json.loads((FIXTURES_DIR / CONTENT_AREAS_FILE).read_text(encoding="utf-8"))
    plan = Plan.objects.filter(number=data["plan_number"]).first()
    if plan is None:
        raise ReferenceDataError(
            f"{CONTENT_AREAS_FILE}: không có kế hoạch số {data['plan_number']}."
        )
    movement = upsert(Movement, {"plan": plan}, {"name": data["movement"]}, report, update=update)
    for number, title, description in data["content_areas"]:
        upsert(
            ContentArea,
            {"movement": movement, "number": number},
            {"title": title, "description": description},
            report,
            update=update,
        )
    return report
