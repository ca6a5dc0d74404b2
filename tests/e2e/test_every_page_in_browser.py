"""Every page kind, as every demo account, over the demo history: a crawler that follows what a
person can see.

For each role the crawler starts at the home page (and the "not found" and "no right" pages,
which nothing links to) and opens, in Chromium, the first page of every kind it finds a link to (a
kind is a URL pattern; unit pages are told apart by level). On each such page it checks

- that no link and no form on it leads to a page answering 403 or 404 (every distinct address is
  requested, a handful per kind; post-only addresses may answer 405, never 403 or 404);
- axe-core at 1366 px and at 390 px: no critical and no serious violation, and the page itself
  never wider than the window (no panning sideways);
- the Nu HTML Checker (vnu.jar, run once over all the pages the role saw): no error.

Every failing page leaves a screenshot in var/test-artifacts/ (tests/e2e/conftest.py).
The administration (/admin/) is Django's own and is not crawled; downloads (anything that is not
HTML: Excel, PDF, JSON) are only requested, one of each kind. The HTML checker sees every page
opened, and axe-core every page at 1366 px (pages built from the same templates still differ in
their data: a long status once widened one page only). At 390 px axe-core runs again where the
narrow layout changes what it checks: the first page of each role (the navigation collapses into
a menu on every page, the same for all) and every page whose content (<main>) shows or hides an
element, or scrolls a region sideways, at 390 px and not at 1366 px (columns hidden on phones,
tables scrolling). Elsewhere the two widths show the same elements of the same DOM with the same
styles, so axe-core would check the same nodes twice; only the page width is measured there.

Product decision (#18, the crawl was most of the suite's CPU time and axe-core most of the
crawl's): axe-core checks each *structure* once per width in a run, not each page. What axe-core
finds depends on the elements, their attributes and classes (hence their styles), and on which
elements hold text; not on the words or the numbers. A page's structure is read in two parts, its
content (<main>) and the rest (head, navigation, footer: the role's frame, the same on its every
page), each as its elements with their attributes (digits read as 0; texts such as titles, labels
and values only as empty or not), with which hold text, which are shown and which scroll sideways
at that width (a longer text may make a table scroll), and with repeated identical siblings (the
rows of a table showing the same badges and buttons) counted once. axe-core runs on a page unless
both parts were already checked at that width, by this role or by another one crawled before in
the same test process: the navigation of each role is checked on its first page, and a page whose
content carries anything new (another status badge, a button only this role sees, an empty cell
where others had text) is checked whole. Every page is still requested as every role (403/404),
measured for its width at both widths, and given to the HTML checker.

For the same reason, axe-core checks a page's content without its repeats: after the page's width
and links are read, each run of consecutive sibling elements with the same markup (the rows of a
table that show the same badges and buttons, 116 communes of one district list) keeps its first
two (odd and even rows of a striped table) and loses the others. axe-core's cost grows with the
elements it checks (its colour contrast most), and the rows removed are the ones the structure
above already counts once.

Product decision (#18, a page kind opened as every role was laid out up to four times): a page is
opened in Chromium unless the HTML the server sent this role for it, from `<main>` to the end of
the document (the content, the footer and the page's scripts; CSRF tokens left out), is the same,
byte for byte, as that of a page already opened, at both widths and without a problem, by this
role or an earlier one. The frame above it (the role's navigation) is the same on all the role's
pages and checked on those opened; `<main>` spans the window's width whatever the navigation
holds, so the same bytes lay out the same at each width: the same widths, the same axe-core
result. Such a page is still requested as this role (its status), its links and forms (those of
the page first opened, inside `<main>`) are still requested as this role, and its HTML still goes
to the HTML checker. Leadership sees most pages as the staff do, without their buttons: of 322
pages the four roles open, about a third are the same bytes.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.test.signals import template_rendered
from django.urls import Resolver404, resolve

from tests.e2e.conftest import ARTIFACTS, failure_shot, require

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "kiengiang2025"
ROLES = ["tinh", "huyen.vinhthuan", "lanhdao", "quantri"]
WIDTHS = [1366, 390]
LINKS_PER_KIND = 3
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/accounts/logout/")
# Query parameters that only page through or sort a list; links differing in them are one kind.
PAGING = {"page", "sort", "o"}
VNU_JAR = os.environ.get("NTM_VNU_JAR") or str(
    Path(settings.BASE_DIR) / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)


def kind_of(url):
    """The page kind of a local address: its URL pattern, the shape of its codes, and which query
    parameters it sets (other than paging); None for what is not crawled."""
    parts = urlsplit(url)
    path = parts.path
    if path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return ("404", path)
    shapes = tuple(sorted((key, len(str(value))) for key, value in match.kwargs.items()))
    query = tuple(sorted({key for key, _ in parse_qsl(parts.query)} - PAGING))
    return (match.route, shapes, query)


def local(base, href):
    """The address relative to the live server, without its fragment; None when it is elsewhere."""
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.netloc and f"{parts.scheme}://{parts.netloc}" != base:
        return None
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


# Each with `inMain`: whether it lies inside <main> (what a page with the same content shares).
LINKS_AND_FORMS = """() => {
  const main = document.querySelector('main');
  const inMain = element => Boolean(main && main.contains(element));
  const links = [...document.querySelectorAll('a[href]')].map(a => ({
    href: a.getAttribute('href'), text: (a.textContent || '').trim().slice(0, 60), method: 'get',
    inMain: inMain(a)}));
  const forms = [...document.querySelectorAll('form')].map(form => {
    const method = (form.getAttribute('method') || 'get').toLowerCase();
    let href = form.getAttribute('action') || location.pathname + location.search;
    if (method === 'get') {
      const data = new URLSearchParams(new FormData(form));
      href = href.split('?')[0] + (data.toString() ? '?' + data.toString() : '');
    }
    const button = form.querySelector('button, input[type=submit]');
    return {href, method, text: button ? (button.innerText || button.value || '').trim() : '',
            inMain: inMain(form)};
  });
  return links.concat(forms);
}"""


class RenderedTemplates:
    """The names of the templates the live server renders (it runs in this process: Django's test
    environment signals every template rendered), collected between two `take()`s."""

    def __init__(self):
        self.names = set()
        self.lock = threading.Lock()

    def __call__(self, sender, template, **kwargs):
        with self.lock:
            self.names.add(template.name)

    def take(self):
        with self.lock:
            names, self.names = frozenset(self.names), set()
        return names


# axe-core's serious and critical violations on the page as it is laid out now; only what the
# message needs crosses back to Python.
AXE_SERIOUS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'critical' || v.impact === 'serious')
  .map(v => ({id: v.id, impact: v.impact, help: v.help,
              targets: v.nodes.slice(0, 3).map(node => node.target.join(' '))}))"""


