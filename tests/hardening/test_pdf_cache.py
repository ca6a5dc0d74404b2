"""Issue #22, point 3: every printed document is cached on the data version, made once at a time,
and bounded in time (ntm_portal/lib/pdf.py).

Every route of the URL conf that ends in ".pdf" must appear in `DOCUMENTS` (a new one fails the
enumerating test, naming it): each is fetched twice and must be laid out once, and no module of
the portal builds a PDF response by hand, outside `pdf_response`.
"""

import datetime
import fcntl
import os
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import ntm_portal.lib.pdf as pdf
from awards.models import PrinterCalibration
from emulation.models import MovementReport
from ntm_portal.lib import data_version
from tests.awards.helpers import collective, decide, nomination, passed_council, pdf_text, person
from tests.awards.helpers import phase as award_phase
from tests.conftest import make_user
from units.access import Role


@pytest.fixture
def renders(monkeypatch):
    """Every layout of a document by WeasyPrint, counted: each bounded render (run_bounded),
    which lays out one document (html_to_pdf) or a bundle's missing documents and joins them
    (bundle_pdf: a dossier, the certificates)."""
    made = []
    real = pdf.run_bounded

    def counting(work):
        made.append(work)
        return real(work)

    monkeypatch.setattr(pdf, "run_bounded", counting)
    return made


@pytest.fixture
def awarded(officer, province_staff):
    """A council session that passed a collective and a person, and its decision."""
    proposals = [
        nomination(collective("31060", by=officer), by=officer),
        nomination(person("Nguyễn Thị Ngọc Huyền", 1985, sex="female", by=officer), by=officer),
    ]
    meeting = passed_council(proposals, province_staff, officer)
    decision = decide(proposals, meeting, province_staff)
    return meeting, decision, proposals


def _movement_report(province_staff):
    report = MovementReport.objects.create(
        phase=award_phase("yearly", 2024), signer="Lâm Minh Thành", created_by=province_staff
    )
    return reverse("emulation:report_pdf", args=[report.pk])


# Each PDF route: the URLs that print one of its documents over the `awarded` data.
DOCUMENTS = {
    "awards:nomination_report": lambda meeting, decision, proposals, staff: [
        reverse("awards:nomination_report", args=[proposals[1].pk])
    ],
    "awards:nomination_submission": lambda meeting, decision, proposals, staff: [
        reverse("awards:nomination_submission", args=[proposals[0].pk])
    ],
    "awards:session_minutes": lambda meeting, decision, proposals, staff: [
        reverse("awards:session_minutes", args=[meeting.pk])
    ],
    "awards:session_submission": lambda meeting, decision, proposals, staff: [
        reverse("awards:session_submission", args=[meeting.pk])
    ],
    "awards:session_dossier": lambda meeting, decision, proposals, staff: [
        reverse("awards:session_dossier", args=[meeting.pk]),
        reverse("awards:session_dossier", args=[meeting.pk]) + f"?decision={decision.pk}",
    ],
    "awards:decision_document": lambda meeting, decision, proposals, staff: [
        reverse("awards:decision_document", args=[decision.pk])
    ],
    "awards:decision_certificates": lambda meeting, decision, proposals, staff: [
        reverse("awards:decision_certificates", args=[decision.pk]),
        reverse("awards:decision_certificates", args=[decision.pk]) + "?mode=blank",
    ],
    "emulation:report_pdf": lambda meeting, decision, proposals, staff: [_movement_report(staff)],
    "targets:progress_report_pdf": lambda meeting, decision, proposals, staff: [
        reverse("targets:progress_report_pdf") + "?year=2024"
    ],
    "units:new_units_report": lambda meeting, decision, proposals, staff: [
        reverse("units:new_units_report") + "?year=2024"
    ],
}


def pdf_routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from pdf_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".pdf"):
            yield f"{namespace}{pattern.name}"


def test_every_pdf_route_is_listed_here():
    routes = set(pdf_routes(get_resolver().url_patterns))
    assert routes == set(DOCUMENTS), (
        f"PDF routes not listed in DOCUMENTS: {sorted(routes - set(DOCUMENTS))}; "
        f"listed but gone: {sorted(set(DOCUMENTS) - routes)}"
    )


@pytest.mark.parametrize("route", sorted(DOCUMENTS))
def test_every_document_is_laid_out_once_per_data_version(
    client, province_staff, awarded, renders, route
):
    client.force_login(province_staff)
    for url in DOCUMENTS[route](*awarded, province_staff):
        before = len(renders)
        first = client.get(url)
        assert first.status_code == 200, (url, first.content[:300])
        assert first["Content-Type"] == "application/pdf"
        assert len(renders) == before + 1, url
        second = client.get(url)
        assert second.status_code == 200 and second.content == first.content
        assert len(renders) == before + 1, f"{url} was laid out again with nothing changed"


