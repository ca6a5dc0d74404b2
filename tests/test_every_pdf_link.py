"""Every document is the one its page names (#23 point 2): over the demo, every PDF link of every
page prints the record that page is about, for every demo account (every role: provincial
staff, the district officers of two districts, leadership, the administrator), each crawling
what it may see.

The pages are found as a user finds them: each account follows the links from the home page and from
every page of the URL conf that takes no argument, visiting up to two pages of each kind (URL name),
so that the detail pages (decisions, council sessions, nominations, reports, the dashboard,
districts, units…) are opened for the first records the lists show. Every `<a href>` of a visited
page whose target answers application/pdf is fetched and its text read (pdftotext); it must name the
page's record as `RECORD_OF_PAGE` says for that kind of page (a link in a table row names that row's
record). A kind of page that carries a PDF link and has no entry in that table fails the test,
naming it, and so does a PDF view that no visited page links to: no new link escapes. The accounts
come from the demo's own list (DEMO_ACCOUNTS), so a new one is crawled too; a PDF served with the
same bytes to several accounts is read once.
"""

import datetime
import functools
import hashlib
import io
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.conftest import wider_scope_settings
from tests.pdftext import page_texts
from units.management.commands.load_demo_accounts import DEMO_ACCOUNTS

# pytest-django creates the test database only for a session holding tests that use it. The
# module's crawls (the `crawls` fixture) are built once: all its tests run on one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("every-pdf-link")]

DEMO = ("load_demo_accounts", "load_demo_history", "load_demo_movement", "load_demo_awards")
PAGES_PER_KIND = 2
# Links not followed: they write on GET, send a spreadsheet, or leave the portal's pages.
NOT_FOLLOWED = re.compile(r"export|template|logout|delete|admin", re.IGNORECASE)
# Where the crawl starts besides the home page and the pages without arguments: a year asked.
ALSO_ASKED = (f"{reverse('targets:dashboard')}?year=2023",)
TITLE_LENGTH = 400  # the heading block of a printed document: issuer, number, date and title


@dataclass
class Needle:
    """Text the PDF must hold (any of `forms`, compared without case), in its heading block only
    when `in_title`."""

    what: str
    forms: tuple
    in_title: bool = False

    def found_in(self, document):
        if self.in_title:
            return self._in(document.head())
        return self._in(document.text)

    def _in(self, text):
        return any(form.casefold() in text.casefold() for form in self.forms)


def _heading_after(prefix, context):
    match = re.match(rf"{prefix}\s*(.+)", context)
    assert match, f"“{context}” does not start with “{prefix}”"
    return match.group(1)


def _decision(context):
    number = re.search(r"Quyết định số (\S+)", context).group(1)
    return [Needle("its number", (number,))]


def _nomination(context):
    # "Bằng khen của … — Bà Đỗ Thị Hằng": the nominee, named with or without "Ông"/"Bà".
    nominee = context.split(" — ", 1)[1]
    bare = re.sub(r"^(Ông|Bà)\s+", "", nominee)
    return [Needle("its nominee", (nominee, bare))]


def _session(context):
    # "Phiên họp hội đồng ngày 05/09/2025 — Sơ kết năm 2024": the meeting's date, as the page
    # writes it or as a document does ("ngày 05 tháng 9 năm 2025"), and the review it judges.
    match = re.search(r"ngày (\d\d)/(\d\d)/(\d{4}) — (.+)", context)
    day = datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return [
        Needle(
            "its meeting date",
            (f"{day:%d/%m/%Y}", f"ngày {day:%d} tháng {day.month} năm {day.year}"),
        ),
        Needle("its review", (match.group(4),)),
    ]


def _report(context):
    return [Needle("its title", (_heading_after("Báo cáo", context),), in_title=True)]


def _progress(context):
    # "Tiến độ thực hiện Kế hoạch 168/KH-UBND — năm 2025": the plan, and the year asked in the
    # report's own title.
    match = re.search(r"Kế hoạch (\S+) — năm (\d{4})", context)
    return [
        Needle("its plan", (match.group(1),)),
        Needle("the year asked", (f"năm {match.group(2)}",), in_title=True),
    ]


