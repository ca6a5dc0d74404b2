"""The printed documents of a commendation: tờ trình (form 01 of Decree 98/2023's Appendix I),
council minutes, achievement reports, the award decision with its appendix list, certificates
(full design, or text only for pre-printed blanks with a printer's offsets), and the combined
dossier with its table of contents and bookmarks. All go through `ntm_portal.lib.pdf`; every
typed text reaches the page through Django's autoescaping, so HTML prints as text.
"""

from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from awards.models import Nomination, Nominee, RecipientType
from awards.models.nominations import issuer_kind_for
from ntm_portal.lib import pdf
from units.access import Capability, Scope, access_of
from units.models import IssuingBody, issuing_body

MOVEMENT_FALLBACK = "Kiên Giang chung sức xây dựng nông thôn mới"
# The standing body of the provincial council, which signs the tờ trình to the Chairman.
STANDING_AGENCY = "Sở Nội vụ"
CENTRAL_ADDRESSEE = "Thủ tướng Chính phủ (qua Ban Thi đua – Khen thưởng Trung ương)"

# The certificate's geometry (A4 landscape, awards_certificates.html, which takes these values):
# the frame 10 mm inside the sheet with a 2.5 pt double border, and on its right, 18 mm inside
# it, the signature column 110 mm wide, on which the place-date line, the signer's title and
# name are centred (Decree 30/2020: one column for the signature block).
SHEET_WIDTH_MM = 297
FRAME_MARGIN_MM = 10
FRAME_BORDER_MM = 2.5 * 25.4 / 72
SIGNATURE_COLUMN_INSET_MM = 18
SIGNATURE_COLUMN_WIDTH_MM = 110
SIGNATURE_COLUMN_LEFT_MM = round(
    SHEET_WIDTH_MM
    - FRAME_MARGIN_MM
    - FRAME_BORDER_MM
    - SIGNATURE_COLUMN_INSET_MM
    - SIGNATURE_COLUMN_WIDTH_MM,
    1,
)
# The fields laid out across the signature column (left at its left edge, its width, centred).
COLUMN_FIELDS = ("place_date", "signer_title", "signer")

# Where each field sits on the official pre-printed blank (A4 landscape), in millimetres from
# the sheet's top-left corner: measured once from the blank; a printer's own shift is added.
# The signature block's lines start at the column's left edge and are centred on it: the
# place-date line, placed by its left end, was 7 mm off the centre of the title and name.
BLANK_POSITIONS = {
    "recipient": (60, 88),
    "description": (60, 102),
    "achievement": (45, 116),
    "decision": (30, 170),
    "place_date": (SIGNATURE_COLUMN_LEFT_MM, 150),
    "signer_title": (SIGNATURE_COLUMN_LEFT_MM, 158),
    "signer": (SIGNATURE_COLUMN_LEFT_MM, 192),
}


def province_body(day):
    """The provincial People's Committee on a document's date (units.models.issuing_body)."""
    return issuing_body(IssuingBody.Kind.PROVINCE_COMMITTEE, on=day or timezone.localdate())


def district_body(district, day):
    """A district's People's Committee on a day, or None (before 01/07/2025 only)."""
    if district is None:
        return None
    try:
        return issuing_body(
            IssuingBody.Kind.DISTRICT_COMMITTEE, on=day or timezone.localdate(), unit=district
        )
    except ValidationError:
        return None


def decision_body(decision):
    """The issuer of a decision; a decision recorded before issuers existed is the province's."""
    return decision.issuer or province_body(decision.issued_on)


def passed_in(session):
    """The nominations the session's council passed: only these reach the tờ trình, the
    decision and the certificates (the minutes hold every vote)."""
    return (
        Nomination.objects.filter(votes__session=session, votes__passed=True)
        .exclude(state__in=[Nomination.State.WITHDRAWN, Nomination.State.RETURNED])
        .distinct()
    )


def is_national(nomination):
    return issuer_kind_for(nomination.kind) in IssuingBody.CENTRAL_KINDS


@dataclass
class Groups:
    collectives: list = field(default_factory=list)
    individuals: list = field(default_factory=list)
    households: list = field(default_factory=list)


# --- whose particulars a document prints ----------------------------------------------------


