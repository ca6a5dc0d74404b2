"""The dossier as a bundle of separate documents (issue #20, point 9): each document numbers its
own pages from its second (Decree 30/2020), the table of contents gives and links the page of
the dossier where each starts, a document whose text did not change is not laid out again, and
a nomination's report is laid out in the background when it is saved."""

import io
import os
import time

import pytest
from django.db import connection
from pypdf import PdfReader

from awards import documents, prerender
from awards.models import Nomination
from ntm_portal.lib import pdf
from tests.awards.helpers import collective, decide, nomination, passed_council, person
from tests.pdftext import flat_text, page_texts, squeezed

# The top margin is 20 mm (print.css): a page number sits there, the text below it.
TOP_MARGIN = 20 * 72 / 25.4
LONG = "\n".join(
    f"{n}. Vận động nhân dân hiến đất, làm đường giao thông nông thôn, nâng cấp kênh mương nội "
    "đồng, xây dựng mô hình sản xuất lúa chất lượng cao liên kết tiêu thụ sản phẩm; kết quả "
    "thu nhập bình quân đầu người tăng rõ so với năm trước, tỷ lệ hộ nghèo giảm."
    for n in range(1, 31)
)


@pytest.fixture
def awarded(officer, province_staff):
    """A session and a decision for a collective with a long report (three pages or so) and an
    individual with a short one."""
    proposals = [
        nomination(collective("31060", by=officer), by=officer, achievements=LONG),
        nomination(person("Nguyễn Thị Ngọc Huyền", 1985, sex="female", by=officer), by=officer),
    ]
    meeting = passed_council(proposals, province_staff, officer)
    decide(proposals, meeting, province_staff)
    return meeting, proposals


