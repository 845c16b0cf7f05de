"""CP-SAT parameters tuned for roster models on few cores."""

from __future__ import annotations

from ortools.sat import sat_parameters_pb2


def tune(params: sat_parameters_pb2.SatParameters, num_workers: int) -> None:
    """Adjust a solver's parameters in place (time limit, workers and seed stay)."""
    params.symmetry_level = 2
