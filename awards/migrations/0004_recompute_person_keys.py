"""The name key became looser (#20: every diacritic, hỏi/ngã and a final i/y set aside):
stored keys are computed again so that existing records meet their spelling variants."""

from django.db import migrations

from ntm_portal.lib.text import person_key


def recompute(apps, schema_editor):
    Nominee = apps.get_model("awards", "Nominee")
    changed = []
    for nominee in Nominee.objects.filter(nominee_type="individual").only(
        "pk", "name", "match_key"
    ):
        key = person_key(nominee.name)[:250]
        if key != nominee.match_key:
            nominee.match_key = key
            changed.append(nominee)
    Nominee.objects.bulk_update(changed, ["match_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_nominations_council_decisions")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
