"""Edit history of records (django-simple-history): as rows a person can read, and written for
many new records at once."""

import io
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connections, router
from django.utils import timezone


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


def bulk_create_with_history(objs, model, *, user, batch_size=None):
    """Create the records and their creation rows ("+", by `user`, now) in the edit history.

    The records by `bulk_create`; their history rows copied by the database from the records just
    saved (`copy_to_history`). django-simple-history's own helper builds a history object per
    record in Python: for the 190,000 criteria results of a 10,000-row status import that was
    most of a half-minute confirm. The rows are the same as the helper's (every tracked field,
    `history_change_reason` empty).
    """
    objs = model.objects.bulk_create(objs, batch_size=batch_size)
    copy_to_history(model, [obj.pk for obj in objs], user=user)
    return objs


def insert_with_history(model, columns, rows, *, user):
    """Insert plain rows (tuples of database values for the model's `columns`) without building
    a model object for each, and their creation rows ("+", by `user`, now) in the edit history.

    For the largest writes only (the criteria results of a status import: 19 a row), where
    building and compiling a Django object per row costs more than the database's work. On
    PostgreSQL the rows travel by COPY into a temporary table, and one statement inserts them and
    their history rows (measured on 190,000 rows: 3.6 s instead of 5.3 s for multi-row INSERTs
    and a second pass for the history); elsewhere, multi-row INSERTs then `copy_to_history`.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        _copy_with_history(connection, model, columns, rows, user=user)
        return
    quote = connection.ops.quote_name
    meta = model._meta
    names = ", ".join(quote(meta.get_field(column).column) for column in columns)
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    size = max(1, min(connection.ops.bulk_batch_size(columns, rows), 2000))
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES "
                + ", ".join([row_marks] * len(chunk))
                + f" RETURNING {quote(meta.pk.column)}",
                [value for row in chunk for value in row],
            )
            ids.extend(found for (found,) in cursor.fetchall())
    copy_to_history(model, ids, user=user)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    """A value in COPY's text format (NULL as \\N; tab, newline and backslash escaped)."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if value.__class__ is int:
        return str(value)
    if value == "":
        return ""
    return str(value).translate(_COPY_ESCAPES)


def _copy_with_history(connection, model, columns, rows, *, user):
    quote = connection.ops.quote_name
    meta = model._meta
    history = model.history.model
    names = ", ".join(quote(meta.get_field(column).column) for column in columns)
    tracked = ", ".join(quote(field.column) for field in history.tracked_fields)
    staging = quote(f"import_{meta.db_table}")
    data = io.StringIO("".join("\t".join(map(_copy_text, row)) + "\n" for row in rows))
    with connection.cursor() as cursor:
        # Foreign keys (the rows' and their history rows' author) checked as the rows are
        # inserted rather than queued to the commit: the queue of 380,000 deferred checks cost
        # more than the checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
            f"SELECT {names} FROM {quote(meta.db_table)} WITH NO DATA"
        )
        cursor.copy_expert(f"COPY {staging} ({names}) FROM STDIN", data)
        cursor.execute(
            f"WITH saved AS (INSERT INTO {quote(meta.db_table)} ({names}) "
            f"SELECT {names} FROM {staging} RETURNING *) "
            f"INSERT INTO {quote(history._meta.db_table)} ({tracked}, history_date, "
            "history_change_reason, history_type, history_user_id) "
            f"SELECT {tracked}, %s, NULL, '+', %s FROM saved",
            [timezone.now(), getattr(user, "pk", None)],
        )
        cursor.execute(f"DROP TABLE {staging}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def update_with_history(objs, model, fields, *, user):
    """Save `fields` of the records `objs` (each of its own values) in one UPDATE per batch, and
    their change rows ("~", by `user`, now) in the edit history, copied by the database from the
    records as saved. For the many records an import changes: Django's `bulk_update` builds a
    CASE per field and record, and django-simple-history's helper a history object per record
    (10,000 changed participants: 8.9 s of CPU)."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    table = quote(meta.db_table)
    columns = [meta.get_field(name) for name in fields]

    def value(field, index):
        if connection.vendor == "sqlite":
            # Typed by the column it is stored in (a CAST to "date" is a cast to a number there).
            return f"v.column{index}"
        kind = field.rel_db_type(connection) if field.is_relation else field.db_type(connection)
        return f"CAST(v.column{index} AS {kind})"

    sets = ", ".join(
        f"{quote(field.column)} = {value(field, index)}"
        for index, field in enumerate(columns, start=2)
    )
    row_marks = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    size = max(1, min(connection.ops.bulk_batch_size([meta.pk, *columns], objs), 2000))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            params = []
            for obj in chunk:
                params.append(obj.pk)
                params.extend(
                    field.get_db_prep_save(getattr(obj, field.attname), connection)
                    for field in columns
                )
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM (VALUES "
                + ", ".join([row_marks] * len(chunk))
                + f") AS v WHERE {table}.{quote(meta.pk.column)} = v.column1",
                params,
            )
    copy_to_history(model, [obj.pk for obj in objs], user=user, history_type="~")


def copy_to_history(model, ids, *, user, history_type="+"):
    """The rows of the records `ids` in their edit history ("+": created; "~": changed), copied
    by the database from the records as saved: one `INSERT … SELECT` (per batch of ids on
    SQLite)."""
    if not ids:
        return
    history = model.history.model
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in history.tracked_fields)
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, "
        "history_change_reason, history_type, history_user_id) "
        f"SELECT {columns}, %s, NULL, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)}"
    )
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    user_id = getattr(user, "pk", None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{insert} = ANY(%s)", [when, history_type, user_id, list(ids)])
            return
        size = max(1, min(connection.ops.bulk_batch_size(["id"], ids) - 3, 5000))
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            cursor.execute(
                f"{insert} IN ({', '.join(['%s'] * len(chunk))})",
                [when, history_type, user_id, *chunk],
            )
