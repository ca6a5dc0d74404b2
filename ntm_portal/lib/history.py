"""Edit history of records (django-simple-history), as rows a person can read."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class HistoryRow:
    when: datetime
    who: object
    record: str
    action: str
    changes: list = field(default_factory=list)


def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _display(record, name, value):
    field_obj = record.instance_type._meta.get_field(name)
    if field_obj.choices:
        return dict(field_obj.flatchoices).get(value, value)
    if field_obj.is_relation and value is not None:
        related = field_obj.related_model.objects.filter(pk=value).first()
        return str(related) if related else value
    return value


def history_rows(*querysets, limit=100):
    """Rows for the history of the records in the given history querysets, newest first."""
    records = []
    for history in querysets:
        records.extend(history.select_related("history_user").order_by("-history_date")[:limit])
    records.sort(key=lambda record: record.history_date, reverse=True)
    # The version before each record, from the records already fetched where possible: asking
    # `prev_record` for every row would cost a query per row.
    previous_of = {}
    latest_seen = {}
    for record in reversed(records):
        key = (record.instance_type, record.id)
        previous_of[record.history_id, record.instance_type] = latest_seen.get(key)
        latest_seen[key] = record
    rows = []
    for record in records[:limit]:
        row = HistoryRow(
            when=record.history_date,
            who=(record.history_user.get_full_name() or record.history_user.username)
            if record.history_user
            else None,
            record=str(record.instance),
            action=record.history_type,
        )
        if record.history_type == "~":
            previous = previous_of.get((record.history_id, record.instance_type))
            if previous is None:
                previous = record.prev_record  # older than anything fetched
            if previous is not None:
                delta = record.diff_against(previous)
                row.changes = [
                    {
                        "field": _label(record.instance_type, change.field),
                        "old": _display(record, change.field, change.old),
                        "new": _display(record, change.field, change.new),
                    }
                    for change in delta.changes
                ]
        rows.append(row)
    return rows
