"""A district officer proposes the leader of a review, the province receives it, records the
council's vote, issues the decision and downloads the dossier and the certificates."""

import io
import subprocess

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from awards.models import Nomination
from emulation.models import Review
from tests.awards.helpers import kind
from tests.awards.helpers import phase as award_phase
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.emulation import helpers as em
from tests.pdftext import pdf_text

pytestmark = pytest.mark.e2e


def _pdf(page, live_server, link_name, path):
    href = page.get_by_role("link", name=link_name).first.get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    with open(path, "wb") as handle:
        handle.write(response.body())
    # Rendered for a person to look at (see the report): first page as PNG.
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", path, path[:-4]], check=False
    )
    return pdf_text(response.body(), "\n"), PdfReader(io.BytesIO(response.body()))


def open_menu_item(page, name):
    """Click a link of the main menu as a person does: on a phone, open the menu first."""
    toggler = page.get_by_role("button", name="Mở menu")
    if toggler.is_visible():
        toggler.click()
        # The menu slides open; a click while it is still moving can miss its link (seen once at
        # 390 px in CI: the menu open, the page unchanged). Bootstrap marks it .show when done.
        expect(page.locator("#nav-main.show")).to_be_visible()
    link = page.get_by_role("link", name=name, exact=True)
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [1366, 390])
def test_from_review_to_decision_dossier_and_certificates(
    page_at, live_server, officer, province_staff, width
):
    phase = award_phase()
    phase.commendation_places = 1
    phase.save()
    em.cluster(2024, "910", ["908"])
    em.review(phase, "910", 9, state=Review.State.VERIFIED)
    em.review(phase, "908", 6, state=Review.State.VERIFIED)

    page = page_at(width)
    login(page, live_server, "huyen.vinhthuan", PASSWORD)
    open_menu_item(page, "Khen thưởng")
    page.get_by_role("link", name="Lập từ kết quả bình xét").click()
    page.select_option("select[name=phase]", str(phase.pk))
    page.select_option("select[name=kind]", str(kind("bang-khen-chu-tich-ubnd-tinh").pk))
    page.select_option("select[name=proposer]", str(em.participant("910").pk))
    page.get_by_role("button", name="Lập đề nghị dự thảo").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Ủy ban nhân dân huyện Vĩnh Thuận").click()
    # A collective's report is not submitted without its signer (form 02): the head's name and
    # title are recorded on the draft first.
    expect(page.get_by_text("Thiếu người ký báo cáo")).to_be_visible()
    page.get_by_role("link", name="Sửa", exact=True).click()
    page.fill("input[name=report_signer]", "Nguyễn Văn Hùng")
    page.fill("input[name=report_signer_title]", "Chủ tịch UBND huyện Vĩnh Thuận")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_load_state()
    page.fill("input[name=submit-submission_number]", "215/TTr-UBND")
    page.get_by_role("button", name="Trình đề nghị").click()
    page.wait_for_load_state()
    nomination = Nomination.objects.get()
    assert nomination.state == "submitted" and nomination.review_rank == 1
    shot(page, f"awards-submitted-{width}")

    # The provincial staff member works at another desk: a browser of their own.
    page = page_at(width)
    login(page, live_server, "tinh", PASSWORD)
    open_menu_item(page, "Khen thưởng")
    page.get_by_role("link", name="Ủy ban nhân dân huyện Vĩnh Thuận").click()
    page.wait_for_load_state()
    # Submitted: receiving it is the page's one primary button.
    expect(page.locator("#main .btn-primary")).to_have_text("Tiếp nhận")
    page.get_by_role("button", name="Tiếp nhận").click()
    page.wait_for_load_state()
    # The received nomination's next step is its one primary button, at the top of the page
    # at both widths: to the council session of its review (here none yet, so the button
    # creates it for that review).
    next_step = page.locator("#main .btn-primary")
    expect(next_step).to_have_count(1)
    expect(next_step).to_have_text("Đưa vào phiên họp Hội đồng (lập phiên họp)")
    expect(next_step).to_be_in_viewport()
    shot(page, f"awards-received-{width}")
    next_step.click()
    page.wait_for_load_state()
    expect(page.locator("select[name=phase]")).to_have_value(str(phase.pk))
    page.fill("input[name=held_on]", "05/09/2025")
    page.fill("input[name=starts_at]", "08:00")
    page.fill("input[name=ends_at]", "10:30")
    page.fill("input[name=chair]", "Lâm Minh Thành")
    page.fill("input[name=chair_title]", "Chủ tịch UBND tỉnh, Chủ tịch Hội đồng")
    page.fill("input[name=secretary]", "Nguyễn Thị Thuỷ")
    page.fill("input[name=members_total]", "9")
    page.fill("textarea[name=members_present]", "\n".join(f"Ủy viên số {n}" for n in range(1, 8)))
    page.fill("input[name=submission_number]", "356/TTr-SNV")
    page.fill("input[name=submission_signer]", "Nguyễn Văn Nam")
    page.get_by_role("button", name="Lưu phiên họp").click()
    page.wait_for_load_state()
    page.get_by_label("Tán thành — Ủy ban nhân dân huyện Vĩnh Thuận", exact=True).fill("7")
    page.get_by_label("Không tán thành — Ủy ban nhân dân huyện Vĩnh Thuận", exact=True).fill("0")
    page.get_by_label("Không biểu quyết — Ủy ban nhân dân huyện Vĩnh Thuận").fill("0")
    page.get_by_role("button", name="Ghi kết quả biểu quyết").click()
    page.wait_for_load_state()
    assert "Thông qua" in page.content()
    page.get_by_role("link", name="Ghi quyết định khen thưởng").click()
    page.fill("input[name=number]", "2150/QĐ-UBND")
    page.fill("input[name=issued_on]", "15/09/2025")
    page.fill("input[name=signer]", "Lê Quốc Anh")
    page.get_by_role("button", name="Ghi quyết định").click()
    page.wait_for_load_state()
    nomination.refresh_from_db()
    assert nomination.state == "decided" and nomination.decision.number == "2150/QĐ-UBND"
    shot(page, f"awards-decision-{width}")

    text, reader = _pdf(
        page, live_server, "Hồ sơ đầy đủ (PDF)", f"/tmp/awards-e2e-dossier-{width}.pdf"
    )
    assert "Ủy ban nhân dân huyện Vĩnh Thuận" in " ".join(text.split())
    assert [item.title for item in reader.outline][-1] == "Quyết định số 2150/QĐ-UBND"
    text, reader = _pdf(
        page,
        live_server,
        "In bằng khen — mẫu đầy đủ (PDF)",
        f"/tmp/awards-e2e-certificates-{width}.pdf",
    )
    assert "BẰNG KHEN" in text and "Ủy ban nhân dân huyện Vĩnh Thuận" in " ".join(text.split())
    assert len(reader.pages) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
