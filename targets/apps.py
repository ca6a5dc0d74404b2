from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = "Kế hoạch, chỉ tiêu và công nhận"

    def ready(self):
        from targets.views.certifications import unit_certifications_section
        from units.models import Unit
        from units.sections import register_section

        register_section(
            "certifications",
            order=20,
            levels={Unit.Level.DISTRICT, Unit.Level.COMMUNE},
            render=unit_certifications_section,
        )

        # --- progress: a district's communes with their standard and criteria met ---
        from targets.progress.views import district_communes_section

        register_section(
            "children",
            order=100,
            levels={Unit.Level.PROVINCE, Unit.Level.DISTRICT},
            render=district_communes_section,
        )

        # --- a unit of 01/07/2025: what the old xã it came from reached (issue #24) ---
        from targets.progress.views import predecessors_record_section

        register_section(
            "predecessors_record",
            order=15,
            levels={Unit.Level.COMMUNE},
            render=predecessors_record_section,
        )

        # --- commune status and appraisals: a commune's criteria and its appraisal timeline ---
        from targets.views.appraisals import appraisals_section
        from targets.views.commune_status import criteria_section

        register_section(
            "criteria",
            order=30,
            levels={Unit.Level.COMMUNE, Unit.Level.DISTRICT},
            render=criteria_section,
        )
        register_section(
            "appraisals", order=40, levels={Unit.Level.COMMUNE}, render=appraisals_section
        )

        # --- lists of units: a commune's "x/19" wherever it appears ---
        from targets.views.commune_status import criteria_list_note
        from units.sections import register_list_note

        register_list_note("criteria", render=criteria_list_note)

        # --- home page: dossiers waiting for the user, communes missing the latest criteria ---
        from targets.home_tasks import appraisal_tasks, criteria_tasks
        from units.tasks import register_tasks

        register_tasks("appraisals", order=10, provide=appraisal_tasks)
        register_tasks("criteria", order=20, provide=criteria_tasks)
