"""The text of a rendered PDF, read back by Poppler's `pdftotext` for the tests.

pypdf's `page.extract_text()` was the costliest step of the suite (about 0.3 s of CPU for a
23-page report, 30 s over the suite); `pdftotext` reads the same document in a tenth of that.
`-raw` keeps the order of the content stream, as pypdf does, so that the text of each page is
the same as pypdf's once its whitespace is collapsed; line breaks may fall elsewhere. Poppler is
already a system program the suite requires (scripts/required-programs.sh). Positions of text
(`extract_text(visitor_text=…)`) and page geometry stay on pypdf.
"""

import functools
import io
import subprocess
import unicodedata

from pypdf import PdfReader


def page_texts(content):
    """The text of each page of the PDF `content` (bytes), in Unicode's composed form (NFC)."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True
    )
    if result.returncode != 0:
        raise AssertionError(
            f"pdftotext could not read the PDF (exit status {result.returncode}): "
            f"{result.stderr.decode(errors='replace').strip()}"
        )
    # A form feed ends every page, the last one included.
    pages = result.stdout.decode("utf-8").split("\f")
    if pages and pages[-1] == "":
        pages.pop()
    return [unicodedata.normalize("NFC", page) for page in pages]


def pdf_text(content, separator=" "):
    """The text of the whole PDF `content`, its pages joined with `separator`."""
    return separator.join(page_texts(content))


def squeezed(text):
    """`text` with every run of whitespace made one space, as assertions on PDF text compare it."""
    return " ".join(text.split())


def flat_text(content):
    """The text of the whole PDF `content` on one line: its pages joined, every run of whitespace
    one space (a line break of the reader never splits what an assertion looks for)."""
    return squeezed(pdf_text(content))


class Pdf:
    """A rendered PDF: its bytes, read as text by `pdftotext`, and pypdf's pages for geometry."""

    def __init__(self, content):
        self.content = content

    @functools.cached_property
    def reader(self):
        return PdfReader(io.BytesIO(self.content))

    @property
    def pages(self):
        return self.reader.pages

    def text(self, separator=" "):
        return pdf_text(self.content, separator)

    def flat_text(self):
        return flat_text(self.content)
