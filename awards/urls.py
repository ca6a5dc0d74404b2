from django.urls import path

from awards.views import council, nominations, nominees
from ntm_portal.lib.dataio import views as dataio_views

app_name = "awards"
urlpatterns = [
    path("", nominations.NominationListView.as_view(), name="nomination_list"),
    path("new/", nominations.nomination_create, name="nomination_create"),
    path("from-review/", nominations.nominations_from_review, name="nominations_from_review"),
    path("<int:pk>/", nominations.nomination_detail, name="nomination_detail"),
    path("<int:pk>/edit/", nominations.nomination_update, name="nomination_update"),
    path("<int:pk>/submit/", nominations.nomination_submit, name="nomination_submit"),
    path("<int:pk>/withdraw/", nominations.nomination_withdraw, name="nomination_withdraw"),
    path("<int:pk>/receive/", nominations.nomination_receive, name="nomination_receive"),
    path("<int:pk>/return/", nominations.nomination_return, name="nomination_return"),
    path("<int:pk>/reject/", nominations.nomination_reject, name="nomination_reject"),
    path("<int:pk>/escalate/", nominations.nomination_escalate, name="nomination_escalate"),
    path("<int:pk>/report.pdf", council.nomination_report, name="nomination_report"),
    path("<int:pk>/submission.pdf", council.nomination_submission, name="nomination_submission"),
    path("kinds/", nominations.kind_list, name="kind_list"),
    # --- nominees and award history ---
    path("nominees/", nominees.NomineeListView.as_view(), name="nominee_list"),
    path("nominees/export/", nominees.nominee_export, name="nominee_export"),
    path("nominees/new/", nominees.nominee_create, name="nominee_create"),
    path("nominees/<int:pk>/", nominees.nominee_detail, name="nominee_detail"),
    path("nominees/<int:pk>/edit/", nominees.nominee_update, name="nominee_update"),
    path(
        "nominees/<int:pk>/records/new/",
        nominees.award_record_create,
        name="award_record_create",
    ),
    path(
        "nominees/<int:pk>/holds/new/",
        nominees.disciplinary_hold_create,
        name="disciplinary_hold_create",
    ),
    path("records/<int:pk>/delete/", nominees.award_record_delete, name="award_record_delete"),
    path("records/", nominees.AwardRecordListView.as_view(), name="record_list"),
    # The upload → preview → confirm of every kind: ntm_portal/lib/dataio/views.py.
    path("records/import/", dataio_views.upload, {"kind": "award-history"}, name="history_import"),
    path("records/template/", nominees.history_template, name="history_template"),
    path("duplicates/", nominees.duplicate_list, name="duplicate_list"),
    path("duplicates/merge/", nominees.nominee_merge, name="nominee_merge"),
    path("duplicates/distinct/", nominees.nominee_distinct, name="nominee_distinct"),
    # --- council, decisions, documents ---
    path("sessions/", council.CouncilSessionListView.as_view(), name="session_list"),
    path("sessions/new/", council.session_create, name="session_create"),
    path("sessions/<int:pk>/", council.session_detail, name="session_detail"),
    path("sessions/<int:pk>/minutes.pdf", council.session_minutes, name="session_minutes"),
    path("sessions/<int:pk>/submission.pdf", council.session_submission, name="session_submission"),
    path("sessions/<int:pk>/dossier.pdf", council.session_dossier, name="session_dossier"),
    path("sessions/<int:pk>/decision/new/", council.decision_create, name="decision_create"),
    path("decisions/", council.AwardDecisionListView.as_view(), name="decision_list"),
    path(
        "decisions/district/new/", council.district_decision_create, name="district_decision_create"
    ),
    path("decisions/<int:pk>/", council.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/document.pdf", council.decision_document, name="decision_document"),
    path(
        "decisions/<int:pk>/certificates.pdf",
        council.decision_certificates,
        name="decision_certificates",
    ),
    path("printers/", council.printer_list, name="printer_list"),
    path("printers/<int:pk>/delete/", council.printer_delete, name="printer_delete"),
]
