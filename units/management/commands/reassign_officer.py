"""Reassign an officer after the reorganisation of 01/07/2025: a former district officer goes to
a commune-level unit (as Cán bộ cấp xã) or to the province (as Cán bộ cấp tỉnh). The account is
kept, with everything it recorded; the assignment's history keeps the old district, the day of
the change, who made it and why.

    manage.py reassign_officer --list
    manage.py reassign_officer huyen.anbien --unit 30985 --by quantri --reason "QĐ 12/QĐ-UBND"
    manage.py reassign_officer huyen.vinhthuan --province --by quantri
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from units.access import Role
from units.models import Assignment, Unit, reassign


class Command(BaseCommand):
    help = (
        "Phân công lại cán bộ sau sắp xếp đơn vị hành chính (từ 01/07/2025 không còn cấp huyện): "
        "chuyển tài khoản sang một đơn vị cấp xã hoặc cấp tỉnh, giữ nguyên tài khoản và lịch sử."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="Tên đăng nhập của cán bộ.")
        target = parser.add_mutually_exclusive_group()
        target.add_argument(
            "--unit", help="Mã đơn vị cấp xã đang có hiệu lực (xã, phường, đặc khu)."
        )
        target.add_argument(
            "--province", action="store_true", help="Chuyển về cấp tỉnh (Cán bộ cấp tỉnh)."
        )
        parser.add_argument("--by", help="Tên đăng nhập của người thực hiện (ghi vào lịch sử).")
        parser.add_argument("--reason", default="", help="Căn cứ, lý do (ghi vào lịch sử).")
        parser.add_argument(
            "--list",
            action="store_true",
            help="Liệt kê các tài khoản đang gắn với đơn vị đã hết hiệu lực.",
        )

    def handle(self, *args, username=None, unit=None, province=False, by=None, reason="", **opts):
        if opts["list"]:
            return self._list()
        if not username:
            raise CommandError("Cần tên đăng nhập của cán bộ (hoặc --list).")
        if not unit and not province:
            raise CommandError("Cần chọn nơi phân công mới: --unit MÃ_XÃ hoặc --province.")
        users = get_user_model()
        user = users.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        assignment = Assignment.objects.select_related("unit").filter(user=user).first()
        if assignment is None:
            raise CommandError(f"Tài khoản “{username}” chưa được phân công vai trò nào.")
        actor = None
        if by:
            actor = users.objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"Không có tài khoản “{by}” (người thực hiện).")
        before = str(assignment)
        if province:
            role, target = Role.PROVINCE_STAFF, _current_province()
        else:
            role, target = Role.COMMUNE_OFFICER, _current_unit(unit)
        try:
            with transaction.atomic():
                reassign(assignment, role=role, unit=target, by=actor, reason=reason)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Đã phân công lại: {before} → {assignment}.")

    def _list(self):
        today = timezone.localdate()
        ended = (
            Assignment.objects.filter(unit__valid_to__lt=today)
            .select_related("user", "unit")
            .order_by("unit__sort_key", "user__username")
        )
        if not ended:
            self.stdout.write("Không có tài khoản nào gắn với đơn vị đã hết hiệu lực.")
            return
        self.stdout.write("Tài khoản gắn với đơn vị đã hết hiệu lực (cần phân công lại):")
        for assignment in ended:
            self.stdout.write(
                f"  {assignment.user.username:<20} {assignment.get_role_display()} — "
                f"{assignment.unit.full_name} (đến {assignment.unit.valid_to:%d/%m/%Y})"
            )


def _current_unit(code):
    """The commune-level unit of this code valid today (a code may name an old unit too)."""
    unit = Unit.objects.communes().valid_on(timezone.localdate()).filter(code=code).first()
    if unit is not None:
        return unit
    ended = Unit.objects.filter(code=code).order_by("-valid_to").first()
    if ended is None:
        raise CommandError(f"Không có đơn vị mã {code}.")
    if not ended.is_commune:
        raise CommandError(
            f"{ended.full_name} (mã {code}) không phải đơn vị cấp xã: cán bộ chỉ được gắn với "
            "một xã, phường, đặc khu hoặc với tỉnh (--province)."
        )
    successors = ", ".join(f"{s.full_name} (mã {s.code})" for s in ended.successors.all())
    raise CommandError(
        f"{ended.full_name} (mã {code}) đã hết hiệu lực từ ngày {ended.valid_to:%d/%m/%Y}."
        + (f" Đơn vị kế thừa: {successors}." if successors else "")
    )


def _current_province():
    province = Unit.objects.provinces().valid_on(timezone.localdate()).first()
    if province is None:
        raise CommandError("Không có đơn vị cấp tỉnh đang có hiệu lực trong danh mục.")
    return province
