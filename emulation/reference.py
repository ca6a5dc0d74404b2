"""Reference data of the emulation app: the movement of Plan 168, its content areas, its phases
with their deadlines, and the default scoring table of each phase.

A phase's scoring table is loaded only while the phase has none: staff shape each covenant on the
portal (adding, removing, changing points), and a later run must not bring back lines they removed.
"""

import datetime
import json
from decimal import Decimal

from emulation.models import ContentArea, Movement, Phase, ScoringCriterion
from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport, ReferenceDataError, upsert
from targets.models import Plan

CONTENT_AREAS_FILE = "content_areas.json"
MOVEMENT_FILE = "movement_168.json"


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
    load_phases(movement, report, update=update)
    return report


def load_phases(movement, report, *, update):
    data = json.loads((FIXTURES_DIR / MOVEMENT_FILE).read_text(encoding="utf-8"))
    areas = {area.number: area for area in movement.content_areas.all()}
    for kind, year, registration, assessment in data["phases"]:
        phase = upsert(
            Phase,
            {"movement": movement, "kind": kind, "year": year},
            {
                "registration_deadline": datetime.date.fromisoformat(registration),
                "assessment_deadline": datetime.date.fromisoformat(assessment),
            },
            report,
            update=update,
        )
        if phase.criteria.exists():
            continue
        for position, (area_number, code, title, max_points) in enumerate(
            data["scoring_table"], start=1
        ):
            if area_number not in areas:
                raise ReferenceDataError(
                    f"{MOVEMENT_FILE}: tiêu chí {code} thuộc nội dung thi đua số {area_number} "
                    "chưa có."
                )
            ScoringCriterion.objects.create(
                phase=phase,
                content_area=areas[area_number],
                code=code,
                title=title,
                max_points=Decimal(str(max_points)),
                position=position,
            )
            report.created += 1
