from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Khen thưởng"

    def ready(self):
        from awards import prerender
        from awards.tasks import provide
        from units.tasks import register_tasks

        register_tasks("awards", order=40, provide=provide)
        prerender.connect()