def test_no_view_builds_a_pdf_response_by_hand():
    """A PDF answer goes through pdf_response (cache, lock, time bound), nowhere else."""
    base = Path(settings.BASE_DIR)
    offenders = []
    for folder in ("awards", "emulation", "targets", "units", "ntm_portal"):
        for path in (base / folder).rglob("*.py"):
            if path == base / "ntm_portal" / "lib" / "pdf.py" or "migrations" in path.parts:
                continue
            text = path.read_text()
            if 'content_type="application/pdf"' in text or "html_to_pdf(" in text:
                offenders.append(str(path.relative_to(base)))
    assert offenders == []


def read(content):
    return " ".join(unicodedata.normalize("NFC", pdf_text(content)[0]).split())


def test_a_cached_dossier_is_served_without_rendering_and_a_change_renders_it_anew(
    client, province_staff, awarded, renders
):
    meeting, _decision, proposals = awarded
    url = reverse("awards:session_dossier", args=[meeting.pk])
    client.force_login(province_staff)
    first = client.get(url)
    assert len(renders) == 1
    for _ in range(3):
        assert client.get(url).content == first.content
    assert len(renders) == 1
    assert "Hiến đất làm đường liên ấp" not in read(first.content)

    proposal = proposals[1]
    proposal.achievements = "Hiến đất làm đường liên ấp Vĩnh Phước."
    proposal.save()
    changed = client.get(url)
    assert len(renders) == 2
    assert "Hiến đất làm đường liên ấp Vĩnh Phước" in read(changed.content)
    assert client.get(url).content == changed.content and len(renders) == 2


def test_the_key_follows_the_reader_the_parameters_the_day_and_the_code(
    client, province_staff, leadership, awarded, renders, monkeypatch
):
    """What changes a document's bytes changes its key: the reader's role and unit (their
    scope, whether they see particulars), the parameters, the day printed, the code."""
    meeting, decision, _proposals = awarded
    dossier = reverse("awards:session_dossier", args=[meeting.pk])
    colleague = make_user("tinh-2", Role.PROVINCE_STAFF)  # (a write: before the first render)
    shifted = PrinterCalibration.objects.create(name="Máy in phòng 2", offset_x_mm=3)
    client.force_login(province_staff)
    client.get(dossier)
    assert len(renders) == 1
    # Another person with the same role and unit shares the document.
    client.force_login(colleague)
    client.get(dossier)
    assert len(renders) == 1
    # Another role does not.
    client.force_login(leadership)
    client.get(dossier)
    assert len(renders) == 2
    # Nor another parameter: the dossier ending with a given decision, the blank certificates
    # of each printer.
    client.get(dossier, {"decision": decision.pk})
    assert len(renders) == 3
    certificates = reverse("awards:decision_certificates", args=[decision.pk])
    for printer in ("", shifted.pk, ""):
        client.get(certificates, {"mode": "blank", "printer": printer})
    assert len(renders) == 5
    # Nor another day, nor another version of the code.
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(pdf.timezone, "localdate", lambda: tomorrow)
    client.get(dossier)
    assert len(renders) == 6
    monkeypatch.setattr(pdf, "code_version", lambda: "another-release")
    client.get(dossier)
    assert len(renders) == 7


def test_a_report_with_the_same_text_is_laid_out_once_whoever_asks_and_whatever_else_changed(
    client, province_staff, leadership, plan, renders
):
    """A report is kept under its HTML too (render_pdf → render_part): leadership, who read
    the same progress report as the staff, get the staff's PDF; after a write that does not touch
    the report (a new account) it is served again without a layout; the assessment the staff
    write changes its text, and it is laid out anew."""
    url = reverse("targets:progress_report_pdf") + "?year=2024"
    client.force_login(province_staff)
    first = client.get(url)
    assert first.status_code == 200 and len(renders) == 1
    client.force_login(leadership)
    assert client.get(url).content == first.content
    assert len(renders) == 1
    make_user("lanhdao-2", Role.LEADERSHIP)  # a write: the data version moves on
    assert client.get(url).content == first.content
    assert len(renders) == 1
    client.force_login(province_staff)
    assessment = reverse("targets:report_assessment_edit", args=[plan.pk, 2024])
    text = {"overall": "Phong trào lan tỏa.", "shortcomings": "Còn chậm.", "proposals": "Thêm vốn."}
    assert client.post(assessment, text).status_code == 302
    changed = client.get(url)
    assert len(renders) == 2 and "Phong trào lan tỏa." in read(changed.content)


def _slow_render(record, seconds=0.4):
    def render():
        time.sleep(seconds)
        with open(record, "a") as out:
            out.write(f"{os.getpid()}\n")
        return b"%PDF-1.7 " + str(os.getpid()).encode()

    return render