@dataclass(frozen=True)
class ParticularsView:
    """Which individuals' personal particulars (Nominee.PARTICULARS: date and year of birth,
    sex, hometown, residence, identity number) a printed document may show: the same rule as
    the pages and exports (`units.access` VIEW_PARTICULARS — provincial staff the whole
    province, a district officer the nominees of that district, anyone else none). A value,
    not a user: `key` names it, so a cached document can depend on it."""

    scope: str | None = None
    district_id: int | None = None

    @property
    def key(self):
        if self.scope == Scope.PROVINCE:
            return "tinh"
        if self.scope == Scope.DISTRICT:
            return f"huyen-{self.district_id}"
        return "khong"

    def shows(self, nominee):
        if nominee.nominee_type != RecipientType.INDIVIDUAL:
            return True
        if self.scope == Scope.PROVINCE:
            return True
        return self.scope == Scope.DISTRICT and nominee.district_id == self.district_id


def particulars_view(user):
    """The ParticularsView of a request's user; every view that prints a document naming
    individuals calls it before rendering and passes it on."""
    access = access_of(user)
    scope = access.scope(Capability.VIEW_PARTICULARS)
    if scope == Scope.DISTRICT:
        if access.unit is None:
            return ParticularsView()
        return ParticularsView(scope=Scope.DISTRICT, district_id=access.unit.pk)
    return ParticularsView(scope=Scope.PROVINCE if scope == Scope.PROVINCE else None)


# Documents made outside a request (the benchmark, the demo): the provincial office's view.
OFFICE_VIEW = ParticularsView(scope=Scope.PROVINCE)
HIDDEN = Nominee.HIDDEN


def _mark_particulars(nominations, particulars):
    """Set `nominee.shown` on each nomination's nominee, which the templates read."""
    for nomination in nominations:
        nomination.nominee.shown = particulars.shows(nomination.nominee)
    return nominations


def grouped(nominations):
    """Nominations split into collectives, individuals and households, each in list order."""
    groups = Groups()
    for nomination in nominations:
        kind = nomination.nominee.nominee_type
        if kind == RecipientType.COLLECTIVE:
            groups.collectives.append(nomination)
        elif kind == RecipientType.INDIVIDUAL:
            groups.individuals.append(nomination)
        else:
            groups.households.append(nomination)
    return groups


def recipients_phrase(groups):
    """The recipients counted ("2 tập thể, 1 cá nhân và 1 hộ gia đình"), empty groups left out."""
    parts = [
        f"{len(items)} {label}"
        for items, label in (
            (groups.collectives, "tập thể"),
            (groups.individuals, "cá nhân"),
            (groups.households, "hộ gia đình"),
        )
        if items
    ]
    if len(parts) > 1:
        return f"{', '.join(parts[:-1])} và {parts[-1]}"
    return parts[0] if parts else "0 trường hợp"


def recipients_heading(groups, *, article=True):
    """Who a heading or an article names, as offices write it: only the groups the document
    lists ("cá nhân", "các cá nhân", "các tập thể, cá nhân", "các tập thể, cá nhân và hộ gia
    đình"), with "các" when any group holds more than one (not in a list's title: `article`)."""
    present = [
        (items, label)
        for items, label in (
            (groups.collectives, "tập thể"),
            (groups.individuals, "cá nhân"),
            (groups.households, "hộ gia đình"),
        )
        if items
    ]
    labels = [label for _items, label in present]
    phrase = f"{', '.join(labels[:-1])} và {labels[-1]}" if len(labels) > 2 else ", ".join(labels)
    many = any(len(items) > 1 for items, _label in present) or len(present) > 1
    return f"các {phrase}" if article and many and phrase else phrase


def movement_name(phase):
    return phase.movement.name if phase else MOVEMENT_FALLBACK


def kinds_phrase(nominations):
    names = []
    for nomination in nominations:
        if nomination.kind.name not in names:
            names.append(nomination.kind.name)
    return ", ".join(names)


def _ordered(nominations):
    return sorted(
        nominations,
        key=lambda nomination: (
            nomination.kind.rank * -1,
            nomination.nominee.search_key,
            nomination.pk,
        ),
    )


