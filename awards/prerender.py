"""A nomination's achievement report laid out in the background when the nomination is saved,
so that the dossier that holds it later finds it made (ntm_portal.lib.pdf.part_path: kept
under a hash of its HTML, the report's own data version).

After the transaction that saved the nomination commits, its report's HTML is made here (as the
provincial office reads it, the view of a dossier fetched by provincial staff) and, when no PDF
is kept for that HTML, laid out by a forked child that the request does not wait for
(ntm_portal.lib.pdf.lay_out_in_background). A report whose text has not changed is not laid out
again. NTM_PDF_PRERENDER = False turns it off.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save

logger = logging.getLogger("ntm_portal.pdf")

# Reports that may still reach a dossier: not a draft (edited often, laid out when submitted),
# nor one withdrawn, refused or voted down.
SKIPPED_STATES = {"draft", "withdrawn", "rejected", "not_passed"}


def report_html(nomination_id):
    """The HTML of a nomination's achievement report as a dossier prints it for the provincial
    office, or None when there is none to make."""
    from awards import documents
    from awards.models import Nomination

    nomination = documents.prefetch(Nomination.objects.filter(pk=nomination_id)).first()
    if nomination is None or nomination.state in SKIPPED_STATES:
        return None
    return documents.document_html(documents.report_section(nomination, documents.OFFICE_VIEW))


def prerender_report(nomination_id):
    """Lay out the report in the background unless it is kept already; the child's pid or
    None."""
    from ntm_portal.lib import pdf

    try:
        html = report_html(nomination_id)
        return pdf.lay_out_in_background(html) if html is not None else None
    except Exception:  # a report made in advance must never break the save that asked for it
        logger.exception("Không lập trước được báo cáo thành tích của đề nghị %s", nomination_id)
        return None


def _saved(sender, instance, raw=False, **kwargs):
    if raw or not getattr(settings, "NTM_PDF_PRERENDER", True):
        return
    pk = instance.pk
    transaction.on_commit(lambda: prerender_report(pk))


def connect():
    from awards.models import Nomination

    post_save.connect(_saved, sender=Nomination, dispatch_uid="awards.prerender.nomination")
