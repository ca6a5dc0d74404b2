from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = "Phong trào thi đua"

    def ready(self):
        from emulation.tasks import movement_tasks
        from units.tasks import register_tasks

        register_tasks("emulation", order=40, provide=movement_tasks)

        from emulation.sections import unit_movement_section
        from units.models import Unit
        from units.sections import register_section

        register_section(
            "emulation",
            order=60,
            levels={Unit.Level.DISTRICT, Unit.Level.COMMUNE},
            render=unit_movement_section,
        )
