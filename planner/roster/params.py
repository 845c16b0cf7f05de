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


def tuned_parameters(params: Any, num_workers: int) -> None:
    if num_workers >= 2:
        # One full worker with the maximal LP; the other interleaves LNS and local search.
        params.subsolvers.append("max_lp")
    params.linearization_level = 2
