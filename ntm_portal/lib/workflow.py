"""One workflow mechanism for every record that moves through states with an event per step.

A record that follows a procedure (an appraisal request under QĐ 18/2022/QĐ-TTg, a nomination for
an award) has a state field, a table of steps, and an event model that keeps who took which step,
when and why. Taking a step locks the row, reads it again (the copy in hand may be stale), checks
that the step may start from that state (with a Vietnamese message naming the states it may start
from), changes the state and the given fields, and writes the event row, all in one transaction:
two people acting at once cannot both take a step from the same state, a step does not undo in the
edit history what another person changed meanwhile, and no state changes without its event.

Usage (a model with a `state` field and an event model built on `WorkflowEvent`, which gives it
`actor`, `at` and `reason`, with `action`, `from_state`, `to_state` and a foreign key to the
record)::

    class Nomination(WorkflowMixin, models.Model):
        class State(models.TextChoices):
            DRAFT = "draft", "Dự thảo"
            SUBMITTED = "submitted", "Đã trình"
            RETURNED = "returned", "Trả lại"

        state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
        workflow_noun = "hồ sơ đề nghị khen thưởng"   # "… đang ở trạng thái …, không thể …"

        def submit(self, *, by):
            return self.move(NominationEvent.Action.SUBMIT, by=by)

        def return_to_unit(self, *, by, reason):
            return self.move(NominationEvent.Action.RETURN, by=by, reason=reason)


    class NominationEvent(WorkflowEvent):   # actor, at, reason; ordered by `at`
        class Action(models.TextChoices):
            SUBMIT = "submit", "Trình"
            RETURN = "return", "Trả lại"

        nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE,
                                       related_name="events")
        action = models.CharField(max_length=10, choices=Action.choices)
        from_state = models.CharField(max_length=10, blank=True)
        to_state = models.CharField(max_length=10)

        class Meta(WorkflowEvent.Meta):
            verbose_name = "bước xử lý đề nghị khen thưởng"


    # After both classes exist (the table names the event model's actions):
    _S, _A = Nomination.State, NominationEvent.Action
    Nomination.workflow_event_model = NominationEvent
    Nomination.workflow_event_subject = "nomination"
    Nomination.STEPS = {
        _A.SUBMIT: Step(from_states=[_S.DRAFT, _S.RETURNED], to_state=_S.SUBMITTED,
                        verb="trình"),
        _A.RETURN: Step(from_states=[_S.SUBMITTED], to_state=_S.RETURNED, verb="trả lại"),
    }

Each model also names the step expected next from each state (`NEXT_STEP`, read by
`next_step()`): its page shows that one as the primary button, the others as secondary ones.

A new record's first step (`start`) saves the record and its first event together; later steps
(`move`) go through the table. `can_move` answers for templates and lists of allowed actions;
`ensure_can_move` raises the message before a form is even read. Steps whose outcome decides the
next state (a council that passes or fails a dossier) pass `to_state=` explicitly. Rights are not
the workflow's business: views check them through `units/access.py` before calling a step.

A step's view fetches the record with its rights, then hands it to `take_step`, which is the same
for every workflow: refuse with a message when the state does not allow the step (nothing
changes), bind the step's form, take the step, set a message and redirect to the record's page; or
show that page again with what was typed and each refusal on its field.
"""

from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.shortcuts import redirect

from ntm_portal.lib.concurrency import (
    VERSION_FIELD,
    add_version,
    check_form_version,
    removing_files_saved_on_error,
)
from ntm_portal.lib.forms import add_errors


class Step(NamedTuple):
    """One step of a workflow: the states it may start from, where it leads, and its verb."""

    from_states: list
    to_state: str
    verb: str