def top_margin_text(page):
    """What is printed in a page's top margin (its page number, if any)."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y > height - TOP_MARGIN:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def documents_of(reader):
    """(title, first page index, page count) of each bookmarked document of the dossier."""
    starts = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    ends = [start for _title, start in starts[1:]] + [len(reader.pages)]
    return [(title, start, end - start) for (title, start), end in zip(starts, ends, strict=True)]


def part_files():
    return {path.name for path in pdf.part_path("").parent.glob(f"{pdf.PART_PREFIX}*.pdf")}


def test_each_document_of_the_dossier_numbers_its_own_pages_from_the_second(awarded):
    meeting, _proposals = awarded
    reader = PdfReader(
        io.BytesIO(documents.dossier_pdf(meeting, particulars=documents.OFFICE_VIEW))
    )
    parts = documents_of(reader)
    assert [title for title, _start, _count in parts][:2] == [
        "Tờ trình số 12/TTr-SNV",
        "Biên bản họp Hội đồng Thi đua – Khen thưởng",
    ]
    assert parts[-1][0] == "Quyết định số 1234/QĐ-UBND"
    report = next(part for part in parts if part[0].startswith("Báo cáo thành tích: Ủy ban"))
    assert report[2] >= 2, "the long report should run over two pages at least"
    assert top_margin_text(reader.pages[0]) == ""  # the table of contents' first page
    for title, start, count in parts:
        numbers = [top_margin_text(reader.pages[start + offset]) for offset in range(count)]
        # Page 1 of each document bears no number; its next pages 2, 3, … (not the dossier's).
        assert numbers == [""] + [str(number) for number in range(2, count + 1)], title


def test_the_table_of_contents_gives_and_links_the_page_where_each_document_starts(awarded):
    meeting, _proposals = awarded
    content = documents.dossier_pdf(meeting, particulars=documents.OFFICE_VIEW)
    reader = PdfReader(io.BytesIO(content))
    contents = squeezed(page_texts(content)[0])
    assert contents.startswith("MỤC LỤC HỒ SƠ")
    parts = documents_of(reader)
    for title, start, _count in parts:
        line = contents.split(title, 1)[1].split("\n", 1)[0]
        assert line.lstrip(" .").split(" ", 1)[0] == str(start + 1), title
    targets = []
    for annotation in reader.pages[0]["/Annots"]:
        destination = annotation.get_object()["/Dest"]
        page = reader.get_page_number(destination[0].get_object())
        if page not in targets:
            targets.append(page)
    assert targets == [start for _title, start, _count in parts]


def test_a_changed_report_is_the_only_document_laid_out_again(awarded):
    meeting, proposals = awarded
    first = documents.dossier_pdf(meeting, particulars=documents.OFFICE_VIEW)
    kept = part_files()
    proposals[1].achievements = "Vận động hiến 2.500 m² đất mở rộng đường liên ấp Vĩnh Phước."
    proposals[1].save()
    second = documents.dossier_pdf(meeting, particulars=documents.OFFICE_VIEW)
    text = flat_text(second)
    assert "hiến 2.500 m² đất mở rộng đường liên ấp Vĩnh Phước" in text
    assert "hiến 2.500 m²" not in flat_text(first)
    assert len(part_files() - kept) == 1  # the changed report, nothing else
    # The report printed alone is the one the dossier laid out: nothing new is kept.
    alone = documents.report_pdf(
        documents.prefetch(Nomination.objects.filter(pk=proposals[1].pk)).get(),
        particulars=documents.OFFICE_VIEW,
    )
    assert "đường liên ấp Vĩnh Phước" in flat_text(alone)
    assert len(part_files() - kept) == 1


def fixture_committed():
    """The fixture's writes taken as committed: the test's saves then gather in a batch of
    their own (one transaction per test here, which never commits)."""
    connection.run_on_commit[:] = [
        item for item in connection.run_on_commit if not isinstance(item[1], prerender._Batch)
    ]


def wait_for(path, seconds=120):
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} not laid out in the background"
        time.sleep(0.2)


def test_a_saved_nomination_has_its_report_laid_out_in_the_background_for_the_dossier(
    awarded, django_capture_on_commit_callbacks, monkeypatch
):
    meeting, proposals = awarded
    individual = proposals[1]
    individual.achievements = (
        "Đã vận động 37 hộ hiến đất làm đường giao thông nông thôn ấp Vĩnh Hòa."
    )
    fixture_committed()
    with django_capture_on_commit_callbacks(execute=True):
        individual.save()
    html = prerender.report_html(individual.pk)
    kept = pdf.part_path(html)
    wait_for(kept)
    made = os.stat(kept).st_ino
    bundled = []
    real = pdf.bundle_pdf

    def spy(htmls, titles, **options):
        bundled.extend(htmls)
        return real(htmls, titles, **options)

    monkeypatch.setattr(pdf, "bundle_pdf", spy)
    text = flat_text(documents.dossier_pdf(meeting, particulars=documents.OFFICE_VIEW))
    assert "Đã vận động 37 hộ hiến đất làm đường giao thông nông thôn ấp Vĩnh Hòa." in text
    # The dossier's report is the very document laid out in advance, taken as it was kept.
    assert html in bundled
    assert os.stat(kept).st_ino == made


def test_a_step_that_does_not_change_the_report_lays_nothing_out(
    awarded, django_capture_on_commit_callbacks, monkeypatch
):
    _meeting, proposals = awarded
    asked = []
    monkeypatch.setattr(pdf, "lay_out_in_background", lambda htmls: asked.append(htmls))
    fixture_committed()
    with django_capture_on_commit_callbacks(execute=True):
        proposals[0].save(update_fields=["state"])
    assert asked == []
    with django_capture_on_commit_callbacks(execute=True):
        for proposal in proposals:  # one transaction: one child for both
            proposal.save()
    assert len(asked) == 1 and len(asked[0]) == 2


def test_a_draft_is_not_laid_out_in_advance(officer, django_capture_on_commit_callbacks):
    draft = nomination(person("Trần Văn Bình", by=officer), by=officer)
    assert draft.state == Nomination.State.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        draft.save()
    assert prerender.report_html(draft.pk) is None
    assert prerender.prerender_reports([draft.pk]) is None


def test_parts_laid_out_by_two_processes_come_back_in_order_and_are_kept():
    htmls = [f"<p>Văn bản số {n} của hồ sơ</p>" + "<p>dòng</p>" * n for n in range(1, 6)]
    made = pdf.lay_out_parts(htmls, processes=2)
    for number, content in enumerate(made, start=1):
        text = page_texts(content)[0]
        assert f"Văn bản số {number} của hồ sơ" in text
        assert pdf.part_path(htmls[number - 1]).exists()


def test_certificates_laid_out_in_parts_come_one_a_page_in_the_decision_s_order(
    awarded, monkeypatch
):
    monkeypatch.setattr(documents, "CERTIFICATES_PER_PART", 1)
    _meeting, proposals = awarded
    ordered = documents._ordered(
        documents.prefetch(Nomination.objects.filter(pk__in=[p.pk for p in proposals]))
    )
    content = documents.certificates_pdf(ordered, mode="full")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2
    for page, text, proposal in zip(reader.pages, page_texts(content), ordered, strict=True):
        assert proposal.nominee.display_name in squeezed(text)
        assert round(float(page.mediabox.width)) == 842  # A4 landscape
