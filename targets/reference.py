"""Reference data of the targets app: the criteria sets, then Plan 168/KH-UBND from its plan file
(targets/plan_file.py, the format `manage.py load_plan` reads)."""

import datetime
import json

from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport, ReferenceDataError, upsert
from targets import plan_file
from targets.models import CriteriaSet, Criterion

PLAN_FILES = ["plan_168.json"]
CRITERIA_FILE = "criteria.json"
# The sets of 2021–2025 (QĐ 318, 319, 320 and companions), then those of 2026–2030 (QĐ 51/2025).
CRITERIA_FILES = [CRITERIA_FILE, "criteria_2026.json"]


def load_plan(data, source, report, *, update):
    """A plan file (targets/plan_file.py): the same loader as `manage.py load_plan`."""
    try:
        return plan_file.load(data, source, report, update=update)
    except plan_file.PlanFileError as error:
        raise ReferenceDataError(str(error)) from error


def load_criteria(data, report, *, update):
    """The criteria sets of `fixtures/criteria.json`, each criterion with its source (decision,
    appendix, item). A criterion is written `[number, group, name]` or as an object with
    `source`; a set without a citable text may have no criteria yet (its `note` says why).
    `amended_by`/`amended_from` name an amendment known to be in force whose content is not
    loaded as a newer version; `read_at` (where each statement was read) stays in the file."""
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
                "amended_by": item.get("amended_by", ""),
                "amended_from": item.get("amended_from")
                and datetime.date.fromisoformat(item["amended_from"]),
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
    # The criteria sets first: a plan file names the sets it uses.
    for name in CRITERIA_FILES:
        path = FIXTURES_DIR / name
        if path.exists():
            load_criteria(json.loads(path.read_text(encoding="utf-8")), report, update=update)
    for name in PLAN_FILES:
        text = (FIXTURES_DIR / name).read_text(encoding="utf-8")
        load_plan(plan_file.parse(text, name), name, report, update=update)
    return report
