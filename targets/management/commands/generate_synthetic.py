import time

from django.core.management.base import BaseCommand, CommandError

from targets.demo.synthetic import SCALES, Size, generate


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu tổng hợp để đo hiệu năng: đơn vị (mã bắt đầu bằng S), công nhận 2012–2025, "
        "kết quả 19 tiêu chí của mọi xã 2021–2025 và một kế hoạch trên tỉnh đầu tiên. "
        "Quy mô tỉnh ≈ Kiên Giang; quy mô quốc gia ≈ 60 tỉnh, 700 đơn vị cấp huyện, 8.000 xã."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="province")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--size",
            help="Kích thước tùy chọn thay cho --scale: số tỉnh,số đơn vị cấp huyện,số xã (ví dụ 1,3,12).",
        )
        parser.add_argument(
            "--plan-number",
            help="Số hiệu kế hoạch tổng hợp (mặc định SYN-PROVINCE/KH hoặc SYN-NATIONAL/KH).",
        )

    def handle(self, *args, scale, seed, size=None, plan_number=None, **options):
        try:
            chosen = Size.parse(size) if size else SCALES[scale]
        except ValueError as error:
            raise CommandError(str(error)) from error
        plan_number = plan_number or f"SYN-{'CUSTOM' if size else scale.upper()}/KH"
        started = time.perf_counter()
        try:
            summary = generate(chosen, seed=seed, plan_number=plan_number, log=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong sau {time.perf_counter() - started:.1f} giây: kế hoạch {summary.plan_number}, "
                f"{summary.communes} xã, {summary.certifications} công nhận, "
                f"{summary.results} dòng kết quả tiêu chí."
            )
        )
