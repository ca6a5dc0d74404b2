"""Issue #21, point 5: one export path serves every list, filtered and scoped as the list is.

The lists are found in the URLconf (every ListView, every URL named `…_list`), not in a list
kept by hand: a new list without an export, or with one of its own, fails here. On the demo data
(the accounts, the history, the movement, the awards), for the province's staff and for a
district officer, each list's export — at `?format=xlsx` and at its older `…_export` URL — holds
exactly the rows the list shows: unfiltered, and with a filter of the list's own form that
narrows it (found by trying its choices); and the page's export button carries that filter.
"""

import html
import io
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.views.generic import ListView
from openpyxl import load_workbook

from ntm_portal.lib import numbers
from ntm_portal.lib.dataio.export import Column, Export, ExportContext, ExportListMixin, cell
from ntm_portal.lib.spreadsheet import FORMULA_PREFIXES, escape_formula, read_table
from tests.conftest import wider_scope_settings
from tests.test_every_url_needs_login import named_patterns
from units.models import Unit

ROOT = Path(__file__).resolve().parents[2]
DEMO = ("load_demo_accounts", "load_demo_history", "load_demo_movement", "load_demo_awards")
PROVINCE, DISTRICT = "tinh", "huyen.vinhthuan"

# Lists without an export, each with the reason a user would not want one.
WITHOUT_EXPORT = {
    "targets:plan_list": "a few plans; each plan's own file (targets:plan_export) imports back",
    "emulation:reopen_request_list": "a queue of requests answered on the page",
    "awards:kind_list": "the reference list of titles and forms (fixtures/award_kinds.json)",
    "awards:duplicate_list": "pairs to merge or tell apart, work done on the page",
    "awards:printer_list": "the printers' calibration settings",
}
# A filter for a list whose form is not a FilterSet.
FILTERS = {"units:unit_list": [{"q": "Vĩnh"}]}
TRIES = 12  # filter values tried per list to find one that narrows it


