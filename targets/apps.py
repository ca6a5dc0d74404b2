from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = "Kế hoạch, chỉ tiêu và công nhận"
