"""The “Căn cứ …” lines of the award documents, chosen by the document's date.

They are data (fixtures/legal_bases.json), each line with the period in which it is cited: the
Law on Local Government of 2015 (amended 2019) until 28/02/2025, that of 19/02/2025 from
01/03/2025, that of 16/06/2025 from the day it was passed; the Law on Emulation and Commendation
of 2022 and Decree 98/2023/NĐ-CP from 01/01/2024 (the Law of 2003 and Decree 91/2017/NĐ-CP
before), Decree 152/2025/NĐ-CP added from 01/07/2025. Where each date was read: the fixture's
`read_at` and docs/awards.md. The file is checked by `load_reference_data` (awards/reference.py)
so a broken line stops the load instead of a document."""

import datetime
import functools
import json
from dataclasses import dataclass

from ntm_portal.lib.reference import FIXTURES_DIR, ReferenceDataError
from ntm_portal.lib.text import nfc

LEGAL_BASES_FILE = FIXTURES_DIR / "legal_bases.json"
# The documents that print such lines: the decision of a People's Committee chairman and the
# tờ trình (of the Department of Home Affairs, of a district, of the province to the centre).
DOCUMENTS = {"decision", "submission"}


@dataclass(frozen=True)
class LegalBasis:
    code: str
    documents: frozenset
    text: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    def valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def read(path=LEGAL_BASES_FILE):
    """Every line of the file, in its order; ReferenceDataError naming the entry otherwise."""
    data = json.loads(path.read_text(encoding="utf-8"))
    bases, codes = [], set()
    for number, item in enumerate(data["legal_bases"], start=1):
        where = f"{path.name}, mục {number}"
        code = item.get("code", "")
        if not code or code in codes:
            raise ReferenceDataError(f"{where}: mã “{code}” trống hoặc lặp lại.")
        codes.add(code)
        documents = frozenset(item.get("documents", []))
        if not documents or not documents <= DOCUMENTS:
            raise ReferenceDataError(
                f"{where}: loại văn bản phải là {', '.join(sorted(DOCUMENTS))}; "
                f"tệp ghi {sorted(documents)}."
            )
        text = nfc(item.get("text", "")).strip()
        if not text or text.startswith("Căn cứ") or text.endswith((";", ".", ",")):
            raise ReferenceDataError(
                f"{where}: nội dung căn cứ phải có, không kèm chữ “Căn cứ” đầu dòng và dấu cuối dòng."
            )
        days = []
        for field in ("valid_from", "valid_to"):
            value = item.get(field)
            try:
                days.append(datetime.date.fromisoformat(value) if value else None)
            except ValueError:
                raise ReferenceDataError(
                    f"{where}: {field} “{value}” không phải ngày dạng YYYY-MM-DD."
                ) from None
        if days[0] and days[1] and days[1] < days[0]:
            raise ReferenceDataError(f"{where}: ngày hết hiệu lực trước ngày có hiệu lực.")
        bases.append(LegalBasis(code, documents, text, *days))
    return tuple(bases)


@functools.cache
def _loaded():
    return read()


def bases_on(day, document):
    """The texts cited by `document` ("decision" or "submission") dated `day`, in order."""
    if document not in DOCUMENTS:
        raise ValueError(f"Không có căn cứ cho loại văn bản {document!r}.")
    return [b.text for b in _loaded() if document in b.documents and b.valid_on(day)]
