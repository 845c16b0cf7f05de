"""The Curtois-Qu reader accepts any instance of the format."""

from __future__ import annotations

import pytest

from planner.benchmarks.curtois_qu import DEFAULT_FOLDER, best_known, instance_paths, parse, read
from planner.roster import Assignment, check

TEXT = """# comment
SECTION_HORIZON
7

SECTION_SHIFTS
# ShiftID, Length in mins, Shifts which cannot follow this shift | separated
E,480,
L,480,E
N,600,E|L

SECTION_STAFF
A,E=7|L=3,4000,960,5,2,2,1
B,N=2,4000,0,3,1,1,0

SECTION_DAYS_OFF
A,0,6
B,3

SECTION_SHIFT_ON_REQUESTS
A,2,E,2

SECTION_SHIFT_OFF_REQUESTS
B,4,N,3

SECTION_COVER
0,E,1,100,1
4,N,1,50,1
"""


def test_parse_maps_every_section():
    p = parse(TEXT, "tiny")
    assert p.days == 7 and p.start_weekday == 0 and p.name == "tiny"
    assert [s.id for s in p.shift_types] == ["E", "L", "N"]
    assert p.shift("N").forbidden_next == {"E", "L"} and p.shift("E").forbidden_next == set()
    a, b = p.people
    assert dict(a.contract.max_shifts) == {"E": 7, "L": 3, "N": 0}
    assert dict(b.contract.max_shifts) == {"E": 0, "L": 0, "N": 2}
    assert (a.contract.max_minutes, a.contract.min_minutes) == (4000, 960)
    assert (a.contract.max_consecutive_days, a.contract.min_consecutive_days,
            a.contract.min_consecutive_days_off, a.contract.max_weekends) == (5, 2, 2, 1)
    assert set(a.absences) == {0, 6} and set(b.absences) == {3}
    assert [(r.person, r.day, r.shift, r.weight, r.on) for r in p.requests] == [
        ("A", 2, "E", 2, True), ("B", 4, "N", 3, False)]
    assert [(c.day, c.shift, c.required, c.under_weight, c.over_weight) for c in p.covers] == [
        (0, "E", 1, 100, 1), (4, "N", 1, 50, 1)]
    # No start times: neither the rest rule nor the German law applies to the benchmark.
    assert p.rest_minutes is None and not p.working_time_law


def test_checker_uses_the_benchmark_semantics():
    p = parse(TEXT)
    # B works N on day 4 against the off-request: cover of day 4 met, request costs 3;
    # day 0 E unfilled costs 100; A's minimum of 960 min is broken.
    plan = (Assignment("B", 4, "N"),)
    report = check(p, plan)
    assert report.objective == 100 + 3 + 2
    assert [v.rule for v in report.hard_violations] == ["total minutes"]


def test_malformed_input_is_rejected():
    with pytest.raises(ValueError):
        parse("SECTION_SHIFTS\nE,480,\n")


@pytest.mark.skipif(not DEFAULT_FOLDER.exists(), reason=f"benchmark folder missing: {DEFAULT_FOLDER}")
def test_shared_instances_and_best_known_values():
    names = [p.stem for p in instance_paths()]
    assert names[:3] == ["Instance1", "Instance2", "Instance3"]
    assert best_known()["Instance10"] == 4631
    p = read(DEFAULT_FOLDER / "Instance10.txt")
    assert (p.days, len(p.people), len(p.shift_types)) == (28, 40, 5)


def test_best_known_is_empty_without_readme(tmp_path):
    (tmp_path / "X.txt").write_text(TEXT)
    assert best_known(tmp_path) == {}
