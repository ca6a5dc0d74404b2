"""Who may do what, and where: the one place the portal decides access.

Every page asks two questions, both answered here: does the user's role have the capability
(otherwise 403), and is the object inside the scope of that capability (a model's
`for_user(user, capability)` queryset; outside it, 403 too).
"""

from dataclasses import dataclass

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404


class Role(models.TextChoices):
    PROVINCE_STAFF = "province_staff", "Cán bộ cấp tỉnh"
    DISTRICT_OFFICER = "district_officer", "Cán bộ cấp huyện"
    # From 01/07/2025 there is no district level: an officer serves a commune-level unit (xã,
    # phường, đặc khu) or the province (Resolution 202/2025/QH15).
    COMMUNE_OFFICER = "commune_officer", "Cán bộ cấp xã"
    LEADERSHIP = "leadership", "Lãnh đạo"
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"


class Capability(models.TextChoices):
    VIEW = "view", "Xem số liệu, kế hoạch, đơn vị và tiến độ"
    EDIT_PLAN = "edit_plan", "Sửa kế hoạch, chỉ tiêu và kiểm tra tính nhất quán"
    EDIT_CONTACT = "edit_contact", "Cập nhật đầu mối liên hệ của đơn vị"
    RECORD_CERTIFICATION = "record_certification", "Ghi nhận, sửa, thu hồi quyết định công nhận"
    EDIT_COMMUNE_STATUS = "edit_commune_status", "Cập nhật kết quả tiêu chí của xã"
    SUBMIT_APPRAISAL = "submit_appraisal", "Trình, rút hồ sơ đề nghị thẩm định"
    REVIEW_APPRAISAL = "review_appraisal", "Tiếp nhận, trả lại, thẩm định hồ sơ"
    IMPORT_DATA = "import_data", "Nhập dữ liệu từ tệp Excel/CSV"
    MANAGE_MOVEMENT = (
        "manage_movement",
        "Cấu hình phong trào thi đua: đợt, cụm/khối, bảng điểm, tổ chức tham gia",
    )
    REGISTER_EMULATION = "register_emulation", "Đăng ký thi đua và tự chấm điểm"
    VERIFY_REVIEW = "verify_review", "Thẩm định điểm thi đua (trưởng cụm/khối, cấp tỉnh)"
    RECORD_EXEMPLAR = "record_exemplar", "Ghi nhận điển hình tiên tiến, mô hình, sáng kiến"
    PROPOSE_AWARD = "propose_award", "Lập, trình, rút đề nghị khen thưởng"
    DECIDE_AWARD = "decide_award", "Tiếp nhận hồ sơ khen thưởng, họp hội đồng, quyết định"
    DECIDE_DISTRICT_AWARD = (
        "decide_district_award",
        "Quyết định khen thưởng cấp huyện (Giấy khen, danh hiệu cơ sở) và cấp số quyết định",
    )
    VIEW_PARTICULARS = (
        "view_particulars",
        "Xem, xuất thông tin cá nhân của người được đề nghị khen thưởng (năm sinh, giới tính, "
        "địa chỉ, số định danh)",
    )
    MANAGE_USERS = "manage_users", "Quản lý tài khoản, vai trò và dữ liệu danh mục"


class Scope(models.TextChoices):
    PROVINCE = "province", "Toàn tỉnh"
    # The unit the officer is assigned to: a district-level unit with its communes (until
    # 30/06/2025), or a commune-level unit with the old units it came from (from 01/07/2025).
    DISTRICT = "district", "Đơn vị cấp huyện được phân công"


# What the roles page calls the DISTRICT scope of each role.
ASSIGNED_UNIT_LABELS = {
    "district_officer": "Huyện được phân công",
    "commune_officer": "Xã được phân công",
}