# An attribute as the structures read it: an address only as empty, a fragment or another
# address; a text (title, label, value…) only as empty or not; any other value with its digits as 0.
ATTRIBUTE = r"""
  const WORDS = new Set(['title', 'alt', 'placeholder', 'value', 'aria-label', 'aria-description',
                         'content', 'datetime']);
  const ADDRESSES = new Set(['href', 'action', 'src']);
  const attribute = a => a.name + '=' + (
    ADDRESSES.has(a.name) ? (a.value.startsWith('#') ? '#' : a.value ? '*' : '')
    : WORDS.has(a.name) ? (a.value.trim() ? '*' : '')
    : a.value.replace(/\d+/g, '0'));
"""


# What the window's present width gives, in one walk of the page: the structure of its content
# (<main>) and of the rest of the page (main left out), as the module's text describes (what
# axe-core's results depend on, without the words and numbers); the layout of the content for
# axe-core (each element inside <main>, in document order, shown or hidden, and whether it scrolls
# sideways), and the page's own width.
AT_THIS_WIDTH = (
    r"""() => {
  const main = document.querySelector('main');
  const layoutRoot = main || document.body;
  const layout = [];"""
    + ATTRIBUTE
    + r"""  const shape = (element, skip, inLayout) => {
    if (element === skip) return '<main/>';
    // Shown or not, and scrolling sideways or not, at the window's present width.
    const shown = element.checkVisibility({visibilityProperty: true, opacityProperty: true});
    const scrolls = element.scrollWidth > element.clientWidth + 1
      && /auto|scroll/.test(getComputedStyle(element).overflowX);
    if (inLayout) layout.push((shown ? '1' : '0') + (scrolls ? 's' : ''));
    const inside = inLayout || element === layoutRoot;
    const parts = [];
    let last = null;
    for (const node of element.childNodes) {
      const part = node.nodeType === 1 ? shape(node, skip, inside)
        : node.nodeType === 3 && node.textContent.trim() ? '#' : null;
      if (part !== null && part !== last) parts.push(part);
      if (part !== null) last = part;
    }
    return '<' + element.tagName + (shown ? '' : '!') + (scrolls ? '~' : '') + ' '
      + [...element.attributes].map(attribute).sort().join(' ') + '>' + parts.join('') + '</>';
  };
  const content = main ? shape(main, null, false) : '';
  const frame = shape(document.documentElement, main, false);
  return [content, frame, layout.join(''), document.documentElement.scrollWidth];
}"""
)

