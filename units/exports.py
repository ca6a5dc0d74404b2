"""The export of the units list, declared once (ntm_portal/lib/dataio/export.py): the districts
with their communes' count, or the units a search found, as the page shows them."""

from ntm_portal.lib.dataio.export import Column, Export


def _unit_columns(context):
    columns = [
        Column("Mã", lambda u: u.code),
        Column("Tên", lambda u: u.full_name, width=36),
        Column("Cấp", lambda u: u.get_level_display()),
        Column("Trực thuộc", lambda u: u.parent.full_name if u.parent_id else "", width=30),
        Column("Hiệu lực", lambda u: u.validity_text, width=26),
    ]
    if context.view is None or not context.view.query:
        columns.append(Column("Số xã", lambda u: u.commune_count, digits=0))
    return columns


UNITS = Export("Đơn vị hành chính", "don-vi-hanh-chinh", _unit_columns)
