from django.urls import path

from emulation.views import (
    data,
    exemplars,
    movement,
    registrations,
    reopening,
    reports,
    reviews,
)
from ntm_portal.lib.dataio import views as dataio_views

app_name = "emulation"
urlpatterns = [
    path("", movement.movement_home, name="movement_home"),
    path("content-areas/new/", movement.content_area_form, name="content_area_create"),
    path("content-areas/<int:pk>/edit/", movement.content_area_form, name="content_area_update"),
    # --- phases and scoring tables ---
    path("phases/new/", movement.phase_form, name="phase_create"),
    path("phases/<int:pk>/", movement.phase_detail, name="phase_detail"),
    path("phases/<int:pk>/edit/", movement.phase_form, name="phase_update"),
    path("phases/<int:pk>/scoring-table/", movement.phase_criteria, name="phase_criteria"),
    path(
        "phases/<int:pk>/completeness/", registrations.phase_completeness, name="phase_completeness"
    ),
    path(
        "phases/<int:pk>/completeness/export.xlsx",
        data.completeness_export,
        name="completeness_export",
    ),
    path("phases/<int:pk>/ranking/", reviews.phase_ranking, name="phase_ranking"),
    path("phases/<int:pk>/ranking/export.xlsx", data.ranking_export, name="ranking_export"),
    # --- participants and clusters ---
    path("participants/", movement.ParticipantListView.as_view(), name="participant_list"),
    path("participants/export.xlsx", data.participant_export, name="participant_export"),
    path("participants/new/", movement.participant_form, name="participant_create"),
    path("participants/<int:pk>/", movement.participant_detail, name="participant_detail"),
    path("participants/<int:pk>/edit/", movement.participant_form, name="participant_update"),
    path("clusters/", movement.ClusterListView.as_view(), name="cluster_list"),
    path("clusters/export.xlsx", data.cluster_export, name="cluster_export"),
    path("clusters/new/", movement.cluster_form, name="cluster_create"),
    path("clusters/<int:pk>/", movement.cluster_detail, name="cluster_detail"),
    path("clusters/<int:pk>/edit/", movement.cluster_form, name="cluster_update"),
    # --- registrations ---
    path("registrations/", registrations.RegistrationListView.as_view(), name="registration_list"),
    path("registrations/export.xlsx", data.registration_export, name="registration_export"),
    path("registrations/<int:pk>/", registrations.registration_detail, name="registration_detail"),
    path(
        "phases/<int:pk>/registrations/<str:code>/",
        registrations.registration_edit,
        name="registration_edit",
    ),
    # --- reopening after a deadline ---
    path(
        "phases/<int:pk>/registrations/<str:code>/reopen/",
        reopening.reopen_request_create,
        {"what": "registration"},
        name="registration_reopen",
    ),
    path(
        "phases/<int:pk>/self-assessments/<str:code>/reopen/",
        reopening.reopen_request_create,
        {"what": "assessment"},
        name="review_reopen",
    ),
    path("reopen-requests/", reopening.reopen_request_list, name="reopen_request_list"),
    path(
        "reopen-requests/<int:pk>/grant/",
        reopening.reopen_request_decide,
        {"decision": "grant"},
        name="reopen_request_grant",
    ),
    path(
        "reopen-requests/<int:pk>/refuse/",
        reopening.reopen_request_decide,
        {"decision": "refuse"},
        name="reopen_request_refuse",
    ),
    # --- reviews ---
    path("reviews/", reviews.ReviewListView.as_view(), name="review_list"),
    path("reviews/export.xlsx", data.review_export, name="review_export"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path(
        "reviews/<int:pk>/verify-cluster/",
        reviews.review_verify,
        {"stage": "cluster"},
        name="review_verify_cluster",
    ),
    path(
        "reviews/<int:pk>/verify-province/",
        reviews.review_verify,
        {"stage": "province"},
        name="review_verify_province",
    ),
    path(
        "phases/<int:pk>/self-assessments/<str:code>/",
        reviews.review_edit,
        name="review_edit",
    ),
    # --- exemplary models ---
    path("exemplars/", exemplars.ExemplarListView.as_view(), name="exemplar_list"),
    path("exemplars/export.xlsx", data.exemplar_export, name="exemplar_export"),
    path("exemplars/new/", exemplars.exemplar_form, name="exemplar_create"),
    path("exemplars/<int:pk>/", exemplars.exemplar_detail, name="exemplar_detail"),
    path("exemplars/<int:pk>/edit/", exemplars.exemplar_form, name="exemplar_update"),
    path("exemplar-files/<int:pk>/", exemplars.exemplar_file, name="exemplar_file"),
    # --- reports ---
    path("reports/", reports.ReportListView.as_view(), name="report_list"),
    path("reports/export.xlsx", data.report_export, name="report_export"),
    path("reports/new/", reports.report_form, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", reports.report_form, name="report_update"),
    path("reports/<int:pk>/report.pdf", reports.report_pdf, name="report_pdf"),
    # --- imports ---
    # The upload → preview → confirm of every kind: ntm_portal/lib/dataio/views.py.
    path("imports/<str:kind>/", dataio_views.upload, name="import_upload"),
    path("imports/<str:kind>/confirm/", dataio_views.confirm, name="import_confirm"),
    path("imports/<str:kind>/template.xlsx", data.import_template, name="import_template"),
]
