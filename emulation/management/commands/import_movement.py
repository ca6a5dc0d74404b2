from ntm_portal.management.commands.import_data import Command as ImportDataCommand


class Command(ImportDataCommand):
    help = (
        "Như `import_data participants|registrations FILE`: nhập đơn vị tham gia hoặc đăng ký "
        "thi đua (quyền toàn tỉnh, không kiểm tra hạn đăng ký)."
    )

    def handle(self, *args, kind=None, **options):
        if kind not in ("participants", "registrations"):
            from django.core.management.base import CommandError

            raise CommandError("Loại dữ liệu phải là participants hoặc registrations.")
        return super().handle(*args, kind=kind, **options)
