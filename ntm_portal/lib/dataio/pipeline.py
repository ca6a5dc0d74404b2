"""Running an import of any kind: all or nothing (the default), or only its valid rows.

`run` is what the command `import_data` and the upload pages call. All or nothing: the kind's
engine reads the file (`reader.read_table`, the same limits for every kind), checks every row
against what a few queries read and writes in one transaction, or writes nothing when any row
has an error. "Nhập các dòng hợp lệ" (`partial=True`): the rows with an error are set aside,
the others are applied again on their own in one transaction (a row that then fails, because it
leaned on a refused one, is set aside too), and the refused rows come back as an xlsx with the
file's own columns plus "Lỗi" (`refused_rows_xlsx`), ready to be fixed and imported again: the
"Lỗi" column is ignored when the file comes back (`ntm_portal.lib.importing.check_headers`).

`choices` says, before anything is written, what each choice would do, with its row counts.
"""

from ntm_portal.lib.dataio.reader import Table
from ntm_portal.lib.dataio.registry import get
from ntm_portal.lib.importing import ERROR_COLUMN, RowOutcome
from ntm_portal.lib.spreadsheet import Sheet, write_xlsx

# Rounds of setting aside rows that fail once others are gone (a row leaning on a refused row).
PARTIAL_ROUNDS = 5


def run(kind, data, filename, *, user=None, commit=False, partial=False, table=None):
    """The report of importing `data` (or the `table` a preview read) as `kind` (a name of
    `registry.KINDS`); written only when `commit`. With `partial`, the valid rows are written
    and `report.refused` lists the refused rows [(row number, cells, [errors])]."""
    spec = get(kind)
    if not partial:
        report = spec.run(data, filename, user=user, commit=commit, table=table)
        report.refused = _refused(report, report.table)
        return report
    report = spec.run(data, filename, user=user, commit=False, table=table)
    source = report.table
    if report.file_errors or source is None or not commit:
        report.refused = _refused(report, source)
        return report
    set_aside = {row.number: row for row in report.rows if row.errors}
    final = report
    for _ in range(PARTIAL_ROUNDS):
        keep = [(number, cells) for number, cells in source.rows if number not in set_aside]
        if not keep:
            break
        final = spec.run(
            None, filename, user=user, commit=True, table=Table(list(source.headers), keep)
        )
        if final.committed or final.file_errors:
            break
        set_aside.update({row.number: row for row in final.rows if row.errors})
    if final is not report and final.committed:
        written = {row.number for row in final.rows}
        final.rows = sorted(
            [*final.rows, *(row for number, row in set_aside.items() if number not in written)],
            key=lambda row: row.number,
        )
        report = final
    report.table = source
    report.refused = _refused(report, source)
    return report


def _refused(report, table):
    """[(row number, the row's cells as read, [its errors])] of the rows with an error."""
    if table is None:
        return []
    errors = {row.number: [str(error) for error in row.errors] for row in report.rows}
    return [(number, cells, errors[number]) for number, cells in table.rows if errors.get(number)]


def choices(report):
    """What each choice would do with this file, row counts included, for the preview and the
    command's dry run."""
    rows = len(report.rows)
    refused = sum(1 for row in report.rows if row.errors)
    valid = rows - refused
    writes = report.count(RowOutcome.NEW) + report.count(RowOutcome.CHANGED)
    detail = (
        f"{report.count(RowOutcome.NEW)} mới, {report.count(RowOutcome.CHANGED)} thay đổi, "
        f"{valid - writes} không đổi"
    )
    if refused:
        whole = (
            f"Nhập tất cả hoặc không gì: không ghi dòng nào, vì {refused}/{rows} dòng có lỗi; "
            "hãy sửa các dòng lỗi rồi tải tệp lên lần nữa."
        )
    else:
        whole = f"Nhập tất cả hoặc không gì: ghi cả {rows} dòng ({detail})."
    if not refused:
        part = f"Nhập các dòng hợp lệ: như trên, cả {rows} dòng đều hợp lệ."
    elif valid:
        part = (
            f"Nhập các dòng hợp lệ: ghi {valid} dòng hợp lệ ({detail}), bỏ qua {refused} dòng "
            f"lỗi; {refused} dòng lỗi được trả về trong một tệp Excel với cột “{ERROR_COLUMN}”, "
            "để sửa rồi nhập lại."
        )
    else:
        part = f"Nhập các dòng hợp lệ: không có dòng hợp lệ nào ({refused} dòng đều có lỗi)."
    return [whole, part]


def refused_rows_xlsx(report):
    """The refused rows as an xlsx: the file's own columns, as they were read, plus "Lỗi"."""
    headers = list(report.table.headers) if report.table else []
    rows = [
        [*cells, *[""] * (len(headers) - len(cells)), "\n".join(errors)]
        for _number, cells, errors in report.refused
    ]
    return write_xlsx(
        [Sheet("Dòng lỗi", [*headers, ERROR_COLUMN], rows, widths={len(headers) + 1: 80})]
    )