def prefetch(queryset):
    return queryset.select_related(
        "nominee__district",
        "nominee__unit__parent",
        "district",
        "kind",
        "phase__movement",
        "proposer__unit",
        "decision",
        "session",
        "review",
    ).prefetch_related("exemplars", "nominee__award_records__kind")


# --- sections: each a template fragment with its own context ---------------------------------


def submission_section(
    *,
    nominations,
    number,
    issued_on,
    body,
    signer,
    signer_title,
    phase,
    addressee,
    particulars,
    agency="",
    sender="",
    request="",
):
    """A tờ trình: `body` heads it (with `agency` under it when another agency signs, such as
    the Department of Home Affairs) and gives the place of its date line; `sender` is who
    "kính trình" in the text. An individual's year of birth only where `particulars` shows it."""
    nominations = _mark_particulars(_ordered(nominations), particulars)
    kinds = kinds_phrase(nominations)
    return {
        # What the sender asks of the addressee (the central one asks the Prime Minister to
        # propose the President's kinds to the President).
        "request": request or f"xem xét, quyết định tặng {kinds}",
        "template": "pdf/awards_part_submission.html",
        "bookmark": f"Tờ trình số {number}" if number else "Tờ trình",
        "number": number,
        "issued_on": issued_on,
        "body": body,
        "agency": agency,
        "parent_agency": body.short_name if agency else "",
        "sender": sender or agency or body.name,
        "signer": signer,
        "signer_title": signer_title,
        "phase": phase,
        "movement": movement_name(phase),
        "addressee": addressee,
        "groups": grouped(nominations),
        "recipients": recipients_phrase(grouped(nominations)),
        "heading": recipients_heading(grouped(nominations)),
        "kinds": kinds_phrase(nominations),
        "count": len(nominations),
        "hidden": HIDDEN,
    }


def minutes_section(session):
    votes = list(
        session.votes.select_related("nomination__nominee", "nomination__kind").order_by(
            "nomination__nominee__nominee_type", "nomination__nominee__search_key"
        )
    )
    return {
        "template": "pdf/awards_part_minutes.html",
        "bookmark": "Biên bản họp Hội đồng Thi đua – Khen thưởng",
        "session": session,
        "votes": votes,
        "phase": session.phase,
        "movement": movement_name(session.phase),
        "passed": sum(1 for vote in votes if vote.passed),
        "failed": sum(1 for vote in votes if not vote.passed),
        "body": province_body(session.held_on),
        "absent": session.absent_list(),
        # Members neither listed present nor absent: counted, never printed as "không".
        "unlisted_absent": max(session.members_total - session.present_count, 0),
    }


def _commune_place(unit):
    """The place of a commune's own document (Decree 30/2020, Appendix I: the official name of
    the administrative unit where the issuer sits): "Vĩnh Bình Bắc"; a unit named by a number
    keeps its kind ("Phường 5"). Empty for other units (the body's place then)."""
    if unit is None or unit.level != unit.Level.COMMUNE:
        return ""
    full = unit.full_name
    short = full.split(" ", 1)[1] if " " in full else full
    return full if short[:1].isdigit() else short


def _agency_lines(name):
    """A People's Committee's name as a header prints it, its kind on the first line
    ("Ủy ban nhân dân" / "xã Vĩnh Bình Bắc") rather than wherever the column wraps."""
    prefix = "Ủy ban nhân dân "
    if name.startswith(prefix) and len(name) > len(prefix):
        return f"{prefix.strip()}\n{name[len(prefix) :]}"
    return name


