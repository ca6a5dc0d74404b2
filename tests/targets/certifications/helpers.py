"""Form data of the recording page, as a browser would send it; a recognition's refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from targets.models.certifications import DATABASE
from tests.factories import unit

CREATE_URL = reverse("targets:certification_create")
ROWS = 4


def record_data(rows, number="1007/QĐ-UBND", issued_on="02/06/2022", issuer="", **decision):
    """POST data for a new decision (or `existing=<pk>`) recognising (code, standard, year) rows."""
    data = {
        "existing": decision.pop("existing", ""),
        "decision-number": number,
        "decision-issued_on": issued_on,
        "decision-issuer": issuer,
        "decision-signer": decision.pop("signer", "Lâm Minh Thành"),
        "decision-notes": decision.pop("notes", ""),
        "rows-TOTAL_FORMS": str(ROWS),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "1",
        "rows-MAX_NUM_FORMS": "1000",
    }
    data.update(decision)
    for index in range(ROWS):
        code, standard, year = rows[index] if index < len(rows) else ("", "", "")
        data[f"rows-{index}-unit"] = unit(code).pk if code else ""
        data[f"rows-{index}-standard"] = standard
        data[f"rows-{index}-standard_year"] = year
    return data


def page_text(response):
    return response.content.decode()


def refusal(certification):
    """The messages by field with which the recognition rules refuse `certification`."""
    with pytest.raises(ValidationError) as refused:
        certification.check_rules(DATABASE)
    return refused.value.message_dict
