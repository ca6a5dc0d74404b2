"""Upload limits and file-type sniffing, for every file the portal accepts.

One limit (`settings.NTM_MAX_UPLOAD_MB`) for scanned decisions, evidence and spreadsheets, one way
to write a size ("1,2 MB", "5 KB": the Vietnamese decimal comma), and one table of the first bytes
of file types: a file is judged by its content, not by its name, so that a photo renamed .pdf or a
Word document renamed .xlsx is refused with a message saying what it really is.

Every file field of every model, and every file field a form declares, carries a `FileContent`
validator: an allow-list of kinds (PDF, JPEG, PNG, DOCX, XLSX) judged by the first bytes, and the
file's extension must agree with its content. Stored files are served by `serve_upload` only: as
attachments, with the type of their content and `X-Content-Type-Options: nosniff`, never inline
(tests/hardening/test_upload_content.py lists every file field and every upload form).
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible

from ntm_portal.lib.numbers import decimal

# First bytes of the file types the portal accepts, by extension.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "xlsx": (b"PK\x03\x04",),
}

# The content type each accepted file is served with.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}

# First bytes of files people send by mistake, to say what a refused file really is.
DESCRIPTIONS = [
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF8", "ảnh GIF"),
    (b"%PDF-", "tài liệu PDF"),
    (b"\xd0\xcf\x11\xe0", "tệp Office đời cũ (.xls/.doc), hãy lưu lại dưới dạng .xlsx"),
]


def max_upload_bytes():
    return int(settings.NTM_MAX_UPLOAD_MB * 1024 * 1024)


def format_size(size_bytes):
    """ "2,5 MB" or "12 KB", with the Vietnamese decimal comma."""
    if size_bytes >= 1024 * 1024:
        return decimal(size_bytes / 1024 / 1024, 1) + " MB"
    return f"{max(1, round(size_bytes / 1024))} KB"


def limit_text():
    """The upload limit as settings state it: "10 MB" (or "1 KB" for a limit below a megabyte)."""
    limit = settings.NTM_MAX_UPLOAD_MB
    if limit >= 1 and float(limit).is_integer():
        return f"{int(limit)} MB"
    return format_size(max_upload_bytes())


def size_error(size_bytes, what="Tệp"):
    """The message for a file over the limit, or None: "Tệp “a.pdf” nặng 1,2 MB, vượt giới hạn 1 MB."."""
    if size_bytes <= max_upload_bytes():
        return None
    return f"{what} nặng {format_size(size_bytes)}, vượt giới hạn {limit_text()}."


def check_size(file, what="Tệp"):
    """A Django validator body: raise ValidationError when the file is over the limit."""
    message = size_error(file.size, what)
    if message:
        raise ValidationError(message)


def head(file, length=8):
    """The first bytes of an uploaded file, leaving its position where it was."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read(length)
    file.seek(position)
    return data


def matches(data, extension):
    """Whether bytes start like a file of the extension (True for extensions not in the table)."""
    signatures = SIGNATURES.get(extension.lower())
    return signatures is None or any(data.startswith(signature) for signature in signatures)


def what_is(data):
    """What a file's first bytes say it is ("ảnh PNG" …), or None when they say nothing known."""
    for signature, description in DESCRIPTIONS:
        if data.startswith(signature):
            return description
    return None


def validate_pdf_size(file):
    """Model validator of a scanned decision's size."""
    check_size(file, "Tệp quyết định")


def validate_pdf_content(file):
    """Model validator: a scanned decision must really be a PDF."""
    if not matches(head(file, 5), "pdf"):
        raise ValidationError("Tệp quyết định phải là tệp PDF (nội dung tệp không phải PDF).")


# --- content allow-lists of file fields (issue #22) ----------------------------------------------

# The kinds of file a field may accept, judged by content: name, served type, and the file-name
# extensions that go with it.
KINDS = {
    "pdf": ("PDF", "application/pdf", ("pdf",)),
    "jpeg": ("JPEG", "image/jpeg", ("jpg", "jpeg")),
    "png": ("PNG", "image/png", ("png",)),
    "docx": (
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    "xlsx": (
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("xlsx",),
    ),
    # A plan file (targets/plan_file.py): UTF-8 text whose first character is "{".
    "json": ("JSON", "application/json", ("json",)),
}

# What a refused file is, from its first bytes (after white space): said in the message.
HOSTILE = [
    (b"\x7fELF", "tệp chương trình (ELF)"),
    (b"MZ", "tệp chương trình Windows (.exe)"),
    (b"<svg", "ảnh SVG (có thể chứa mã chạy được)"),
    (b"<?xml", "tệp XML/SVG (có thể chứa mã chạy được)"),
    (b"<!doctype html", "trang HTML"),
    (b"<html", "trang HTML"),
    (b"<script", "mã JavaScript"),
]


def kind_of(file):
    """The kind of a file by its content ("pdf", "jpeg", "png", "docx", "xlsx", "json"), or None."""
    data = head(file, 8)
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head(file, 16).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    if data.startswith(b"PK\x03\x04"):
        position = file.tell() if hasattr(file, "tell") else 0
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(position)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def describe(file):
    """What a file that is not of an accepted kind really is: "là trang HTML"…"""
    data = head(file, 512)
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for signature, description in HOSTILE:
        if data.startswith(signature) or text.startswith(signature.lower()):
            return f"là {description}"
    if b"<svg" in text:
        return "là ảnh SVG (có thể chứa mã chạy được)"
    known = what_is(data)
    return f"là {known}" if known else "không thuộc loại tệp nào nhận ra được"


def names_of(kinds):
    """ "PDF, JPEG hoặc PNG"."""
    names = [KINDS[kind][0] for kind in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " hoặc " + names[-1]


@deconstructible
class FileContent:
    """The validator of every file field: the content must be one of `kinds` (an allow-list of
    KINDS), and the file's extension must be one of that kind's, so that a file is stored and
    served as what it is. `label` names the field in the message."""

    def __init__(self, kinds, label):
        unknown = set(kinds) - set(KINDS)
        if not kinds or unknown:
            raise ValueError(f"Loại tệp không có trong danh sách: {sorted(unknown)}")
        self.kinds = list(kinds)
        self.label = label

    def __call__(self, file):
        name = getattr(file, "name", "") or ""
        shown = name.rsplit("/", 1)[-1]
        allowed = names_of(self.kinds)
        kind = kind_of(file)
        if kind not in self.kinds:
            raise ValidationError(
                f"{self.label}: chỉ nhận tệp {allowed}; nội dung tệp “{shown}” {describe(file)}."
            )
        extension = shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
        if extension not in KINDS[kind][2]:
            raise ValidationError(
                f"{self.label}: tệp “{shown}” có nội dung {KINDS[kind][0]} nhưng đuôi tệp là "
                f"“.{extension}”; hãy đặt đuôi .{KINDS[kind][2][0]} (chỉ nhận tệp {allowed})."
            )

    def __eq__(self, other):
        return (
            isinstance(other, FileContent)
            and self.kinds == other.kinds
            and self.label == other.label
        )


def serve_upload(field_file, filename):
    """A stored user file as a download: always an attachment (never shown inline, so an HTML or
    SVG that slipped in cannot run in the portal's origin), with the type of what its content
    is (application/octet-stream when it is none of KINDS) and `nosniff`."""
    kind = kind_of(field_file)
    content_type = KINDS[kind][1] if kind else "application/octet-stream"
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
