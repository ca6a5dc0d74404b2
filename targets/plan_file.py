"""A plan as one file: `manage.py load_plan FILE` reads it, `manage.py export_plan NUMBER` writes
it, `load_reference_data` loads Plan 168 from `fixtures/plan_168.json` through it, and staff import
it on the page "Nhập kế hoạch từ tệp".

The format (JSON, `"format": "ntm-plan/1"`):

    number, title, movement_name, issuer, issued_on (yyyy-mm-dd), signer, signer_title
    scope_code              the province (the unit of that code in the plan's first year)
    baseline_year, start_year, end_year, source
    criteria_sets           codes of the criteria sets the plan uses (fixtures/criteria*.json)
    indicators              what is counted: level (district | commune), standard (ntm, advanced,
                            model), position, name, denominator, baseline, stated_period_increment,
                            and years: {"2026": {cumulative, stated_increment, stated_percentage}}
    named_targets           [{unit_code, standard, year}]
    commune_groups          [{unit_code, year, group (1–3), criteria_set, source}] (QĐ 51/2025)

A file is checked whole before anything is written: each refusal names the line of the file and
the reason, and a refused file writes nothing. Loading the same file again writes nothing (rows are
matched on their natural keys and saved only on a difference, ntm_portal/lib/reference.py).
"""

import datetime
import json
import json.decoder
import json.scanner
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q

from ntm_portal.lib.reference import LoadReport, upsert
from targets.models import (
    CommuneGroup,
    CriteriaSet,
    Indicator,
    NamedTarget,
    Plan,
    Standard,
    YearlyTarget,
)
from units.models import Unit

FORMAT = "ntm-plan/1"
LEVELS = {Unit.Level.DISTRICT: "đơn vị cấp huyện", Unit.Level.COMMUNE: "xã"}
INDICATOR_STANDARDS = [Standard.NTM, Standard.ADVANCED, Standard.MODEL]
PLAN_FIELDS = [
    "number",
    "title",
    "movement_name",
    "issuer",
    "issued_on",
    "signer",
    "signer_title",
    "scope_code",
    "baseline_year",
    "start_year",
    "end_year",
]


@dataclass
class PlanFileError(Exception):
    """A plan file that was refused: (line, reason) pairs, in the order of the file."""

    source: str
    problems: list = field(default_factory=list)

    def __str__(self):
        return "\n".join(self.lines())

    def lines(self):
        return [
            f"{self.source}, dòng {line}: {reason}" if line else f"{self.source}: {reason}"
            for line, reason in self.problems
        ]


class _Lined(dict):
    """A JSON object that knows the line of the file it starts on, and of each of its keys."""

    line = 0
    key_lines = {}


def _key_lines(text, start, stop):
    """{key: line} for the keys of the object between `start` and `stop` (not of those inside)."""
    found, depth, line, index = {}, 0, text.count("\n", 0, start) + 1, start
    while index < stop:
        char = text[index]
        if char == "\n":
            line += 1
        elif char == '"':
            close = index + 1
            while text[close] != '"':
                close += 2 if text[close] == "\\" else 1
            after = close + 1
            while text[after] in " \t\r\n":
                after += 1
            if depth == 0 and text[after] == ":":
                found.setdefault(json.loads(text[index : close + 1]), line)
            index = close
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        index += 1
    return found


class _LineDecoder(json.JSONDecoder):
    """The standard decoder, with each object's line (the pure-Python scanner calls
    `parse_object` with the position, which the C scanner does not expose)."""

    def __init__(self):
        super().__init__()

        def parse_object(s_and_end, *args):
            text, end = s_and_end
            values, new_end = json.decoder.JSONObject(s_and_end, *args)
            lined = _Lined(values)
            lined.line = text.count("\n", 0, end) + 1
            lined.key_lines = _key_lines(text, end, new_end - 1)
            return lined, new_end

        self.parse_object = parse_object
        self.scan_once = json.scanner.py_make_scanner(self)


def parse(text, source):
    """The data of a plan file; PlanFileError with the line when it is not JSON."""
    try:
        data = _LineDecoder().decode(text)
    except json.JSONDecodeError as error:
        raise PlanFileError(
            source, [(error.lineno, f"không đọc được JSON ({error.msg}).")]
        ) from error
    if not isinstance(data, dict):
        raise PlanFileError(source, [(1, "tệp phải là một đối tượng JSON mô tả kế hoạch.")])
    return data