C, S = Capability, Scope
ROLE_CAPABILITIES = {
    Role.PROVINCE_STAFF: {
        C.VIEW: S.PROVINCE,
        C.EDIT_PLAN: S.PROVINCE,
        C.EDIT_CONTACT: S.PROVINCE,
        C.RECORD_CERTIFICATION: S.PROVINCE,
        C.EDIT_COMMUNE_STATUS: S.PROVINCE,
        C.REVIEW_APPRAISAL: S.PROVINCE,
        C.IMPORT_DATA: S.PROVINCE,
        C.MANAGE_MOVEMENT: S.PROVINCE,
        C.REGISTER_EMULATION: S.PROVINCE,
        C.VERIFY_REVIEW: S.PROVINCE,
        C.RECORD_EXEMPLAR: S.PROVINCE,
        C.PROPOSE_AWARD: S.PROVINCE,
        C.DECIDE_AWARD: S.PROVINCE,
        C.VIEW_PARTICULARS: S.PROVINCE,
    },
    # District officers read the whole province (to compare) but change only their own district.
    Role.DISTRICT_OFFICER: {
        C.VIEW: S.PROVINCE,
        C.EDIT_CONTACT: S.DISTRICT,
        C.EDIT_COMMUNE_STATUS: S.DISTRICT,
        C.SUBMIT_APPRAISAL: S.DISTRICT,
        C.IMPORT_DATA: S.DISTRICT,
        C.REGISTER_EMULATION: S.DISTRICT,
        # A district verifies the scores of the clusters it leads (trưởng cụm), nothing more.
        C.VERIFY_REVIEW: S.DISTRICT,
        C.RECORD_EXEMPLAR: S.DISTRICT,
        C.PROPOSE_AWARD: S.DISTRICT,
        # Personal data of a nominee: only the officer of the nominee's own district.
        C.VIEW_PARTICULARS: S.DISTRICT,
        # The district's own awards are decided and numbered by its Chairman (until 30/06/2025).
        C.DECIDE_DISTRICT_AWARD: S.DISTRICT,
    },
    # From 01/07/2025 a commune-level unit does what a district did for its communes, for itself
    # and for the old units it came from (their 2021–2025 records stay on them). Its Chairman's
    # Giấy khen is not numbered by the portal yet (DECIDE_DISTRICT_AWARD stays with districts).
    Role.COMMUNE_OFFICER: {
        C.VIEW: S.PROVINCE,
        C.EDIT_CONTACT: S.DISTRICT,
        C.EDIT_COMMUNE_STATUS: S.DISTRICT,
        C.SUBMIT_APPRAISAL: S.DISTRICT,
        C.IMPORT_DATA: S.DISTRICT,
        C.REGISTER_EMULATION: S.DISTRICT,
        C.VERIFY_REVIEW: S.DISTRICT,
        C.RECORD_EXEMPLAR: S.DISTRICT,
        C.PROPOSE_AWARD: S.DISTRICT,
        C.VIEW_PARTICULARS: S.DISTRICT,
    },
    Role.LEADERSHIP: {C.VIEW: S.PROVINCE},
    Role.ADMINISTRATOR: {capability: S.PROVINCE for capability in Capability},
}
del C, S


@dataclass(frozen=True)
class Access:
    """The role and unit a user acts with; `earlier_units`, for a commune-level unit of
    01/07/2025, the old units it came from (read with the assignment)."""

    role: str | None
    unit: object | None
    earlier_units: tuple = ()

    @property
    def scope_units(self):
        """The units a DISTRICT-scope right covers, each with its own communes: the assigned
        unit and the units it came from (a district's communes are its children; a new
        commune's predecessors are its old xã, phường and thị trấn)."""
        if self.unit is None:
            return ()
        return (self.unit, *self.earlier_units)

    def scope(self, capability):
        if self.role is None:
            return None
        return ROLE_CAPABILITIES[self.role].get(capability)

    def can(self, capability):
        return self.scope(capability) is not None

    @property
    def cache_key(self):
        """What the user's view of a page depends on, for a cached fragment shared by the users
        of one role and unit: the role and the assigned unit (the units it came from follow
        from it)."""
        return f"{self.role or '-'}:{self.unit.pk if self.unit is not None else '-'}"

    @property
    def role_label(self):
        return Role(self.role).label if self.role else "Chưa được phân quyền"


NO_ACCESS = Access(role=None, unit=None)


