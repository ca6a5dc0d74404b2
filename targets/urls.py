from django.urls import path

from targets.views import plans

app_name = "targets"
urlpatterns = [
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", plans.PlanCreateView.as_view(), name="plan_create"),
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
    # --- commune status (targets/views/status.py) ---
    # --- appraisals (targets/views/appraisals.py) ---
    # --- imports and exports (targets/views/imports.py) ---
    # --- progress, dashboard, reports (targets/views/progress.py, targets/views/reports.py) ---
]
