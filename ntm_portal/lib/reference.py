"""Idempotent loading of reference data keyed on natural keys (codes, numbers), never on ids."""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    differing: list = field(default_factory=list)

    def add(self, other):
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.differing.extend(other.differing)

    @property
    def changed(self):
        return self.created + self.updated


class ReferenceDataError(Exception):
    """A reference file that cannot be loaded; the message names the file and the row."""


def upsert(model, lookup, values, report, *, update):
    """Create the row when missing; when it differs, update it only if asked to.

    Saving only on a real difference keeps a second run from writing anything, so the edit
    history does not fill with empty versions.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        report.created += 1
        return obj
    differences = {
        name: (getattr(obj, name), value)
        for name, value in values.items()
        if getattr(obj, name) != value
    }
    if not differences:
        report.unchanged += 1
        return obj
    if not update:
        report.differing.append(
            f"{model._meta.verbose_name} {obj}: "
            + ", ".join(
                f"{name} đang là {old!r}, tệp ghi {new!r}"
                for name, (old, new) in differences.items()
            )
        )
        report.unchanged += 1
        return obj
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    report.updated += 1
    return obj
