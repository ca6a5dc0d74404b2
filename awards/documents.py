"""The printed documents of a commendation: tờ trình (form 01 of Decree 98/2023's Appendix I),
council minutes, achievement reports, the award decision with its appendix list, certificates
(full design, or text only for pre-printed blanks with a printer's offsets), and the combined
dossier with its table of contents and bookmarks. All go through `ntm_portal.lib.pdf`; every
typed text reaches the page through Django's autoescaping, so HTML prints as text.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from awards.models import Nomination, RecipientType
from ntm_portal.lib.pdf import render_pdf

PROVINCE_AGENCY = "Ủy ban nhân dân tỉnh Kiên Giang"
MOVEMENT_FALLBACK = "Kiên Giang chung sức xây dựng nông thôn mới"

# Where each field sits on the official pre-printed blank (A4 landscape), in millimetres from
# the sheet's top-left corner: measured once from the blank; a printer's own shift is added.
BLANK_POSITIONS = {
    "recipient": (60, 88),
    "description": (60, 102),
    "achievement": (45, 116),
    "decision": (30, 170),
    "place_date": (160, 150),
    "signer": (175, 192),
}


@dataclass
class Groups:
    collectives: list = field(default_factory=list)
    individuals: list = field(default_factory=list)
    households: list = field(default_factory=list)


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
        "kind",
        "phase__movement",
        "proposer__unit",
        "decision",
        "session",
        "review",
    ).prefetch_related("exemplars", "nominee__award_records__kind")


# --- sections: each a template fragment with its own context ---------------------------------


def submission_section(
    *, nominations, number, issued_on, agency, signer, signer_title, phase, addressee
):
    nominations = _ordered(nominations)
    return {
        "template": "pdf/awards_part_submission.html",
        "bookmark": f"Tờ trình số {number}" if number else "Tờ trình",
        "number": number,
        "issued_on": issued_on,
        "agency": agency,
        "signer": signer,
        "signer_title": signer_title,
        "phase": phase,
        "movement": movement_name(phase),
        "addressee": addressee,
        "groups": grouped(nominations),
        "kinds": kinds_phrase(nominations),
        "count": len(nominations),
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
    }


def report_section(nomination):
    records = list(nomination.nominee.award_records.all())
    records.sort(key=lambda record: (record.year, record.pk))
    return {
        "template": "pdf/awards_part_report.html",
        "bookmark": f"Báo cáo thành tích: {nomination.nominee.display_name}",
        "nomination": nomination,
        "nominee": nomination.nominee,
        "titles": [record for record in records if record.kind.is_title],
        "forms": [record for record in records if not record.kind.is_title],
        "exemplars": list(nomination.exemplars.all()),
        "movement": movement_name(nomination.phase),
    }


def decision_section(decision):
    nominations = _ordered(prefetch(decision.nominations.all()))
    return {
        "template": "pdf/awards_part_decision.html",
        "bookmark": f"Quyết định số {decision.number}",
        "decision": decision,
        "groups": grouped(nominations),
        "count": len(nominations),
        "kinds": kinds_phrase(nominations),
        "movement": movement_name(decision.phase),
        "phase": decision.phase,
        "total": sum(nomination.amount or 0 for nomination in nominations),
        "session": decision.session,
    }


def render_sections(sections, *, title, toc=False):
    for number, section in enumerate(sections, start=1):
        section["anchor"] = f"section-{number}"
    return render_pdf(
        "pdf/awards_document.html", {"sections": sections, "title": title, "toc": toc}
    )


# --- documents ---------------------------------------------------------------------------------


def _council_submission(session, nominations):
    """The tờ trình of the Department of Home Affairs to the Chairman for a council session."""
    section = submission_section(
        nominations=nominations,
        number=session.submission_number,
        issued_on=session.held_on,
        agency="Sở Nội vụ tỉnh Kiên Giang",
        signer="",
        signer_title="GIÁM ĐỐC",
        phase=session.phase,
        addressee="Chủ tịch Ủy ban nhân dân tỉnh Kiên Giang",
    )
    section["parent_agency"] = PROVINCE_AGENCY
    return section


def submission_pdf(session):
    nominations = list(prefetch(Nomination.objects.filter(votes__session=session)))
    if not nominations:
        nominations = list(
            prefetch(session.phase.nominations.filter(state=Nomination.State.RECEIVED))
        )
    section = _council_submission(session, nominations)
    return render_sections([section], title=section["bookmark"])


def district_submission_pdf(*, district, phase, nominations):
    nominations = list(nominations)
    number = next((n.submission_number for n in nominations if n.submission_number), "")
    day = (
        next((n.submitted_on for n in nominations if n.submitted_on), None) or timezone.localdate()
    )
    section = submission_section(
        nominations=nominations,
        number=number,
        issued_on=day,
        agency=f"Ủy ban nhân dân {district.full_name}" if district else PROVINCE_AGENCY,
        signer="",
        signer_title="CHỦ TỊCH",
        phase=phase,
        addressee="Chủ tịch Ủy ban nhân dân tỉnh Kiên Giang (qua Sở Nội vụ)",
    )
    return render_sections([section], title=section["bookmark"])


def minutes_pdf(session):
    section = minutes_section(session)
    return render_sections([section], title=section["bookmark"])


def report_pdf(nomination):
    section = report_section(nomination)
    return render_sections([section], title=section["bookmark"])


def decision_pdf(decision):
    section = decision_section(decision)
    return render_sections([section], title=section["bookmark"])


def dossier_pdf(session, *, decision=None, report_limit=None):
    """The whole dossier of a council session in one PDF: tờ trình, minutes, the achievement
    report of each nominee, and the decision when there is one; a table of contents first and a
    bookmark per part."""
    nominations = _ordered(prefetch(Nomination.objects.filter(votes__session=session).distinct()))
    sections = [
        _council_submission(session, nominations),
        minutes_section(session),
    ]
    reports = nominations if report_limit is None else nominations[:report_limit]
    sections.extend(report_section(nomination) for nomination in reports)
    decision = decision or session.decisions.order_by("-issued_on").first()
    if decision is not None:
        sections.append(decision_section(decision))
    return render_sections(sections, title=f"Hồ sơ khen thưởng — {session}", toc=True)


def certificates_pdf(nominations, *, mode="full", calibration=None):
    """One certificate per awarded nomination: `full` prints the whole design on A4 landscape;
    `blank` prints only the text, at BLANK_POSITIONS shifted by the printer's offsets."""
    offset_x = float(calibration.offset_x_mm) if calibration else 0.0
    offset_y = float(calibration.offset_y_mm) if calibration else 0.0
    positions = {name: (x + offset_x, y + offset_y) for name, (x, y) in BLANK_POSITIONS.items()}
    return render_pdf(
        "pdf/awards_certificates.html",
        {
            "nominations": nominations,
            "mode": mode,
            "positions": positions,
            "calibration": calibration,
        },
    )
