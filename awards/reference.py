"""Reference data of the awards app: the kinds of titles and commendation forms."""

import json

from awards.models import AwardKind
from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport, upsert

AWARD_KINDS_FILE = "award_kinds.json"


def load(*, update=False):
    report = LoadReport()
    data = json.loads((FIXTURES_DIR / AWARD_KINDS_FILE).read_text(encoding="utf-8"))
    for item in data["award_kinds"]:
        recipients = set(item["recipients"])
        upsert(
            AwardKind,
            {"code": item["code"]},
            {
                "name": item["name"],
                "category": item["category"],
                "level": item["level"],
                "decided_by": item["decided_by"],
                "for_collectives": "collectives" in recipients,
                "for_individuals": "individuals" in recipients,
                "for_households": "households" in recipients,
                "legal_basis": data["source"],
            },
            report,
            update=update,
        )
    return report
