"""CP-SAT parameters chosen for roster models on few cores.

Measured on the Curtois-Qu instances with 2 workers (60 s): CP-SAT's default portfolio
puts a plain LP worker beside the interleaved LNS and local search, and its LP bound stays
weak (about 200 on instance 6, best known 1950). With the maximal linear relaxation as the
full worker the bound closes to within 1 % (1938 on 6, 4624 on 10), and the LP-guided
neighbourhoods (RINS) then find far better plans: 440 on instance 9 (best known 439) and
4774 on 10 where the default reached about 450-580 and 5190.
"""

from __future__ import annotations

from typing import Any


# Simplex iterations per root LP solve (CP-SAT's default: 2,000).
ROOT_LP_ITERATIONS = 100_000


def tuned_parameters(params: Any, num_workers: int) -> None:
    if num_workers >= 2:
        # One full worker with the maximal LP; the other interleaves LNS and local search.
        params.subsolvers.append("max_lp")
    params.linearization_level = 2


def _then(configure, change):
    """``configure`` followed by ``change`` (either may be None)."""
    def configured(params: Any, num_workers: int) -> None:
        if configure is not None:
            configure(params, num_workers)
        change(params)
    return configured


def with_root_lp(configure):
    """``configure`` for the single search's one CP-SAT run: its root LP runs to the
    optimum before the search. With CP-SAT's default of 2,000 simplex iterations per root
    solve the maximal LP of the 64-person four-week centre case (3,556 rows, 12,022
    columns) stopped short, the bound stayed near 3,460 and reached 4,400 anywhere from
    12 s to never within 60 s (hinted with the rows' plan, three seeds); with the cap
    lifted 3,500 came at 4-6 s and 4,300 at 8-10 s in all three (2026-12-06). Not in
    the split search, where it was not shown to help: on the half-year and year-long
    cases five of six ended 2-15 % worse with it, one of them clearly (bench.roster_long,
    one run each way)."""
    return _then(configure, lambda params: setattr(params, "root_lp_iterations",
                                                   ROOT_LP_ITERATIONS))


# Interleaved subsolvers that look for a first feasible plan: the violation local search
# and the feasibility pump. Left out when a plan that keeps every hard rule is hinted.
FEASIBILITY_SUBSOLVERS = ("ls", "feasibility_pump")


def with_plan_in_hand(configure):
    """``configure`` for a run hinted with a plan that keeps every hard rule: the
    interleaved worker's time goes to the LNS neighbourhoods only. On the 64-person
    four-week centre case (120 s, two seeds, rows' plan hinted) 4448 / 4449 against
    4484 / 4469 with them (bound 4435); the local search found nothing after the first
    seconds there (2026-12-06)."""
    return _then(configure, lambda params: params.ignore_subsolvers.extend(FEASIBILITY_SUBSOLVERS))