def report_section(nomination, particulars, *, bodies=None):
    """An achievement report (form 02, 03 or the thematic one); a person's particulars (part I
    of form 03) only where `particulars` shows them. `bodies`: a dict the caller keeps across
    the reports of one dossier, so that the issuing bodies are read once per district and
    day (was: a query per report)."""
    _mark_particulars([nomination], particulars)
    day = nomination.submitted_on
    bodies = {} if bodies is None else bodies
    key = (nomination.district_id, day)
    if key not in bodies:
        local = district_body(nomination.district, day)
        bodies[key] = local or province_body(day)
    body = bodies[key]
    unit = nomination.nominee.unit
    # The history as it stood when the report was made: not the award this report proposes,
    # nor anything decided after the report's date (the dossier is printed after the decision).
    records = [
        record
        for record in nomination.nominee.award_records.all()
        if record.nomination_id != nomination.pk
        and not (day and record.decision_date and record.decision_date > day)
    ]
    records.sort(key=lambda record: (record.year, record.pk))
    return {
        "template": "pdf/awards_part_report.html",
        "agency": _agency_lines(nomination.nominee.name),
        "place": _commune_place(unit),
        "bookmark": f"Báo cáo thành tích: {nomination.nominee.display_name}",
        "nomination": nomination,
        "nominee": nomination.nominee,
        "titles": [record for record in records if record.kind.is_title],
        "forms": [record for record in records if not record.kind.is_title],
        "exemplars": list(nomination.exemplars.all()),
        "movement": movement_name(nomination.phase),
        "body": body,
        # A collective that is an administrative unit has its contacts on the unit.
        "unit_address": unit.full_name if unit else "",
        "unit_parent": unit.parent.full_name if unit and unit.parent_id else "",
        "unit_phone": unit.contact_phone if unit else "",
        "unit_email": unit.contact_email if unit else "",
        "hidden": HIDDEN,
    }


def decision_section(decision):
    nominations = _ordered(prefetch(decision.nominations.all()))
    body = decision_body(decision)
    return {
        "body": body,
        "local": body.kind == IssuingBody.Kind.DISTRICT_COMMITTEE,
        "template": "pdf/awards_part_decision.html",
        "bookmark": f"Quyết định số {decision.number}",
        "decision": decision,
        "groups": grouped(nominations),
        "recipients": recipients_phrase(grouped(nominations)),
        "heading": recipients_heading(grouped(nominations)),
        "list_heading": recipients_heading(grouped(nominations), article=False),
        "count": len(nominations),
        "kinds": kinds_phrase(nominations),
        "movement": movement_name(decision.phase),
        "phase": decision.phase,
        "total": sum(nomination.amount or 0 for nomination in nominations),
        "session": decision.session,
    }


DOCUMENT_TEMPLATE = "pdf/awards_document.html"
CONTENTS_TEMPLATE = "pdf/awards_contents.html"


def document_html(section):
    """The HTML of one document (a section), the same printed alone or in a dossier, so that the
    PDF kept for one serves the other (ntm_portal.lib.pdf.part_path)."""
    section["anchor"] = "section-1"
    # The document's author is the body that heads it, on its date.
    author = section["body"].name if section.get("body") else ""
    context = {"sections": [section], "title": section["bookmark"], "author": author}
    return render_to_string(DOCUMENT_TEMPLATE, context)


def render_document(section):
    """The PDF of one document: the one kept for its HTML when there is one (made for a
    dossier, or in the background when its nomination was saved), laid out otherwise."""
    return pdf.render_part(document_html(section))


def contents_html(lines, *, title):
    """A dossier's table of contents: each document's title, the dossier's page where it
    starts, and a link to it (lines from ntm_portal.lib.pdf.assemble)."""
    return render_to_string(CONTENTS_TEMPLATE, {"lines": lines, "title": title})


# --- documents ---------------------------------------------------------------------------------


def decided_by_province(nomination):
    """Whether the provincial Chairman decides the nomination's kind (not a national kind,
    which the province only proposes, nor a district's own)."""
    return issuer_kind_for(nomination.kind) == IssuingBody.Kind.PROVINCE_COMMITTEE


def _national_note(nominations):
    """What the Chairman's tờ trình says of the national kinds the council also passed, or
    None: not his to decide, the province proposes them to the central level by its own tờ
    trình (Law 06/2022/QH15: the Prime Minister decides, or proposes to the President)."""
    if not nominations:
        return None
    issuers = {issuer_kind_for(nomination.kind) for nomination in nominations}
    if issuers == {IssuingBody.Kind.PRIME_MINISTER}:
        to = "xem xét, quyết định"
    elif issuers == {IssuingBody.Kind.PRESIDENT}:
        to = "xem xét, trình Chủ tịch nước quyết định"
    else:
        to = "xem xét, quyết định hoặc trình Chủ tịch nước quyết định theo thẩm quyền"
    nominations = _ordered(nominations)
    return {
        "recipients": recipients_phrase(grouped(nominations)),
        "kinds": kinds_phrase(nominations),
        "to": to,
    }


