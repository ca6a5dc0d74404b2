from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = "Phong trào thi đua"

    def ready(self):
        from emulation.tasks import movement_tasks
        from units.tasks import register_tasks

        register_tasks("emulation", order=40, provide=movement_tasks)
