"""Whether hours are scarce (the covers ask for more hours than the contracts' maxima
allow), and how many minutes a plan leaves each person under their maxima (``HoursLeft``).

Where hours are scarce, every hour worked fills a cover that would stay short, and the
plans with the fewest short covers work every contract's hours to the full (instance 13 of
the shared benchmark asks 0.2 % more than its maxima; most ask less). The walk of best
responses leans to rows that work more hours there (responses.hours_lean) and the LNS
draws the ``spare`` neighbourhood (neighbourhoods.py).
"""

from __future__ import annotations

import numpy as np

from ..builder import BuiltModel
from ..model import Problem


def shift_minutes(problem: Problem) -> np.ndarray:
    """Per shift type its minutes of work."""
    return np.array([shift.work_minutes for shift in problem.shift_types], dtype=float)


def _limit(problem: Problem, limit) -> np.ndarray:
    """Per person ``limit(contract)``, inf where the contract has none."""
    return np.array([np.inf if limit(p.contract) is None else limit(p.contract)
                     for p in problem.people], dtype=float)


def allowed_minutes(problem: Problem) -> np.ndarray:
    """Per person the most minutes their contract lets them work over the horizon: the
    lesser of its maximum for the horizon and its weekly maximum summed over the calendar
    weeks the horizon touches (inf without either), as ``HoursLeft`` counts them."""
    weekly = _limit(problem, lambda c: c.max_minutes_per_week) * len(problem.weeks())
    return np.minimum(_limit(problem, lambda c: c.max_minutes), weekly)


def hours_scarce(problem: Problem) -> bool:
    """False where some contract has no maximum or a cover is not of a shift type (the
    hours asked or allowed are not known)."""
    allowed = allowed_minutes(problem)
    if not np.isfinite(allowed).all():
        return False
    length = {shift.id: shift.work_minutes for shift in problem.shift_types}
    if any(cover.shift not in length for cover in problem.covers):
        return False
    return sum(cover.required * length[cover.shift] for cover in problem.covers) > allowed.sum()


class HoursLeft:
    """Per person the minutes a plan leaves under their maxima: under the horizon's
    maximum, and under each calendar week's summed over the weeks (the lesser where both
    hold; 0 without either, as ``hours_scarce`` counts only people with one). Counted in
    numpy over the model's decisions, made once per model."""

    def __init__(self, built: BuiltModel) -> None:
        problem = built.problem
        self.n_people = len(problem.people)
        self.decisions = list(built.vars.x)
        minutes = shift_minutes(problem)
        weeks = {week: i for i, week in enumerate(sorted(problem.weeks()))}
        self.n_weeks = len(weeks)
        n = len(self.decisions)
        self.person = np.fromiter((p for p, _, _ in self.decisions), dtype=np.int64, count=n)
        self.week = np.fromiter((weeks[problem.week(d)] for _, d, _ in self.decisions),
                                dtype=np.int64, count=n)
        self.minutes = np.fromiter((minutes[s] for _, _, s in self.decisions), dtype=float,
                                   count=n)
        self.max_total = _limit(problem, lambda c: c.max_minutes)
        self.max_week = _limit(problem, lambda c: c.max_minutes_per_week)

    def __call__(self, values: dict) -> np.ndarray:
        """``values``: the plan's decisions (key -> 0/1), in any order."""
        taken = np.fromiter((values.get(key, 0) for key in self.decisions), dtype=float,
                            count=len(self.decisions))
        worked = self.minutes * taken
        left = self.max_total - np.bincount(self.person, weights=worked,
                                            minlength=self.n_people)
        weekly = np.isfinite(self.max_week)
        if weekly.any() and self.n_weeks:
            per_week = np.bincount(self.person * self.n_weeks + self.week, weights=worked,
                                   minlength=self.n_people * self.n_weeks)
            under = np.maximum(0.0, self.max_week[:, None]
                               - per_week.reshape(self.n_people, self.n_weeks))
            left = np.where(weekly, np.minimum(left, under.sum(axis=1)), left)
        return np.where(np.isfinite(left), np.maximum(left, 0.0), 0.0)