class WorkflowEvent(models.Model):
    """What every event row keeps: who took the step, when, and the note or reason given.

    A concrete event model adds the foreign key to its record, `action` with its own choices,
    and `from_state` and `to_state` with the record's state choices.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("thời điểm", auto_now_add=True)
    reason = models.TextField("ghi chú", blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class WorkflowMixin:
    """State changes through a table of steps, each recorded as an event in the same transaction.

    A model using it sets `STEPS` ({action: Step}), `workflow_event_model`,
    `workflow_event_subject` (the event's foreign key to the record) and optionally
    `workflow_state_field` (default "state") and `workflow_noun` (default "hồ sơ").
    """

    STEPS: dict = {}
    # The one step expected next from each state ({state: action}, None once the procedure has
    # ended): the record's page shows it as its primary button to whoever may take it, every
    # other step as a secondary one. Every state is listed (tests/test_next_step_buttons.py).
    NEXT_STEP: dict = {}
    workflow_event_model = None
    workflow_event_subject = ""
    workflow_state_field = "state"
    workflow_noun = "hồ sơ"

    def _state_label(self, state):
        field = self._meta.get_field(self.workflow_state_field)
        return dict(field.flatchoices).get(state, state)

    def next_step(self):
        """The action expected next from the current state (`NEXT_STEP`), or None."""
        return self.NEXT_STEP[getattr(self, self.workflow_state_field)]

    def can_move(self, action):
        """Whether the workflow allows the step from the current state (rights aside)."""
        return getattr(self, self.workflow_state_field) in self.STEPS[action].from_states

    def ensure_can_move(self, action):
        """Raise a Vietnamese ValidationError when the step cannot start from the current state."""
        if self.can_move(action):
            return
        step = self.STEPS[action]
        allowed = ", ".join(f"“{self._state_label(state)}”" for state in step.from_states)
        current = self._state_label(getattr(self, self.workflow_state_field))
        raise ValidationError(
            f"{self.workflow_noun[:1].upper()}{self.workflow_noun[1:]} đang ở trạng thái “{current}”, không thể "
            f"{step.verb}. Bước này chỉ làm được khi {self.workflow_noun} ở trạng thái: {allowed}."
        )

    def _record_event(self, action, *, from_state, by, reason):
        return self.workflow_event_model.objects.create(
            **{self.workflow_event_subject: self},
            action=action,
            from_state=from_state,
            to_state=getattr(self, self.workflow_state_field),
            actor=by,
            reason=(reason or "").strip(),
        )

    def start(self, action, *, by, reason=""):
        """Save a new record in the step's state together with its first event."""
        setattr(self, self.workflow_state_field, self.STEPS[action].to_state)
        self._history_user = by
        with transaction.atomic():
            self.save()
            return self._record_event(action, from_state="", by=by, reason=reason)

    def move(self, action, *, by, reason="", to_state=None, **changes):
        """Take one step and record it as an event, in one transaction.

        The row is locked and read again, so that two people acting at once cannot both take a
        step from the same state. `changes` are other fields saved with the step.
        """
        state_field = self.workflow_state_field
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            # The copy in hand may have been read before another person's step or edit: it takes
            # every value of the locked row, so that neither the check nor the edit history
            # (which records the whole record, not only the fields saved) rests on old values.
            for field in self._meta.concrete_fields:
                setattr(self, field.attname, getattr(current, field.attname))
            from_state = getattr(self, state_field)
            self.ensure_can_move(action)
            setattr(self, state_field, to_state or self.STEPS[action].to_state)
            for name, value in changes.items():
                setattr(self, name, value)
            self._history_user = by
            self.save(update_fields=[state_field, *changes])
            return self._record_event(action, from_state=from_state, by=by, reason=reason)

    def lock_for_step(self, action):
        """Lock the row and check the step, inside the caller's transaction, before writing
        other records that the step depends on (a decision before the request is marked decided).
        """
        current = type(self).objects.select_for_update().get(pk=self.pk)
        current.ensure_can_move(action)
        return current


def step_form(form_class, record, action, *args, **kwargs):
    """The form of one step of `record`, carrying the record's version (a hidden field): the step
    is refused, with what changed, when someone changed the record after the page was opened."""
    return add_version(form_class(*args, prefix=action.value, **kwargs), record)


def step_forms(record, actions, form_classes, *, bound=None):
    """{action: form} for the steps a page offers, each with the record's version; `bound` (the
    form of a step that was refused) takes its action's place."""
    forms = {action.value: step_form(form_classes[action], record, action) for action in actions}
    if bound is not None:
        forms[bound.prefix] = bound
    return forms


def take_step(request, record, action, *, form_class, perform, success, detail, render_detail):
    """The POST of one workflow step, for a record the view has already fetched with its rights.

    `perform(record, cleaned_data)` takes the step; when it returns another record of the same
    model (an escalation creates one), the redirect goes to that record. `detail` is the URL name
    of the record's page and `render_detail(request, record, bound=form)` renders that page with
    the bound form in place of the step's empty one.

    Under a lock on the record's row (the request is one transaction), the record is read again,
    its state checked, and the version the page was opened on compared with the current one: a
    step taken on a page that no longer shows the record is refused, with who changed what, and
    what was typed stays in the form. The step itself runs in a savepoint, so that a refusal
    raised half-way leaves nothing behind.
    """
    with transaction.atomic():
        type(record).objects.select_for_update().filter(pk=record.pk).exists()
        record.refresh_from_db()
        try:
            record.ensure_can_move(action)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(detail, pk=record.pk)
        form = step_form(form_class, record, action, request.POST, request.FILES)
        if form.is_valid() and check_form_version(form):
            form.cleaned_data.pop(VERSION_FIELD, None)
            try:
                with removing_files_saved_on_error(), transaction.atomic():
                    result = perform(record, form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, success)
                target = result if isinstance(result, type(record)) else record
                return redirect(detail, pk=target.pk)
        messages.error(request, "Chưa thực hiện được bước này: xem lỗi trong biểu mẫu bên dưới.")
        record.refresh_from_db()
        return render_detail(request, record, bound=form)
