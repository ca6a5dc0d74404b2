from django.urls import path

from ntm_portal.lib.dataio import views as dataio_views
from targets.imports import views as imports
from targets.progress import assessment, report
from targets.progress import views as progress
from targets.views import appraisals, certifications, commune_status, data_quality, plans, public

app_name = "targets"
urlpatterns = [
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", plans.PlanCreateView.as_view(), name="plan_create"),
    path("plans/import/", plans.plan_import, name="plan_import"),
    path("plans/<int:pk>/file/", plans.plan_export, name="plan_export"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:pk>/targets/", plans.plan_targets_edit, name="plan_targets_edit"),
    path("plans/<int:pk>/indicators/new/", plans.indicator_create, name="indicator_create"),
    path(
        "plans/<int:pk>/named-targets/new/", plans.named_target_create, name="named_target_create"
    ),
    path("named-targets/<int:pk>/delete/", plans.named_target_delete, name="named_target_delete"),
    path("plans/<int:pk>/check/", plans.plan_check, name="plan_check"),
    path("plans/<int:pk>/history/", plans.plan_history, name="plan_history"),
    # --- certifications (targets/views/certifications.py) ---
    path(
        "certifications/",
        certifications.CertificationListView.as_view(),
        name="certification_list",
    ),
    path("certifications/new/", certifications.certification_create, name="certification_create"),
    path("certifications/to-complete/", data_quality.data_quality, name="data_quality"),
    path(
        "certifications/<int:pk>/",
        certifications.CertificationDetailView.as_view(),
        name="certification_detail",
    ),
    path(
        "certifications/<int:pk>/edit/",
        certifications.CertificationUpdateView.as_view(),
        name="certification_update",
    ),
    path(
        "certifications/<int:pk>/revoke/",
        certifications.certification_revoke,
        name="certification_revoke",
    ),
    path(
        "decisions/<int:pk>/", certifications.DecisionDetailView.as_view(), name="decision_detail"
    ),
    path(
        "decisions/<int:pk>/edit/",
        certifications.DecisionUpdateView.as_view(),
        name="decision_update",
    ),
    path(
        "decisions/<int:pk>/document/",
        certifications.decision_document,
        name="decision_document",
    ),
    # --- commune status (targets/views/commune_status.py) ---
    path("statuses/", commune_status.StatusListView.as_view(), name="status_list"),
    path("statuses/open/", commune_status.status_start, name="status_start"),
    path("statuses/evidence/<int:pk>/", commune_status.status_evidence, name="status_evidence"),
    path("statuses/<str:code>/<int:year>/", commune_status.status_edit, name="status_edit"),
    # --- appraisals (targets/views/appraisals.py) ---
    path("appraisals/", appraisals.AppraisalListView.as_view(), name="appraisal_list"),
    path("appraisals/new/", appraisals.appraisal_create, name="appraisal_create"),
    path("appraisals/<int:pk>/", appraisals.appraisal_detail, name="appraisal_detail"),
    path("appraisals/<int:pk>/receive/", appraisals.appraisal_receive, name="appraisal_receive"),
    path("appraisals/<int:pk>/return/", appraisals.appraisal_return, name="appraisal_return"),
    path("appraisals/<int:pk>/appraise/", appraisals.appraisal_appraise, name="appraisal_appraise"),
    path("appraisals/<int:pk>/decide/", appraisals.appraisal_decide, name="appraisal_decide"),
    path("appraisals/<int:pk>/withdraw/", appraisals.appraisal_withdraw, name="appraisal_withdraw"),
    path("appraisals/<int:pk>/resubmit/", appraisals.appraisal_resubmit, name="appraisal_resubmit"),
    # --- imports and exports (targets/imports/views.py) ---
    # The upload → preview → confirm of every kind: ntm_portal/lib/dataio/views.py.
    path(
        "imports/certifications/",
        dataio_views.upload,
        {"kind": "certifications"},
        name="import_certifications",
    ),
    path("imports/statuses/", dataio_views.upload, {"kind": "statuses"}, name="import_statuses"),
    path("imports/<str:kind>/confirm/", dataio_views.confirm, name="import_confirm"),
    path("imports/<str:kind>/template.xlsx", imports.import_template, name="import_template"),
    path("certifications/export.xlsx", imports.certification_export, name="certification_export"),
    path("statuses/export.xlsx", imports.status_export, name="status_export"),
    path("appraisals/export.xlsx", imports.appraisal_export, name="appraisal_export"),
    # --- progress, dashboard, reports (targets/progress/views.py, targets/progress/report.py) ---
    path(
        "plans/<int:pk>/assessments/<int:year>/",
        assessment.report_assessment_edit,
        name="report_assessment_edit",
    ),
    path("reports/progress.pdf", report.progress_report_pdf, name="progress_report_pdf"),
    path("public/recognitions/", public.public_recognitions, name="public_recognitions"),
    path("dashboard/", progress.DashboardView.as_view(), name="dashboard"),
    path(
        "districts/<str:code>/progress/",
        progress.DistrictProgressView.as_view(),
        name="district_progress",
    ),
    path("progress.json", progress.progress_json, name="progress_json"),
]