def list_pages():
    """{URL name: (view class or None, [older export URL names])} of every list of the portal."""
    lists, exports = {}, {}
    for name, pattern in named_patterns(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        is_list = view_class is not None and issubclass(view_class, ListView)
        if is_list and pattern.callback.view_initkwargs.get("export_only"):
            exports.setdefault(view_class, []).append(name)
        elif is_list or name.endswith("_list"):
            lists[name] = view_class
    return {name: (view, exports.get(view, [])) for name, view in lists.items()}


def test_every_list_has_an_export_through_the_one_path():
    pages = list_pages()
    assert len(pages) >= 15
    missing, own = [], []
    for name, (view_class, _older) in pages.items():
        if name in WITHOUT_EXPORT:
            continue
        if view_class is None or not issubclass(view_class, ExportListMixin):
            own.append(name)
        elif not isinstance(view_class.export, Export):
            missing.append(name)
    assert missing == [] and own == [], f"no export: {missing}; not through the path: {own}"
    assert set(WITHOUT_EXPORT) <= set(pages), "a reason kept for a list that is gone"


def test_every_older_export_url_is_its_list_view():
    """`…_export` URLs of lists are the list views (export_only), never a view of their own."""
    older = {name for _view, names in list_pages().values() for name in names}
    assert {
        "targets:certification_export",
        "targets:status_export",
        "targets:appraisal_export",
        "emulation:participant_export",
        "emulation:cluster_export",
        "emulation:registration_export",
        "emulation:review_export",
        "emulation:exemplar_export",
        "emulation:report_export",
        "awards:nominee_export",
    } <= older
    for name, _pattern in named_patterns(get_resolver().url_patterns):
        if name.endswith("_export") and name not in older:
            # Phase pages (ranking, completeness) and a plan's own file: no list behind them.
            assert name in {
                "emulation:ranking_export",
                "emulation:completeness_export",
                "targets:plan_export",
            }, name


def sheet_values(content):
    """The data rows of each sheet of an xlsx download, as openpyxl reads them."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [
        [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
        for sheet in workbook.worksheets
    ]


def as_read_back(row):
    """A row as `cell` writes it, as it comes back from the file (escaped, empty is None)."""
    return [None if value == "" else escape_formula(value) for value in row]


def unordered(sheets):
    """The rows of each sheet, as a multiset: rows the ordering leaves tied (units sharing a code
    across the 2025 reorganisation) may come in either order on PostgreSQL."""
    return [sorted(map(repr, rows)) for rows in sheets]


def shown(client, url, query):
    """The list page's view (its whole filtered queryset: `object_list`) for this query."""
    return page(client, url, query).context["view"]


def page(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 200, (url, query, response.status_code)
    return response


def export_buttons(response, url, older):
    """The queries of the page's links to its export: the list's own URL with format=xlsx, or
    one of its older export URLs."""
    buttons = []
    for href in re.findall(r'href="([^"]*)"', response.content.decode()):
        path, _, query = html.unescape(href).partition("?")
        query = QueryDict(query)
        if (path in ("", url) and query.get("format") == "xlsx") or path in older:
            buttons.append(query)
    return buttons


def expected_sheets(view, user):
    export = view.export
    records = export.records(view.object_list)
    records = list(records)
    context = ExportContext(user=user, view=view)
    return [
        [as_read_back(row) for row in part.sheet(records, context).rows]
        for part in (export, *export.also)
    ]


def count_of(view):
    return len(view.object_list)


def narrowing_filters(name, client, url, view):
    """Queries of the list's own filter form that show some of its rows, not all."""
    if name in FILTERS:
        yield from FILTERS[name]
        return
    filterset = getattr(view, "filterset", None) or getattr(view, "filter", None)
    if filterset is None:
        return
    total = count_of(view)
    tried = 0
    for field_name, field in filterset.form.fields.items():
        for value, _label in getattr(field, "choices", []):
            value = getattr(value, "value", value)
            if value in ("", None) or tried >= TRIES:
                continue
            tried += 1
            query = {field_name: str(value)}
            if 0 < count_of(shown(client, url, query)) < total:
                yield query
                return


FEW_QUERIES = 10  # an export's queries, whatever its rows (session, user, scope, rows, relations)


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the tests of a class that read it (each runs in a savepoint
    inside this transaction); rolled back after the class."""
    with (
        wider_scope_settings(tmp_path_factory, "exports"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        for command in DEMO:
            call_command(command, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db):
    """The demo data (the tests only read it; what they write is rolled back after each)."""


# With -n, the tests over the demo run on one worker (--dist loadgroup): the demo is loaded once.
@pytest.mark.xdist_group("exports-demo")
class TestOnTheDemo:
    def test_every_list_export_holds_exactly_the_rows_the_list_shows(self, demo):
        pages = {
            name: pages
            for name, pages in list_pages().items()
            if name not in WITHOUT_EXPORT and pages[0] is not None
        }
        users = get_user_model().objects
        failures, scoped, filtered = [], [], []
        counts = {}
        for username in (PROVINCE, DISTRICT):
            user = users.get(username=username)
            client = Client()
            client.force_login(user)
            for name, (_view_class, older) in pages.items():
                url = reverse(name)
                view = shown(client, url, {})
                queries = [{}]
                if username == PROVINCE:
                    queries += list(narrowing_filters(name, client, url, view))
                for query in queries:
                    response = page(client, url, query)
                    view = response.context["view"]
                    buttons = export_buttons(response, url, [reverse(other) for other in older])
                    if not buttons:
                        failures.append(f"{username} {url}?{urlencode(query)}: no export button")
                    for button in buttons:
                        if any(button.get(key) != value for key, value in query.items()):
                            failures.append(
                                f"{url}?{urlencode(query)}: a button without the filter"
                            )
                    expected = expected_sheets(view, user)
                    if not query:
                        counts[(username, name)] = count_of(view)
                    elif expected[0] != []:
                        filtered.append(name)
                    for export_url in [url, *(reverse(other) for other in older)]:
                        data = QueryDict(mutable=True)
                        data.update(query)
                        if export_url == url:
                            data["format"] = "xlsx"
                        response = client.get(export_url, data)
                        if response.status_code != 200 or not response["Content-Type"].startswith(
                            "application/vnd.openxmlformats"
                        ):
                            failures.append(
                                f"{username} {export_url}?{data.urlencode()}: not a file"
                            )
                            continue
                        if unordered(sheet_values(response.content)) != unordered(expected):
                            failures.append(
                                f"{username} {export_url}?{data.urlencode()}: other rows"
                            )
                    if query and len(expected[0]) and view.export.rows_of is None:
                        assert len(expected[0]) == count_of(view), name
        for name in pages:
            if counts[(DISTRICT, name)] < counts[(PROVINCE, name)]:
                scoped.append(name)
        assert failures == []
        # The demo holds rows in every list, and the filters and scopes do narrow them.
        assert [name for name in pages if counts[(PROVINCE, name)] == 0] == []
        assert len(set(filtered)) >= 10, sorted(set(filtered))
        # A district officer reads the province's lists (VIEW is province-wide, units/access.py); the
        # lists of the work they do for their district open on it, and so do their exports.
        assert {
            "targets:status_list",
            "emulation:participant_list",
            "emulation:registration_list",
            "emulation:review_list",
        } <= set(scoped), sorted(scoped)

    def test_every_list_export_reads_in_a_few_queries(self, demo):
        """No export reads a relation per row: on the demo, every list's export takes at most
        FEW_QUERIES queries, fewer than the rows of the lists that have more (nominations: a
        collective's description read its unit per row, 13 queries for 14 rows, before its
        declaration selected them)."""
        client = Client()
        client.force_login(get_user_model().objects.get(username=PROVINCE))
        many, heavy = [], []
        for name, (_view_class, _older) in list_pages().items():
            if name in WITHOUT_EXPORT:
                continue
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(name), {"format": "xlsx"})
            rows = len(sheet_values(response.content)[0])
            if len(queries) > FEW_QUERIES:
                heavy.append(f"{name}: {len(queries)} queries for {rows} rows")
            if rows > FEW_QUERIES:
                many.append(name)
        assert heavy == []
        assert len(many) >= 8, many

    def test_a_district_officers_export_holds_only_their_district(self, demo):
        """The status and participant exports of the officer of Vĩnh Thuận (910) hold only units of
        910 (the lists of their work open on their district), though the province's hold others."""
        users = get_user_model().objects
        for username, only_910 in ((DISTRICT, True), (PROVINCE, False)):
            client = Client()
            client.force_login(users.get(username=username))
            table = read_table(client.get(reverse("targets:status_export")).content, "xuat.xlsx")
            column = table.headers.index("Mã huyện")
            districts = {values[column] for _n, values in table.rows}
            assert districts and (districts == {"910"}) is only_910, (username, districts)
            table = read_table(
                client.get(reverse("emulation:participant_export")).content, "x.xlsx"
            )
            column = table.headers.index("Mã đơn vị hành chính")
            codes = {values[column] for _n, values in table.rows} - {"", None}
            district = Unit.objects.districts().get(code="910")
            of_910 = {"910", *district.children.values_list("code", flat=True)}
            assert codes and (codes <= of_910) is only_910, (username, codes - of_910)


# --- what every export writes: cells, numbers and formula escaping ---------------------------


def test_cells_are_written_as_the_lists_show_them(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    from django.utils import timezone

    moment = timezone.make_aware(datetime(2025, 7, 1, 8, 5), timezone.get_fixed_timezone(0))
    assert cell(moment) == "01/07/2025 15:05"
    assert cell(date(2025, 3, 9)) == "09/03/2025"
    assert cell(True) == "có" and cell(False) == "" and cell(None) == ""
    assert cell(Decimal("12.50")) == 12.5 and cell(Decimal("3.00")) == 3
    assert isinstance(cell(Decimal("3.00")), int)
    assert numbers.excel_format(0) == "#,##0" and numbers.excel_format(2) == "#,##0.00"


def test_every_text_excel_would_run_is_escaped_and_numbers_keep_their_format():
    hostile = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    export = Export(
        "Thử",
        "thu",
        [
            Column("Văn bản", lambda r: r[0]),
            Column("Số tiền", lambda r: r[1], digits=0),
            Column("Điểm", lambda r: r[2], digits=2),
        ],
    )
    records = [(text, Decimal("1234567"), Decimal("-12.5")) for text in hostile]
    response = export.response(records)
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    texts = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert texts == ["'" + text for text in hostile]
    assert all(not text.startswith(FORMULA_PREFIXES) for text in texts)
    money, points = sheet["B2"], sheet["C2"]
    assert money.value == 1234567 and money.number_format == "#,##0"
    assert points.value == -12.5 and points.number_format == "#,##0.00"
    assert re.fullmatch(r'attachment; filename="thu-\d{8}\.xlsx"', response["Content-Disposition"])
    # Read back by the import's reader, the apostrophes are gone: an export imports back.
    assert [values[0] for _n, values in read_table(response.content, "thu.xlsx").rows] == hostile


def test_only_the_one_writer_makes_a_workbook():
    """Every xlsx the portal's pages send goes through ntm_portal.lib.spreadsheet.write_xlsx
    (formula escaping, number formats): no other module of the portal creates an openpyxl
    Workbook. (The administration's reference-table exports, ntm_portal/lib/admin_export.py,
    are django-import-export's, written by tablib with the package's formula escaping.)"""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "var/", "tests/", "node_modules/")):
            continue
        if relative == "ntm_portal/lib/spreadsheet.py":
            continue
        if re.search(r"\bWorkbook\(", path.read_text()):
            offenders.append(relative)
    assert offenders == []
