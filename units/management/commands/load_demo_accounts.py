from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from units.access import Role
from units.models import Assignment, Unit

DEMO_PASSWORD = "kiengiang2025"
# (username, full name, role, district code)
DEMO_ACCOUNTS = [
    ("tinh", "Nguyễn Thị Thi Đua", Role.PROVINCE_STAFF, None),
    ("huyen.vinhthuan", "Trần Văn Vĩnh", Role.DISTRICT_OFFICER, "910"),
    ("huyen.anbien", "Lê Thị Biên", Role.DISTRICT_OFFICER, "908"),
    ("lanhdao", "Phạm Văn Lãnh", Role.LEADERSHIP, None),
    ("quantri", "Võ Minh Quản", Role.ADMINISTRATOR, None),
]


class Command(BaseCommand):
    help = "Tạo các tài khoản dùng thử (mỗi vai trò một tài khoản, hai cán bộ của hai huyện khác nhau)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = get_user_model()
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, full_name, role, district_code in DEMO_ACCOUNTS:
            # Vietnamese names put the family name first, and Django's get_full_name() puts
            # first_name first: the whole name goes there.
            user, created = users.objects.get_or_create(
                username=username,
                defaults={"first_name": full_name, "email": f"{username}@example.invalid"},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
                user.save()
            unit = Unit.objects.districts().get(code=district_code) if district_code else None
            assignment = Assignment.objects.filter(user=user).first()
            if assignment is None:
                Assignment.objects.create(user=user, role=role, unit=unit)
            where = f" — {unit}" if unit else ""
            self.stdout.write(f"  {username:<18} {Role(role).label}{where}")