# Before axe-core runs, the content loses its repeats: in each run of consecutive sibling
# elements with the same markup (attributes as in AT_THIS_WIDTH: digits read as 0, texts only as
# empty or not), the first two stay (odd and even rows of a striped table) and the others are
# removed. The count of elements removed comes back. See the module's text.
WITHOUT_REPEATS = (
    r"""() => {"""
    + ATTRIBUTE
    + r"""  const markup = element => '<' + element.tagName + ' '
    + [...element.attributes].map(attribute).sort().join(' ') + '>'
    + [...element.childNodes].map(node => node.nodeType === 1 ? markup(node)
        : node.nodeType === 3 && node.textContent.trim() ? '#' : '').join('') + '</>';
  let removed = 0;
  const prune = element => {
    let previous = null, run = 0;
    for (const child of [...element.children]) {
      const shape = markup(child);
      run = shape === previous ? run + 1 : 1;
      previous = shape;
      if (run > 2) { child.remove(); removed += 1; } else prune(child);
    }
  };
  prune(document.querySelector('main') || document.body);
  return removed;
}"""
)

# The structures axe-core has checked in this test process, with the width: {(kind, sha1, width)}.
CHECKED = set()

# The pages opened at both widths without a problem in this test process, by the key of their
# content (content_key): {key: (the links and forms inside <main>, whether 390 px changed it)}.
OPENED = {}

CONTENT = re.compile(r"<main\b.*\Z", re.S)
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


def content_key(html):
    """What a page lays out beside the role's frame: the HTML from <main> to the end (content,
    footer, the page's scripts), CSRF tokens left out; None for a page without <main>."""
    match = CONTENT.search(html)
    if not match:
        return None
    return hashlib.sha1(CSRF.sub(r"\1\"", match.group(0)).encode()).hexdigest()


def at_this_width(page):
    """At the window's present width: the page's content and frame structures, as keys of CHECKED
    (without the width); the layout of its content; its width in pixels."""
    content, frame, layout, wide = page.evaluate(AT_THIS_WIDTH)
    parts = (
        ("content", hashlib.sha1(content.encode()).hexdigest()),
        ("frame", hashlib.sha1(frame.encode()).hexdigest()),
    )
    return parts, layout, wide


def structures(page):
    """The page's content and frame structures at the present width (see at_this_width)."""
    return at_this_width(page)[0]


# Two frames: the page's own handlers of the resize (portal.js marks the tables that scroll sideways
# as focusable regions) have run before anything is read.
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def resize(page, width):
    """The window at `width` px, as the page's scripts leave it after the resize event."""
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate(SETTLED)


