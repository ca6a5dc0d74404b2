import importlib

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ntm_portal.lib.reference import LoadReport, ReferenceDataError


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu danh mục (đơn vị, kế hoạch và chỉ tiêu, bộ tiêu chí, …) từ thư mục fixtures/. "
        "Chạy lại nhiều lần không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Ghi đè những bản ghi đã có nhưng khác với tệp (mặc định: giữ nguyên và liệt kê).",
        )

    def handle(self, *args, update=False, **options):
        total = LoadReport()
        try:
            with transaction.atomic():
                # Apps in dependency order (units → targets → emulation → awards), each with an
                # optional `reference.load()`.
                for config in apps.get_app_configs():
                    try:
                        module = importlib.import_module(f"{config.name}.reference")
                    except ModuleNotFoundError as error:
                        if error.name == f"{config.name}.reference":
                            continue
                        raise
                    report = module.load(update=update)
                    total.add(report)
                    self.stdout.write(
                        f"{config.verbose_name}: thêm {report.created}, cập nhật {report.updated}, "
                        f"giữ nguyên {report.unchanged}"
                    )
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        for line in total.differing:
            self.stdout.write(self.style.WARNING(f"Khác với tệp danh mục (giữ nguyên): {line}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong: thêm {total.created}, cập nhật {total.updated}, giữ nguyên {total.unchanged}."
            )
        )
