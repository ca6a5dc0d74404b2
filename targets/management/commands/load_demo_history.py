from django.core.management.base import BaseCommand, CommandError

from targets.demo.history import DEMO_MARK, DemoConflict, load_demo_history


class Command(BaseCommand):
    help = (
        "Nạp lịch sử minh họa 2021–2025 (quyết định công nhận, kết quả tiêu chí, hồ sơ thẩm định) "
        f"theo diễn biến báo chí đã đưa tin; mọi bản ghi đều ghi chú “{DEMO_MARK}”. "
        "Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Nạp cả khi cơ sở dữ liệu đã có công nhận thật; bản ghi trùng với số liệu thật "
            "được bỏ qua và liệt kê.",
        )

    def handle(self, *args, force=False, **options):
        try:
            result = load_demo_history(force=force)
        except DemoConflict as error:
            raise CommandError(str(error)) from error
        for line in result.skipped:
            self.stdout.write(self.style.WARNING(f"Bỏ qua: {line}"))
        if not result.changed:
            self.stdout.write(self.style.SUCCESS("Lịch sử minh họa đã có đủ; không thay đổi gì."))
            return
        added = ", ".join(f"{count} {what}" for what, count in result.created.items())
        self.stdout.write(self.style.SUCCESS(f"Đã nạp lịch sử minh họa: {added}."))
