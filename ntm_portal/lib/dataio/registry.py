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
    # What the user must be able to do (units.access.Capability values), all of them.
    capabilities: tuple = ()
    # The URL name (and arguments) of the kind's xlsx template, and of the list it fills.
    template_url: tuple = ()
    list_url: str = ""
    # One sentence on what a row is, for the upload page.
    guide: str = ""
    # The URL (name, then query string) of the export that imports back unchanged.
    export_url: tuple = ()

    def run(self, data, filename, *, user=None, commit=False, table=None):
        return import_string(self.engine)(data, filename, user=user, commit=commit, table=table)

    @property
    def columns(self):
        columns = import_string(self.columns_path)
        columns = columns() if callable(columns) else columns
        return [getattr(column, "header", column) for column in columns]

    def columns_with_help(self):
        """[{header, required, help}] of the template's columns, for the upload page."""
        columns = import_string(self.columns_path)
        columns = columns() if callable(columns) else columns
        return [
            {
                "header": getattr(column, "header", column),
                "required": getattr(column, "required", None),
                "help": getattr(column, "help", ""),
            }
            for column in columns
        ]

    @property
    def upload_url(self):
        return reverse(self.url_name, kwargs=dict(self.url_kwargs))

    @property
    def export_href(self):
        name, query = self.export_url
        return reverse(name) + (f"?{query}" if query else "")

    @property
    def template_href(self):
        name, *args = self.template_url
        return reverse(name, args=args)

    def allowed(self, user):
        from units.access import access_of

        access = access_of(user)
        return all(access.can(capability) for capability in self.capabilities)


def for_user(user):
    """The kinds this user may import: the tabs of the import pages."""
    return [kind for kind in KINDS.values() if kind.allowed(user)]


KINDS = {
    kind.name: kind
    for kind in (
        ImportKind(
            name="certifications",
            title="Quyết định công nhận xã, huyện đạt chuẩn",
            engine="targets.imports.engine.run_certifications",
            columns_path="targets.imports.columns.CERTIFICATION_COLUMNS",
            url_name="targets:import_certifications",
            capabilities=("import_data", "record_certification"),
            template_url=("targets:import_template", "certifications"),
            list_url="targets:certification_list",
            export_url=("targets:certification_export", ""),
            guide="Mỗi dòng một quyết định công nhận (hoặc thu hồi) xã, huyện đạt chuẩn.",
        ),
        ImportKind(
            name="statuses",
            title="Kết quả tiêu chí của xã",
            engine="targets.imports.engine.run_statuses",
            columns_path="targets.imports.columns.status_columns",
            url_name="targets:import_statuses",
            capabilities=("import_data", "edit_commune_status"),
            template_url=("targets:import_template", "statuses"),
            list_url="targets:status_list",
            export_url=("targets:status_export", ""),
            guide="Mỗi dòng kết quả 19 tiêu chí của một xã trong một năm. Với xã và năm đã có "
            "kết quả, ô để trống ở cột không bắt buộc (chuẩn phấn đấu, năm dự kiến, ghi chú) giữ "
            "nguyên giá trị đang lưu; muốn xóa giá trị đó thì sửa trên trang kết quả tiêu chí "
            "của xã.",
        ),
        ImportKind(
            name="participants",
            title="Đơn vị tham gia phong trào thi đua",
            engine="emulation.imports.run_participants",
            columns_path="emulation.imports.PARTICIPANT_COLUMNS",
            url_name="emulation:import_upload",
            url_kwargs=(("kind", "participants"),),
            capabilities=("register_emulation",),
            template_url=("emulation:import_template", "participants"),
            list_url="emulation:participant_list",
            export_url=("emulation:participant_export", ""),
            guide="Mỗi dòng một đơn vị tham gia phong trào, theo mã.",
        ),
        ImportKind(
            name="registrations",
            title="Đăng ký thi đua",
            engine="emulation.imports.run_registrations",
            columns_path="emulation.imports.REGISTRATION_COLUMNS",
            url_name="emulation:import_upload",
            url_kwargs=(("kind", "registrations"),),
            capabilities=("register_emulation",),
            template_url=("emulation:import_template", "registrations"),
            list_url="emulation:registration_list",
            export_url=("emulation:registration_export", ""),
            guide="Mỗi dòng một nội dung thi đua mà một đơn vị đăng ký trong một đợt.",
        ),
        ImportKind(
            name="award-history",
            title="Đối tượng khen thưởng và lịch sử khen thưởng",
            engine="awards.importing.run_history",
            columns_path="awards.importing.COLUMNS",
            url_name="awards:history_import",
            capabilities=("propose_award", "import_data"),
            template_url=("awards:history_template",),
            list_url="awards:record_list",
            export_url=("awards:record_list", "format=xlsx"),
            guide="Mỗi dòng một khen thưởng đã nhận. Cá nhân được nhận ra theo họ tên và năm "
            "sinh (không kể cách đặt dấu thanh, khoảng trắng, chữ hoa).",
        ),
    )
}


def get(name):
    """The kind of this name; KeyError naming the kinds there are."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"Không có loại dữ liệu “{name}”; các loại: {', '.join(KINDS)}.") from None
