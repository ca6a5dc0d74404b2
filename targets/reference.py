"""Reference data of the targets app: Plan 168/KH-UBND with its targets, and the criteria sets."""

import datetime
import json
from decimal import Decimal

from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport, ReferenceDataError, upsert
from targets.models import CriteriaSet, Criterion, Indicator, NamedTarget, Plan, YearlyTarget
from units.models import Unit

PLAN_FILES = ["plan_168.json"]
CRITERIA_FILE = "criteria.json"


def _unit(code, source, year):
    """The unit of that code in the plan's first year: codes are reused after 01/07/2025."""
    unit = Unit.objects.by_code(code, year=year)
    if unit is None:
        raise ReferenceDataError(f"{source}: không có đơn vị mã {code}.")
    return unit


def load_plan(data, source, report, *, update):
    plan = upsert(
        Plan,
        {"number": data["number"]},
        {
            "title": data["title"],
            "movement_name": data.get("movement_name", ""),
            "issuer": data["issuer"],
            "issued_on": datetime.date.fromisoformat(data["issued_on"]),
            "signer": data["signer"],
            "signer_title": data.get("signer_title", ""),
            "scope": _unit(data["scope_code"], source, data["start_year"]),
            "baseline_year": data["baseline_year"],
            "start_year": data["start_year"],
            "end_year": data["end_year"],
        },
        report,
        update=update,
    )
    for item in data["indicators"]:
        indicator = upsert(
            Indicator,
            {"plan": plan, "level": item["level"], "standard": item["standard"]},
            {
                "name": item["name"],
                "denominator": item["denominator"],
                "baseline": item["baseline"],
                "stated_period_increment": item["stated_period_increment"],
                "position": item["position"],
            },
            report,
            update=update,
        )
        for year, values in item["years"].items():
            percentage = values["stated_percentage"]
            upsert(
                YearlyTarget,
                {"indicator": indicator, "year": int(year)},
                {
                    "cumulative": values["cumulative"],
                    "stated_increment": values["stated_increment"],
                    "stated_percentage": None if percentage is None else Decimal(percentage),
                },
                report,
                update=update,
            )
    for item in data["named_targets"]:
        upsert(
            NamedTarget,
            {
                "plan": plan,
                "unit": _unit(item["unit_code"], source, plan.start_year),
                "standard": item["standard"],
            },
            {"year": item["year"]},
            report,
            update=update,
        )
    return plan


def load_criteria(data, report, *, update):
    """The criteria sets of `fixtures/criteria.json`, each criterion with its source (decision,
    appendix, item). A criterion is written `[number, group, name]` or as an object with
    `source`; a set without a citable text may have no criteria yet (its `note` says why)."""
    for item in data:
        criteria_set = upsert(
            CriteriaSet,
            {"code": item["code"]},
            {
                "name": item["name"],
                "short_name": item.get("short_name", ""),
                "legal_basis": item["legal_basis"],
                "citation": item.get("citation", ""),
                "verified": item.get("verified", False),
                "note": item.get("note", ""),
                "level": item["level"],
                "standard": item["standard"],
                "version": item["version"],
                "valid_from": datetime.date.fromisoformat(item["valid_from"]),
                "valid_to": item["valid_to"] and datetime.date.fromisoformat(item["valid_to"]),
            },
            report,
            update=update,
        )
        for row in item["criteria"]:
            if isinstance(row, dict):
                number, group, name, source = (
                    row["number"],
                    row["group"],
                    row["name"],
                    row["source"],
                )
            else:
                (number, group, name), source = row, ""
            if str(group) not in item["groups"]:
                raise ReferenceDataError(
                    f"{CRITERIA_FILE}: bộ {item['code']}, tiêu chí {number} thuộc nhóm {group} "
                    "nhưng bộ không có nhóm này."
                )
            upsert(
                Criterion,
                {"criteria_set": criteria_set, "number": number},
                {
                    "name": name,
                    "group_number": group,
                    "group_name": item["groups"][str(group)],
                    "source": source,
                },
                report,
                update=update,
            )


def load(*, update=False):
    report = LoadReport()
    for name in PLAN_FILES:
        load_plan(
            json.loads((FIXTURES_DIR / name).read_text(encoding="utf-8")),
            name,
            report,
            update=update,
        )
    load_criteria(
        json.loads((FIXTURES_DIR / CRITERIA_FILE).read_text(encoding="utf-8")),
        report,
        update=update,
    )
    return report
