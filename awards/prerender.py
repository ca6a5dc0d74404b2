"""A nomination's achievement report laid out in the background when the nomination is saved,
so that the dossier that holds it later finds it made (ntm_portal.lib.pdf.part_path: kept
under a hash of its HTML, the report's own data version).

When the transaction that saved nominations commits, their reports' HTML is made here (as the
provincial office reads them, the view of a dossier fetched by provincial staff) and those with
no PDF kept for that HTML are laid out, one after the other, by one forked child per transaction
that the request does not wait for (ntm_portal.lib.pdf.lay_out_in_background). A step that does
not touch what a report prints (update_fields without REPORT_FIELDS: received, voted,
decided…) makes nothing, and a report whose text has not changed is not laid out again.
NTM_PDF_PRERENDER = False turns it off.
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_save

logger = logging.getLogger("ntm_portal.pdf")

# Reports that may still reach a dossier: not a draft (edited often, laid out when submitted),
# nor one withdrawn, refused or voted down.
SKIPPED_STATES = {"draft", "withdrawn", "rejected", "not_passed"}
# The nomination's fields that its report prints (awards_part_report.html, report_section).
# Leaving the draft is the submission, which saves submitted_on.
REPORT_FIELDS = {
    "nominee",
    "kind",
    "phase",
    "proposer",
    "district",
    "report_form",
    "background",
    "achievements",
    "ntm_results",
    "review_rank",
    "review_points",
    "submitted_on",
}


def report_htmls(nomination_ids):
    """The HTML of the nominations' achievement reports as a dossier prints them for the
    provincial office, for those that may reach a dossier."""
    from awards import documents
    from awards.models import Nomination

    nominations = documents.prefetch(
        Nomination.objects.filter(pk__in=nomination_ids).exclude(state__in=SKIPPED_STATES)
    ).order_by("pk")
    bodies = {}
    return [
        documents.document_html(
            documents.report_section(nomination, documents.OFFICE_VIEW, bodies=bodies)
        )
        for nomination in nominations
    ]


def report_html(nomination_id):
    """One nomination's report (report_htmls), or None."""
    htmls = report_htmls([nomination_id])
    return htmls[0] if htmls else None


def prerender_reports(nomination_ids):
    """Lay out the reports in the background unless they are kept already; the child's pid or
    None."""
    from ntm_portal.lib import pdf

    try:
        htmls = report_htmls(nomination_ids)
        return pdf.lay_out_in_background(htmls) if htmls else None
    except Exception:  # a report made in advance must never break the save that asked for it
        logger.exception("Không lập trước được báo cáo thành tích của đề nghị %s", nomination_ids)
        return None


class _Batch:
    """The nominations saved in one transaction, laid out when it commits."""

    def __init__(self):
        self.ids = set()

    def __call__(self):
        prerender_reports(sorted(self.ids))


def _saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not getattr(settings, "NTM_PDF_PRERENDER", True):
        return
    if update_fields is not None and not set(update_fields) & REPORT_FIELDS:
        return
    if not connection.in_atomic_block:
        prerender_reports([instance.pk])
        return
    batch = next(
        (item[1] for item in connection.run_on_commit if isinstance(item[1], _Batch)), None
    )
    if batch is None:
        batch = _Batch()
        transaction.on_commit(batch)
    batch.ids.add(instance.pk)


def connect():
    from awards.models import Nomination

    post_save.connect(_saved, sender=Nomination, dispatch_uid="awards.prerender.nomination")
