from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emulation.imports import IMPORTERS, run_import
from emulation.models import Movement


class Command(BaseCommand):
    help = (
        "Nhập đơn vị tham gia (participants) hoặc đăng ký thi đua (registrations) từ tệp .xlsx "
        "hoặc .csv theo mẫu của trang Nhập: in kết quả từng dòng; có lỗi thì không ghi gì và "
        "trả mã lỗi. Lệnh chạy với quyền toàn tỉnh (không kiểm tra hạn đăng ký)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", choices=sorted(IMPORTERS), help="participants hoặc registrations"
        )
        parser.add_argument("file", help="Đường dẫn tệp .xlsx hoặc .csv")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")

    def handle(self, *args, kind, file, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        movement = Movement.objects.order_by("pk").first()
        if movement is None:
            raise CommandError("Chưa có phong trào thi đua: hãy chạy load_reference_data trước.")
        report = run_import(
            kind, path.read_bytes(), path.name, movement=movement, commit=not dry_run
        )
        for error in report.file_errors:
            self.stdout.write(error)
        for row in report.rows:
            self.stdout.write(
                f"Dòng {row.number}: {row.outcome_label.lower()} {row.summary}".rstrip()
            )
            for error in row.errors:
                self.stdout.write(f"    {error}")
        self.stdout.write(f"Tổng cộng {len(report.rows)} dòng: {report.summary}.")
        if report.has_errors:
            raise CommandError("Tệp có lỗi: chưa ghi gì.")
        if dry_run:
            self.stdout.write("Chạy thử: chưa ghi gì.")
        else:
            self.stdout.write(self.style.SUCCESS("Đã nhập xong."))
