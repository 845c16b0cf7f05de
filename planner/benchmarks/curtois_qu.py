"""Reader of the Curtois-Qu shift scheduling benchmark format (schedulingbenchmarks.org).

Sections are ``SECTION_<NAME>`` headers followed by comma-separated rows; ``#`` starts a
comment. Semantics as in the instances' README: shift lengths are work minutes without
breaks and start times are unknown, so only the listed forbidden successors apply (no rest
rule and no German working-time check); a shift type missing from a person's MaxShifts
may not be worked; the horizon starts on a Monday.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..roster.model import Contract, Cover, Person, Problem, Request, ShiftType

DEFAULT_FOLDER = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois-qu"


def _sections(text: str) -> dict[str, list[list[str]]]:
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("SECTION_"):
            current = line[len("SECTION_"):]
            sections[current] = []
        elif current is None:
            raise ValueError(f"data before the first section: {raw!r}")
        else:
            sections[current].append([cell.strip() for cell in line.split(",")])
    return sections


def parse(text: str, name: str = "") -> Problem:
    sec = _sections(text)
    try:
        days = int(sec["HORIZON"][0][0])
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError("missing or malformed SECTION_HORIZON") from exc

    shift_types = []
    for row in sec.get("SHIFTS", []):
        banned = frozenset(s for s in (row[2].split("|") if len(row) > 2 else []) if s)
        shift_types.append(ShiftType(id=row[0], length=int(row[1]), forbidden_next=banned))
    shift_ids = [s.id for s in shift_types]

    days_off: dict[str, dict[int, str]] = {}
    for row in sec.get("DAYS_OFF", []):
        days_off.setdefault(row[0], {}).update({int(d): "day off" for d in row[1:] if d})

    people = []
    for row in sec.get("STAFF", []):
        limits = dict.fromkeys(shift_ids, 0)
        for item in row[1].split("|"):
            if item:
                sid, n = item.split("=")
                limits[sid] = int(n)
        contract = Contract(
            max_shifts=limits,
            max_minutes=int(row[2]),
            min_minutes=int(row[3]),
            max_consecutive_days=int(row[4]),
            min_consecutive_days=int(row[5]),
            min_consecutive_days_off=int(row[6]),
            max_weekends=int(row[7]),
        )
        people.append(Person(id=row[0], contract=contract, absences=days_off.get(row[0], {})))

    requests = []
    for key, on in (("SHIFT_ON_REQUESTS", True), ("SHIFT_OFF_REQUESTS", False)):
        for row in sec.get(key, []):
            requests.append(Request(row[0], int(row[1]), row[2], int(row[3]), on))

    covers = [
        Cover(day=int(r[0]), shift=r[1], required=int(r[2]), under_weight=int(r[3]),
              over_weight=int(r[4]))
        for r in sec.get("COVER", [])
    ]
    return Problem(
        days=days,
        shift_types=tuple(shift_types),
        people=tuple(people),
        covers=tuple(covers),
        requests=tuple(requests),
        start_weekday=0,
        rest_minutes=None,
        working_time_law=False,
        name=name,
    )


def read(path: str | Path) -> Problem:
    path = Path(path)
    return parse(path.read_text(encoding="utf-8"), name=path.stem)


def best_known(folder: str | Path = DEFAULT_FOLDER) -> dict[str, int]:
    """Best known objective per instance name ("Instance1") from the folder's README table."""
    readme = Path(folder) / "README.md"
    if not readme.exists():
        return {}
    out = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[0].isdigit():
            match = re.match(r"\d+", cells[-1])
            if match:
                out[f"Instance{cells[0]}"] = int(match.group())
    return out


def instance_paths(folder: str | Path = DEFAULT_FOLDER) -> list[Path]:
    def number(p: Path) -> tuple[int, str]:
        digits = re.findall(r"\d+", p.stem)
        return (int(digits[-1]) if digits else 0, p.stem)

    return sorted(Path(folder).glob("*.txt"), key=number)