def _line(item, key=None):
    """The line of a key of an object of the file (of the object when the key is not there)."""
    return getattr(item, "key_lines", {}).get(key) or getattr(item, "line", 0)


class _Checker:
    """Checks a plan file and resolves its codes; every problem is kept, none raised early."""

    def __init__(self, data, source):
        self.data, self.source, self.problems = data, source, []

    def refuse(self, item, reason, key=None):
        self.problems.append((_line(item, key), reason))

    def integer(self, item, key, *, required=True, minimum=0):
        value = item.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.refuse(
                item, f"“{key}” phải là số nguyên từ {minimum} trở lên (tệp ghi {value!r})."
            )
            return None
        return value

    def text(self, item, key, *, required=True):
        value = item.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.refuse(item, f"thiếu “{key}”.", key)
            return ""
        return value.strip()

    def unit(self, item, code, year, what):
        """The unit of the code in the year; refused when none of the code exists in it."""
        unit = Unit.objects.by_code(str(code), year=year) if code not in (None, "") else None
        if unit is None:
            self.refuse(item, f"{what}: không có đơn vị mã “{code}”.")
        elif not unit.exists_in(year):
            self.refuse(
                item,
                f"{what}: {unit.full_name} (mã {unit.code}, {unit.validity_text}) không còn "
                f"hiệu lực trong năm {year}.",
            )
            return None
        return unit

    def check(self):
        data = self.data
        plan = {}
        if data.get("format", FORMAT) != FORMAT:
            self.refuse(data, f"định dạng “{data.get('format')}” không hỗ trợ (dùng “{FORMAT}”).")
        for key in ("number", "title", "issuer", "signer"):
            plan[key] = self.text(data, key)
        for key in ("movement_name", "signer_title", "source"):
            plan[key] = self.text(data, key, required=False)
        try:
            plan["issued_on"] = datetime.date.fromisoformat(str(data.get("issued_on")))
        except ValueError:
            self.refuse(
                data, f"ngày ban hành “{data.get('issued_on')}” phải viết yyyy-mm-dd.", "issued_on"
            )
        years = [self.integer(data, key, minimum=1900) for key in ("baseline_year", "start_year")]
        years.append(self.integer(data, "end_year", minimum=1900))
        baseline, start, end = years
        if None in years:
            return None
        if not baseline < start <= end:
            self.refuse(
                data,
                f"năm gốc {baseline} phải trước năm bắt đầu {start}, năm bắt đầu không sau năm "
                f"kết thúc {end}.",
            )
            return None
        plan.update(baseline_year=baseline, start_year=start, end_year=end)
        plan_years = range(start, end + 1)
        period = f"{start}–{end}"
        scope = self.unit(data, data.get("scope_code"), start, "địa bàn kế hoạch")
        if scope is not None and scope.level != Unit.Level.PROVINCE:
            self.refuse(data, f"địa bàn {scope.full_name} không phải đơn vị cấp tỉnh.")
            scope = None
        if scope is not None and not scope.exists_in(end):
            self.refuse(
                data,
                f"địa bàn {scope.full_name} ({scope.validity_text}) không còn hiệu lực đến hết "
                f"năm {end} của kế hoạch.",
            )
            scope = None
        plan["scope"] = scope
        plan["criteria_sets"] = self.criteria_sets(data, start, end)
        plan["indicators"] = self.indicators(data, scope, plan_years, period)
        plan["named_targets"] = self.named_targets(data, scope, plan_years, period)
        plan["commune_groups"] = self.commune_groups(data, scope, plan, plan_years, period)
        return plan

    def criteria_sets(self, data, start, end):
        codes = data.get("criteria_sets", [])
        if not isinstance(codes, list):
            self.refuse(data, "“criteria_sets” phải là danh sách mã bộ tiêu chí.")
            return []
        found = {s.code: s for s in CriteriaSet.objects.filter(code__in=[str(c) for c in codes])}
        sets = []
        for code in codes:
            criteria_set = found.get(str(code))
            if criteria_set is None:
                self.refuse(data, f"không có bộ tiêu chí mã “{code}”.", "criteria_sets")
                continue
            if criteria_set.valid_from.year > end or (
                criteria_set.valid_to is not None and criteria_set.valid_to.year < start
            ):
                self.refuse(
                    data,
                    f"bộ tiêu chí {code} (áp dụng từ {criteria_set.valid_from:%d/%m/%Y}) không "
                    f"áp dụng trong giai đoạn {start}–{end} của kế hoạch.",
                )
                continue
            sets.append(criteria_set)
        return sets

    def indicators(self, data, scope, plan_years, period):
        items = data.get("indicators")
        if not isinstance(items, list) or not items:
            self.refuse(data, "kế hoạch phải có ít nhất một chỉ tiêu (“indicators”).")
            return []
        result, seen = [], {}
        for item in items:
            if not isinstance(item, dict):
                self.refuse(data, "mỗi chỉ tiêu phải là một đối tượng JSON.")
                continue
            level, standard = item.get("level"), item.get("standard")
            if level not in LEVELS:
                self.refuse(
                    item,
                    f"cấp “{level}” không có: dùng “district” (đơn vị cấp huyện) hoặc "
                    "“commune” (xã).",
                    "level",
                )
            if standard not in INDICATOR_STANDARDS:
                self.refuse(
                    item,
                    f"chuẩn “{standard}” không có: dùng "
                    + ", ".join(f"“{s.value}” ({s.label})" for s in INDICATOR_STANDARDS)
                    + ".",
                    "standard",
                )
            if (level, standard) in seen:
                self.refuse(
                    item,
                    f"chỉ tiêu cấp {level}, chuẩn {standard} đã có ở dòng {seen[(level, standard)]}.",
                )
            seen[(level, standard)] = _line(item)
            if (
                level == Unit.Level.DISTRICT
                and scope is not None
                and not any(
                    d.exists_in(year) for d in scope.children.districts() for year in plan_years
                )
            ):
                self.refuse(
                    item,
                    f"{scope.full_name} không có đơn vị cấp huyện trong giai đoạn {period}: chỉ "
                    "tiêu cấp huyện không đếm được.",
                )
            name = self.text(item, "name")
            denominator = self.integer(item, "denominator", minimum=1)
            baseline = self.integer(item, "baseline")
            increment = self.integer(item, "stated_period_increment", required=False)
            position = self.integer(item, "position", required=False) or 0
            if denominator is not None and baseline is not None and baseline > denominator:
                self.refuse(item, f"năm gốc {baseline} lớn hơn mẫu số {denominator}.")
            targets = []
            years = item.get("years") or {}
            if not isinstance(years, dict):
                self.refuse(item, "“years” phải là một đối tượng theo năm.")
                years = {}
            for key, values in years.items():
                where = values if isinstance(values, dict) else item
                year = int(key) if str(key).isdigit() else None
                if year not in plan_years:
                    self.refuse(
                        where,
                        f"chỉ tiêu “{name}”: năm {key} nằm ngoài giai đoạn {period} của kế hoạch.",
                    )
                    continue
                if not isinstance(values, dict):
                    self.refuse(item, f"chỉ tiêu “{name}”, năm {key}: cần lũy kế (“cumulative”).")
                    continue
                cumulative = self.integer(values, "cumulative")
                stated_increment = self.integer(values, "stated_increment", required=False)
                percentage = values.get("stated_percentage")
                if percentage is not None:
                    try:
                        percentage = Decimal(str(percentage))
                    except InvalidOperation:
                        percentage = Decimal(-1)
                    if not Decimal(0) <= percentage <= Decimal(100):
                        self.refuse(
                            values, f"tỷ lệ “{values.get('stated_percentage')}” phải từ 0 đến 100."
                        )
                if cumulative is not None and denominator is not None and cumulative > denominator:
                    self.refuse(
                        values,
                        f"chỉ tiêu “{name}”, năm {year}: lũy kế {cumulative} vượt mẫu số "
                        f"{denominator}.",
                    )
                targets.append((year, cumulative, stated_increment, percentage))
            result.append(
                {
                    "lookup": {"level": level, "standard": standard},
                    "values": {
                        "name": name,
                        "denominator": denominator,
                        "baseline": baseline,
                        "stated_period_increment": increment,
                        "position": position,
                    },
                    "targets": targets,
                }
            )
        return result

    def named_targets(self, data, scope, plan_years, period):
        result = []
        for item in data.get("named_targets") or []:
            standard, year = item.get("standard"), item.get("year")
            if standard not in Standard.values:
                self.refuse(
                    item,
                    f"chuẩn “{standard}” không có: dùng "
                    + ", ".join(f"“{value}”" for value in Standard.values)
                    + ".",
                    "standard",
                )
            if year not in plan_years:
                self.refuse(item, f"năm {year} nằm ngoài giai đoạn {period} của kế hoạch.", "year")
                continue
            unit = self.unit(item, item.get("unit_code"), plan_years[0], "mục tiêu đơn vị")
            if unit is None:
                continue
            if not unit.exists_in(year):
                self.refuse(
                    item,
                    f"{unit.full_name} ({unit.validity_text}) không còn hiệu lực trong năm {year}.",
                )
                continue
            if scope is not None and scope not in unit.ancestors():
                self.refuse(item, f"{unit.full_name} không thuộc {scope.full_name}.")
                continue
            if standard in Standard.values and standard not in Standard.of_kind(unit.kind):
                self.refuse(
                    item,
                    f"{unit.full_name} không được công nhận “{Standard(standard).label}”.",
                )
                continue
            result.append({"unit": unit, "standard": standard, "year": year})
        return result

    def commune_groups(self, data, scope, plan, plan_years, period):
        result = []
        sets = {s.code: s for s in plan["criteria_sets"]}
        for item in data.get("commune_groups") or []:
            year, group, code = item.get("year"), item.get("group"), item.get("criteria_set")
            if year not in plan_years:
                self.refuse(item, f"năm {year} nằm ngoài giai đoạn {period} của kế hoạch.", "year")
                continue
            if group not in CommuneGroup.Group.values:
                self.refuse(item, f"nhóm xã “{group}” không có: dùng 1, 2 hoặc 3.", "group")
                continue
            if code not in sets:
                self.refuse(
                    item, f"bộ tiêu chí “{code}” không nằm trong “criteria_sets” của kế hoạch."
                )
                continue
            unit = self.unit(item, item.get("unit_code"), year, "nhóm xã")
            if unit is None:
                continue
            if unit.level != Unit.Level.COMMUNE:
                self.refuse(item, f"{unit.full_name} không phải đơn vị cấp xã.")
                continue
            if scope is not None and scope not in unit.ancestors():
                self.refuse(item, f"{unit.full_name} không thuộc {scope.full_name}.")
                continue
            result.append(
                {
                    "lookup": {"criteria_set": sets[code], "unit": unit, "year": year},
                    "values": {"group": group, "source": str(item.get("source", ""))},
                }
            )
        return result


