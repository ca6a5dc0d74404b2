from ntm_portal.management.commands.import_data import KindCommand


class Command(KindCommand):
    help = "Như `import_data certifications FILE`: nhập quyết định công nhận."
    kind = "certifications"
