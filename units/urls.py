from django.urls import path

from units import views

app_name = "units"
urlpatterns = [
    path("", views.UnitListView.as_view(), name="unit_list"),
    path("<str:code>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("<str:code>/contact/", views.UnitContactUpdateView.as_view(), name="unit_contact"),
]