def access_of(user):
    """The Access of a user, read once per request and kept on the user object.

    The assignment is cached on the data version (ntm_portal/lib/data_version.py): an
    assignment, its unit and the units it came from are kept with their edit history, so any
    change to them is a new version. A page then asks the database for the version only (which
    it reads anyway for its cached fragments), not for the assignment (issue #22)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_ntm_access", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        access = Access(role=Role.ADMINISTRATOR, unit=None)
    else:
        from ntm_portal.lib import data_version

        access = data_version.cached(("access", user.pk), lambda: _assigned_access(user.pk))
    user._ntm_access = access
    return access


def _assigned_access(user_pk):
    from units.models import Assignment

    assignment = Assignment.objects.select_related("unit").filter(user_id=user_pk).first()
    if assignment is None:
        return NO_ACCESS
    return Access(
        role=assignment.role,
        unit=assignment.unit,
        earlier_units=earlier_units_of(assignment.unit),
    )


def earlier_units_of(unit):
    """The units a commune-level unit came from, back through every reorganisation (one query
    per step; none for a unit without a start date, such as the units of 2021–2025)."""
    if unit is None or unit.valid_from is None or unit.level != "commune":
        return ()
    from units.models import Unit

    found, frontier = [], [unit.pk]
    while frontier:
        step = list(Unit.objects.filter(succession_rows__successor__in=frontier).distinct())
        step = [each for each in step if each not in found and each != unit]
        found.extend(step)
        frontier = [each.pk for each in step if each.valid_from is not None]
    return tuple(found)


class ScopedQuerySet(models.QuerySet):
    """A queryset that can narrow itself to what a user may see or change.

    A model's queryset names, in `district_q`, how its rows belong to a district-level unit.
    """

    def district_q(self, district):
        raise NotImplementedError

    def for_user(self, user, capability=Capability.VIEW):
        access = access_of(user)
        scope = access.scope(capability)
        if scope == Scope.PROVINCE:
            return self
        if scope == Scope.DISTRICT and access.unit is not None:
            first, *earlier = access.scope_units
            condition = self.district_q(first)
            for unit in earlier:
                condition |= self.district_q(unit)
            return self.filter(condition)
        return self.none()


def unit_district_q(path, district):
    """Rows whose unit (reached by `path`) is the district or one of its communes."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}pk": district.pk}) | Q(**{f"{prefix}parent": district.pk})


def missing_capability_message(capability):
    """What a 403 says: the right that is missing and the roles that have it (ROLE_CAPABILITIES)."""
    capability = Capability(capability)
    holders = [
        Role(role).label for role, rights in ROLE_CAPABILITIES.items() if capability in rights
    ]
    return (
        f"Vai trò của bạn không có quyền “{capability.label}”. "
        f"Quyền này dành cho: {', '.join(holders)}."
    )


class CapabilityRequiredMixin(AccessMixin):
    """A view that needs a capability: anonymous users go to login, others without it get 403."""

    capability = Capability.VIEW

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not access_of(request.user).can(self.capability):
            raise PermissionDenied(missing_capability_message(self.capability))
        return super().dispatch(request, *args, **kwargs)


class ScopedObjectMixin(CapabilityRequiredMixin):
    """A single-object view whose object must lie in the user's scope for the capability."""

    def get_object(self, queryset=None):
        model = self.model or self.get_queryset().model
        obj = get_object_or_404(self.get_queryset(), **self.get_object_lookup())
        if not in_scope(model, self.request.user, self.capability, obj):
            raise PermissionDenied("Đối tượng này nằm ngoài phạm vi được phân công của bạn.")
        return obj

    def get_object_lookup(self):
        return {"pk": self.kwargs["pk"]}


def require_capability(user, capability):
    if not access_of(user).can(capability):
        raise PermissionDenied(missing_capability_message(capability))


def get_scoped_or_403(model, user, capability, **lookup):
    """For function views: the object, 404 when missing, 403 when outside the user's scope.
    `model` may be a queryset of the model (to read related rows with it)."""
    require_capability(user, capability)
    queryset = model if isinstance(model, models.QuerySet) else model.objects.all()
    model = queryset.model
    obj = get_object_or_404(queryset, **lookup)
    if not in_scope(model, user, capability, obj):
        raise PermissionDenied("Đối tượng này nằm ngoài phạm vi được phân công của bạn.")
    return obj


def in_scope(model, user, capability, obj):
    """Whether an object that exists lies in the user's scope for the capability. A province-wide
    right covers every object (`for_user` is then the whole table): no query is asked for it."""
    if access_of(user).scope(capability) == Scope.PROVINCE:
        return True
    return model.objects.for_user(user, capability).filter(pk=obj.pk).exists()
