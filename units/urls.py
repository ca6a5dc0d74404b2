from django.urls import path

from units import new_units, views

app_name = "units"
urlpatterns = [
    path("", views.UnitListView.as_view(), name="unit_list"),
    # Before <code>/: the 2021–2025 record per unit of 01/07/2025 (issue #24).
    path("theo-don-vi-moi/", new_units.NewUnitsProgressView.as_view(), name="new_units_progress"),
    path("theo-don-vi-moi/bao-cao.pdf", new_units.new_units_report_pdf, name="new_units_report"),
    path("<str:code>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("<str:code>/contact/", views.UnitContactUpdateView.as_view(), name="unit_contact"),
]
