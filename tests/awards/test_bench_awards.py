"""The awards benchmark's own pieces (never a timing): its report prose is as long and as varied
as the offices' reports it stands for, and its section states medians, load and goals."""

from awards.management.commands import _bench_prose as prose
from awards.management.commands.bench_awards import Command


def words(text):
    return len(text.split())


def test_a_collective_report_is_about_two_pages_of_varied_vietnamese_prose():
    name = "Ủy ban nhân dân xã Vĩnh Bình Bắc"
    text = prose.collective_background(name, 3) + "\n" + prose.collective_achievements(name, 3)
    # Two A4 pages at 13–14 pt hold about 1,000–1,300 words.
    assert 950 <= words(text) <= 1400
    assert "lorem" not in text.lower() and "Giao thông" in text and "hộ nghèo" in text
    other = prose.collective_achievements(name, 4)
    assert other != prose.collective_achievements(name, 3)
    assert prose.collective_achievements(name, 3) == prose.collective_achievements(name, 3)
    person = prose.individual_achievements("Ông Trần Văn Bình", "Trưởng ấp", 5)
    assert 120 <= words(person) <= 300 and "trưởng ấp" in person


def test_the_section_gives_each_run_with_its_load_and_the_medians_against_the_goals():
    run = {
        "pages": 700, "bytes": 2_500_000, "long_report_pages": 3, "short_report_pages": 2,
        "certificate_pages": 200, "second_rendered": False,
    }  # fmt: skip
    results = [
        {**run, "first": 12.0, "second": 0.05, "certificates": 4.0, "peak_mb": 400,
         "uptime": "load average: 1.00, 1.10, 1.20"},
        {**run, "first": 9.0, "second": 0.04, "certificates": 6.0, "peak_mb": 380,
         "first_cpu": 7.25, "certificates_cpu": 3.5,
         "uptime": "load average: 2.00, 1.10, 1.20"},
        {**run, "first": 9.5, "second": 0.06, "certificates": 4.5, "peak_mb": 390,
         "uptime": "load average: 3.00, 1.10, 1.20"},
    ]  # fmt: skip
    text = "\n".join(Command()._markdown(results, 200, 50))
    assert "| 2 | load average: 2.00, 1.10, 1.20 | 9,0 s | 0,04 s | no (from the cache) |" in text
    assert "| 380 MB | 7,2 s / 3,5 s |" in text
    assert "| dossier, first fetch | 9,5 s | < 10 s | met |" in text
    assert "| dossier, second fetch | 0,05 s | from the cache | met |" in text
    assert "| 200 certificates (full design) | 4,5 s | < 5 s | met |" in text
    assert "| peak memory | 390 MB | < 1 GB | met |" in text
    assert "median of 3 runs" in text
    results[1]["second_rendered"] = True
    partial = "\n".join(Command()._markdown(results[:2], 200, 50))
    assert "median of 2 runs, 3 planned" in partial
    assert "s | from the cache | NOT met |" in partial
