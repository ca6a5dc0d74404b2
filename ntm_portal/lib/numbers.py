"""Numbers as Vietnamese write them, from one place: a dot between thousands ("10.001",
"2.340.000"), a comma before decimals ("62,5"). Every page, PDF, message, export and
benchmark that writes a number as text goes through these functions
(tests/dataio/test_numbers.py finds any module that formats one by hand)."""

from decimal import Decimal


def _swap(text):
    """Python's "1,234.5" as "1.234,5"."""
    return text.translate(str.maketrans({",": ".", ".": ","}))


def integer(value):
    """10001 → "10.001"; a float or Decimal is rounded to a whole number first."""
    return _swap(f"{round(value):,}")


def decimal(value, digits=1, *, grouped=False):
    """62.5 → "62,5" (`digits` after the comma); `grouped`: thousands separated too
    (1234.5 → "1.234,5")."""
    return _swap(f"{value:,.{digits}f}" if grouped else f"{value:.{digits}f}")


def plain(value):
    """A number as it is stored, with the decimal comma and no trailing zeros: Decimal("12.50")
    → "12,5", 10 → "10", 0.5 → "0,5"."""
    if isinstance(value, Decimal):
        value = value.normalize()
        text = f"{value:f}"
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    return text.replace(".", ",")


def comma(value):
    """A number already written as text (or its str()), its decimal point made a comma."""
    return str(value).replace(".", ",")


def excel_format(digits=0):
    """The Excel number format of a number cell with thousands grouped and `digits` decimals
    ("#,##0", "#,##0.0"): the file stores the number, and Excel shows it with the separators of
    its reader, "1.234,5" in Vietnamese. Exports keep numbers numbers (ntm_portal/lib/dataio/
    export.py), so that a sum in Excel and an import back read them as numbers."""
    return "#,##0" + ("." + "0" * digits if digits else "")
