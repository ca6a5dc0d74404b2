import datetime
import io
import urllib.request

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from ntm_portal.lib.pdf import BASE_URL, StaticFilesFetcher, render_pdf
from targets.templatetags.documents import document_date, gap_text
from tests.pdftext import page_texts


def test_fetcher_serves_our_static_files():
    response = StaticFilesFetcher().fetch(f"{BASE_URL}static/css/print.css")
    assert b"@font-face" in response.read()
    assert response.content_type == "text/css"
    font = StaticFilesFetcher().fetch(f"{BASE_URL}static/fonts/LiberationSerif-Regular.ttf")
    assert len(font.read()) > 100_000


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/static/css/print.css",
        "http://portal.ntm.invalid/static/css/print.css",
        "file:///etc/passwd",
        "data:text/css,body{color:red}",
        f"{BASE_URL}media/decisions/2022/qd.pdf",
        f"{BASE_URL}static/../manage.py",
        f"{BASE_URL}static/%2e%2e/%2e%2e/manage.py",
        f"{BASE_URL}static/css/",
        f"{BASE_URL}static/css/missing.css",
    ],
)
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(ValueError, match="chỉ được dùng tệp tĩnh của cổng"):
        StaticFilesFetcher().fetch(url)


def test_rendering_never_reaches_the_network(db, monkeypatch, tmp_path, settings):
    def no_network(*args, **kwargs):
        raise AssertionError("WeasyPrint tried to open a URL itself")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "external.html").write_text(
        '{% extends "pdf/base_document.html" %}{% block body %}'
        '<link rel="stylesheet" href="https://example.com/evil.css">'
        '<img src="http://127.0.0.1:9/track.png"><p>Nội dung</p>{% endblock %}'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    pdf = render_pdf("pdf/external.html", {})
    assert "Nội dung" in page_texts(pdf)[0]


def test_documents_embed_the_portals_own_serif_font(db):
    reader = PdfReader(io.BytesIO(render_pdf("pdf/base_document.html", {})))
    fonts = {
        font.get_object()["/BaseFont"].split("+", 1)[1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(font.startswith("NTM-Serif") for font in fonts)


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (datetime.date(2022, 7, 12), "ngày 12 tháng 7 năm 2022"),
        (datetime.date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (datetime.date(2023, 1, 31), "ngày 31 tháng 01 năm 2023"),
        (datetime.date(2025, 12, 1), "ngày 01 tháng 12 năm 2025"),
    ],
)
def test_document_dates_follow_decree_30(day, written):
    assert document_date(day) == written


def test_document_date_filter_puts_the_place_first():
    template = Template('{% load documents %}{{ day|document_date:"Kiên Giang" }}')
    rendered = template.render(Context({"day": datetime.date(2022, 7, 12)}))
    assert rendered == "Kiên Giang, ngày 12 tháng 7 năm 2022"
    assert document_date(None) == ""


def test_gap_is_said_in_words():
    assert gap_text(3) == "còn thiếu 3"
    assert gap_text(0) == "đạt đúng kế hoạch"
    assert gap_text(-2) == "vượt 2"
    assert gap_text(None) == "–"


def test_printing_collects_garbage_less_often_and_restores_the_thresholds(db, monkeypatch):
    """In the process that lays the document out (the child of html_to_pdf, here called
    directly)."""
    import gc

    import ntm_portal.lib.pdf as pdf

    normal = gc.get_threshold()
    seen = []
    real_write = pdf.HTML.write_pdf

    def write_pdf(self, *args, **kwargs):
        seen.append(gc.get_threshold())
        return real_write(self, *args, **kwargs)

    html = Template("{% include 'pdf/base_document.html' %}").render(Context({}))
    monkeypatch.setattr(pdf.HTML, "write_pdf", write_pdf)
    assert pdf._write_pdf(html).startswith(b"%PDF")
    assert seen == [(pdf.PRINTING_GC_THRESHOLD, *normal[1:])]
    assert gc.get_threshold() == normal

    def failing_write(self, *args, **kwargs):
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(pdf.HTML, "write_pdf", failing_write)
    with pytest.raises(RuntimeError):
        pdf._write_pdf(html)
    assert gc.get_threshold() == normal
    # Raised in the child process, the error reaches the caller of render_pdf as it was.
    with pytest.raises(RuntimeError, match="hỏng giữa chừng"):
        render_pdf("pdf/base_document.html", {})
