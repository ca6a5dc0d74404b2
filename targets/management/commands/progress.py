import csv
import json

from django.core.management.base import BaseCommand, CommandError

from ntm_portal.lib.numbers import comma
from ntm_portal.lib.spreadsheet import escape_formula
from targets.progress import INDICATOR_FIELDS, compute_progress, indicator_as_dict, progress_as_dict
from targets.progress.query import ProgressQuery, ProgressQueryError

FORMATS = ["table", "json", "csv"]


class Command(BaseCommand):
    help = (
        "Tiến độ thực hiện kế hoạch theo năm: kế hoạch, thực tế, còn thiếu, tỷ lệ và tình trạng "
        "của từng chỉ tiêu (các số giống trang Tiến độ và progress.json). Dạng csv chỉ có các "
        "chỉ tiêu; dạng table và json có cả mục tiêu đơn vị cụ thể."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan",
            default="",
            help="Số hiệu kế hoạch, ví dụ 168/KH-UBND (mặc định: kế hoạch đang có hiệu lực năm nay, "
            "nếu không có thì kế hoạch bắt đầu gần nhất).",
        )
        parser.add_argument("--year", default="", help="Năm của kế hoạch (mặc định: năm hiện tại).")
        parser.add_argument(
            "--basis", default="standard", help="standard (theo năm đạt chuẩn) hoặc decision."
        )
        parser.add_argument(
            "--scope",
            default="",
            help="Mã tỉnh, một đơn vị cấp huyện hoặc một đơn vị cấp xã của kế hoạch "
            "(mặc định: toàn tỉnh).",
        )
        parser.add_argument("--format", default="table", help="table, json hoặc csv.")

    def handle(self, *args, **options):
        if options["format"] not in FORMATS:
            raise CommandError(
                f"Dạng “{options['format']}” không hợp lệ: dùng table, json hoặc csv."
            )
        query = ProgressQuery({name: options[name] for name in ("plan", "year", "basis", "scope")})
        try:
            question = query.question()
        except ProgressQueryError as error:
            raise CommandError(str(error)) from error
        progress = compute_progress(
            question.plan, year=question.year, scope=question.scope, basis=question.basis
        )
        getattr(self, f"write_{options['format']}")(progress)

    def write_json(self, progress):
        self.stdout.write(json.dumps(progress_as_dict(progress), ensure_ascii=False, indent=2))

    def write_csv(self, progress):
        writer = csv.DictWriter(self.stdout, fieldnames=INDICATOR_FIELDS, lineterminator="\n")
        writer.writeheader()
        for item in progress.indicators:
            # The exact two-decimal share, not the float JSON carries.
            row = {**indicator_as_dict(item, progress.basis), "share": str(item.share)}
            # A text starting with = + - @ would run as a formula when the file is opened in Excel.
            writer.writerow({key: escape_formula(value) for key, value in row.items()})

    def write_table(self, progress):
        self.stdout.write(
            f"Kế hoạch {progress.plan.number} — {progress.scope.full_name} — năm {progress.year} "
            f"— {progress.basis_label.lower()}"
        )
        header = [
            "Chỉ tiêu",
            "Kế hoạch",
            "Thực tế",
            "Còn thiếu",
            "Tỷ lệ %",
            "Mẫu số",
            "Năm gốc",
            "Sổ đối chiếu",
            "Thiếu theo sổ",
            "Tình trạng",
        ]
        rows = [
            [
                item.name,
                _text(item.target),
                str(item.actual),
                _text(item.gap),
                comma(item.share),
                str(item.denominator),
                str(item.baseline),
                "đã đối chiếu" if item.reconciled else "chưa",
                str(item.implied_missing),
                item.status_label or "—",
            ]
            for item in progress.indicators
        ]
        self._write_rows(header, rows)
        notes = [item.baseline_note for item in progress.incomplete]
        notes += [
            f"{item.name}: {item.completeness_note}"
            for item in progress.indicators
            if not item.reconciled or item.implied_missing
        ]
        if progress.undated_note:
            notes.append(progress.undated_note)
        if notes:
            self.stdout.write("")
            for note in notes:
                self.stdout.write(f"Lưu ý: {note}")
        if progress.named_targets:
            self.stdout.write("")
            self._write_rows(
                ["Đơn vị", "Mục tiêu", "Hạn", "Tình trạng"],
                [
                    [t.unit.full_name, t.standard_label, str(t.year), t.label]
                    for t in progress.named_targets
                ],
            )

    def _write_rows(self, header, rows):
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            cells = [
                cell.ljust(width) if index == 0 or index == len(row) - 1 else cell.rjust(width)
                for index, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())


def _text(value):
    return "—" if value is None else str(value)
