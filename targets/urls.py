from django.urls import path

from targets import views

app_name = "targets"
urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:pk>/targets/", views.plan_targets_edit, name="plan_targets_edit"),
    path("plans/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("plans/<int:pk>/named-targets/new/", views.named_target_create, name="named_target_create"),
    path("named-targets/<int:pk>/delete/", views.named_target_delete, name="named_target_delete"),
    path("plans/<int:pk>/check/", views.plan_check, name="plan_check"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan_history"),
]
