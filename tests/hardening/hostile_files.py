"""Small hostile spreadsheets, built on the spot (shared by the tests and described in
docs/benchmarks.md): each would have taken down a worker before issue #10."""

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


HOSTILE = {
    "dimension A1:XFD1048576, 1 ô ở dòng 1.048.576": (dimension_bomb, "bang.xlsx"),
    "không khai kích thước, dòng 1.000.000": (far_row_without_dimension, "bang.xlsx"),
    "chuỗi dùng chung 64 MB": (shared_string_bomb, "bang.xlsx"),
    "thực thể ngoài (XXE)": (external_entity, "bang.xlsx"),
    "thực thể lồng nhau (billion laughs)": (entity_expansion, "bang.xlsx"),
    "CSV 200.000 dòng trống": (blank_rows_csv, "bang.csv"),
}
