"""Every kind of data the portal imports, in one list: what `manage.py import_data --list` prints,
what `import_data KIND FILE` runs, and what the hardening tests enumerate (the hostile corpus
against every kind, through the command and through the web upload).

A kind names its engine (a function `(data, filename, *, user, commit, table) -> ImportReport`
that reads its file with `ntm_portal.lib.importing.read_file`/`read_rows`, hence with
`ntm_portal.lib.dataio.reader.read_table` and its limits), its columns, and its upload page. An
import page whose URL is not listed here fails tests/hardening/test_hostile_imports.py.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ImportKind:
    name: str
    title: str
    # "module.function": (data, filename, *, user, commit, table) -> ImportReport.
    engine: str
    # "module.NAME" or "module.function": the column headers of the template.
    columns_path: str
    # The URL name of the upload page, and its arguments.
    url_name: str
    url_kwargs: tuple = ()

    def run(self, data, filename, *, user=None, commit=False, table=None):
        return import_string(self.engine)(data, filename, user=user, commit=commit, table=table)

    @property
    def columns(self):
        columns = import_string(self.columns_path)
        columns = columns() if callable(columns) else columns
        return [getattr(column, "header", column) for column in columns]

    @property
    def upload_url(self):
        return reverse(self.url_name, kwargs=dict(self.url_kwargs))


KINDS = {
    kind.name: kind
    for kind in (
        ImportKind(
            name="certifications",
            title="Quyết định công nhận xã, huyện đạt chuẩn",
            engine="targets.imports.engine.run_certifications",
            columns_path="targets.imports.columns.CERTIFICATION_COLUMNS",
            url_name="targets:import_certifications",
        ),
        ImportKind(
            name="statuses",
            title="Kết quả tiêu chí của xã",
            engine="targets.imports.engine.run_statuses",
            columns_path="targets.imports.columns.status_columns",
            url_name="targets:import_statuses",
        ),
        ImportKind(
            name="participants",
            title="Đơn vị tham gia phong trào thi đua",
            engine="emulation.imports.run_participants",
            columns_path="emulation.imports.PARTICIPANT_COLUMNS",
            url_name="emulation:import_upload",
            url_kwargs=(("kind", "participants"),),
        ),
        ImportKind(
            name="registrations",
            title="Đăng ký thi đua",
            engine="emulation.imports.run_registrations",
            columns_path="emulation.imports.REGISTRATION_COLUMNS",
            url_name="emulation:import_upload",
            url_kwargs=(("kind", "registrations"),),
        ),
        ImportKind(
            name="award-history",
            title="Đối tượng khen thưởng và lịch sử khen thưởng",
            engine="awards.importing.run_history",
            columns_path="awards.importing.COLUMNS",
            url_name="awards:history_import",
        ),
    )
}


def get(name):
    """The kind of this name; KeyError naming the kinds there are."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"Không có loại dữ liệu “{name}”; các loại: {', '.join(KINDS)}.") from None
