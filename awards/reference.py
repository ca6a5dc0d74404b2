"""Reference data of the awards app: the kinds of titles and forms, the prerequisites the law
sets, the cash multiples and the base salary, from fixtures/award_kinds.json."""

import datetime
import decimal
import json

from awards import legal_bases
from awards.models import AwardAmount, AwardKind, BaseSalary, Prerequisite
from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport, upsert

AWARD_KINDS_FILE = "award_kinds.json"


def load(*, update=False):
    report = LoadReport()
    data = json.loads((FIXTURES_DIR / AWARD_KINDS_FILE).read_text(encoding="utf-8"))
    kinds = {}
    for item in data["award_kinds"]:
        recipients = set(item["recipients"])
        kinds[item["code"]] = upsert(
            AwardKind,
            {"code": item["code"]},
            {
                "name": item["name"],
                "category": item["category"],
                "level": item["level"],
                "decided_by": item["decided_by"],
                "proposed_by": item.get("proposed_by", AwardKind.Proposer.DISTRICT),
                "for_collectives": "collectives" in recipients,
                "for_individuals": "individuals" in recipients,
                "for_households": "households" in recipients,
                "legal_basis": data["source"],
                "certificate_heading": item.get("certificate_heading", ""),
            },
            report,
            update=update,
        )
    for item in data.get("prerequisites", []):
        upsert(
            Prerequisite,
            {"kind": kinds[item["kind"]], "article": item["article"]},
            {
                "required_kind": kinds.get(item.get("required_kind")),
                "consecutive_times": item.get("consecutive_times"),
                "min_interval_years": item.get("min_interval_years"),
                "note": item.get("note", ""),
            },
            report,
            update=update,
        )
    for item in data.get("amounts", []):
        upsert(
            AwardAmount,
            {
                "kind": kinds[item["kind"]],
                "recipient_type": item["recipient_type"],
                "valid_from": datetime.date.fromisoformat(item["valid_from"]),
            },
            {
                "multiple": decimal.Decimal(item["multiple"]),
                "article": item["article"],
                "valid_until": (
                    datetime.date.fromisoformat(item["valid_until"])
                    if item.get("valid_until")
                    else None
                ),
            },
            report,
            update=update,
        )
    for item in data.get("base_salaries", []):
        upsert(
            BaseSalary,
            {"valid_from": datetime.date.fromisoformat(item["valid_from"])},
            {"amount": item["amount"], "legal_basis": item["legal_basis"]},
            report,
            update=update,
        )
    # The "Căn cứ" lines are read from their file by the documents; checked here so a broken
    # line stops the load (awards/legal_bases.py).
    legal_bases.read()
    return report
