"""Benchmark of the printed commendation documents, for `make bench` (never a timed test).

Builds, inside a transaction that is rolled back at the end, a council session with 200
nominations awarded by one decision, then renders the combined dossier (tờ trình and minutes
listing all 200, 50 achievement reports, the decision with its 200-line appendix) and the 200
certificates, and writes time, pages and peak memory to docs/benchmarks.md (section "awards").
"""

import datetime
import importlib.util
import io
import os
import platform
import resource
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from awards import documents
from awards.models import (
    AwardDecision,
    AwardKind,
    CouncilSession,
    CouncilVote,
    Nomination,
    Nominee,
)
from emulation.models import Participant, Phase
from units.models import Unit

GOALS = {"dossier": 10.0, "certificates": 10.0, "memory_mb": 1024}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Quốc", "Thanh"]
GIVEN = ["Hòa", "Thuý", "Được", "Hằng", "Khoa", "Quý", "Tuấn", "Nguyệt", "Phước", "Lộc", "Yến"]


class Rollback(Exception):
    pass


def _peak_mb():
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = (
        "Đo thời gian và bộ nhớ in hồ sơ khen thưởng (200 đối tượng, 50 báo cáo) và 200 bằng khen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--nominees", type=int, default=200)
        parser.add_argument("--reports", type=int, default=50)
        parser.add_argument("--no-write", action="store_true", help="Không ghi docs/benchmarks.md.")
        parser.add_argument("--doc", help="Tệp kết quả (mặc định docs/benchmarks.md).")

    def handle(self, *args, nominees, reports, no_write, doc=None, **options):
        results = {}
        try:
            with transaction.atomic():
                session, decision = self._build(nominees)
                started, cpu = time.perf_counter(), time.process_time()
                dossier = documents.dossier_pdf(
                    session,
                    decision=decision,
                    report_limit=reports,
                    particulars=documents.OFFICE_VIEW,
                )
                results["dossier"] = (
                    time.perf_counter() - started, time.process_time() - cpu,
                    len(PdfReader(io.BytesIO(dossier)).pages), _peak_mb(),
                )  # fmt: skip
                awarded = documents._ordered(documents.prefetch(decision.nominations.all()))
                started, cpu = time.perf_counter(), time.process_time()
                certificates = documents.certificates_pdf(awarded, mode="full")
                results["certificates"] = (
                    time.perf_counter() - started, time.process_time() - cpu,
                    len(PdfReader(io.BytesIO(certificates)).pages), _peak_mb(),
                )  # fmt: skip
                raise Rollback
        except Rollback:
            pass
        lines = self._markdown(results, nominees, reports)
        self.stdout.write("\n".join(lines))
        if not no_write:
            self._write("\n".join(lines), doc)

    def _build(self, count):
        if not AwardKind.objects.exists() or not Phase.objects.exists():
            call_command("load_reference_data", stdout=io.StringIO())
        user = get_user_model().objects.create_user("bench-awards")
        phase = Phase.objects.get(kind=Phase.Kind.YEARLY, year=2024)
        district = Unit.objects.get(code="910")
        proposer = Participant.objects.filter(movement=phase.movement, unit=district).first()
        if proposer is None:
            proposer = Participant.objects.create(
                movement=phase.movement, unit=district, kind="district", code="910"
            )
        kind = AwardKind.objects.get(code="bang-khen-chu-tich-ubnd-tinh")
        communes = list(Unit.objects.communes().order_by("code"))
        people = []
        for index in range(count):
            if index % 4 == 0:
                unit = communes[index // 4 % len(communes)]
                nominee = Nominee(
                    nominee_type="collective", collective_kind="unit", unit=unit, district=unit.parent,
                    name=f"Ủy ban nhân dân {unit.full_name[:1].lower()}{unit.full_name[1:]} ({index})",
                )  # fmt: skip
            else:
                nominee = Nominee(
                    nominee_type="individual",
                    name=f"{SURNAMES[index % 10]} {MIDDLE[index % 6]} {GIVEN[index % 11]} {index}",
                    sex="female" if index % 2 else "male", birth_year=1960 + index % 40,
                    position="Cán bộ xã", workplace=f"xã số {index}", district=district,
                )  # fmt: skip
            nominee.prepare_keys()
            people.append(nominee)
        Nominee.objects.bulk_create(people)
        session = CouncilSession.objects.create(
            phase=phase, held_on=datetime.date(2025, 9, 5), chair="Chủ tịch UBND tỉnh",
            secretary="Thư ký Hội đồng", members_total=11,
            members_present="\n".join(f"Ủy viên {n}" for n in range(1, 10)),
            submission_number="1/TTr-SNV", created_by=user,
        )  # fmt: skip
        decision = AwardDecision.objects.create(
            number="9999/QĐ-UBND", issued_on=datetime.date(2025, 9, 15), signer="Người ký",
            phase=phase, session=session, created_by=user,
        )  # fmt: skip
        achievements = ("Hoàn thành xuất sắc nhiệm vụ xây dựng nông thôn mới; " * 12).strip()
        nominations = Nomination.objects.bulk_create(
            Nomination(
                phase=phase, proposer=proposer, district=district, nominee=nominee, kind=kind,
                report_form=Nomination.default_report_form(nominee, kind), state="decided",
                background="Đặc điểm, tình hình của đơn vị. " * 6, achievements=achievements,
                decision=decision, session=session, amount=3_510_000, created_by=user,
            )
            for nominee in people
        )  # fmt: skip
        CouncilVote.objects.bulk_create(
            CouncilVote(
                session=session,
                nomination=n,
                votes_for=8,
                votes_against=1,
                votes_abstain=0,
                passed=True,
            )
            for n in nominations
        )
        return session, decision

    def _markdown(self, results, nominees, reports):
        lines = [
            "## Khen thưởng: hồ sơ và bằng khen (PDF)",
            "",
            f"`manage.py bench_awards` on {platform.node()} ({platform.machine()}), "
            f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
            f"{timezone.localdate():%d/%m/%Y}, load average {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} CPUs when measured. Wall time is what a user waits; CPU time is this "
            "process's own work: other load inflates it less than the wall time, but on a shared "
            "machine repeated runs of the same code still differ by up to a third. Peak memory is the "
            "process's peak resident size so far.",
            "",
            "| document | wall time | CPU time | pages | peak memory | goal (wall) |",
            "|---|---|---|---|---|---|",
        ]
        labels = {
            "dossier": f"dossier of {nominees} nominees with {reports} achievement reports",
            "certificates": f"{nominees} certificates (full design, A4 landscape)",
        }
        for name, (seconds, cpu, pages, peak) in results.items():
            ok = seconds < GOALS[name] and peak < GOALS["memory_mb"]
            lines.append(
                f"| {labels[name]} | {seconds:.1f} s | {cpu:.1f} s | {pages} | {peak:.0f} MB | "
                f"< {GOALS[name]:.0f} s, < 1 GB — {'met' if ok else 'NOT met'} |"
            )
        return lines

    def _write(self, markdown, doc):
        path = Path(settings.BASE_DIR) / "scripts" / "benchmarks_doc.py"
        spec = importlib.util.spec_from_file_location("benchmarks_doc", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if doc:
            module.replace_section("awards", markdown, path=Path(doc))
        else:
            module.replace_section("awards", markdown)
