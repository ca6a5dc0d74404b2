"""Running an import of any kind: all or nothing (the default), or only its valid rows.

`run` is what the command `import_data` and the upload pages call. All or nothing: the kind's
engine reads the file (`reader.read_table`, the same limits for every kind), checks every row
against what a few queries read and writes in one transaction, or writes nothing when any row
has an error. "Nhập các dòng hợp lệ" (`partial=True`): the rows with an error are set aside,
the others are applied again on their own in one transaction (a row that then fails, because it
leaned on a refused one, is set aside too), and the refused rows come back as an xlsx with the
file's own columns plus "Lỗi" (`refused_rows_xlsx`), ready to be fixed and imported again: the
"Lỗi" column is ignored when the file comes back (`ntm_portal.lib.importing.check_headers`).

Every cell error of the report names its column's letter as well as its header
(`ImportReport.name_columns`), the same on the upload page and in `import_data`.

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
    `registry.KINDS`); written only when `commit`.

    With `partial`, the valid rows are applied (written when `commit`) and the report says what
    happened to each row, and `report.refused` lists the refused rows [(row number, cells,
    [errors])]; `report.whole_refused` is the number of rows with an error when the file is
    taken whole (what all or nothing would refuse)."""
    spec = get(kind)
    first = spec.run(data, filename, user=user, commit=commit and not partial, table=table)
    source = first.table
    first.whole_refused = sum(1 for row in first.rows if row.errors)
    if not partial or first.file_errors or source is None or not first.whole_refused:
        if partial and commit and not first.file_errors and source is not None:
            # Nothing to set aside: the file is written whole.
            first = spec.run(None, filename, user=user, commit=True, table=source)
            first.whole_refused = 0
        if source is not None:
            first.name_columns(source.headers)
        first.refused = _refused(first, source)
        return first
    set_aside = {row.number: row for row in first.rows if row.errors}
    final = None
    for _ in range(PARTIAL_ROUNDS):
        keep = [(number, cells) for number, cells in source.rows if number not in set_aside]
        if not keep:
            final = None
            break
        final = spec.run(
            None, filename, user=user, commit=commit, table=Table(list(source.headers), keep)
        )
        if final.file_errors or not final.has_errors:
            break
        set_aside.update({row.number: row for row in final.rows if row.errors})
        final = None
    report = final if final is not None and not final.file_errors else first
    if report is final:
        report.rows = sorted([*final.rows, *set_aside.values()], key=lambda row: row.number)
    else:
        report.committed = False
    report.table = source
    report.name_columns(source.headers)
    report.whole_refused = first.whole_refused
    report.refused = _refused(report, source)
    return report


def _refused(report, table):
    """[(row number, the row's cells as read, [its errors])] of the rows with an error."""
    if table is None:
        return []
    errors = {row.number: [str(error) for error in row.errors] for row in report.rows}
    return [(number, cells, errors[number]) for number, cells in table.rows if errors.get(number)]


def choices(report):
    """What each choice does with this file, row counts included, from the report of a partial
    run (`run(..., partial=True)`), for the preview and the command's dry run."""
    rows = len(report.rows)
    refused = len(report.refused)
    valid = rows - refused
    new, changed = report.count(RowOutcome.NEW), report.count(RowOutcome.CHANGED)
    detail = f"{new} mới, {changed} thay đổi, {valid - new - changed} không đổi"
    whole_refused = getattr(report, "whole_refused", refused)
    if whole_refused:
        whole = (
            f"Nhập tất cả hoặc không gì: không ghi dòng nào, vì {whole_refused}/{rows} dòng có "
            "lỗi; hãy sửa các dòng lỗi rồi tải tệp lên lần nữa."
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
