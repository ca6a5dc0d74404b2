"""Optimistic locking for edit forms, and no orphaned upload when a save fails.

Two people open the same record, both save: without a check the second silently reverts the
first's change. Every edit form of the portal carries the version of what it was opened on — the
newest edit-history row of the record (and of the rows edited with it, such as a commune-year's
criteria) — in a hidden field. At save, under a lock on the record's row, the version is read
again; if someone saved in between, nothing is written, the form shows who changed what and when,
keeps everything the second person typed, and now carries the new version: saving again
deliberately overwrites.

    class DecisionEditForm(VersionedFormMixin, forms.ModelForm): ...
    class DecisionUpdateView(OptimisticLockViewMixin, ScopedObjectMixin, UpdateView): ...

A function view locks with `lock_for_update(instance)` inside `transaction.atomic()` and calls
`form.check_version()` (or `check_version(form, histories)`) before saving.

An action without a form of its own (a delete button, a merge) carries the version of the rows it
acts on too: the page writes `{% version_field record %}` (ntm_portal/templatetags/versions.py)
into the button's form, and the view, before acting, asks `stale_action(request, record)`: None
when it may go on, else the message (who changed what and when) to show instead of acting.

`removing_new_files_on_error(*instances)`: a FileField's file is written to storage while the
row is saved; when the save (or anything after it in the transaction) fails, the files written
meanwhile are deleted again. `removing_files_saved_on_error()` does the same for every row saved
inside the block, for a step (a workflow service) that creates records the caller never holds.
"""

import threading
from contextlib import contextmanager

from django import forms
from django.db import models, transaction
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.functional import cached_property

VERSION_FIELD = "edit_version"
MAX_CHANGES_SHOWN = 8


def version_of(histories):
    """The version of a record: the newest history row id of each history queryset."""
    ids = []
    for history in histories:
        newest = history.aggregate(newest=models.Max("history_id"))["newest"]
        ids.append(str(newest or 0))
    return "-".join(ids)


def _shown(value):
    if value in ("", None):
        return "(trống)"
    if value is True:
        return "có"
    if value is False:
        return "không"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def _label(record, name):
    try:
        return str(record.instance_type._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a field the model no longer has
        return name


def describe_changes(histories, since):
    """Lines saying who changed what and when after version `since`."""
    seen = [int(part) if part.isdigit() else 0 for part in (since or "").split("-")]
    lines = []
    for index, history in enumerate(histories):
        after = seen[index] if index < len(seen) else 0
        for record in history.filter(history_id__gt=after).order_by("history_id"):
            user = record.history_user
            who = (user.get_full_name() or user.username) if user else "một người khác"
            when = timezone.localtime(record.history_date).strftime("%H:%M %d/%m/%Y")
            what = str(record.instance) if record.history_type != "-" else "bản ghi"
            previous = record.prev_record
            if record.history_type == "+" or previous is None:
                lines.append(f"{who} tạo {what} lúc {when}.")
                continue
            if record.history_type == "-":
                lines.append(f"{who} xóa {what} lúc {when}.")
                continue
            delta = record.diff_against(previous)
            for change in delta.changes:
                lines.append(
                    f"{who} sửa {_label(record, change.field)} của {what} lúc {when}: "
                    f"{_shown(change.old)} → {_shown(change.new)}."
                )
    if len(lines) > MAX_CHANGES_SHOWN:
        hidden = len(lines) - MAX_CHANGES_SHOWN
        lines = [*lines[:MAX_CHANGES_SHOWN], f"… và {hidden} thay đổi khác (xem lịch sử sửa đổi)."]
    return lines


def conflict_message(lines):
    return (
        "Chưa lưu: trong lúc bạn sửa, dữ liệu này đã được lưu bởi người khác. "
        + " ".join(lines)
        + " Nội dung bạn vừa nhập vẫn còn nguyên bên dưới: hãy xem lại, rồi bấm lưu lần nữa "
        "để ghi đè bằng nội dung của bạn."
    )


def action_conflict_message(lines, action):
    """The conflict of an action without typed content (a delete, a merge): nothing was done."""
    return (
        f"Chưa {action}: trong lúc bạn xem trang, dữ liệu này đã được lưu bởi người khác. "
        + " ".join(lines)
        + f" Hãy xem lại dữ liệu hiện tại trên trang; nếu vẫn muốn, bấm {action} lần nữa."
    )


def check_version(form, histories):
    """Add the conflict to `form` (and give it the current version) when the version it was
    opened on is no longer the record's; True when the save may go on."""
    key = form.add_prefix(VERSION_FIELD)
    if key not in form.data:
        return True  # not sent by one of our pages (a script, a test): nothing to compare
    submitted = form.data.get(key, "")
    current = version_of(histories)
    if submitted == current:
        return True
    lines = describe_changes(histories, submitted)
    if not lines:
        return True  # nothing that the person could have overwritten
    data = form.data.copy()
    data[form.add_prefix(VERSION_FIELD)] = current
    form.data = data
    form.add_error(None, conflict_message(lines))
    return False


def histories_of(records):
    """The history querysets of records (model instances with an edit history)."""
    return [type(record).history.filter(id=record.pk) for record in records if record.pk]


def add_version(form, *records):
    """Give any form (a workflow step's, a plain Form) the version of the records it acts on;
    `check_form_version(form)` checks it. Returns the form."""
    form._version_records = [record for record in records if record is not None]
    form.fields[VERSION_FIELD] = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        initial=version_of(histories_of(form._version_records)),
    )
    return form