def test_two_concurrent_requests_render_once(settings, monkeypatch, tmp_path):
    """Threads of one process, and processes sharing the cache folder, wait for the one render
    under way and receive its file."""
    monkeypatch.setattr(data_version, "current", lambda: "v1")
    record = tmp_path / "renders.txt"
    results = []

    def ask():
        results.append(pdf.cached_pdf(("dossier", 1), _slow_render(record), viewer=("x", 1)))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(record.read_text().split()) == 1
    assert len(results) == 3 and len(set(results)) == 1

    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - a second worker process
            try:
                pdf.cached_pdf(("dossier", 2), _slow_render(record), viewer=("x", 1))
            finally:
                os._exit(0)
        children.append(pid)
    pdf.cached_pdf(("dossier", 2), _slow_render(record), viewer=("x", 1))
    for pid in children:
        os.waitpid(pid, 0)
    assert len(record.read_text().split()) == 2  # one more render, by one of three processes


def test_a_render_past_the_budget_is_stopped_with_a_clear_message(
    client, province_staff, awarded, settings, monkeypatch, tmp_path
):
    """The layout runs in a child process, killed when the budget runs out: the worker answers
    at once, in Vietnamese, and nothing keeps rendering for a reader who is gone."""
    pid_file = tmp_path / "child.pid"

    def hanging(html):
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)

    monkeypatch.setattr(pdf, "_write_pdf", hanging)
    settings.NTM_PDF_SECONDS = 1.5
    settings.NTM_PDF_BACKGROUND_SECONDS = 0  # no background render: killed at the budget
    meeting = awarded[0]
    client.force_login(province_staff)
    started = time.monotonic()
    response = client.get(reverse("awards:session_dossier", args=[meeting.pk]))
    took = time.monotonic() - started
    assert response.status_code == 503 and response["Retry-After"]
    message = response.content.decode()
    assert "chưa lập xong sau 1,5 giây" in message and "thử lại sau ít phút" in message
    assert took < 4
    child = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # killed and reaped


def test_a_reader_waits_no_longer_than_the_budget_for_another_render(
    client, province_staff, awarded, settings, monkeypatch
):
    settings.NTM_PDF_SECONDS = 0.5
    monkeypatch.setattr(pdf, "_try_lock", lambda stream: False)  # another render holds the lock
    client.force_login(province_staff)
    started = time.monotonic()
    response = client.get(reverse("awards:session_dossier", args=[awarded[0].pk]))
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert "đang được lập cho một yêu cầu khác" in response.content.decode()


def test_the_cache_keeps_to_its_size(settings, monkeypatch):
    monkeypatch.setattr(data_version, "current", lambda: "v1")
    settings.NTM_PDF_CACHE_MEGABYTES = 1
    for number in range(5):
        pdf.cached_pdf(("big", number), lambda: b"%PDF" + b"x" * 400_000, viewer=())
    kept = list(Path(settings.NTM_PDF_CACHE_DIR).glob("*.pdf"))
    assert 1 <= len(kept) <= 2
    assert sum(path.stat().st_size for path in kept) <= 1024 * 1024


