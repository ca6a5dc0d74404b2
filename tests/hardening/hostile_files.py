"""Small hostile spreadsheets, built on the spot (shared by the tests and described in
docs/benchmarks.md): each would have taken down a worker before issues #10 and #21.

`HOSTILE` is the corpus every import kind must refuse (tests/hardening/test_hostile_imports.py):
name → (builder, file name, a fragment of the message, which names the limit). Builders stream
what they compress, so that building a 40 MB sheet does not hold 40 MB.
"""

import functools
import io
import re
import zipfile

from openpyxl import Workbook


def plain_xlsx(rows=(("Mã xã", "Năm"), ("31105", 2024))):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def rewrite(data, replace):
    """The same workbook with some members replaced: {name: bytes or fn(old bytes) -> bytes}."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename in replace:
                new = replace[item.filename]
                content = new(content) if callable(new) else new
            target.writestr(item.filename, content)
        for name, new in replace.items():
            if name not in source.namelist():
                target.writestr(name, new if isinstance(new, bytes) else new(b""))
    return output.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def dimension_bomb():
    """5 KB: declares A1:XFD1048576 and has one cell at row 1,048,576."""

    def sheet(xml):
        xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData>",
        )

    return rewrite(plain_xlsx(), {SHEET: sheet})


def far_row_without_dimension():
    """A sheet without a dimension whose second row is row 1,000,000 (openpyxl would yield a
    million blank rows before it)."""

    def sheet(xml):
        xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", xml)
        return xml.replace(
            b"</sheetData>",
            b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData>",
        )

    return rewrite(plain_xlsx(), {SHEET: sheet})


def shared_string_bomb(megabytes=64):
    """A few hundred KB compressed: one shared string of `megabytes` MB."""
    body = b"A" * (megabytes * 1024 * 1024)
    shared = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>' + body + b"</t></si></sst>"
    )
    return rewrite(plain_xlsx(), {"xl/sharedStrings.xml": shared})


def external_entity():
    def sheet(xml):
        xml = xml.replace(
            b"<worksheet ",
            b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet ',
            1,
        )
        return xml.replace(
            b"</sheetData>",
            b'<row r="3"><c r="A3" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData>',
        )

    return rewrite(plain_xlsx(), {SHEET: _strip_declaration(sheet)})


def entity_expansion():
    laughs = b'<!ENTITY l0 "lol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (level, b"&l%d;" % (level - 1) * 10) for level in range(1, 10)
    )

    def sheet(xml):
        xml = xml.replace(b"<worksheet ", b"<!DOCTYPE worksheet [" + laughs + b"]><worksheet ", 1)
        return xml.replace(
            b"</sheetData>",
            b'<row r="3"><c r="A3" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData>',
        )

    return rewrite(plain_xlsx(), {SHEET: _strip_declaration(sheet)})


def _strip_declaration(fn):
    def wrapped(xml):
        return fn(re.sub(rb"^<\?xml[^>]*\?>", b"", xml.lstrip()))

    return wrapped


def blank_rows_csv(blank_lines=200_000):
    """About 400 KB (the reported one was 8 MB): a header, blank lines, one data row."""
    return b"ma_xa,nam\r\n" + b"\r\n" * blank_lines + b"31105,2024\r\n"


def streamed_xlsx(head, repeat, count, tail, *, lie_about_size=None):
    """A workbook whose sheet is `head` + `repeat` × `count` + `tail`, compressed as a stream
    (only a chunk of the sheet is ever in memory). `lie_about_size`: the uncompressed size the
    zip directory then declares for the sheet instead of the true one."""
    source = zipfile.ZipFile(io.BytesIO(plain_xlsx()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != SHEET:
                target.writestr(item.filename, source.read(item.filename))
                continue
            with target.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(head)
                chunk = repeat * max(1, min(count, (1 << 20) // len(repeat)))
                per_chunk = len(chunk) // len(repeat)
                left = count
                while left >= per_chunk:
                    sheet.write(chunk)
                    left -= per_chunk
                sheet.write(repeat * left)
                sheet.write(tail)
            if lie_about_size is not None:
                target.getinfo(SHEET).file_size = lie_about_size
    return output.getvalue()


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<dimension ref="A1:B2"/><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>M\xc3\xa3 x\xc3\xa3</t></is></c></row>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


@functools.cache
def wide_row(cells=10_000_000):
    """About 45 KB: one row of ten million empty cells (40 MB of sheet XML); the sheet declares
    A1:B2. openpyxl's read-only mode walked every one of them (45 s, 950 MB)."""
    return streamed_xlsx(_SHEET_HEAD + b'<row r="2">', b"<c/>", cells, b"</row>" + _SHEET_TAIL)