def check(data, source):
    """The plan of the file, checked and resolved; PlanFileError listing every problem."""
    plan = _Checker(data, source)
    checked = plan.check()
    if plan.problems or checked is None:
        raise PlanFileError(source, plan.problems)
    return checked


@transaction.atomic
def load(data, source, report=None, *, update=True):
    """Write the plan of a file (all of it, or nothing when a line is refused); the Plan.

    Without `update`, a row that exists and differs is kept and listed in `report.differing`
    (how `load_reference_data` treats its files)."""
    report = report if report is not None else LoadReport()
    checked = check(data, source)
    values = {key: checked[key] for key in PLAN_FIELDS if key in checked and key != "scope_code"}
    values["scope"] = checked["scope"]
    values["source"] = checked["source"]
    number = values.pop("number")
    plan = upsert(Plan, {"number": number}, values, report, update=update)
    wanted = {s.pk for s in checked["criteria_sets"]}
    if set(plan.criteria_sets.values_list("pk", flat=True)) != wanted:
        if update or not plan.criteria_sets.exists():
            plan.set_criteria_sets(checked["criteria_sets"])
            report.created += len(wanted)
        else:
            report.differing.append(f"kế hoạch {plan}: bộ tiêu chí khác với tệp")
    for item in checked["indicators"]:
        indicator = upsert(
            Indicator, {"plan": plan, **item["lookup"]}, item["values"], report, update=update
        )
        for year, cumulative, stated_increment, percentage in item["targets"]:
            upsert(
                YearlyTarget,
                {"indicator": indicator, "year": year},
                {
                    "cumulative": cumulative,
                    "stated_increment": stated_increment,
                    "stated_percentage": percentage,
                },
                report,
                update=update,
            )
    for item in checked["named_targets"]:
        upsert(
            NamedTarget,
            {"plan": plan, "unit": item["unit"], "standard": item["standard"]},
            {"year": item["year"]},
            report,
            update=update,
        )
    for item in checked["commune_groups"]:
        upsert(CommuneGroup, item["lookup"], item["values"], report, update=update)
    return plan


