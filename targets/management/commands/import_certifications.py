from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from targets.imports.engine import run_import


class Command(BaseCommand):
    help = (
        "Nhập quyết định công nhận từ tệp .xlsx hoặc .csv theo mẫu: in kết quả từng dòng; "
        "có lỗi thì không ghi gì và trả mã lỗi."
    )
    kind = "certifications"

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và báo cáo, không ghi gì."
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{file}”.")
        report = run_import(self.kind, path.read_bytes(), path.name, commit=not dry_run)
        for line in report.lines():
            self.stdout.write(line)
        if report.has_errors:
            raise CommandError("Tệp có lỗi: chưa ghi gì vào cơ sở dữ liệu.")
        if dry_run:
            self.stdout.write("Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.")
        else:
            self.stdout.write(self.style.SUCCESS("Đã ghi toàn bộ tệp vào cơ sở dữ liệu."))
