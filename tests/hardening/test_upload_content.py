"""Issue #22, point 5: every file field judges a file by its content against an allow-list, and
every stored file is served as an attachment with a safe type and `nosniff`.

The fields are listed from the models (every FileField of every model) and from the forms (every
file field a form of the project declares), so that a new one cannot forget the check: an HTML
page, a Linux or Windows executable and an SVG carrying a script, each renamed .pdf and .png, are
refused with a Vietnamese message naming the field and the kinds it accepts. The files are
served by `ntm_portal.lib.uploads.serve_upload`; each model's download view is listed here, and
a model with a file field but no download view listed fails the test."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from emulation.models import Exemplar, ExemplarFile
from ntm_portal.lib.importing import ImportUploadForm
from ntm_portal.lib.uploads import KINDS, FileContent, names_of
from targets.models import CriterionResult, Decision
from tests.emulation import helpers as h
from tests.factories import commune_status, decision

PROJECT_APPS = ("units", "targets", "emulation", "awards", "ntm_portal")
# Modules that hold no form and must not be imported here (the WSGI entry checks the production
# secret key; migrations and commands are not forms).
SKIPPED_MODULES = {"migrations", "management", "wsgi", "asgi", "settings"}

HOSTILE = {
    "HTML": b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
    "ELF": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56,
    "MZ": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56,
    "SVG": b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script></svg>",
}
DESCRIBED = {
    "HTML": "trang HTML",
    "ELF": "tệp chương trình (ELF)",
    "MZ": "tệp chương trình Windows (.exe)",
    "SVG": "tệp XML/SVG (có thể chứa mã chạy được)",
}
HOSTILE_FILES = [
    (kind, f"tep.{extension}") for kind in HOSTILE for extension in ("pdf", "png")
]  # fmt: skip
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def model_file_fields():
    """(model, field) for every FileField of the project's models (edit histories aside: they
    keep the name of a file that the model's own field checked)."""
    return [
        (model, field)
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def project_forms():
    """Every form class defined in the project's apps."""
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if any(part in SKIPPED_MODULES for part in module.name.split(".")):
                continue
            importlib.import_module(module.name)
    found, pending = set(), [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.split(".")[0] in PROJECT_APPS:
                found.add(subclass)
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__qualname__}")


def form_file_fields():
    """(form, field name) for every file field of every form: declared by the form, or made
    from a model's field by a ModelForm. Spreadsheet uploads of the imports are left to
    ntm_portal/lib/spreadsheet.py, which reads them by content and structure
    (tests/hardening/test_hostile_spreadsheets.py)."""
    return [
        (form, name)
        for form in project_forms()
        if not issubclass(form, ImportUploadForm)
        for name, field in form.base_fields.items()
        if isinstance(field, forms.FileField)
    ]


def form_field_check(form, name):
    """(validators, validate) of a form's file field: the form field's own when the form
    declares it, else the model field's (a ModelForm runs them when it cleans the instance)."""
    if name in form.declared_fields or not issubclass(form, forms.BaseModelForm):
        field = form.base_fields[name]
        return field.validators, field.clean
    field = form._meta.model._meta.get_field(name)
    return field.validators, field.run_validators


def content_validator(validators):
    found = [validator for validator in validators if isinstance(validator, FileContent)]
    return found[0] if len(found) == 1 else None


def assert_refused(validate, validator, kind, name):
    with pytest.raises(ValidationError) as refused:
        validate(SimpleUploadedFile(name, HOSTILE[kind]))
    # Other validators (the extension's) may add their own message; the content's is this one.
    assert (
        f"{validator.label}: chỉ nhận tệp {names_of(validator.kinds)}; nội dung tệp “{name}” là "
        f"{DESCRIBED[kind]}."
    ) in refused.value.messages


def test_the_project_has_the_file_fields_this_test_knows():
    fields = {f"{model.__name__}.{field.name}" for model, field in model_file_fields()}
    assert fields == {"Decision.document", "CriterionResult.evidence", "ExemplarFile.file"}
    # ExemplarForm, DecideForm, DecisionForm, CriterionResultForm, DecisionEditForm at least.
    assert len(form_file_fields()) >= 5


@pytest.mark.parametrize(
    "model, field",
    model_file_fields(),
    ids=[f"{model.__name__}.{field.name}" for model, field in model_file_fields()],
)
def test_every_model_file_field_checks_content_against_an_allow_list(model, field):
    validator = content_validator(field.validators)
    assert validator is not None, f"{model.__name__}.{field.name} không kiểm tra nội dung tệp"
    assert validator.kinds and set(validator.kinds) <= set(KINDS)
    for kind, name in HOSTILE_FILES:
        assert_refused(field.run_validators, validator, kind, name)


@pytest.mark.parametrize(
    "form, name",
    form_file_fields(),
    ids=[f"{form.__qualname__}.{name}" for form, name in form_file_fields()],
)
def test_every_upload_form_refuses_html_executables_and_svg_by_content(form, name):
    validators, validate = form_field_check(form, name)
    validator = content_validator(validators)
    assert validator is not None, f"{form.__qualname__}.{name} không kiểm tra nội dung tệp"
    assert set(validator.kinds) <= set(KINDS)
    for kind, file_name in HOSTILE_FILES:
        assert_refused(validate, validator, kind, file_name)


def test_a_real_pdf_jpeg_and_png_pass_and_a_png_named_pdf_is_told_its_real_kind():
    evidence = content_validator(CriterionResult._meta.get_field("evidence").validators)
    evidence(SimpleUploadedFile("qd.pdf", PDF))
    evidence(SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0 anh"))
    evidence(SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n anh"))
    with pytest.raises(ValidationError) as refused:
        evidence(SimpleUploadedFile("anh.pdf", b"\x89PNG\r\n\x1a\n anh"))
    assert refused.value.messages == [
        "Minh chứng: tệp “anh.pdf” có nội dung PNG nhưng đuôi tệp là “.pdf”; hãy đặt đuôi .png "
        "(chỉ nhận tệp PDF, JPEG hoặc PNG)."
    ]


def test_the_exemplar_page_refuses_an_svg_with_script_named_png(
    client, officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    movement = h.movement()
    exemplar = Exemplar.objects.create(
        movement=movement,
        title="Mô hình tôm – lúa hữu cơ",
        kind="model",
        content_area=movement.content_areas.get(number=1),
        participant=h.participant("910"),
        year=2023,
        description="Liên kết bao tiêu",
    )
    data = {
        "title": exemplar.title,
        "kind": "model",
        "content_area": exemplar.content_area_id,
        "participant": exemplar.participant_id,
        "year": 2023,
        "description": "Liên kết bao tiêu",
        "evidence_title": "Ảnh cánh đồng",
        "evidence": SimpleUploadedFile("anh.png", HOSTILE["SVG"], content_type="image/png"),
    }
    client.force_login(officer)
    response = client.post(reverse("emulation:exemplar_update", args=[exemplar.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Tệp minh chứng: chỉ nhận tệp PDF, JPEG hoặc PNG; nội dung tệp “anh.png” là tệp XML/SVG "
        "(có thể chứa mã chạy được)." in page
    )
    assert not ExemplarFile.objects.exists()
    assert not any(tmp_path.rglob("*.png"))


# --- served as attachments -----------------------------------------------------------------------


def stored_decision(name, content):
    made = decision("501/QĐ-UBND")
    made.document.save(name, ContentFile(content))
    return made


def stored_evidence(name, content):
    result = commune_status("31060", 2024).results.order_by("criterion__number").first()
    result.evidence.save(name, ContentFile(content))
    return result


def stored_exemplar_file(name, content):
    movement = h.movement()
    exemplar = Exemplar.objects.create(
        movement=movement,
        title="Mô hình tôm – lúa",
        kind="model",
        content_area=movement.content_areas.get(number=1),
        participant=h.participant("910"),
        year=2023,
    )
    return ExemplarFile.objects.create(exemplar=exemplar, file=ContentFile(content, name=name))


# The download view of every model with a file field, and how to store a file in one.
DOWNLOADS = {
    Decision: ("targets:decision_document", stored_decision),
    CriterionResult: ("targets:status_evidence", stored_evidence),
    ExemplarFile: ("emulation:exemplar_file", stored_exemplar_file),
}


def test_every_model_with_a_file_field_has_a_download_listed_here():
    assert {model for model, _field in model_file_fields()} == set(DOWNLOADS)


@pytest.mark.parametrize("model", list(DOWNLOADS), ids=lambda model: model.__name__)
@pytest.mark.parametrize(
    "name, content, served_as",
    [
        ("qd.pdf", PDF, "application/pdf"),
        # A file stored before the content check (or by hand on the server) is never shown
        # inline as what its name or its bytes say.
        ("cu.pdf", HOSTILE["HTML"], "application/octet-stream"),
        ("cu.png", HOSTILE["SVG"], "application/octet-stream"),
    ],
    ids=["pdf", "html-named-pdf", "svg-named-png"],
)
def test_stored_files_are_served_as_attachments_with_a_safe_type_and_nosniff(
    model, name, content, served_as, client, province_staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url_name, store = DOWNLOADS[model]
    stored = store(name, content)
    client.force_login(province_staff)
    response = client.get(reverse(url_name, args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == served_as
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
