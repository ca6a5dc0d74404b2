from django.urls import path

from ntm_portal.lib.dataio import views

app_name = "dataio"

urlpatterns = [
    path("<str:kind>/", views.upload, name="import"),
    path("<str:kind>/confirm/", views.confirm, name="import_confirm"),
    path("<str:kind>/job/<str:token>/", views.job, name="import_job"),
    path("<str:kind>/refused/<str:token>.xlsx", views.refused, name="import_refused"),
]