def _council_submission(session, nominations, particulars):
    """The tờ trình of the Department of Home Affairs to the Chairman for a council session:
    the nominations the council passed whose kinds the Chairman decides. The national kinds it
    also passed are not his to decide: the tờ trình only says that the province proposes them
    to the central level (their own tờ trình, central_submission_pdf)."""
    day = session.submission_day
    body = province_body(day)
    national = [nomination for nomination in nominations if is_national(nomination)]
    nominations = [nomination for nomination in nominations if decided_by_province(nomination)]
    section = submission_section(
        nominations=nominations,
        number=session.submission_number,
        issued_on=day,
        body=body,
        agency=STANDING_AGENCY,
        signer=session.submission_signer,
        signer_title="GIÁM ĐỐC",
        phase=session.phase,
        addressee=body.authority,
        particulars=particulars,
    )
    section["session"] = session
    section["national"] = _national_note(national)
    return section


NOTHING_FOR_THE_CHAIRMAN = (
    "Phiên họp không có đề nghị nào thuộc thẩm quyền quyết định của Chủ tịch Ủy ban nhân dân "
    "tỉnh; các đề nghị khen thưởng cấp Nhà nước có tờ trình gửi Trung ương."
)


def submission_pdf(session, *, particulars):
    nominations = list(prefetch(passed_in(session)))
    section = _council_submission(session, nominations, particulars)
    if not section["count"]:
        raise Http404(NOTHING_FOR_THE_CHAIRMAN)
    return render_document(section)


def central_submission_pdf(session, *, particulars):
    """The province's tờ trình to the central level for the national kinds the council passed
    (Law 06/2022/QH15: the province proposes, the Prime Minister or the President decides)."""
    section = _central_submission(session, list(prefetch(passed_in(session))), particulars)
    if section is None:
        raise Http404("Phiên họp chưa có tờ trình gửi Trung ương.")
    return render_document(section)


def _central_submission(session, nominations, particulars):
    """The section of the province's tờ trình to the central level, or None before it is sent."""
    nominations = [
        nomination
        for nomination in nominations
        if is_national(nomination)
        and nomination.state in (Nomination.State.TO_CENTRAL, Nomination.State.DECIDED)
    ]
    if not nominations or not session.central_submission_number:
        return None
    day = session.central_submission_date
    body = province_body(day)
    asks = []
    for issuer, ask in (
        (IssuingBody.Kind.PRIME_MINISTER, "xem xét, quyết định tặng"),
        (IssuingBody.Kind.PRESIDENT, "xem xét, trình Chủ tịch nước quyết định tặng"),
    ):
        items = [n for n in nominations if issuer_kind_for(n.kind) == issuer]
        if items:
            asks.append(f"{ask} {kinds_phrase(_ordered(items))}")
    section = submission_section(
        request="; ".join(asks),
        nominations=nominations,
        number=session.central_submission_number,
        issued_on=day,
        body=body,
        signer=session.central_submission_signer,
        signer_title=body.signer_title(deputy=session.central_submission_by_deputy),
        phase=session.phase,
        addressee=CENTRAL_ADDRESSEE,
        particulars=particulars,
    )
    section["central"] = True
    section["session"] = session
    section["items"] = nominations
    section["bookmark"] = f"Tờ trình số {session.central_submission_number} gửi Trung ương"
    return section


def district_submission_pdf(*, district, phase, nominations, particulars):
    nominations = list(nominations)
    number = next((n.submission_number for n in nominations if n.submission_number), "")
    day = (
        next((n.submitted_on for n in nominations if n.submitted_on), None) or timezone.localdate()
    )
    province = province_body(day)
    body = district_body(district, day) or province
    signed = next((n for n in nominations if n.submission_signer), None)
    section = submission_section(
        nominations=nominations,
        number=number,
        issued_on=day,
        body=body,
        signer=signed.submission_signer if signed else "",
        signer_title=body.signer_title(deputy=bool(signed and signed.submission_by_deputy)),
        phase=phase,
        addressee=f"{province.authority} (qua Sở Nội vụ)",
        particulars=particulars,
    )
    return render_document(section)


