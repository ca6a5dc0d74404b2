"""Every URL of the portal that accepts a POST, read from the URL conf, and what each one does.

A POST either creates records (then tests/hardening/test_double_submit.py must hold a double-submit
case for it), or acts on rows that already exist — an edit form, a workflow step, a delete button,
a merge — (then its view must use the one optimistic-locking mechanism of
ntm_portal/lib/concurrency.py, which `mechanisms_of` finds in the view's code), or is one of the
few exceptions below, each with its reason. tests/hardening/test_every_post_action.py fails when a
POST URL is in none of these, so a new page cannot forget either guarantee."""

import inspect

from django.urls import get_resolver

from tests.test_every_url_needs_login import named_patterns

# POSTs that create new records (each has a double-submit case). A page that edits as well
# (the printers page, `?edit=`) is listed here and found to use the version mechanism too.
CREATES = {
    "targets:plan_create",
    "targets:indicator_create",
    "targets:named_target_create",
    "targets:certification_create",
    "targets:appraisal_create",
    "targets:data_quality",  # records a reconciliation (“đã đối chiếu đủ đến năm …”)
    "emulation:content_area_create",
    "emulation:phase_create",
    "emulation:participant_create",
    "emulation:cluster_create",
    "emulation:exemplar_create",
    "emulation:report_create",
    "emulation:registration_reopen",
    "emulation:review_reopen",
    "awards:nominee_create",
    "awards:nomination_create",
    "awards:nominations_from_review",
    "awards:award_record_create",
    "awards:disciplinary_hold_create",
    "awards:session_create",
    "awards:decision_create",
    "awards:district_decision_create",
    "awards:printer_list",
}

# POSTs that neither create through a form nor change a row another person may be editing.
EXEMPT = {
    "login": "signs in (no record edited)",
    "logout": "signs out",
    "password_change": "a person's own password: only they change it",
    # Imports: upload → preview → confirm, a pending import used once (its own pipeline,
    # tests/hardening/test_import_pending_storage.py and test_hostile_imports.py).
    "targets:import_certifications": "an import's upload (preview only, writes no record)",
    "targets:import_statuses": "an import's upload (preview only, writes no record)",
    "targets:import_confirm": "an import's confirmation (a pending import, used once)",
    "dataio:import": "an import's upload (preview only, writes no record)",
    "dataio:import_confirm": "an import's confirmation (a pending import, used once)",
    "emulation:import_upload": "an import's upload (preview only, writes no record)",
    "emulation:import_confirm": "an import's confirmation (a pending import, used once)",
    "awards:history_import": "an import's upload (preview only, writes no record)",
    "targets:plan_import": "a plan file: loading it twice writes nothing the second time "
    "(rows matched on their natural keys, tests/targets/plans/test_plan_pages.py)",
}

# What marks a view as using the version mechanism (ntm_portal/lib/concurrency.py and the
# workflow's `take_step`, which versions every step's form).
MECHANISM_FUNCTIONS = {
    "ntm_portal.lib.concurrency.stale_action",
    "ntm_portal.lib.concurrency.check_form_version",
    "ntm_portal.lib.concurrency.add_version",
    "ntm_portal.lib.workflow.take_step",
}
PROJECT = ("units.", "targets.", "emulation.", "awards.", "ntm_portal.")


def view_of(pattern):
    """The view class, or the view function without its decorators."""
    callback = pattern.callback
    return getattr(callback, "view_class", None) or inspect.unwrap(callback)


def accepts_post(pattern):
    view = view_of(pattern)
    if inspect.isclass(view):
        return hasattr(view, "post")
    return "POST" in inspect.getsource(view)


def post_urls():
    """{URL name: pattern} of every URL whose view accepts a POST."""
    return {
        name: pattern
        for name, pattern in named_patterns(get_resolver().url_patterns)
        if accepts_post(pattern)
    }


def _name(obj):
    return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"


def _globals_named(function):
    """The module-level objects a function's code names, its comprehensions' and inner
    functions' code included."""
    codes, names = [function.__code__], set()
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(const for const in code.co_consts if inspect.iscode(const))
    return [function.__globals__[name] for name in names if name in function.__globals__]


def mechanisms_of(view, depth=3, seen=None):
    """The version mechanisms a view reaches: the versioned form classes and the mechanism's
    functions its code refers to, following the project's own functions a few calls deep."""
    from ntm_portal.lib.concurrency import OptimisticLockViewMixin, VersionedFormMixin

    seen = set() if seen is None else seen
    if id(view) in seen or depth < 0:
        return set()
    seen.add(id(view))
    found = set()
    if inspect.isclass(view):
        if issubclass(view, VersionedFormMixin):
            return {_name(view)}
        if issubclass(view, OptimisticLockViewMixin):
            found.add(_name(OptimisticLockViewMixin))
        for attribute in ("form_class", "form"):  # a view's form, a formset's form
            form_class = getattr(view, attribute, None)
            if inspect.isclass(form_class):
                found |= mechanisms_of(form_class, depth, seen)
        for attribute in vars(view).values():
            if inspect.isfunction(attribute):
                found |= mechanisms_of(attribute, depth - 1, seen)
        return found
    if not inspect.isfunction(view):
        return found
    if _name(view) in MECHANISM_FUNCTIONS:
        return {_name(view)}
    referred = inspect.getclosurevars(view)
    for value in [*referred.nonlocals.values(), *_globals_named(view)]:
        # A table of forms (STEP_FORMS) counts by its values.
        values = list(value.values()) if isinstance(value, dict) else [value]
        for item in values:
            item = inspect.unwrap(item) if inspect.isfunction(item) else item
            if inspect.isclass(item) and inspect.isclass(getattr(item, "form", None)):
                item = item.form  # a formset (its class is made by Django's factory)
            if inspect.isclass(item) and issubclass(item, VersionedFormMixin):
                found.add(_name(item))
            elif (inspect.isclass(item) or inspect.isfunction(item)) and _name(item).startswith(
                PROJECT
            ):
                found |= mechanisms_of(item, depth - 1, seen)
    return found
