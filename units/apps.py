from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "Đơn vị hành chính"

    def ready(self):
        from units.models import Unit
        from units.sections import children_section, register_section

        register_section(
            "children",
            order=100,
            levels=[Unit.Level.PROVINCE, Unit.Level.DISTRICT],
            render=children_section,
        )