def minutes_pdf(session):
    section = minutes_section(session)
    return render_document(section)


def report_pdf(nomination, *, particulars):
    section = report_section(nomination, particulars)
    return render_document(section)


def ensure_printable(decision):
    """A national decision is only recorded here: the province prints neither it nor its
    certificates (they come from the central level)."""
    if decision.issuer and decision.issuer.kind in IssuingBody.CENTRAL_KINDS:
        raise Http404(
            f"Quyết định của {decision.issuer.authority} chỉ được ghi nhận, tỉnh không in lại."
        )


def decision_pdf(decision):
    ensure_printable(decision)
    section = decision_section(decision)
    return render_document(section)


def dossier_pdf(session, *, particulars, decision=None, report_limit=None):
    """The whole dossier of a council session in one PDF: tờ trình, minutes, the achievement
    report of each nominee, and the decision when there is one; a table of contents first and a
    bookmark per part. Individuals' particulars only where `particulars` shows them."""
    nominations = _ordered(prefetch(passed_in(session)))
    submission = _council_submission(session, nominations, particulars)
    sections = [submission] if submission["count"] else []
    sections.append(minutes_section(session))
    # The Chairman's part first (his kinds' reports, then his decision), then the national
    # kinds' tờ trình to the central level with their reports, as each goes to its addressee.
    provincial = [n for n in nominations if not is_national(n)]
    national = [n for n in nominations if is_national(n)]
    reports = nominations if report_limit is None else nominations[:report_limit]
    bodies = {}
    sections.extend(
        report_section(n, particulars, bodies=bodies) for n in provincial if n in reports
    )
    if decision is None:
        provincial = session.decisions.exclude(issuer__kind__in=IssuingBody.CENTRAL_KINDS)
        decision = provincial.order_by("-issued_on").first()
    if (
        decision is not None
        and decision.issuer
        and decision.issuer.kind in IssuingBody.CENTRAL_KINDS
    ):
        decision = None
    if decision is not None:
        sections.append(decision_section(decision))
    central = _central_submission(session, national, particulars)
    if central is not None:
        sections.append(central)
        sections.extend(
            report_section(n, particulars, bodies=bodies)
            for n in national
            if n in reports and n in central["items"]
        )
    title = f"Hồ sơ khen thưởng — {session}"
    return pdf.bundle_pdf(
        [document_html(section) for section in sections],
        [section["bookmark"] for section in sections],
        title=title,
        author=sections[0]["body"].name if sections[0].get("body") else "",
        contents=partial(contents_html, title=title),
    )


CERTIFICATES_TEMPLATE = "pdf/awards_certificates.html"
CERTIFICATES_PER_PART = 25


def certificates_pdf(nominations, *, mode="full", calibration=None):
    """One certificate per awarded nomination: `full` prints the whole design on A4 landscape;
    `blank` prints only the text, at BLANK_POSITIONS shifted by the printer's offsets."""
    nominations = [
        nomination for nomination in nominations if nomination.state == Nomination.State.DECIDED
    ]
    bodies = {}
    for nomination in nominations:
        decision = nomination.decision
        if decision.pk not in bodies:
            bodies[decision.pk] = decision_body(decision)
        nomination.issuer_body = bodies[decision.pk]
    offset_x = float(calibration.offset_x_mm) if calibration else 0.0
    offset_y = float(calibration.offset_y_mm) if calibration else 0.0
    positions = {name: (x + offset_x, y + offset_y) for name, (x, y) in BLANK_POSITIONS.items()}
    # Laid out in sheets of CERTIFICATES_PER_PART, in parallel processes (one page each: the
    # parts are joined as they are).
    htmls = [
        render_to_string(
            CERTIFICATES_TEMPLATE,
            {
                "nominations": nominations[start : start + CERTIFICATES_PER_PART],
                "mode": mode,
                "positions": positions,
                "calibration": calibration,
                "column": {
                    "inset": SIGNATURE_COLUMN_INSET_MM,
                    "width": SIGNATURE_COLUMN_WIDTH_MM,
                },
            },
        )
        for start in range(0, max(len(nominations), 1), CERTIFICATES_PER_PART)
    ]
    return pdf.bundle_pdf(htmls, None, title="Bằng khen")
