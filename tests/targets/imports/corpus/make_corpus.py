"""Write the bad-input corpus next to this script: `python tests/targets/imports/corpus/make_corpus.py`.

Each file breaks one rule; tests/targets/imports/test_bad_files.py expects its exact messages.
"""

import io
import sys
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from files import (  # noqa: E402
    CERTIFICATION_HEADERS,
    STATUS_HEADERS,
    certification_row,
    csv_bytes,
    status_row,
    xlsx_bytes,
)

H = CERTIFICATION_HEADERS


def docx_bytes():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return output.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def nfd(text):
    return unicodedata.normalize("NFD", text)


def cp1258(text):
    """Windows-1258 keeps vowels with their quality mark whole and writes tones as combining marks."""
    encoded = b""
    for char in text:
        try:
            encoded += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(part for part in parts if part in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
            encoded += (base + tones).encode("cp1258")
    return encoded


CORPUS = {
    "missing_column.csv": csv_bytes(
        [h for h in H if h != "Chuẩn"],
        [[v for h, v in zip(H, certification_row(), strict=True) if h != "Chuẩn"]],
    ),
    "extra_column.csv": csv_bytes([*H, "Xếp loại"], [[*certification_row(), "Tốt"]]),
    "unknown_code.csv": csv_bytes(H, [certification_row(code="99999", name="", district="")]),
    "ambiguous_name.xlsx": xlsx_bytes(
        H,
        [
            certification_row(code="", name="Vĩnh Phú", district=""),
            certification_row(code="", name="Bình An", district=""),
            certification_row(code="", name="thạnh lộc", district=""),
        ],
    ),
    "name_not_in_district.csv": csv_bytes(
        H, [certification_row(code="", name="Bình An", district="914")]
    ),
    "duplicate_rows.csv": csv_bytes(H, [certification_row(), certification_row()]),
    "decision_conflict.csv": csv_bytes(
        H,
        [
            certification_row(),
            certification_row(code="31063", name="Vĩnh Bình Nam", date="16/03/2022"),
        ],
    ),
    "decision_differs_from_database.csv": csv_bytes(H, [certification_row(signer="Người khác")]),
    "advanced_without_ntm.csv": csv_bytes(
        H, [certification_row(standard="Đạt chuẩn NTM nâng cao", standard_year="2022")]
    ),
    "future_date.csv": csv_bytes(H, [certification_row(date="01/01/2099")]),
    "bad_date.csv": csv_bytes(
        H,
        [
            certification_row(date="2022-03-15"),
            certification_row(code="31063", name="", date="31/02/2022"),
        ],
    ),
    "word_document.xlsx": docx_bytes(),
    "image.xlsx": PNG,
    "truncated.xlsx": xlsx_bytes(H, [certification_row()])[:700],
    "nfd.csv": csv_bytes(
        H,
        [
            certification_row(
                code="",
                name=nfd("Tân Hòa"),
                district="904",
                notes=nfd("Xã Tân Hoà, huyện Tân Hiệp"),
            )
        ],
        bom=True,
    ),
    "empty.csv": b"",
    "header_only.xlsx": xlsx_bytes(H, []),
    # Excel's legacy "CSV" for Vietnamese: Windows-1258 with combining tone marks.
    "windows_1258.csv": cp1258(",".join(H) + "\n"),
    "status_bad_values.csv": csv_bytes(
        STATUS_HEADERS,
        [
            status_row(),
            [*status_row(code="31063")[:6], "có lẽ", *status_row(code="31063")[7:]],
            status_row(code="31064", year="2099"),
            status_row(code="910"),
        ],
    ),
}


def main():
    for name, content in CORPUS.items():
        (HERE / name).write_bytes(content)
        print(f"{name}: {len(content)} byte")


if __name__ == "__main__":
    main()
