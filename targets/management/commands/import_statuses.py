from ntm_portal.management.commands.import_data import KindCommand


class Command(KindCommand):
    help = "Như `import_data statuses FILE`: nhập kết quả tiêu chí của xã."
    kind = "statuses"
