"""The course use cases on a fake unit of work: ranking, outcomes, catalogue, import, figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dashboard.services import courses as service
from data_access.repositories.courses import CourseRow, course_key
from tests.services.fakes import FakeAudit, FakeUnitOfWork

TODAY = dt.date(2026, 11, 25)  # a Wednesday


def course(id_: int, **changes) -> CourseRow:
    values = dict(id=id_, provider="Lernhaus", provider_course_id=f"K{id_}", title=f"Kurs {id_}",
                  kind="integration_general", level="B1", starts_on=TODAY + dt.timedelta(days=10), ends_on=None,
                  time_of_day="morning", intensity="part_time", schedule="", place="", district="Eving",
                  childcare=False, free_places=5, funding="bamf", cost_eur=None, contact="")
    values.update(changes)
    return CourseRow(**values)


class FakeCourses:
    def __init__(self, rows=(), visits=()):
        self.rows = {r.id: r for r in rows}
        self.visits = set(visits)
        self.outcomes: list[dict] = []
        self.searches = []
        self.unmet_rows = []

    def count_matching(self, f):
        self.searches.append(f)
        return len(self.rows)

    def stream_by_start(self, f):
        # The repository's order: free places first, then by start (the finder reads only what it needs).
        yield from sorted(self.rows.values(), key=lambda r: (r.free_places <= 0, r.starts_on, r.id))

    def get(self, course_id):
        return self.rows.get(course_id)

    def visit_exists(self, visit_id):
        return visit_id in self.visits

    def add_outcome(self, **values):
        self.outcomes.append(values)
        return len(self.outcomes)

    def keyed(self):
        return {course_key(r.provider, r.provider_course_id): r for r in self.rows.values()}

    def save(self, course_id, values, now):
        course_id = course_id or max(self.rows, default=0) + 1
        self.rows[course_id] = CourseRow(id=course_id, **values)
        return course_id

    def insert_many(self, rows, now):
        for values in rows:
            self.save(None, values, now)

    def update_many(self, rows, now):
        for change in rows:
            row = self.rows[change["id"]]
            self.rows[row.id] = replace(row, **{k: v for k, v in change.items() if k != "id"})

    def unmet_by_month(self, start, end, dimension):
        return self.unmet_rows


def uow(courses):
    return FakeUnitOfWork(courses=courses, audit=FakeAudit())


def test_finder_ranks_free_places_then_start_week_then_distance_and_cuts_to_the_limit():
    rows = [
        course(1, free_places=0, starts_on=TODAY + dt.timedelta(days=1)),  # full: last whatever its start
        course(2, district="Mengede", starts_on=TODAY + dt.timedelta(days=6)),  # next week, far
        course(3, district="Eving", starts_on=TODAY + dt.timedelta(days=9)),  # next week, in Eving
        course(4, district="Hörde", starts_on=TODAY + dt.timedelta(days=2)),  # this week: first
        course(5, district="Nowhere", starts_on=TODAY + dt.timedelta(days=5)),  # next week, unknown district
    ]
    fake = FakeCourses(rows)
    result = service.find_courses(service.FinderQuery(district="Eving"), today=TODAY, limit=4, uow=uow(fake))
    assert [m.course.id for m in result.matches] == [4, 3, 2, 5]
    assert result.total == 5
    assert result.matches[1].distance_km == 0.0 and result.matches[3].distance_km is None
    assert result.matches[0].starts_in_days == 2


def test_finder_turns_the_filters_into_the_search():
    fake = FakeCourses()
    query = service.FinderQuery(kind="integration", level="A2", start_within_weeks=4, time_of_day="evening",
                                district="Eving", only_district=True, childcare=True, free_places_only=True,
                                max_cost_eur=50)
    assert service.find_courses(query, today=TODAY, uow=uow(fake)).total == 0
    search = fake.searches[0]
    assert search.start_from == TODAY and search.start_until == TODAY + dt.timedelta(weeks=4)
    assert set(search.kinds) == set(service.INTEGRATION) and "children" not in search.kinds
    assert (search.level, search.time_of_day, search.district) == ("A2", "evening", "Eving")
    assert search.childcare and search.free_places_only and search.max_cost_eur == 50
    # The visitor's district without "only" ranks but does not filter.
    service.find_courses(replace(query, only_district=False), today=TODAY, uow=uow(fake))
    assert fake.searches[1].district is None


def test_a_referral_is_written_with_its_audit_line_in_one_commit():
    fake, work = FakeCourses([course(7)], visits={42}), None
    work = uow(fake)
    done = service.record_referral(7, by="empfang", audience="adult", visit_id=42, today=TODAY, uow=work)
    assert done == service.Recorded(1)
    assert work.committed
    outcome = fake.outcomes[0]
    assert (outcome["result"], outcome["course_id"], outcome["visit_id"], outcome["day"]) == ("referred", 7, 42, TODAY)
    assert work.audit.lines[0][:4] == ("empfang", "course_referral", "course_outcome", 1)


def test_a_referral_to_a_missing_course_or_visit_writes_nothing():
    for course_id, visit_id, problem in ((8, None, "no_course"), (7, 99, "no_visit")):
        fake = FakeCourses([course(7)], visits={42})
        work = uow(fake)
        assert service.record_referral(course_id, by="x", visit_id=visit_id, uow=work).problem == problem
        assert not work.committed and fake.outcomes == [] and work.audit.lines == []


def test_nothing_suitable_keeps_the_need_and_needs_the_audience():
    fake = FakeCourses()
    work = uow(fake)
    assert service.record_unmet(service.Need(kind="children"), by="x", uow=work).problem == "no_audience"
    assert not work.committed
    query = service.FinderQuery(kind="children", level="A1", time_of_day="afternoon", district="Eving", childcare=True)
    need = service.need_from(query, "child")
    done = service.record_unmet(need, by="empfang", today=TODAY, uow=work)
    assert done.outcome_id == 1 and work.committed
    stored = fake.outcomes[0]
    assert stored["result"] == "unmet" and stored["course_id"] is None
    assert (stored["audience"], stored["needed_kind"], stored["needed_level"], stored["needed_time"],
            stored["needed_district"], stored["needed_childcare"]) == ("child", "children", "A1", "afternoon", "Eving", True)
    # "every integration course" is no single kind: the need keeps no kind rather than a wrong one.
    assert service.need_from(service.FinderQuery(kind="integration"), "adult").kind is None
    assert service.record_unmet(service.Need(audience="alien"), by="x", uow=uow(fake)).problem == "unknown_value"


def test_saving_a_course_checks_values_and_the_provider_key():
    fake = FakeCourses([course(1)])
    values = course(0, provider_course_id="NEU").values()
    work = uow(fake)
    saved = service.save_course(None, values, by="koordination", uow=work)
    assert saved.course_id == 2 and work.committed and fake.rows[2].provider_course_id == "NEU"
    # The same provider and course id as course 1 (case and spaces aside): refused.
    clash = {**values, "provider": " lernhaus ", "provider_course_id": "K1"}
    work = uow(fake)
    assert service.save_course(None, clash, by="k", uow=work).problems == [("provider_course_id", "course_taken")]
    assert not work.committed
    bad = {**values, "level": "D9", "free_places": -1, "ends_on": values["starts_on"] - dt.timedelta(days=1)}
    problems = dict(service.save_course(None, bad, by="k", uow=uow(fake)).problems)
    assert problems == {"level": "unknown", "free_places": "negative", "ends_on": "course_end_before_start"}


CSV_HEAD = "anbieter;kurs_id;titel;kursart;niveau;beginn;zeit;bezirk;freie_plaetze;finanzierung;kosten\n"


def test_import_adds_then_updates_by_provider_and_course_id():
    fake = FakeCourses()
    data = (CSV_HEAD + "Lernhaus;A-1;Kurs A;Jugendintegrationskurs;B1;2027-01-11;vormittags;Eving;12;mit Berechtigung;\n"
            "Lernhaus;A-2;Kurs B;kinderkurs;A1;11.01.2027;nachmittags;Hörde;8;gebühr;40,50\n").encode()
    work = uow(fake)
    report = service.import_catalogue(data, "kurse.csv", by="koordination", dry_run=False, uow=work)
    assert report.ok and report.added == 2 and work.committed
    assert {r.kind for r in fake.rows.values()} == {"integration_youth", "children"}
    assert next(r for r in fake.rows.values() if r.provider_course_id == "A-2").cost_eur == 40.5
    again = data.replace(b"Eving;12", b"Eving;3")
    report = service.import_catalogue(again, "kurse.csv", by="koordination", dry_run=False, uow=uow(fake))
    assert report.added == 0 and report.unchanged == 1
    assert report.changed == [("Lernhaus", "A-1", ("freie_plaetze",))]
    assert len(fake.rows) == 2 and next(r for r in fake.rows.values() if r.provider_course_id == "A-1").free_places == 3


def test_import_with_a_bad_row_writes_nothing_and_names_row_column_value():
    fake = FakeCourses()
    data = (CSV_HEAD + "Lernhaus;A-1;Kurs A;integration_general;B1;2027-01-11;morning;Eving;12;bamf;\n"
            "Lernhaus;A-2;Kurs B;Tanzkurs;B7;2027-13-01;morning;Eving;-2;bamf;\n").encode()
    work = uow(fake)
    report = service.import_catalogue(data, "kurse.csv", by="k", dry_run=False, uow=work)
    assert not report.written and not work.committed and fake.rows == {}
    found = {(p.row, p.column, p.value, p.code) for p in report.problems}
    assert found == {(3, "kursart", "Tanzkurs", "unknown"), (3, "niveau", "B7", "unknown"),
                     (3, "beginn", "2027-13-01", "bad_day"), (3, "freie_plaetze", "-2", "negative")}


def test_unmet_needs_fill_every_month_and_put_the_largest_first():
    fake = FakeCourses()
    fake.unmet_rows = [(2026, 9, "child", 3), (2026, 11, "child", 5), (2026, 11, "adult", 1), (2026, 11, None, 2)]
    data = service.unmet_needs(dt.date(2026, 9, 15), dt.date(2026, 11, 30), "audience", uow=uow(fake))
    assert data.months == [dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    assert list(data.series) == ["child", None, "adult"]
    assert data.series["child"] == [3, 0, 5] and data.total(None) == 2


def test_reading_only_to_the_end_of_the_cut_week_gives_the_same_answer_as_ranking_everything():
    import random

    from dashboard.services.course_fit import DISTRICT_CENTRES, best, rank

    rng = random.Random(5)
    districts = [*DISTRICT_CENTRES, "Schwerte"]
    for trial in range(200):
        rows = [course(i, district=rng.choice(districts), free_places=rng.choice((0, 0, 3, 9)),
                       starts_on=TODAY + dt.timedelta(days=rng.randint(0, 60))) for i in range(rng.randint(0, 40))]
        ordered = sorted(rows, key=lambda r: (r.free_places <= 0, r.starts_on, r.id))
        district = rng.choice([None, *districts])
        limit = rng.randint(1, 12)
        want = rank(rows, today=TODAY, district=district)[:limit]
        assert best(iter(ordered), today=TODAY, district=district, limit=limit) == want, trial
