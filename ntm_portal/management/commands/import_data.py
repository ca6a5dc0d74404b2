"""`manage.py import_data KIND FILE [--dry-run] [--partial]` and `manage.py import_data --list`:
the one command of every import (`ntm_portal.lib.dataio`); the older commands
`import_certifications`, `import_statuses` and `import_movement` call it."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ntm_portal.lib.dataio import pipeline
from ntm_portal.lib.dataio.registry import KINDS
from ntm_portal.lib.importing import ERROR_COLUMN


class Command(BaseCommand):
    help = (
        "Nhập dữ liệu từ tệp .xlsx hoặc .csv theo mẫu của trang Nhập: in kết quả từng dòng. "
        "Mặc định nhập tất cả hoặc không gì (có lỗi thì không ghi gì và trả mã lỗi); --partial "
        "ghi các dòng hợp lệ và ghi các dòng lỗi ra tệp .xlsx có thêm cột “Lỗi”. "
        "--list liệt kê các loại dữ liệu."
    )

    # Set by an alias of one kind (KindCommand): the kind is then not an argument.
    kind = None

    def add_arguments(self, parser):
        if self.kind is None:
            parser.add_argument("kind", nargs="?", help="Loại dữ liệu (xem --list)")
        parser.add_argument("file", nargs="?", help="Đường dẫn tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--list", action="store_true", dest="list_kinds", help="Liệt kê các loại dữ liệu."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và báo cáo, không ghi gì."
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Nhập các dòng hợp lệ; các dòng lỗi ghi ra tệp …-dong-loi.xlsx cạnh tệp nhập.",
        )
        parser.add_argument(
            "--refused-file", help="Nơi ghi tệp các dòng lỗi khi --partial (mặc định cạnh tệp)."
        )
        parser.add_argument(
            "--user",
            help="Tên đăng nhập của người nhập: phạm vi và lịch sử theo người này "
            "(mặc định: quyền toàn tỉnh, không ghi người nhập).",
        )

    def handle(
        self,
        *args,
        kind=None,
        file=None,
        list_kinds=False,
        dry_run=False,
        partial=False,
        refused_file=None,
        user=None,
        **options,
    ):
        kind = self.kind or kind
        if list_kinds:
            for spec in KINDS.values():
                self.stdout.write(f"{spec.name}\t{spec.title}")
            return
        if kind not in KINDS:
            raise CommandError(
                f"Không có loại dữ liệu “{kind or ''}”; các loại: {', '.join(KINDS)} "
                "(import_data --list)."
            )
        if not file:
            raise CommandError("Thiếu đường dẫn tệp cần nhập.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{file}”.")
        who = None
        if user:
            who = get_user_model().objects.filter(username=user).first()
            if who is None:
                raise CommandError(f"Không có người dùng “{user}”.")
        report = pipeline.run(
            kind,
            path.read_bytes(),
            path.name,
            user=who,
            commit=not dry_run,
            # A dry run takes the valid rows apart too, to say what each choice would do.
            partial=partial or dry_run,
        )
        for line in report.lines():
            self.stdout.write(line)
        if report.file_errors:
            raise CommandError("Tệp không đọc được: chưa ghi gì vào cơ sở dữ liệu.")
        if dry_run:
            for line in pipeline.choices(report):
                self.stdout.write(line)
            self.stdout.write("Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.")
            if report.has_errors and not partial:
                raise CommandError("Tệp có lỗi: chưa ghi gì vào cơ sở dữ liệu.")
            return
        if not partial:
            if report.has_errors:
                raise CommandError("Tệp có lỗi: chưa ghi gì vào cơ sở dữ liệu.")
            self.stdout.write(self.style.SUCCESS("Đã ghi toàn bộ tệp vào cơ sở dữ liệu."))
            return
        written = len(report.rows) - len(report.refused) if report.committed else 0
        self.stdout.write(
            self.style.SUCCESS(f"Đã ghi {written} dòng hợp lệ vào cơ sở dữ liệu.")
            if report.committed
            else "Không có dòng hợp lệ nào: chưa ghi gì vào cơ sở dữ liệu."
        )
        if report.refused:
            target = (
                Path(refused_file) if refused_file else path.with_name(f"{path.stem}-dong-loi.xlsx")
            )
            target.write_bytes(pipeline.refused_rows_xlsx(report))
            self.stdout.write(
                f"{len(report.refused)} dòng lỗi đã ghi vào tệp {target} (cột “{ERROR_COLUMN}” "
                "nói lỗi của từng dòng): sửa rồi nhập lại tệp này."
            )


class KindCommand(Command):
    """An older command, kept as a thin alias of `import_data` for its one kind."""