def axe_serious(axe, page):
    """axe-core's serious and critical violations; its script is injected once per page load
    (the two widths of a page share it)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe.axe_script)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(violation["targets"])
        for violation in page.evaluate(AXE_SERIOUS)
    ]


def validate_html(files):
    """Nu HTML Checker errors, per file name, in one run over all the files."""
    if not files:
        return {}
    # A short-lived JVM: the quick compiler only and the serial collector halve its CPU time
    # (8.5 → 3.7 s over 94 pages) and its wall time; the messages are the same.
    java = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m"]
    run = subprocess.run(
        [*java, "-jar", VNU_JAR, "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    errors = defaultdict(list)
    for message in json.loads(run.stderr or run.stdout)["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = Path(message.get("url", "")).name
            errors[name].append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


# The roles are crawled on one worker (--dist loadgroup), one after the other in one process: they
# share its browser, live server and demo database, and CHECKED, so that a structure axe-core
# checked for one role is not checked again for the next (see the module's text).
@pytest.mark.long
@pytest.mark.xdist_group("every-page-crawl")
@pytest.mark.parametrize("username", ROLES)
def test_every_page_answers_is_accessible_and_valid_for_each_role(
    browser, live_server, demo_data, username
):
    require("Java", shutil.which("java"), "apt-get install default-jre-headless")
    require("vnu.jar", Path(VNU_JAR).exists(), "scripts/browser-test-deps.sh")
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    base = live_server.url
    html_dir = ARTIFACTS / "html" / username.replace(".", "-")
    shutil.rmtree(html_dir, ignore_errors=True)
    html_dir.mkdir(parents=True)

    context = browser.new_context(
        locale="vi-VN", viewport={"width": WIDTHS[0], "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    problems = []
    rendered = RenderedTemplates()
    template_rendered.connect(rendered)
    try:
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()

        # The home page, then pages nobody links to but people meet: "not found", and the
        # "no right" page for a role that may not record decisions.
        queue = [("/", {200}), ("/units/00000/", {404}), ("/certifications/new/", {200, 403})]
        seen_kinds = {kind_of("/")}
        checked = {}
        checked_per_kind = defaultdict(int)
        downloads = set()
        download_kinds = set()
        axed = set()
        axe_runs = defaultdict(int)
        narrow_layouts = 0  # pages whose content changes at the narrow width
        width_now = WIDTHS[0]  # the window's width: a page opens at the last page's last width
        saved = {}
        bodies = {}  # address → the HTML this role's link check received for it
        reused = 0  # pages not opened in Chromium: the same content was (the module's text)

        def follow(url, targets):
            """Request the targets of the page `url` as this role; queue the first page of each
            new kind, with the HTML received."""
            for target in targets:
                address = local(base, target["href"])
                if address is None:
                    continue
                kind = kind_of(address)
                if kind is None:
                    continue
                # A download (PDF, Excel, JSON) is rendered by the same view for every record of
                # its kind: one of each kind is requested, pages up to LINKS_PER_KIND.
                limit = 1 if kind in download_kinds else LINKS_PER_KIND
                if address not in checked and checked_per_kind[kind] < limit:
                    checked_per_kind[kind] += 1
                    answer = page.request.get(base + address, max_redirects=5)
                    checked[address] = answer.status
                    if not answer.headers.get("content-type", "").startswith("text/html"):
                        downloads.add(address)
                        download_kinds.add(kind)
                    elif answer.status == 200 and kind not in seen_kinds:
                        bodies[address] = answer.text()
                    if answer.status in (403, 404):
                        problems.append(
                            f"{url}: “{target['text']}” → {address} trả về {answer.status}"
                        )
                        failure_shot(page, f"{username}-link-{answer.status}-{url}")
                if (
                    kind not in seen_kinds
                    and target["method"] == "get"
                    and checked.get(address) == 200
                    and address not in downloads
                ):
                    seen_kinds.add(kind)
                    queue.append((address, {200}))

        while queue:
            url, expected = queue.pop(0)
            body = bodies.pop(url, None)
            key = content_key(body) if body is not None else None
            if key in OPENED:
                name = f"{len(saved):03d}.html"
                (html_dir / name).write_text(body, encoding="utf-8")
                saved[name] = url
                targets, narrow = OPENED[key]
                narrow_layouts += narrow
                reused += 1
                follow(url, targets)
                continue
            rendered.take()
            response = page.goto(base + url)
            templates = rendered.take()
            status = response.status if response else 0
            if status not in expected:
                problems.append(f"{url}: trả về {status}")
                failure_shot(page, f"{username}-{status}-{url}")
                continue
            name = f"{len(saved):03d}.html"
            html = response.text()
            (html_dir / name).write_text(html, encoding="utf-8")
            saved[name] = url
            problems_before = len(problems)

            # Every page at both widths: its width, and axe-core (at 390 px only where the narrow
            # layout changes what axe-core checks, see the module's text). The page is read first
            # at the width it opened at, then at the other; axe-core runs first at the width the
            # window has then: one resize a page, or two when axe-core checks both widths.
            assert templates, f"{url}: no template rendered (is the test environment set up?)"
            page.evaluate(SETTLED)
            layouts, parts_at = {}, {}
            for width in sorted(WIDTHS, key=lambda width: width != width_now):
                if width != width_now:
                    resize(page, width)
                    width_now = width
                parts_at[width], layouts[width], wide = at_this_width(page)
                if wide > width:
                    picture = failure_shot(page, f"{username}-wide-{width}-{url}")
                    problems.append(
                        f"{url} ở {width}px: trang rộng {wide}px, phải kéo ngang [{picture}]"
                    )
            # The links and forms are the page's elements, whatever the width.
            targets = page.evaluate(LINKS_AND_FORMS)
            narrow = layouts[WIDTHS[1]] != layouts[WIDTHS[0]]
            narrow_layouts += narrow
            axe_widths = []
            for width in WIDTHS:
                as_wide = width != WIDTHS[0] and bool(axed) and not narrow
                if not (as_wide or all((*part, width) in CHECKED for part in parts_at[width])):
                    axe_widths.append(width)
                    CHECKED.update((*part, width) for part in parts_at[width])
            axed.add(templates)

            # axe-core last, on the content without its repeats (see the module's text).
            if axe_widths:
                page.evaluate(WITHOUT_REPEATS)
            for width in sorted(axe_widths, key=lambda width: width != width_now):
                axe_runs[width] += 1
                if width != width_now:
                    resize(page, width)
                    width_now = width
                found = axe_serious(axe, page)
                if found:
                    picture = failure_shot(page, f"{username}-axe-{width}-{url}")
                    problems += [f"{url} ở {width}px: {item} [{picture}]" for item in found]
            key = content_key(html)
            if key is not None and len(problems) == problems_before:
                OPENED[key] = ([target for target in targets if target["inMain"]], narrow)
            follow(url, targets)

        assert len(saved) >= 8, f"the crawler found only {sorted(saved.values())}"
        # Pages whose content changes at 390 px exist for every role (tables with columns
        # hidden on phones): if none is seen, AT_THIS_WIDTH has stopped telling the widths apart.
        assert narrow_layouts >= 2, f"{narrow_layouts} pages differ at {WIDTHS[1]} px"
        for name, errors in validate_html(
            sorted(str(path) for path in html_dir.glob("*.html"))
        ).items():
            problems += [f"{saved.get(name, name)} (HTML): {error}" for error in errors]
    finally:
        template_rendered.disconnect(rendered)
        context.close()
    assert not problems, f"{username}: {len(problems)} vấn đề\n" + "\n".join(problems)


def test_the_axe_check_reports_serious_violations_at_each_width(browser):
    """The crawler's axe check itself: a page with an unlabelled image and an unnamed button
    reports both, at each width, with axe-core injected once for the page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.set_content(
            '<!doctype html><html lang="vi"><title>t</title><main><h1>Trang</h1>'
            '<img src="data:,"><button></button><p>Chữ</p></main></html>'
        )
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            found = " | ".join(axe_serious(axe, page))
            assert "image-alt (critical)" in found
            assert "button-name (critical)" in found
        page.set_content('<!doctype html><html lang="vi"><title>t</title><main><h1>Trang</h1>')
        assert axe_serious(axe, page) == []
    finally:
        context.close()


