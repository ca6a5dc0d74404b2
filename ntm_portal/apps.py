from django.apps import AppConfig


class NtmPortalConfig(AppConfig):
    """The project package as an app: it connects the portal-wide signal receivers."""

    name = "ntm_portal"
    verbose_name = "Cổng NTM"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from ntm_portal.lib import data_version
        from ntm_portal.middleware import start_activity_clock

        user_logged_in.connect(start_activity_clock, dispatch_uid="ntm_portal.activity_clock")
        data_version.connect()

        from ntm_portal.lib.empty_choice import use_vietnamese_empty_choice

        use_vietnamese_empty_choice()
