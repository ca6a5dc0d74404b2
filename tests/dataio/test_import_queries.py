"""Issue #21, speed: an import reads what its rows name in a few queries and writes in bulk, so
the number of queries of a preview and of a confirm does not grow with the rows of the file."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.importing import COLUMNS as HISTORY_COLUMNS
from awards.models import AwardRecord, Nominee
from emulation.imports import PARTICIPANT_COLUMNS, REGISTRATION_COLUMNS
from emulation.models import ContentArea, Participant, RegistrationItem
from ntm_portal.lib.dataio import pipeline
from tests.emulation import helpers as h
from tests.targets.imports.files import xlsx_bytes


def history_rows(count, start=0):
    """`count` awards of as many new people, and as many of one new collective."""
    rows = []
    for index in range(start, start + count):
        rows.append(
            ["Cá nhân", f"Nguyễn Văn Số {index}", "Nam", 1970 + index % 30, "", "", "", "910",
             "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 2022, f"{index}/QĐ-UBND", "",
             "Chủ tịch UBND tỉnh Kiên Giang"]
        )  # fmt: skip
        rows.append(
            ["Tập thể", "Hội Nông dân xã Vĩnh Bình Bắc", "", "", "", "", "", "910",
             "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện", 2021, f"{index}/QĐ-UBND", "",
             "Chủ tịch UBND huyện Vĩnh Thuận"]
        )  # fmt: skip
    return rows


def queries(kind, data, *, commit):
    with CaptureQueriesContext(connection) as captured:
        report = pipeline.run(kind, data, "tep.xlsx", commit=commit)
    assert not report.has_errors, report.errors
    return len(captured.captured_queries), report


def test_award_history_queries_do_not_grow_with_the_rows(db):
    # The collective is already recorded: both files find it and write new people.
    queries("award-history", xlsx_bytes(HISTORY_COLUMNS, history_rows(1)[1:]), commit=True)
    small = xlsx_bytes(HISTORY_COLUMNS, history_rows(5, start=1))
    # 80 rows: one INSERT of each model even on SQLite (999 parameters a statement).
    large = xlsx_bytes(HISTORY_COLUMNS, history_rows(40, start=6))
    assert (
        queries("award-history", small, commit=False)[0]
        == (queries("award-history", large, commit=False)[0])
    )
    small_confirm, _ = queries("award-history", small, commit=True)
    large_confirm, report = queries("award-history", large, commit=True)
    assert small_confirm == large_confirm
    assert report.new_nominees == 40
    assert report.count("new") == 80
    assert Nominee.objects.count() == 46
    assert AwardRecord.objects.count() == 91
    # Written with their history, by nobody (the command).
    assert Nominee.history.filter(history_type="+").count() == 46
    assert AwardRecord.history.filter(history_type="+").count() == 91
    # The same file again changes nothing: every nominee and award is found.
    again, report = queries("award-history", large, commit=True)
    assert again < large_confirm
    assert report.count("unchanged") == 80
    assert AwardRecord.objects.count() == 91


def participant_rows(count, start=0):
    """`count` organisations, and a district and a commune (one query per unit code: a code is
    read once, whatever the rows)."""
    rows = [[f"SO{index}", f"Sở số {index}", "Sở, ban, ngành tỉnh", "", "có", ""]
            for index in range(start, start + count)]  # fmt: skip
    return [
        *rows,
        ["H910", "", "Đơn vị cấp huyện", "910", "có", ""],
        ["X31060", "", "Xã", "31060", "có", ""],
    ]


def test_participant_queries_do_not_grow_with_the_rows(db):
    small = xlsx_bytes(PARTICIPANT_COLUMNS, participant_rows(5))
    # 40 new rows: one INSERT even on SQLite (999 parameters a statement).
    large = xlsx_bytes(PARTICIPANT_COLUMNS, participant_rows(40, start=5))
    assert (
        queries("participants", small, commit=False)[0]
        == (queries("participants", large, commit=False)[0])
    )
    small_confirm, report = queries("participants", small, commit=True)
    assert report.count("new") == 7
    large_confirm, report = queries("participants", large, commit=True)
    assert report.count("new") == 40 and report.count("unchanged") == 2
    assert small_confirm >= large_confirm  # the district and commune are new only once
    assert Participant.objects.filter(code__startswith="SO").count() == 45
    assert Participant.history.filter(history_type="+", code__startswith="SO").count() == 45
    assert Participant.objects.get(code="SO7").sort_key == "so so 7"
    # Taking a unit another participant holds is refused, naming the column.
    clash = xlsx_bytes(PARTICIPANT_COLUMNS, [["H910B", "", "Đơn vị cấp huyện", "910", "có", ""]])
    report = pipeline.run("participants", clash, "tep.xlsx", commit=True)
    assert report.errors == [
        "Dòng 2, cột D “Mã đơn vị hành chính”: Đơn vị hành chính này đã là đơn vị tham gia."
    ]


def test_registration_queries_grow_with_registrations_not_with_rows(db):
    """A registration (a participant in a phase) costs its few queries, whatever number of
    content areas its rows register."""
    h.participant("910")
    h.participant("908")
    h.phase(open_days=3)
    numbers = sorted(
        ContentArea.objects.filter(movement=h.movement()).values_list("number", flat=True)
    )
    assert len(numbers) >= 3

    def rows(code, areas):
        return [
            ["Tổng kết", 2025, code, number, f"Nội dung {number}", "", "", ""] for number in areas
        ]

    one = queries(
        "registrations", xlsx_bytes(REGISTRATION_COLUMNS, rows("910", numbers[:1])), commit=True
    )
    every = queries(
        "registrations", xlsx_bytes(REGISTRATION_COLUMNS, rows("908", numbers)), commit=True
    )
    assert one[0] == every[0]
    assert every[1].count("new") == len(numbers)
    assert RegistrationItem.objects.filter(registration__participant__code="908").count() == len(
        numbers
    )
    assert RegistrationItem.history.filter(history_type="+").count() == len(numbers) + 1


def test_registration_queries_do_not_grow_with_registrations(db, province_staff):
    """10,000 rows are thousands of registrations: the preview decides every row in memory
    (nothing written), the confirm writes the new registrations, their "Gửi đăng ký" events and
    their items in bulk, with history naming the importing account."""
    from emulation.models import Registration, RegistrationEvent

    for index in range(12):
        h.participant(f"SO{index}", name=f"Sở số {index}")
    h.phase(open_days=3)

    def rows(codes, word="Nội dung"):
        return [
            ["Tổng kết", 2025, code, number, f"{word} {number} của {code}", "", "", ""]
            for code in codes
            for number in (1, 2)
        ]

    def counted(codes, *, commit, word="Nội dung"):
        data = xlsx_bytes(REGISTRATION_COLUMNS, rows(codes, word))
        with CaptureQueriesContext(connection) as captured:
            report = pipeline.run(
                "registrations", data, "tep.xlsx", commit=commit, user=province_staff
            )
        assert not report.has_errors, report.errors
        return len(captured.captured_queries), report

    small, large = ["SO0", "SO1"], [f"SO{index}" for index in range(2, 12)]
    counted(small, commit=False)  # what a first import reads once (the user's access…)
    assert counted(small, commit=False)[0] == counted(large, commit=False)[0]
    assert not Registration.objects.exists()  # a preview writes nothing
    small_confirm, report = counted(small, commit=True)
    assert report.summary == "4 mới, 0 thay đổi, 0 không đổi"
    large_confirm, report = counted(large, commit=True)
    assert report.summary == "20 mới, 0 thay đổi, 0 không đổi"
    assert small_confirm == large_confirm
    assert Registration.objects.filter(state="submitted", submitted_at__isnull=False).count() == 12
    assert RegistrationEvent.objects.filter(actor=province_staff, action="submit").count() == 12
    assert Registration.history.filter(history_type="+", history_user=province_staff).count() == 12
    assert RegistrationItem.history.filter(history_type="+").count() == 24
    # The same file again: every row found unchanged, nothing written.
    again, report = counted(large, commit=True)
    assert report.summary == "0 mới, 0 thay đổi, 20 không đổi"
    assert again < large_confirm
    assert RegistrationItem.objects.count() == 24
    # Every commitment changed: in bulk too, each change in the history.
    small_change, report = counted(small, commit=True, word="Cam kết")
    assert report.summary == "0 mới, 4 thay đổi, 0 không đổi"
    large_change, report = counted(large, commit=True, word="Cam kết")
    assert report.summary == "0 mới, 20 thay đổi, 0 không đổi"
    assert small_change == large_change
    assert RegistrationItem.objects.filter(commitment__startswith="Cam kết").count() == 24
    assert RegistrationItem.history.filter(history_type="~").count() == 24


def test_participant_changes_are_written_in_bulk(db):
    """A file that changes the note of every participant: its confirm's queries do not grow
    with the rows, and each change is in the history."""

    def rows(count, note):
        return [
            [f"SO{index}", f"Sở số {index}", "Sở, ban, ngành tỉnh", "", "có", note]
            for index in range(count)
        ]

    queries("participants", xlsx_bytes(PARTICIPANT_COLUMNS, rows(40, "")), commit=True)
    small, _ = queries("participants", xlsx_bytes(PARTICIPANT_COLUMNS, rows(5, "a")), commit=True)
    large, report = queries(
        "participants", xlsx_bytes(PARTICIPANT_COLUMNS, rows(40, "b")), commit=True
    )
    assert small == large
    assert report.count("changed") == 40
    assert Participant.objects.filter(notes="b").count() == 40
    assert Participant.history.filter(history_type="~").count() == 45