def load_text(text, source, report=None, *, update=True):
    return load(parse(text, source), source, report, update=update)


def _percentage(value):
    return None if value is None else format(value.normalize(), "f")


def export(plan):
    """The plan as the data of its file: what `load` reads back into the same plan."""
    targets = {}
    for target in YearlyTarget.objects.filter(indicator__plan=plan).order_by("year"):
        targets.setdefault(target.indicator_id, {})[str(target.year)] = {
            "cumulative": target.cumulative,
            "stated_increment": target.stated_increment,
            "stated_percentage": _percentage(target.stated_percentage),
        }
    sets = plan.criteria_sets.all()
    return {
        "format": FORMAT,
        "number": plan.number,
        "title": plan.title,
        "movement_name": plan.movement_name,
        "issuer": plan.issuer,
        "issued_on": plan.issued_on.isoformat(),
        "signer": plan.signer,
        "signer_title": plan.signer_title,
        "scope_code": plan.scope.code,
        "baseline_year": plan.baseline_year,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "source": plan.source,
        "criteria_sets": sorted(s.code for s in sets),
        "indicators": [
            {
                "level": indicator.level,
                "standard": indicator.standard,
                "position": indicator.position,
                "name": indicator.name,
                "denominator": indicator.denominator,
                "baseline": indicator.baseline,
                "stated_period_increment": indicator.stated_period_increment,
                "years": targets.get(indicator.pk, {}),
            }
            for indicator in plan.indicators.order_by("position", "pk")
        ],
        "named_targets": [
            {"unit_code": target.unit.code, "standard": target.standard, "year": target.year}
            for target in plan.named_targets.select_related("unit").order_by("pk")
        ],
        "commune_groups": [
            {
                "unit_code": row.unit.code,
                "year": row.year,
                "group": row.group,
                "criteria_set": row.criteria_set.code,
                "source": row.source,
            }
            for row in CommuneGroup.objects.filter(criteria_set__in=sets)
            .filter(Q(unit__parent=plan.scope) | Q(unit__parent__parent=plan.scope))
            .select_related("unit", "criteria_set")
            .order_by("year", "unit__sort_key", "unit__code")
        ],
    }


