"""Exports of the reference tables from Django's administration, by django-import-export.

The administrator (quantri) keeps the tables everything else reads: units and their successions,
issuing bodies, criteria sets, award kinds and their amounts, base salaries. On each of these
administration lists an "Xuất" button writes the list, filtered as the admin's filters and search
leave it, as Excel, CSV or JSON, so that a table can be checked against its source or handed to
another office. This is the job django-import-export does well (the admin's list, its filters,
several formats, the choice of columns); the portal's own lists export through
`ntm_portal.lib.dataio.export`, which writes what the pages show.

Only exports: nothing is imported through the administration. Every way in goes through the one
import pipeline (`ntm_portal.lib.dataio`), with its limits, its text cleaning and its history.
Headers are the fields' Vietnamese names; a foreign key is written as the code of what it points
to (a unit's code, not its id) where that has a code; a cell that a spreadsheet would read as a
formula is escaped (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT, as our own writer does).
"""

from django.db.models import ForeignKey
from django.utils.text import capfirst
from import_export import resources, widgets
from import_export.admin import ExportMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from ntm_portal.lib.dataio.export import cell


class ShownWidget(widgets.Widget):
    """A value as the portal's own exports write it (`ntm_portal.lib.dataio.export.cell`: dates
    dd/mm/yyyy, times in Vietnam's time, numbers kept numbers, nothing for no value), a choice by
    its label."""

    def __init__(self, django_field):
        super().__init__()
        self.choices = dict(django_field.flatchoices) if django_field.choices else None

    def render(self, value, obj=None, **kwargs):
        if value is not None and self.choices is not None:
            return str(self.choices.get(value, value))
        return cell(value)


class ReferenceResource(resources.ModelResource):
    """A model's fields headed by their Vietnamese names (verbose_name), shown as on the pages."""

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = capfirst(str(django_field.verbose_name))
        if not isinstance(django_field, ForeignKey):
            field.widget = ShownWidget(django_field)
        return field


def reference_resource(model, names):
    """A resource of `model` exporting the fields `names` in that order, each foreign key as the
    related record's code when it has one."""
    widgets = {}
    for name in names:
        field = model._meta.get_field(name)
        if isinstance(field, ForeignKey):
            related = {f.name for f in field.related_model._meta.fields}
            if "code" in related:
                widgets[name] = {"field": "code"}
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": tuple(names),
            "export_order": tuple(names),
            "widgets": widgets,
            "name": str(model._meta.verbose_name_plural),
        },
    )
    return type(f"{model.__name__}ReferenceResource", (ReferenceResource,), {"Meta": meta})


class ExportForm(SelectableFieldsExportForm):
    """The export page's columns named as the file's headers, in Vietnamese (the package would
    write the field's English name before them)."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class ReferenceExportMixin(ExportMixin):
    """Give an admin class `export_fields` (field names); it gets the export button."""

    export_fields = ()
    export_form_class = ExportForm
    # Excel for people, CSV and JSON for other programs.
    export_formats = [base_formats.XLSX, base_formats.CSV, base_formats.JSON]

    def get_export_resource_classes(self, request):
        return [reference_resource(self.model, self.export_fields or self.list_display)]