@functools.cache
def million_rows(rows=1_000_000):
    """A million rows of one number each, without row numbers, under a dimension of A1:B2."""
    return streamed_xlsx(_SHEET_HEAD, b"<row><c><v>1</v></c></row>", rows, _SHEET_TAIL)


@functools.cache
def many_cells(rows=10_000, cells=200):
    """Ten thousand rows of 200 empty formatted cells: two million cells, none with data."""
    row = b"<row>" + b'<c s="0"/>' * cells + b"</row>"
    return streamed_xlsx(_SHEET_HEAD, row, rows, _SHEET_TAIL)


@functools.cache
def zip_bomb(megabytes=64):
    """About 70 KB: a sheet of 64 MB of blanks (the zip directory says so)."""
    return streamed_xlsx(_SHEET_HEAD, b" " * 1024, megabytes * 1024, _SHEET_TAIL)


@functools.cache
def lying_zip_bomb(megabytes=64):
    """The same sheet, but the zip directory declares 1 KB for it."""
    return streamed_xlsx(
        _SHEET_HEAD, b" " * 1024, megabytes * 1024, _SHEET_TAIL, lie_about_size=1024
    )


def nul_csv():
    """A CSV with NUL bytes (a binary file renamed .csv, or UTF-16 saved as CSV)."""
    return "Mã xã,Năm\r\n31105,2024\r\n".encode("utf-16-le")


def wide_csv(commas=5_000_000):
    """5 MB: a header, then one line of five million separators."""
    return b"ma_xa,nam\r\n" + b"," * commas + b"\r\n"


def million_rows_csv(rows=1_000_000):
    """3 MB: a header and a million short rows."""
    return b"ma_xa,nam\r\n" + b"1,2\r\n" * rows


def oversized_csv():
    """One byte over the upload limit (settings.NTM_MAX_UPLOAD_MB)."""
    from django.conf import settings

    megabytes = settings.NTM_MAX_UPLOAD_MB if settings.configured else 10
    return b"ma_xa,nam\r\n" + b"x" * int(megabytes * 1024 * 1024)


HOSTILE = {
    "dimension A1:XFD1048576, 1 ô ở dòng 1.048.576": (dimension_bomb, "bang.xlsx", "10.001 dòng"),
    "không khai kích thước, dòng 1.000.000": (
        far_row_without_dimension,
        "bang.xlsx",
        "10.001 dòng",
    ),
    "một dòng 10 triệu ô trống (45 KB)": (wide_row, "bang.xlsx", "1.000.100 ô"),
    "1.000.000 dòng": (million_rows, "bang.xlsx", "10.001 dòng"),
    "2.000.000 ô trống có định dạng": (many_cells, "bang.xlsx", "1.000.100 ô"),
    "bom zip: trang tính 64 MB": (zip_bomb, "bang.xlsx", "vượt giới hạn 48,0 MB"),
    "bom zip khai sai kích thước": (lying_zip_bomb, "bang.xlsx", "không giải nén được"),
    "chuỗi dùng chung 64 MB": (shared_string_bomb, "bang.xlsx", "vượt giới hạn 16,0 MB"),
    "thực thể ngoài (XXE)": (external_entity, "bang.xlsx", "XML không an toàn"),
    "thực thể lồng nhau (billion laughs)": (entity_expansion, "bang.xlsx", "XML không an toàn"),
    "CSV 200.000 dòng trống": (blank_rows_csv, "bang.csv", "10.001 dòng"),
    "CSV 1.000.000 dòng": (million_rows_csv, "bang.csv", "10.001 dòng"),
    "CSV có byte NUL": (nul_csv, "bang.csv", "byte NUL"),
    "CSV một dòng 5 triệu dấu phẩy": (wide_csv, "bang.csv", "16.384 ô"),
    "tệp vượt giới hạn dung lượng": (oversized_csv, "bang.csv", "vượt giới hạn 10 MB"),
}