def test_a_cache_folder_that_cannot_be_used_still_gives_the_document(
    client, province_staff, awarded, renders, settings, tmp_path, caplog
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    settings.NTM_PDF_CACHE_DIR = blocked / "pdf-cache"
    client.force_login(province_staff)
    url = reverse("awards:session_minutes", args=[awarded[0].pk])
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(renders) == 2  # made each time, not kept
    assert "Không dùng được thư mục lưu PDF" in caplog.text


# --- a document larger than the budget goes on in the background -------------------------------


def _until(condition, seconds=20):
    stop = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < stop, "timed out"
        time.sleep(0.05)


def _gone(pid):
    try:
        os.kill(pid, 0)  # a zombie answers too: gone means killed and reaped
    except ProcessLookupError:
        return True
    return False


def _assert_wait_page(response, took):
    assert response.status_code == 202, response.content[:300]
    assert took < 3  # answered at the budget, not at the end of the render
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "Tài liệu đang được lập" in page
    assert "có thể mất vài phút" in page and "trang sẽ tự tải lại" in page
    assert '<meta http-equiv="refresh" content="10">' in page


def test_a_render_past_the_budget_goes_on_in_the_background_and_fills_the_cache(
    client, province_staff, awarded, settings, monkeypatch, renders, tmp_path
):
    """The award dossier of a large council session takes longer than NTM_PDF_SECONDS: the
    reader gets a page that reloads itself, the others asking meanwhile get it too without a
    second render, and once made the document comes from the cache."""
    record = tmp_path / "made.txt"

    def slow(htmls, **options):  # the dossier's documents laid out (a bundle, in the child)
        time.sleep(2)
        with open(record, "a") as out:
            out.write(f"{os.getpid()}\n")
        return [b"%PDF-1.7 part"] * len(htmls)

    monkeypatch.setattr(pdf, "lay_out_parts", slow)
    monkeypatch.setattr(
        pdf, "assemble", lambda *args, **options: b"%PDF-1.7 dossier " + str(os.getpid()).encode()
    )
    settings.NTM_PDF_SECONDS = 0.5
    settings.NTM_PDF_BACKGROUND_SECONDS = 60
    url = reverse("awards:session_dossier", args=[awarded[0].pk])
    client.force_login(province_staff)
    started = time.monotonic()
    first = client.get(url)
    _assert_wait_page(first, time.monotonic() - started)
    assert ".pdf”" in first.content.decode()  # names the document
    assert not record.exists()  # still being made, after the reader got their answer

    started = time.monotonic()
    second = client.get(url)
    _assert_wait_page(second, time.monotonic() - started)
    assert time.monotonic() - started < 0.4  # no waiting for the budget: the render is known
    assert len(renders) == 1  # not laid out a second time

    _until(lambda: record.exists())
    cached = Path(settings.NTM_PDF_CACHE_DIR)
    _until(lambda: list(cached.glob("*.pdf")))
    done = client.get(url)
    assert done.status_code == 200 and done["Content-Type"] == "application/pdf"
    child = int(record.read_text().split()[0])
    assert done.content == b"%PDF-1.7 dossier " + str(child).encode()  # the background's file
    assert client.get(url).content == done.content
    assert len(renders) == 1 and len(record.read_text().split()) == 1
    assert not list(cached.glob("*.rendering"))
    _until(lambda: _gone(child))  # reaped by the worker, no zombie left


def test_a_runaway_background_render_is_killed_at_the_long_bound(
    client, province_staff, awarded, settings, monkeypatch, renders, tmp_path
):
    pid_file = tmp_path / "child.pid"

    def hanging(html):
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)

    monkeypatch.setattr(pdf, "_write_pdf", hanging)
    settings.NTM_PDF_SECONDS = 0.5
    settings.NTM_PDF_BACKGROUND_SECONDS = 2.5
    url = reverse("awards:session_dossier", args=[awarded[0].pk])
    client.force_login(province_staff)
    started = time.monotonic()
    _assert_wait_page(client.get(url), time.monotonic() - started)
    assert "tối đa 2,5 giây" in client.get(url).content.decode()
    _until(pid_file.exists)
    child = int(pid_file.read_text())
    _until(lambda: _gone(child), seconds=10)  # killed by the kernel at 2.5 s, then reaped

    # The bundle's layout ran in a helper process of the background render: once the helper is
    # gone, the render records the stop; readers meanwhile still get the wait page.
    answers = []
    _until(lambda: answers.append(client.get(url)) or answers[-1].status_code != 202, seconds=10)
    stopped = answers[-1]
    assert stopped.status_code == 503 and stopped["Retry-After"]
    message = stopped.content.decode()
    assert "không lập xong" in message and "quá 2,5 giây" in message
    assert "báo quản trị hệ thống" in message
    assert len(renders) == 1  # not started again by every reload
    assert not list(Path(settings.NTM_PDF_CACHE_DIR).glob("*.pdf"))

    # An hour later the document may be tried again.
    marker = next(Path(settings.NTM_PDF_CACHE_DIR).glob("*.rendering"))
    os.utime(marker, (time.time() - 3601, time.time() - 3601))
    pid_file.unlink()
    assert client.get(url).status_code == 202
    assert len(renders) == 2
    _until(pid_file.exists)
    _until(lambda: _gone(int(pid_file.read_text())), seconds=10)


def test_a_background_render_that_fails_says_so(
    client, province_staff, awarded, settings, monkeypatch, renders
):
    def failing(html):
        time.sleep(1)
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(pdf, "_write_pdf", failing)
    settings.NTM_PDF_SECONDS = 0.3
    settings.NTM_PDF_BACKGROUND_SECONDS = 30
    url = reverse("awards:session_minutes", args=[awarded[0].pk])
    client.force_login(province_staff)
    assert client.get(url).status_code == 202
    lock = next(Path(settings.NTM_PDF_CACHE_DIR).glob("*.lock"))

    def unlocked():
        with open(lock, "ab") as stream:
            if pdf._try_lock(stream):
                fcntl.flock(stream, fcntl.LOCK_UN)
                return True
        return False

    _until(unlocked)  # the child ended (its lock released by the kernel)
    stopped = client.get(url)
    assert stopped.status_code == 503 and "không lập xong" in stopped.content.decode()
    assert len(renders) == 1
