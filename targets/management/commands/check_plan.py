import sys

from django.core.management.base import BaseCommand, CommandError

from targets.consistency import check_plan
from targets.models import Plan


class Command(BaseCommand):
    help = (
        "Kiểm tra các số liệu của một kế hoạch có khớp với nhau không. Mã thoát: 0 khớp, 1 có chỗ "
        "không khớp, 2 không có kế hoạch đó hoặc tham số sai."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_number", help="Số hiệu kế hoạch, ví dụ 168/KH-UBND")

    def handle(self, *args, plan_number, **options):
        plan = Plan.objects.filter(number=plan_number).first()
        if plan is None:
            known = (
                ", ".join(Plan.objects.values_list("number", flat=True)) or "chưa có kế hoạch nào"
            )
            raise CommandError(
                f"Không có kế hoạch số {plan_number} (hiện có: {known}).", returncode=2
            )
        found = check_plan(plan)
        if not found:
            self.stdout.write(self.style.SUCCESS(f"{plan}: các số liệu khớp với nhau."))
            return
        self.stdout.write(f"{plan}: {len(found)} chỗ không khớp")
        header = ("Chỉ tiêu", "Năm", "Phép kiểm tra", "Văn bản ghi", "Tính lại")
        self.stdout.write(" | ".join(header))
        for item in found:
            self.stdout.write(
                " | ".join(
                    [
                        item.indicator.name,
                        str(item.year or "cả giai đoạn"),
                        item.check_label,
                        str(item.stated),
                        str(item.computed),
                    ]
                )
            )
            self.stdout.write(f"    {item.explanation}")
        sys.exit(1)
