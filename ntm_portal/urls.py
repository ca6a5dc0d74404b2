from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from units import views as unit_views

admin.site.site_header = "Quản trị Cổng NTM Kiên Giang"
admin.site.site_title = "Cổng NTM Kiên Giang"

urlpatterns = [
    path("", unit_views.home, name="home"),
    path("roles/", unit_views.roles, name="roles"),
    # Lock-out after repeated failures: django-axes (ntm_portal/lib/login_throttle.py).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("units/", include("units.urls")),
    path("", include("targets.urls")),
    # Every import kind's upload → preview → confirm (the apps' import URLs lead to the same views).
    path("imports/", include("ntm_portal.lib.dataio.urls")),
    path("emulation/", include("emulation.urls")),
    path("awards/", include("awards.urls")),
    path("admin/", admin.site.urls),
]

# User files (NTM_MEDIA_ROOT) are never served from MEDIA_URL, not even in development: only
# through the views that check who may read them and send them as attachments
# (ntm_portal.lib.uploads.serve_upload), so that an HTML or SVG file cannot run in the portal.