def test_axe_core_checks_a_table_without_its_repeated_rows_but_with_every_different_one(browser):
    """Of 30 rows with the same badge, two are left for axe-core (odd and even); a row with
    another badge, an empty cell or a link stays, and so does a violation in any of them."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        same = "<tr><td>Xã {0}</td><td><span class='badge text-bg-success'>Đạt</span></td></tr>"
        rows = "".join(same.format(number) for number in range(30))
        rows += "<tr><td>Xã A</td><td><span class='badge text-bg-warning'>Chưa</span></td></tr>"
        rows += "<tr><td></td><td><span class='badge text-bg-success'>Đạt</span></td></tr>"
        rows += "<tr><td>Xã B</td><td><a href='/x/1/'><img src='data:,'></a></td></tr>"
        rows += "".join(same.format(number) for number in range(30, 35))
        page.set_content(
            f"<!doctype html><html lang='vi'><title>t</title><main><h1>Xã</h1>"
            f"<table><tbody>{rows}</tbody></table></main></html>"
        )
        assert page.evaluate(WITHOUT_REPEATS) == 28 + 3
        assert page.locator("tr").count() == 2 + 3 + 2
        assert page.get_by_text("Chưa").count() == 1
        found = " | ".join(axe_serious(Axe(), page))
        assert "image-alt (critical)" in found and "link-name (serious)" in found
    finally:
        context.close()


def test_pages_differing_only_in_words_and_numbers_share_a_structure(browser):
    """The crawler's structure (axe-core runs once per structure and width): the words, numbers
    and the count of identical rows do not change it; a row with another badge or an empty cell,
    a table that scrolls sideways, or another frame around the same content, does."""
    context = browser.new_context()
    try:
        page = context.new_page()

        def structure(rows, frame="<nav><a href='/'>Trang chủ</a></nav>", wrap=""):
            cells = "".join(
                f"<tr id='row-{number}'><td>{name}</td><td><span class='badge {badge}'>{status}"
                "</span></td></tr>"
                for number, (name, badge, status) in enumerate(rows, 1)
            )
            page.set_content(
                f"<!doctype html><html lang='vi'><title>{rows[0][0]}</title>{frame}"
                f"<main><h1>Xã</h1><div {wrap}><table>{cells}</table></div></main></html>"
            )
            return structures(page)

        one = structure([("Vĩnh Thuận", "text-bg-success", "Đạt")])
        assert structure([("An Biên", "text-bg-success", "Đạt 2025")]) == one
        assert structure([("An Biên", "text-bg-success", "Đạt")] * 30) == one
        content, frame = one
        assert structure([("An Biên", "text-bg-warning", "Chưa đạt")])[0] != content
        assert structure([("An Biên", "text-bg-success", "")])[0] != content
        other_frame = structure(
            [("Vĩnh Thuận", "text-bg-success", "Đạt")],
            "<nav><a href='/'>Trang chủ</a><a></a></nav>",
        )
        assert other_frame[0] == content and other_frame[1] != frame
        # A longer name (one word, no break) makes the same table scroll sideways.
        box = "style='width: 200px; overflow-x: auto'"
        fits = structure([("Vĩnh", "text-bg-success", "Đạt")], wrap=box)
        assert structure([("VĩnhThuận" * 6, "text-bg-success", "Đạt")], wrap=box) != fits
    finally:
        context.close()


def test_a_page_is_laid_out_again_only_when_its_content_differs():
    """The crawler's key of what a page lays out (a page with a key already opened is not opened
    again): the HTML from <main> on, CSRF tokens aside. Another role's navigation or title does
    not change it; a word, a button or a script of the page's own does."""

    def page(navigation="<a href='/'>Trang chủ</a>", content="<p>Vĩnh Thuận: đạt</p>", end=""):
        return (
            f"<!doctype html><html lang='vi'><title>{navigation[:9]}</title><nav>{navigation}</nav>"
            f"<main id='main'><form method='post'><input type='hidden' "
            f'name="csrfmiddlewaretoken" value="{os.urandom(8).hex()}">'
            f"{content}</form></main><footer>Kế hoạch 168</footer>{end}</html>"
        )

    key = content_key(page())
    assert key == content_key(page()) == content_key(page(navigation="<a href='/x/'>Quản trị</a>"))
    assert content_key(page(content="<p>Vĩnh Thuận: chưa đạt</p>")) != key
    assert content_key(page(content="<p>Vĩnh Thuận: đạt</p><button>Sửa</button>")) != key
    assert content_key(page(end="<script src='/static/js/chart.js'></script>")) != key
    assert content_key("<!doctype html><html><p>Không có nội dung chính</p></html>") is None


def test_the_crawler_reads_a_page_after_its_scripts_have_handled_the_resize(browser):
    """portal.js marks a table that scrolls sideways as a focusable region when the window
    narrows; the crawler reads the page (and axe-core checks it) only after that."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    script = (Path(settings.BASE_DIR) / "static/js/portal.js").read_text(encoding="utf-8")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        cells = "".join(f"<td>Xã Vĩnh Bình Bắc {number}</td>" for number in range(6))
        page.set_content(
            "<!doctype html><html lang='vi'><title>t</title><main><h1>Xã</h1>"
            "<div class='table-responsive' style='overflow-x: auto'>"
            f"<table style='white-space: nowrap'><tr>{cells}</tr></table></div></main>"
            f"<script>{script}</script></html>"
        )
        box = "document.querySelector('.table-responsive')"
        resize(page, 1366)
        assert page.evaluate(f"{box}.getAttribute('role')") is None
        for _ in range(5):
            resize(page, 390)
            assert page.evaluate(f"[{box}.getAttribute('role'), {box}.tabIndex]") == ["region", 0]
            assert axe_serious(axe, page) == []
            resize(page, 1366)
            assert page.evaluate(f"{box}.getAttribute('role')") is None
    finally:
        context.close()
