from django.core.management.base import BaseCommand

from awards.demo import DEMO_MARK, load_demo_awards


class Command(BaseCommand):
    help = (
        "Nạp lịch sử khen thưởng minh họa: đối tượng có lịch sử khen thưởng (một người bị nhập hai "
        "lần), đề nghị ở mọi bước, một phiên họp hội đồng và một quyết định khen thưởng; ghi chú "
        f"“{DEMO_MARK}”. Chạy lại không thay đổi gì."
    )

    def handle(self, *args, **options):
        created = load_demo_awards()
        if not created:
            self.stdout.write(self.style.SUCCESS("Khen thưởng minh họa đã có; không thay đổi gì."))
            return
        self.stdout.write(self.style.SUCCESS(f"Đã nạp khen thưởng minh họa: {created} đề nghị."))
