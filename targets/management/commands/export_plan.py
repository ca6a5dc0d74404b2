from django.core.management.base import BaseCommand, CommandError

from targets import plan_file
from targets.models import Plan


class Command(BaseCommand):
    help = (
        "Xuất một kế hoạch ra tệp cùng định dạng `load_plan` đọc (targets/plan_file.py): nạp "
        "lại tệp này được đúng kế hoạch đó."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_number", help="Số hiệu kế hoạch, ví dụ 168/KH-UBND")
        parser.add_argument("--output", "-o", default="", help="Ghi ra tệp (mặc định: màn hình).")

    def handle(self, *args, plan_number, output="", **options):
        plan = Plan.objects.filter(number=plan_number).first()
        if plan is None:
            known = (
                ", ".join(Plan.objects.values_list("number", flat=True)) or "chưa có kế hoạch nào"
            )
            raise CommandError(
                f"Không có kế hoạch số {plan_number} (hiện có: {known}).", returncode=2
            )
        text = plan_file.dumps(plan_file.export(plan))
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(self.style.SUCCESS(f"Đã xuất {plan} ra {output}."))
        else:
            self.stdout.write(text, ending="")
