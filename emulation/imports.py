"""All-or-nothing import of participants and registrations from xlsx or CSV files.

The web import shows a preview of every row (new, changed, unchanged, error) and writes only on
confirmation; both run `run_import` inside one transaction that is rolled back for the preview or
when any row has an error, so a file either commits whole or writes nothing. The confirm applies
what the preview read (kept in `ntm_portal/lib/pending_imports.py`), without parsing the file
again. Errors name the row and the column as the user sees them in the spreadsheet. Files are
read by `ntm_portal/lib/spreadsheet.py` (content checks, size cap, NFC text); the report, the
header check and the reading of cells are those of every import (`ntm_portal/lib/importing.py`).

Participants are keyed on their code (“Mã”); registrations on the phase (“Loại đợt”, “Năm”) and
the participant's code, one row per content area. The same scope applies as on the pages: a
district officer imports only its district and its communes, and is refused after a deadline;
imported registrations are sent ("Đã đăng ký"), marked late when provincial staff import them
after the deadline.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from emulation.models import (
    ContentArea,
    Movement,
    Participant,
    Phase,
    Registration,
    RegistrationEvent,
    RegistrationItem,
)
from ntm_portal.lib import data_version
from ntm_portal.lib.history import bulk_create_with_history, update_with_history
from ntm_portal.lib.importing import ImportReport, RowOutcome, RowReport, read_rows, year
from ntm_portal.lib.text import fold
from units.access import Capability, access_of
from units.models import Unit

# Each kind's one declaration: its columns' headers, in the order of the file, and what the
# export of the list writes under each (emulation/exports.py); the import reads the same
# headers back, so that an export imports back unchanged.
PARTICIPANT_FIELDS = {
    "Mã": lambda participant: participant.code,
    "Tên": lambda p: p.name if p.unit_id is None else p.display_name,
    "Loại": lambda participant: participant.get_kind_display(),
    "Mã đơn vị hành chính": lambda p: p.unit.code if p.unit_id else "",
    "Đang tham gia": lambda participant: "có" if participant.active else "không",
    "Ghi chú": lambda participant: participant.notes,
}
# A registration row is one content area (an item) of a registration.
REGISTRATION_FIELDS = {
    "Loại đợt": lambda registration, item: registration.phase.get_kind_display(),
    "Năm": lambda registration, item: registration.phase.year,
    "Mã đơn vị tham gia": lambda registration, item: registration.participant.code,
    "Nội dung thi đua số": lambda registration, item: item.content_area.number,
    "Nội dung đăng ký": lambda registration, item: item.commitment,
    "Số xã đạt NTM": lambda registration, item: registration.communes_ntm,
    "Số xã đạt NTM nâng cao": lambda registration, item: registration.communes_advanced,
    "Số xã đạt NTM kiểu mẫu": lambda registration, item: registration.communes_model,
}
PARTICIPANT_COLUMNS = list(PARTICIPANT_FIELDS)
REGISTRATION_COLUMNS = list(REGISTRATION_FIELDS)
LATE_FIELDS = ["late", "late_by", "late_at"]
YES, NO = {"co", "x", "1", "true", "dang tham gia"}, {"khong", "0", "false", "ngung"}


def _number(row, values, column):
    """A count (0 or more) from a cell, None when blank; an error on the row otherwise."""
    value = values[column]
    if value == "":
        return None
    if not value.isdigit():
        row.error(column, f"“{value}” không phải số nguyên không âm.")
        return None
    return int(value)


def refuse(row, refusals):
    for column, message in refusals:
        row.error(column, message)


def set_aside(row, summary, refusals):
    """A row outside what the importer may write, unchanged: skipped with a note (an export of
    the whole list, which every role sees, can so be imported back with one's own changes)."""
    row.outcome = RowOutcome.UNCHANGED
    row.summary = summary
    for _column, message in refusals:
        row.warnings.append(f"{message.rstrip('.')}; dòng không đổi gì nên được bỏ qua.")


def _label(model, name):
    """A field's name as a column says it: first letter upper case, the rest as written
    (capitalize() would write "ntm")."""
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _count(value):
    return "(trống)" if value is None else str(value)


def describe_change(participant, name, new):
    """ "Ghi chú: (trống) → “…”": a field of a participant as it is and as the row has it."""

    def shown(value):
        if value in ("", None):
            return "(trống)"
        if name == "kind":
            return Participant.Kind(value).label
        if name == "active":
            return "có" if value else "không"
        return f"“{value}”"

    label = _label(Participant, name)
    return f"{label}: {shown(getattr(participant, name))} → {shown(new)}"


class ParticipantImporter:
    kind = "participants"
    columns = PARTICIPANT_COLUMNS

    def __init__(self, *, movement, user=None):
        self.movement = movement
        self.user = user
        self.manages = user is None or access_of(user).can(Capability.MANAGE_MOVEMENT)
        units = (
            Unit.objects.all()
            if user is None
            else Unit.objects.for_user(user, Capability.REGISTER_EMULATION)
        )
        self.unit_scope = set(units.values_list("pk", flat=True))
        self.kinds = {fold(label): value for value, label in Participant.Kind.choices}
        self.kinds.update({value: value for value in Participant.Kind.values})
        self.units_by_code = {}

    def unit_of(self, code):
        """The unit of a code (a code reused after 01/07/2025: the unit of the movement's plan's
        first year), read once per code of the file."""
        if code not in self.units_by_code:
            self.units_by_code[code] = Unit.objects.by_code(
                code, year=self.movement.plan.start_year if self.movement.plan_id else None
            )
        return self.units_by_code[code]

    def apply(self, rows, *, write=True):
        """The report of every row, checked in memory against the movement's participants (read
        in one query) and the rows above; with `write`, the new participants are written in bulk
        with their history and the changed ones saved, in the order of the file."""
        reports, seen = [], {}
        existing = {
            participant.code: participant
            for participant in Participant.objects.filter(movement=self.movement).select_related(
                "unit"
            )
        }
        # Which participant holds each unit, as the file leaves it so far (unique per movement).
        holder = {p.unit_id: p.code for p in existing.values() if p.unit_id}
        held = {code: unit_id for unit_id, code in holder.items()}
        new, changed_rows = [], []
        for number, values in rows:
            row = RowReport(number)
            reports.append(row)
            refusals = []  # what this user may not write: decided once the row is compared
            code = values["Mã"]
            if not code:
                row.error("Mã", "thiếu mã đơn vị tham gia.")
            elif code in seen:
                row.error("Mã", f"mã “{code}” đã có ở dòng {seen[code]}.")
            seen.setdefault(code, number)
            kind = self.kinds.get(fold(values["Loại"])) if values["Loại"] else None
            if kind is None:
                row.error(
                    "Loại",
                    f"“{values['Loại']}” không phải loại đơn vị; dùng một trong: "
                    + ", ".join(label for _v, label in Participant.Kind.choices)
                    + ".",
                )
            unit = None
            if values["Mã đơn vị hành chính"]:
                # A code reused after 01/07/2025: the unit of the movement's plan's first year.
                unit = self.unit_of(values["Mã đơn vị hành chính"])
                if unit is None:
                    row.error(
                        "Mã đơn vị hành chính",
                        f"không có đơn vị mã “{values['Mã đơn vị hành chính']}”.",
                    )
                elif unit.pk not in self.unit_scope:
                    refusals.append(
                        (
                            "Mã đơn vị hành chính",
                            f"{unit.full_name} nằm ngoài phạm vi được phân công của bạn.",
                        )
                    )
            organisation = kind and kind not in Participant.UNIT_KINDS and not self.manages
            active = True
            if values["Đang tham gia"]:
                flag = fold(values["Đang tham gia"])
                if flag in YES:
                    active = True
                elif flag in NO:
                    active = False
                else:
                    row.error("Đang tham gia", "ghi “có” hoặc “không”.")
            participant = None if row.errors else existing.get(code)
            if (
                participant is not None
                and self.user is not None
                and participant.unit_id
                and participant.unit_id not in self.unit_scope
                and not refusals  # the row's unit outside the scope is said already
            ):
                refusals.append(("Mã", f"{participant} nằm ngoài phạm vi được phân công của bạn."))
            if participant is not None and participant.unit_id is None and not self.manages:
                refusals.append(("Mã", "chỉ cán bộ cấp tỉnh sửa được tổ chức tham gia."))
            elif organisation:
                refusals.append(
                    ("Loại", "chỉ cán bộ cấp tỉnh nhập được tổ chức (sở, đoàn thể, doanh nghiệp…).")
                )
            if row.errors:
                refuse(row, refusals)
                continue
            target = participant or Participant(movement=self.movement, code=code)
            new_values = {
                "kind": kind,
                "unit": unit,
                "name": values["Tên"] if unit is None else "",
                "active": active,
                "notes": values["Ghi chú"],
            }
            changed = [name for name, value in new_values.items() if getattr(target, name) != value]
            if refusals:
                # A row of the list as exported (other districts, organisations) is set aside
                # when it changes nothing; otherwise it is refused.
                if participant is not None and not changed:
                    set_aside(row, f"{code} — {participant.display_name}", refusals)
                else:
                    refuse(row, refusals)
                continue
            row.changes = (
                [describe_change(target, name, new_values[name]) for name in changed]
                if participant is not None
                else []
            )
            for name, value in new_values.items():
                setattr(target, name, value)
            try:
                # The model's rules in memory: the movement and the unit were read up front, the
                # uniqueness of the code by `seen` and of the unit by `holder`.
                target.clean_fields(exclude=["movement", "unit"])
                target.clean()
                if target.unit_id and holder.get(target.unit_id, code) != code:
                    raise ValidationError({"unit": "Đơn vị hành chính này đã là đơn vị tham gia."})
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    column = {
                        "unit": "Mã đơn vị hành chính",
                        "name": "Tên",
                        "code": "Mã",
                        "kind": "Loại",
                    }.get(name, "Mã")
                    for message in messages:
                        row.error(column, message)
                continue
            if participant is None:
                row.outcome = RowOutcome.NEW
            elif changed:
                row.outcome = RowOutcome.CHANGED
            else:
                row.outcome = RowOutcome.UNCHANGED
            row.summary = f"{code} — {target.display_name}"
            if held.get(code) and held[code] != target.unit_id:
                holder.pop(held.pop(code), None)  # the unit this participant leaves
            if target.unit_id:
                holder[target.unit_id] = code
                held[code] = target.unit_id
            if row.outcome == RowOutcome.NEW:
                target.kind_order = Participant.KIND_ORDER.get(target.kind, 0)
                target.sort_key = fold(target.display_name)
                new.append(target)
            elif row.outcome == RowOutcome.CHANGED:
                changed_rows.append((target, changed))
        if write and not any(row.errors for row in reports):
            # The changed participants by the fields they change, each set in one UPDATE per
            # batch with its history rows (saved one by one, 10,000 notes took three minutes;
            # by bulk_update_with_history, 8.9 s of CPU).
            by_fields = defaultdict(list)
            for target, fields in changed_rows:
                target.kind_order = Participant.KIND_ORDER.get(target.kind, 0)
                target.sort_key = fold(target.display_name)
                by_fields[tuple(sorted({*fields, "kind_order", "sort_key"}))].append(target)
            for fields, targets in by_fields.items():
                update_with_history(targets, Participant, list(fields), user=self.user)
            bulk_create_with_history(new, Participant, user=self.user, batch_size=2000)
            if by_fields:
                data_version.bump()  # a bulk update sends no signal
        return reports


class RegistrationImporter:
    kind = "registrations"
    columns = REGISTRATION_COLUMNS

    def __init__(self, *, movement, user=None):
        self.movement = movement
        self.user = user
        participants = Participant.objects.filter(movement=movement)
        if user is not None:
            participants = participants.for_user(user, Capability.REGISTER_EMULATION)
        self.in_scope = set(participants.values_list("pk", flat=True))
        self.kinds = {fold(label): value for value, label in Phase.Kind.choices}
        self.kinds.update({value: value for value in Phase.Kind.values})
        self.areas = {area.number: area for area in ContentArea.objects.filter(movement=movement)}
        # What the rows name, read once: the movement's participants in one query, each phase
        # and each deadline the first time a row names it.
        self.participants = {
            participant.code: participant
            for participant in Participant.objects.filter(movement=movement).select_related("unit")
        }
        self.phases = {}
        self.deadlines = {}

    def phase(self, kind, phase_year):
        if (kind, phase_year) not in self.phases:
            self.phases[kind, phase_year] = Phase.objects.filter(
                movement=self.movement, kind=kind, year=phase_year
            ).first()
        return self.phases[kind, phase_year]

    def deadline(self, phase, participant):
        """(late, the refusal's message or None) of registering `participant` for `phase`."""
        key = (phase.pk, participant.pk if participant else None)
        if key not in self.deadlines:
            try:
                late = phase.check_deadline("registration", self.user, participant=participant)
                self.deadlines[key] = (late, None)
            except ValidationError as error:
                self.deadlines[key] = (False, error.messages[0])
        return self.deadlines[key]

    def apply(self, rows, *, write=True):
        """The report of every row, checked in memory against the movement's participants, the
        phases and the registrations the file names (read in a few queries); with `write`, what
        the rows say is written in bulk (`write`)."""
        reports = []
        groups = {}
        for number, values in rows:
            row = RowReport(number)
            reports.append(row)
            refusals = []
            kind = self.kinds.get(fold(values["Loại đợt"]))
            if kind is None:
                row.error("Loại đợt", "ghi “Sơ kết năm”, “Sơ kết giữa kỳ” hoặc “Tổng kết”.")
            phase_year = row.read("Năm", year, values["Năm"])
            phase = None
            if kind and phase_year:
                phase = self.phase(kind, phase_year)
                if phase is None:
                    row.error("Năm", f"không có đợt {values['Loại đợt']} năm {phase_year}.")
            participant = self.participants.get(values["Mã đơn vị tham gia"])
            if participant is None:
                row.error(
                    "Mã đơn vị tham gia",
                    f"không có đơn vị tham gia mã “{values['Mã đơn vị tham gia']}”.",
                )
            elif participant.pk not in self.in_scope:
                refusals.append(
                    (
                        "Mã đơn vị tham gia",
                        f"{participant} nằm ngoài phạm vi được phân công của bạn.",
                    )
                )
            area_number = _number(row, values, "Nội dung thi đua số")
            area = self.areas.get(area_number)
            if area_number is not None and area is None:
                row.error("Nội dung thi đua số", f"không có nội dung thi đua số {area_number}.")
            if not values["Nội dung đăng ký"]:
                row.error("Nội dung đăng ký", "thiếu nội dung đăng ký.")
            measures = {
                "communes_ntm": _number(row, values, "Số xã đạt NTM"),
                "communes_advanced": _number(row, values, "Số xã đạt NTM nâng cao"),
                "communes_model": _number(row, values, "Số xã đạt NTM kiểu mẫu"),
            }
            if (
                participant
                and participant.kind != Participant.Kind.DISTRICT
                and any(value is not None for value in measures.values())
            ):
                row.error("Số xã đạt NTM", "chỉ đơn vị cấp huyện ghi số xã phấn đấu đạt chuẩn.")
            late = False
            if phase is not None and self.user is not None:
                late, refusal = self.deadline(phase, participant)
                if refusal:
                    refusals.append(("Năm", refusal))
            if row.errors:
                refuse(row, refusals)
                continue
            key = (phase.pk, participant.pk)
            group = groups.setdefault(
                key,
                {
                    "phase": phase,
                    "participant": participant,
                    "rows": [],
                    "items": {},
                    "measures": {},
                    "late": late,
                    "refusals": {},
                },
            )
            group["refusals"][number] = refusals
            if area.pk in group["items"]:
                row.error(
                    "Nội dung thi đua số",
                    f"nội dung số {area.number} của {participant} đã có ở dòng {group['items'][area.pk][0]}.",
                )
                continue
            for name, value in measures.items():
                if value is None:
                    continue
                if group["measures"].get(name, value) != value:
                    row.error(
                        "Số xã đạt NTM", "các dòng của cùng đơn vị và đợt ghi số xã khác nhau."
                    )
                group["measures"][name] = value
            group["items"][area.pk] = (number, area, values["Nội dung đăng ký"])
            group["rows"].append(row)
        # Every registration the groups name, with its items, in two queries.
        recorded = self.recorded(groups)
        refused = {key: group for key, group in groups.items() if any(group["refusals"].values())}
        for key, group in refused.items():
            # Rows of another district or after the deadline: set aside when the registration
            # already says what they say, refused otherwise.
            unchanged = self.unchanged(group, recorded.get(key))
            for row in group["rows"]:
                refusals = group["refusals"][row.number]
                if unchanged:
                    area = next(i[1] for i in group["items"].values() if i[0] == row.number)
                    set_aside(row, self.summary(group, area), refusals)
                else:
                    refuse(row, refusals)
            del groups[key]
        if any(row.errors for row in reports):
            return reports
        plans = [self.plan(group, recorded.get(key)) for key, group in groups.items()]
        if write:
            self.write(plans)
        return reports

    @staticmethod
    def summary(group, area):
        return f"{group['participant']} — {group['phase'].label} — nội dung {area.number}"

    @staticmethod
    def recorded(groups):
        """{(phase id, participant id): the registration} for the groups' keys, each with its
        items as `recorded_items`, in two queries: the registrations of the file's phases, then
        their items (not by a list of ids, which grows with the file)."""
        phases = {phase for phase, _ in groups}
        found = {
            key: registration
            for registration in Registration.objects.filter(phase_id__in=phases)
            if (key := (registration.phase_id, registration.participant_id)) in groups
        }
        by_pk = {registration.pk: registration for registration in found.values()}
        for registration in by_pk.values():
            registration.recorded_items = []
        if by_pk:
            items = RegistrationItem.objects.filter(registration__phase_id__in=phases)
            for item in items:
                if item.registration_id in by_pk:
                    by_pk[item.registration_id].recorded_items.append(item)
        return found

    @staticmethod
    def unchanged(group, registration):
        """Whether the registration is recorded with what the group's rows say (measures and
        commitments), so that importing them would write nothing."""
        if registration is None or registration.state == Registration.State.DRAFT:
            return False
        if any(getattr(registration, name) != v for name, v in group["measures"].items()):
            return False
        recorded = {item.content_area_id: item.commitment for item in registration.recorded_items}
        return all(
            recorded.get(area_pk) == commitment
            for area_pk, (_number, _area, commitment) in group["items"].items()
        )

    def plan(self, group, registration):
        """What importing the group does, decided in memory against the registration as it is
        recorded (None: a new one): each row's outcome and changes, and what is to be written."""
        created = registration is None
        if created:
            registration = Registration(phase=group["phase"], participant=group["participant"])
        changed = []
        for name, value in group["measures"].items():
            if getattr(registration, name) != value:
                if not created:
                    label = _label(Registration, name)
                    changed.append(
                        f"{label}: {_count(getattr(registration, name))} → {_count(value)}"
                    )
                setattr(registration, name, value)
        existing = (
            {item.content_area_id: item for item in registration.recorded_items}
            if not created
            else {}
        )
        rows = {row.number: row for row in group["rows"]}
        new_items, changed_items = [], []
        for area_pk, (number, area, commitment) in group["items"].items():
            item = existing.get(area_pk)
            row = rows[number]
            row.summary = self.summary(group, area)
            if item is None:
                new_items.append(
                    RegistrationItem(
                        registration=registration, content_area=area, commitment=commitment
                    )
                )
                row.outcome = RowOutcome.NEW
            elif item.commitment != commitment:
                row.changes.append(f"Nội dung đăng ký: “{item.commitment}” → “{commitment}”")
                item.commitment = commitment
                changed_items.append(item)
                row.outcome = RowOutcome.CHANGED
            else:
                row.outcome = RowOutcome.CHANGED if changed else RowOutcome.UNCHANGED
        if changed:
            # The counts are the registration's, written on its first row.
            rows[min(rows)].changes[:0] = changed
        return {
            "registration": registration,
            "created": created,
            "changed": bool(changed),
            "late": group["late"],
            "new_items": new_items,
            "changed_items": changed_items,
        }

    def write(self, plans):
        """Write what the plans say: the new registrations, sent, in one INSERT with their
        history and their "Gửi đăng ký" events in another; every new item of the file in one
        INSERT with its history; the registrations and items that change in bulk UPDATEs with
        their history (a recorded registration still a draft is sent as on its page)."""
        now = timezone.now()
        created = []
        for plan in plans:
            registration = plan["registration"]
            if not plan["created"]:
                continue
            registration.state = Registration.State.SUBMITTED
            if self.user is not None:
                registration.submitted_at = now
            if plan["late"]:
                registration.late, registration.late_by, registration.late_at = True, self.user, now
            created.append(registration)
        bulk_create_with_history(created, Registration, user=self.user, batch_size=2000)
        if self.user is not None:
            RegistrationEvent.objects.bulk_create(
                [
                    RegistrationEvent(
                        registration=registration,
                        action=RegistrationEvent.Action.SUBMIT,
                        from_state=Registration.State.DRAFT,
                        to_state=Registration.State.SUBMITTED,
                        actor=self.user,
                    )
                    for registration in created
                ],
                batch_size=2000,
            )
        # Recorded registrations whose counts change, and changed commitments: one UPDATE per
        # batch with their history rows.
        fields = ["communes_ntm", "communes_advanced", "communes_model", "updated_at"]
        on_time = [plan["registration"] for plan in plans if plan["changed"] and not plan["late"]]
        late = [plan["registration"] for plan in plans if plan["changed"] and plan["late"]]
        for registration in late:
            registration.mark_late(self.user)
        for registrations, names in ((on_time, fields), (late, [*fields, *LATE_FIELDS])):
            for registration in registrations:
                registration.updated_at = now
            if registrations:
                update_with_history(registrations, Registration, names, user=self.user)
        changed_items = [item for plan in plans for item in plan["changed_items"]]
        if changed_items:
            update_with_history(changed_items, RegistrationItem, ["commitment"], user=self.user)
        # Every new item, of new and recorded registrations, before a draft is sent.
        items = [item for plan in plans for item in plan["new_items"]]
        bulk_create_with_history(items, RegistrationItem, user=self.user, batch_size=2000)
        for plan in plans:
            registration = plan["registration"]
            if plan["created"] or registration.state != Registration.State.DRAFT:
                continue
            if self.user is not None:
                registration.submit(by=self.user, late=plan["late"])
            else:
                Registration.objects.filter(pk=registration.pk).update(
                    state=Registration.State.SUBMITTED
                )
        data_version.bump()  # bulk writes and updates send no signal


IMPORTERS = {"participants": ParticipantImporter, "registrations": RegistrationImporter}


def run_import(kind, data, filename, *, movement, user=None, commit=False, table=None):
    """Read and apply a file in one transaction; keep it only when asked and free of errors.

    `table`: what a preview already read from the file (the confirm does not parse it again);
    the report keeps the table it applied, for the preview to store.
    """
    report = ImportReport(kind=kind, filename=filename)
    importer = IMPORTERS[kind](movement=movement, user=user)
    rows = read_rows(report, data, importer.columns, table=table)
    if rows is None:
        return report
    with transaction.atomic():
        # Checked in memory, written only when confirmed.
        report.rows = importer.apply(rows, write=commit)
        report.mark_errors()
        if report.has_errors or not commit:
            transaction.set_rollback(True)
        else:
            report.committed = True
    return report


def current_movement():
    """The movement imports write to: the one the movement's pages open on without `?plan=`
    (the movement of the plan in force today by its years, else of the latest started; see
    docs/plans.md). The upload pipeline does not carry a chosen plan yet."""
    from targets.progress.query import default_plan

    movements = list(Movement.objects.select_related("plan"))
    plan = default_plan([movement.plan for movement in movements])
    return next((m for m in movements if plan is not None and m.plan_id == plan.pk), None)


def _run_kind(kind, data, filename, *, user, commit, table, movement):
    movement = movement or current_movement()
    if movement is None:
        report = ImportReport(kind=kind, filename=filename)
        report.file_errors.append(
            "Chưa có phong trào thi đua: hãy nạp dữ liệu danh mục (load_reference_data) trước."
        )
        return report
    return run_import(
        kind, data, filename, movement=movement, user=user, commit=commit, table=table
    )


def run_participants(data, filename, *, user=None, commit=False, table=None, movement=None):
    """The engine of the kind "participants" (`ntm_portal.lib.dataio.registry`)."""
    return _run_kind(
        "participants", data, filename, user=user, commit=commit, table=table, movement=movement
    )


def run_registrations(data, filename, *, user=None, commit=False, table=None, movement=None):
    """The engine of the kind "registrations" (`ntm_portal.lib.dataio.registry`)."""
    return _run_kind(
        "registrations", data, filename, user=user, commit=commit, table=table, movement=movement
    )