def dumps(data):
    """The file's text: one line per year of an indicator, per named target, per commune group,
    so that a refusal's line number points at one target."""

    def one_line(value):
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    keys = [key for key in data if key not in ("indicators", "named_targets", "commune_groups")]
    for key in keys:
        lines.append(f"  {one_line(key)}: {one_line(data[key])},")
    lines.append('  "indicators": [')
    for index, indicator in enumerate(data["indicators"]):
        lines.append("    {")
        for key, value in indicator.items():
            if key != "years":
                lines.append(f"      {one_line(key)}: {one_line(value)},")
        lines.append('      "years": {')
        years = list(indicator["years"].items())
        for number, (year, values) in enumerate(years):
            comma = "," if number < len(years) - 1 else ""
            lines.append(f"        {one_line(year)}: {one_line(values)}{comma}")
        lines.append("      }")
        lines.append("    }" + ("," if index < len(data["indicators"]) - 1 else ""))
    lines.append("  ],")
    for key, last in (("named_targets", False), ("commune_groups", True)):
        rows = data[key]
        lines.append(f"  {one_line(key)}: [")
        for number, row in enumerate(rows):
            lines.append(f"    {one_line(row)}" + ("," if number < len(rows) - 1 else ""))
        lines.append("  ]" + ("" if last else ","))
    lines.append("}")
    return "\n".join(lines) + "\n"
