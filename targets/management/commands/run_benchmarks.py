"""`make bench`: thin wrapper of targets/demo/benchmarks.py (see its docstring)."""

import argparse
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from targets.demo.benchmarks import (
    DEFAULT_SERVER,
    PLAN_NUMBERS,
    BenchmarkError,
    goals,
    machine,
    measure_pages,
    render_report,
    run_scale,
    server_url,
)


class Command(BaseCommand):
    help = (
        "Đo thời gian phục vụ và số truy vấn của trang Tiến độ (dashboard), trang tiến độ một "
        "huyện và lệnh progress ở quy mô tỉnh và quốc gia, trên PostgreSQL; ghi kết quả ra "
        "docs/benchmarks.md. Mỗi quy mô dùng một cơ sở dữ liệu tạm, xóa khi xong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Tệp Markdown để ghi kết quả (mặc định: in ra màn hình)."
        )
        parser.add_argument(
            "--scales", nargs="+", choices=list(PLAN_NUMBERS), default=list(PLAN_NUMBERS)
        )
        parser.add_argument(
            "--requests", type=int, default=30, help="Số lần đo mỗi trang (mặc định 30)."
        )
        parser.add_argument(
            "--warmup", type=int, default=5, help="Số lần chạy trước khi đo (mặc định 5)."
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep", action="store_true", help="Giữ lại các cơ sở dữ liệu tạm.")
        # Internal: the child process that measures the pages inside one throwaway database.
        parser.add_argument("--measure-plan", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["measure_plan"]:
            with override_settings(
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
                STORAGES={
                    **settings.STORAGES,
                    "staticfiles": {
                        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                    },
                },
            ):
                result = measure_pages(
                    options["measure_plan"], requests=options["requests"], warmup=options["warmup"]
                )
            self.stdout.write(json.dumps(result))
            return
        if options["requests"] < 1 or options["warmup"] < 0:
            raise CommandError("--requests phải từ 1 trở lên và --warmup không được âm.")
        try:
            server = server_url(os.environ.get("DATABASE_URL", ""))
            try:
                info = machine(server)
            except Exception as error:
                raise BenchmarkError(
                    f"Không kết nối được máy chủ PostgreSQL {server}: {error}"
                ) from error
            scales = {
                scale: run_scale(
                    scale,
                    server,
                    seed=options["seed"],
                    requests=options["requests"],
                    warmup=options["warmup"],
                    keep=options["keep"],
                    log=self.stdout.write,
                )
                for scale in options["scales"]
            }
        except BenchmarkError as error:
            raise CommandError(str(error)) from error
        report = render_report(info, scales, server_is_default=server == DEFAULT_SERVER)
        if options["output"]:
            Path(options["output"]).write_text(report, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Đã ghi {options['output']}."))
        else:
            self.stdout.write(report)
        for goal, met in goals(scales):
            self.stdout.write(f"{'ĐẠT' if met else 'CHƯA ĐẠT'}: {goal}")
