from django.core.management.base import BaseCommand, CommandError

from emulation.demo import DEMO_MARK, DemoConflict, load_demo_movement


class Command(BaseCommand):
    help = (
        "Nạp phong trào thi đua minh họa: đơn vị tham gia, cụm/khối 2022–2025, đăng ký (có đơn vị "
        "chưa đăng ký, đăng ký sau hạn), bảng điểm đã thẩm định, điển hình và báo cáo tổng kết nháp; "
        f"mọi bản ghi ghi chú “{DEMO_MARK}”. Chạy lại không thay đổi gì."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo_movement()
        except DemoConflict as error:
            raise CommandError(str(error)) from error
        if not result.created:
            self.stdout.write(self.style.SUCCESS("Phong trào minh họa đã có; không thay đổi gì."))
            return
        added = ", ".join(f"{count} {what}" for what, count in result.created.items())
        self.stdout.write(self.style.SUCCESS(f"Đã nạp phong trào thi đua minh họa: {added}."))