def _assessment(context):
    year = re.search(r"năm (\d{4})$", context).group(1)
    return [Needle("the year asked", (f"năm {year}",), in_title=True)]


# Kind of page → how its record is recognised in a PDF, from the page's heading (`<h1>`) or, for a
# link in a table row, from the row's first cell.
RECORD_OF_PAGE = {
    "awards:decision_detail": _decision,
    "awards:nomination_detail": _nomination,
    "awards:session_detail": _session,
    "emulation:report_detail": _report,
    "emulation:report_list": _report,
    "targets:dashboard": _progress,
    "targets:report_assessment_edit": _assessment,
    "units:new_units_progress": _progress,
}


class Links(HTMLParser):
    """The page's `<a href>` targets, each with the first cell of its table row (or ""), and the
    text of its first `<h1>`."""

    def __init__(self):
        super().__init__()
        self.links = {}
        self.heading = ""
        self._h1 = None  # None before the first <h1>, True inside it, False after
        self._row = None  # [cells, hrefs] of the table row being read
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            href = dict(attrs)["href"]
            self.links.setdefault(href, "")
            if self._row is not None:
                self._row[1].append(href)
        elif tag == "h1" and self._h1 is None:
            self._h1 = True
        elif tag == "tr":
            self._row = [[], []]
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "h1" and self._h1:
            self._h1 = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row[0].append(squeeze("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            cells, hrefs = self._row
            for href in hrefs:
                if not self.links[href] and cells:
                    self.links[href] = cells[0]
            self._row = None

    def handle_data(self, data):
        if self._h1:
            self.heading += data
        if self._cell is not None:
            self._cell.append(data)


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


class PdfDocument:
    """A PDF's text, read once when first asked: whole, and its heading block."""

    def __init__(self, content):
        self.content = content

    @functools.cached_property
    def pages(self):
        return page_texts(self.content)

    @functools.cached_property
    def text(self):
        return squeeze(" ".join(self.pages))

    def head(self):
        return squeeze(self.pages[0])[:TITLE_LENGTH] if self.pages else ""


def named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def url_name(url):
    """The URL name of a link within the portal, or None."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        return resolve(parts.path).view_name
    except Resolver404:
        return None


def is_pdf(content_type):
    return content_type.startswith("application/pdf")


@dataclass
class PdfLink:
    url: str
    row: str  # the first cell of the link's table row, "" outside a table
    document: PdfDocument


@dataclass
class Visit:
    url: str
    heading: str
    pdfs: list = field(default_factory=list)


@dataclass
class Crawl:
    pages: dict  # kind of page → [Visit]
    answers: dict  # kind of link target → its first content type
    seconds: float


ACCOUNTS = [username for username, *_ in DEMO_ACCOUNTS]


def crawl_as(client, documents):
    """What one account reaches: its pages by kind, each with its PDF links read."""
    started = time.monotonic()
    fetched = {}  # url → (content type, content)

    def fetch(url):
        if url not in fetched:
            response = client.get(url)
            kind = response.get("Content-Type", "") if response.status_code == 200 else ""
            body = b"".join(response.streaming_content) if response.streaming else response.content
            fetched[url] = (kind, body)
        return fetched[url]

    queue = [reverse("home"), *ALSO_ASKED]
    queue += [
        reverse(name)
        for name, pattern in named_patterns(get_resolver().url_patterns)
        if not pattern.pattern.converters
        and not NOT_FOLLOWED.search(name)
        and not str(pattern.pattern).endswith(".pdf")  # reached through the pages' links
    ]
    pages = defaultdict(list)
    answers = {}
    visited = set()
    while queue:
        url = queue.pop(0)
        name = url_name(url)
        if url in visited or name is None or len(pages[name]) >= PAGES_PER_KIND:
            continue
        visited.add(url)
        content_type, body = fetch(url)
        answers.setdefault(name, content_type)
        if not content_type.startswith("text/html"):
            continue
        parser = Links()
        parser.feed(body.decode())
        visit = Visit(url, squeeze(parser.heading))
        for href, row in parser.links.items():
            target = url_name(href)
            if target is None or NOT_FOLLOWED.search(target):
                continue
            if target not in answers or is_pdf(answers[target]):
                link_type, link_body = fetch(href)
                answers.setdefault(target, link_type)
                if is_pdf(link_type):
                    digest = hashlib.sha1(link_body).hexdigest()
                    if digest not in documents:
                        documents[digest] = PdfDocument(link_body)
                    visit.pdfs.append(PdfLink(href, row, documents[digest]))
                    continue
            queue.append(href)
        pages[name].append(visit)
    return Crawl(dict(pages), answers, time.monotonic() - started)


@pytest.fixture(scope="module")
def crawls(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, visited by each demo account in turn: {username: Crawl}; rolled back after."""
    # A PDF cache of its own (not var/pdf-cache, where another run's documents may carry the same
    # data version) and the tests' time budget (a slow render must not turn a PDF link into the
    # wait page), with the other per-test settings (MD5 passwords for the demo accounts).
    plain = wider_scope_settings(tmp_path_factory, "every-link")
    with plain, django_db_blocker.unblock(), transaction.atomic():
        for command in DEMO:
            call_command(command, stdout=io.StringIO())
        documents = {}  # sha1 of a PDF's bytes → PdfDocument, shared by the accounts
        answer = {}
        for username in ACCOUNTS:
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            answer[username] = crawl_as(client, documents)
        transaction.set_rollback(True)
    return answer


def test_every_demo_account_is_crawled_and_reaches_pdf_links(crawls):
    assert set(crawls) == set(ACCOUNTS) and len(ACCOUNTS) >= 5
    for username, crawl in crawls.items():
        assert any(visit.pdfs for visits in crawl.pages.values() for visit in visits), username
        visited = {visit.url for visits in crawl.pages.values() for visit in visits}
        assert set(ALSO_ASKED) - visited == set(), username


def test_every_kind_of_page_with_a_pdf_link_says_how_its_record_is_recognised(crawls):
    with_pdfs = {
        name
        for crawl in crawls.values()
        for name, visits in crawl.pages.items()
        if any(v.pdfs for v in visits)
    }
    assert with_pdfs - set(RECORD_OF_PAGE) == set(), (
        "these pages link to PDFs: add them to RECORD_OF_PAGE"
    )
    # And every entry of the table is still checked on a page of the demo.
    assert set(RECORD_OF_PAGE) - with_pdfs == set(), "no page of this kind with a PDF link"


def test_every_pdf_view_is_linked_from_a_visited_page(crawls):
    """A view that answers a PDF but that the crawl never saw linked would escape the check."""
    linked = {
        name for crawl in crawls.values() for name, kind in crawl.answers.items() if is_pdf(kind)
    }
    route_pdfs = {
        name
        for name, pattern in named_patterns(get_resolver().url_patterns)
        if str(pattern.pattern).endswith(".pdf")
    }
    assert route_pdfs - linked == set()


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_pdf_link_an_account_sees_prints_the_record_its_page_names(crawls, username):
    checked, wrong = defaultdict(int), []
    for kind, visits in crawls[username].pages.items():
        for visit in visits:
            if visit.pdfs and kind not in RECORD_OF_PAGE:
                wrong.append(f"{username}: {visit.url} links to PDFs; add {kind} to RECORD_OF_PAGE")
                continue
            for link in visit.pdfs:
                context = link.row or visit.heading
                for needle in RECORD_OF_PAGE[kind](context):
                    checked[kind] += 1
                    if not needle.found_in(link.document):
                        wrong.append(
                            f"{username}: {visit.url} “{context}” → {link.url} lacks "
                            f"{needle.what} {needle.forms[0]!r}: {link.document.head()}"
                        )
    assert checked, f"no PDF link checked for {username}"
    assert wrong == []
