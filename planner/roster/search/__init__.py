"""The engine's search: a first plan, then roster-shaped LNS alternating with the full model.

construction.py: a checker-valid first plan without solving the whole model (the greedy
plan repaired by LNS on a model whose hard rules are priced instead of enforced);
neighbourhoods.py: which (person, day) cells to free; subproblem.py: solve the model with
everything else fixed; driver.py: how the time is shared between the full model (bound,
LP-guided search) and LNS, decided from the progress each part makes on this instance.
"""

from .concurrent import concurrent_search
from .driver import SearchOutcome, hybrid_search

__all__ = ["SearchOutcome", "concurrent_search", "hybrid_search"]
