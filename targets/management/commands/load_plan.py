from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ntm_portal.lib.reference import LoadReport
from targets import plan_file


class Command(BaseCommand):
    help = (
        "Nạp một kế hoạch từ tệp (năm, năm gốc, chỉ tiêu, chỉ tiêu năm, mục tiêu đơn vị, bộ tiêu "
        "chí, nhóm xã; định dạng ở targets/plan_file.py). Tệp có dòng sai thì không ghi gì và "
        "liệt kê từng dòng với lý do (mã thoát 2). Nạp lại cùng tệp không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp kế hoạch (.json), ví dụ fixtures/plan_168.json")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Giữ những bản ghi đã có nhưng khác với tệp và liệt kê chúng (mặc định: ghi theo "
            "tệp).",
        )

    def handle(self, *args, file, keep=False, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Không đọc được tệp {file}: {error}", returncode=2) from error
        report = LoadReport()
        try:
            plan = plan_file.load_text(text, path.name, report, update=not keep)
        except plan_file.PlanFileError as error:
            for line in error.lines():
                self.stderr.write(line)
            raise CommandError(
                f"Không nạp tệp {path.name}: {len(error.problems)} chỗ sai, không ghi gì.",
                returncode=2,
            ) from error
        for line in report.differing:
            self.stdout.write(self.style.WARNING(f"Khác với tệp (giữ nguyên): {line}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{plan}: thêm {report.created}, cập nhật {report.updated}, "
                f"giữ nguyên {report.unchanged}."
            )
        )