def lock_records(records):
    """Lock the records' rows until the end of the transaction (when there is one)."""
    if transaction.get_connection().in_atomic_block:
        for record in records:
            lock_for_update(record)


def check_form_version(form):
    """Under a lock on the form's records (inside a transaction: every POST is one, see
    ntm_portal/lib/idempotency.py): add the conflict to the form when they changed since the
    form was opened. True when the save may go on."""
    records = getattr(form, "_version_records", [])
    lock_records(records)
    return check_version(form, histories_of(records))


class VersionedFormMixin:
    """A form that carries the version of what it edits and refuses a stale save by itself.

    A ModelForm's version is its instance's edit history; `version_records=[...]` (a keyword
    argument) names other records instead, for a form that is not a ModelForm or that saves
    related rows; a form may also override `version_histories()`. Validation (`is_valid()`)
    locks the records' rows (inside the request's transaction) and compares the version sent with
    the current one: a stale form is invalid, with the other person's changes at the top, what
    the person typed kept, and the new version in the form (saving again overwrites)."""

    def __init__(self, *args, version_records=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._version_records = version_records
        self.fields[VERSION_FIELD] = forms.CharField(
            # A callable: read only when the field is shown (not for every row of a formset
            # whose template leaves it out).
            widget=forms.HiddenInput,
            required=False,
            initial=self.current_version,
        )

    @cached_property
    def changed_data(self):
        """The version is no change of the record's (a row left out of a page is unchanged)."""
        return [name for name in super().changed_data if name != VERSION_FIELD]

    def _records(self):
        if self._version_records is not None:
            return [record for record in self._version_records if record is not None]
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            return []
        return [instance]

    def version_histories(self):
        return histories_of(self._records())

    def current_version(self):
        return version_of(self.version_histories())

    def check_version(self):
        """Lock the records (inside a transaction) and check the version; True when the save
        may go on. `is_valid()` calls it; views need not."""
        lock_records(self._records())
        return check_version(self, self.version_histories())

    def _get_validation_exclusions(self):
        """Check every unique constraint over the values the record already holds, those the
        view set before validating (a plan, a movement, a phase) included: a duplicate is then a
        form error in Vietnamese, not a failed INSERT (ntm_portal/lib/idempotency.py)."""
        exclude = super()._get_validation_exclusions()
        instance = getattr(self, "instance", None)
        if instance is None:
            return exclude
        meta = instance._meta
        unique = {name for names in meta.unique_together for name in names}
        for constraint in meta.total_unique_constraints:
            unique.update(constraint.fields)
        for name in unique & set(exclude):
            field = meta.get_field(name)
            if getattr(instance, field.attname, None) not in (None, ""):
                exclude.discard(name)
        return exclude

    def _post_clean(self):
        super()._post_clean()
        # The version is the form's business, not the record's: views and services that take
        # `**cleaned_data` never see it.
        self.cleaned_data.pop(VERSION_FIELD, None)
        if self.add_prefix(VERSION_FIELD) in self.data and self._records():
            self.check_version()


class VersionForm(VersionedFormMixin, forms.Form):
    """The version alone, for an action without a form of its own (a delete button)."""


def version_input(*records):
    """The hidden version field of an action's form (escaped: ids and dashes only)."""
    version = version_of(histories_of([record for record in records if record is not None]))
    return f'<input type="hidden" name="{VERSION_FIELD}" value="{version}">'


def stale_action(request, *records, action="thực hiện"):
    """For a POST acting on `records` (a delete, a merge): lock their rows (inside the request's
    transaction) and compare the version the page carried with theirs. None when the action may
    go on; else the Vietnamese message saying who changed what since the page was opened."""
    form = VersionForm(request.POST, version_records=[r for r in records if r is not None])
    if form.is_valid():
        return None
    key = form.add_prefix(VERSION_FIELD)
    lines = describe_changes(form.version_histories(), request.POST.get(key, ""))
    return action_conflict_message(lines, action)


def lock_for_update(instance):
    """Lock the instance's row until the end of the transaction (a no-op for a new one)."""
    if instance.pk is not None:
        type(instance)._default_manager.select_for_update().filter(pk=instance.pk).exists()


class OptimisticLockViewMixin:
    """An UpdateView whose form (a VersionedFormMixin) is checked under a lock on the row."""

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            lock_for_update(self.get_object())
            self.object = self.get_object()  # as committed by whoever saved before the lock
            form = self.get_form()
            if not (form.is_valid() and form.check_version()):
                return self.form_invalid(form)
            with removing_new_files_on_error(form.instance) as outcome:
                response = self.form_valid(form)
                outcome.saved = response.status_code in (301, 302, 303)
            return response


def _file_names(instances):
    names = {}
    for instance in instances:
        for field in instance._meta.get_fields():
            if isinstance(field, models.FileField):
                value = getattr(instance, field.name)
                names[(id(instance), field.name)] = (value.storage, value.name or "")
    return names


class _Outcome:
    saved = True


def _delete_new_files(instances, before):
    for instance in instances:
        for field in instance._meta.get_fields():
            if not isinstance(field, models.FileField):
                continue
            value = getattr(instance, field.name)
            _, old_name = before.get((id(instance), field.name), (None, ""))
            if value and value.name and value.name != old_name:
                value.storage.delete(value.name)


@contextmanager
def removing_new_files_on_error(*instances):
    """Delete the files saved for these instances inside the block when the block raises, or
    when it sets `outcome.saved = False` (a view that caught the error and shows the form)."""
    before = _file_names(instances)
    outcome = _Outcome()
    try:
        yield outcome
    except BaseException:
        _delete_new_files(instances, before)
        raise
    if not outcome.saved:
        _delete_new_files(instances, before)


_watching = threading.local()


def _note_uploads(sender, instance, **kwargs):
    """Before a row is saved inside `removing_files_saved_on_error`: note its files not yet in
    storage (an upload is written to storage by this save)."""
    for uploads in getattr(_watching, "blocks", ()):
        for field in instance._meta.get_fields():
            if isinstance(field, models.FileField):
                value = getattr(instance, field.name)
                if value and not value._committed:
                    uploads.append((instance, field.name))


pre_save.connect(_note_uploads, dispatch_uid="ntm_portal.concurrency.note_uploads")


@contextmanager
def removing_files_saved_on_error():
    """Delete the uploads written to storage by any save inside the block when the block raises
    (its rows are rolled back with the transaction; their files would be left behind)."""
    uploads = []
    blocks = getattr(_watching, "blocks", None)
    if blocks is None:
        blocks = _watching.blocks = []
    blocks.append(uploads)
    try:
        yield
    except BaseException:
        for instance, name in uploads:
            value = getattr(instance, name)
            if value and value.name and value._committed:
                value.storage.delete(value.name)
        raise
    finally:
        blocks.pop()
