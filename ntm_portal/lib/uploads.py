"""Upload limits and file-type sniffing, for every file the portal accepts.

One limit (`settings.NTM_MAX_UPLOAD_MB`) for scanned decisions, evidence and spreadsheets, one way
to write a size ("1,2 MB", "5 KB": the Vietnamese decimal comma), and one table of the first bytes
of file types: a file is judged by its content, not by its name, so that a photo renamed .pdf or a
Word document renamed .xlsx is refused with a message saying what it really is.
"""

from django.conf import settings
from django.core.exceptions import ValidationError

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
        return f"{size_bytes / 1024 / 1024:.1f}".replace(".", ",") + " MB"
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
