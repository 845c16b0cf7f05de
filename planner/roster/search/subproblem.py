"""Solve the roster model with every decision outside a neighbourhood fixed to the incumbent.

The model is cloned once; each step copies the clone and narrows the domains of the fixed
decisions (cheaper than adding one equality per decision) and caps the objective at the
incumbent's, so a step can only return a plan at least as good.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from ..builder import BuiltModel
from ..groups import RELAX_WEIGHT

Values = dict[tuple[int, int, int], int]
BIG = 2 ** 40


@dataclass
class StepResult:
    status: int
    objective: int | None
    values: Values | None
    violations: int
    wall: float
    # Positions (in the order of ``built.ctx.assumptions``) of the groups the plan breaks.
    broken: tuple[int, ...] = ()
    # Every variable's value (auxiliaries too): the next step's complete hint.
    full: list[int] | None = None


class SubSolver:
    """``priced``: the hard-rule groups' enforcement literals (``build(..., assume=True)``)
    are free and each false one costs ``RELAX_WEIGHT``; otherwise they are fixed true."""

    def __init__(self, built: BuiltModel, priced: bool = False,
                 shared: dict | None = None) -> None:
        # The constraint index is the same for the priced and the strict model: built once,
        # on the first step that needs it, and shared through ``shared``.
        self.shared = {} if shared is None else shared
        self.built = built
        self.keys = list(built.vars.x)
        self.index = [built.vars.x[k].index for k in self.keys]
        self.index_array = np.asarray(self.index, dtype=np.int64)
        base = built.model.clone()
        base.clear_hints()
        lits = list(built.ctx.assumptions.values())
        self.lit_index = [lit.index for lit in lits]
        objective = built.objective
        for i in self.lit_index:
            _fix(base.proto.variables[i].domain, 0 if priced else 1, 1)
        if priced and lits:
            # Each broken group costs RELAX_WEIGHT, and a minimum's shortfall its own price
            # besides: without it a step that closes most of a shortfall would gain nothing
            # until the last minute is found, and the LNS would have no way towards it.
            objective = objective + RELAX_WEIGHT * sum(1 - lit for lit in lits)
            shortfalls = built.ctx.shortfalls
            if shortfalls:
                objective = objective + sum(w * v for v, w in shortfalls)
            base.minimize(objective)
        cap = base.new_int_var(-BIG, BIG, "objective_cap")
        self.cap_constraint = len(base.proto.constraints)
        base.add(objective <= cap)
        self.cap_index = cap.index
        self.base = base
        self.work_index = {cell: var.index for cell, var in built.vars.work.items()}
        self.template = None

    def solve(self, values: Values, free: set[tuple[int, int]], cap: int | None,
              seconds: float, workers: int, seed: int,
              full: list[int] | None = None, hint: dict[int, int] | None = None) -> StepResult:
        """``full``: the incumbent's value of every variable; with it the hint is complete
        and CP-SAT starts from the incumbent instead of searching for a first solution.
        ``hint``: values by variable index that replace the incumbent's in the hint (a
        proposal for the freed cells, such as a person's best row)."""
        if full is None:
            return self._run(self._whole(values, free, cap), seconds, workers, seed)
        if hint:
            full = list(full)
            for i, v in hint.items():
                full[i] = v
        model, opened = self._small(free, cap, full)
        try:
            return self._run(model, seconds, workers, seed)
        finally:
            self._reset(opened)

    def _whole(self, values: Values, free: set[tuple[int, int]], cap: int | None):
        model = self.base.clone()
        proto = model.proto
        variables = proto.variables
        for key, i in zip(self.keys, self.index):
            if (key[0], key[1]) not in free:
                v = values[key]
                _fix(variables[i].domain, v, v)
        hinted = [(i, values[key]) for key, i in zip(self.keys, self.index)
                  if (key[0], key[1]) in free]
        proto.solution_hint.vars.extend(i for i, _ in hinted)
        proto.solution_hint.values.extend(v for _, v in hinted)
        if cap is not None:
            _fix(variables[self.cap_index].domain, -BIG, cap)
        return model

    def _run(self, model, seconds: float, workers: int, seed: int) -> StepResult:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.random_seed = seed
        # A step is small and short: symmetry detection and probing in presolve cost a
        # large share of it (measured on the 120-person instance: 8 steps of about 300
        # cells, 5.6 s instead of 6.5 s for more gain) and pay off only on long solves.
        solver.parameters.symmetry_level = 0
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.max_presolve_iterations = 1
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return StepResult(status, None, None, 0, solver.wall_time)
        sol = np.asarray(solver.response_proto.solution, dtype=np.int64)
        new = dict(zip(self.keys, sol[self.index_array].tolist()))
        broken = tuple(j for j, i in enumerate(self.lit_index) if not sol[i])
        return StepResult(status, int(round(solver.objective_value)), new, len(broken),
                          solver.wall_time, broken, sol[:self.cap_index].tolist())

    def _ensure_index(self) -> None:
        if self.template is not None:
            return
        proto = _python_proto(self.base)
        if not self.shared:
            self._index(self.built, proto)
        for name in ("cell_cons", "var_cons", "con_vars", "always"):
            setattr(self, name, self.shared[name])
        self.domains = [tuple(var.domain) for var in proto.variables]
        # The decisions (and the day's work flag) of each cell, opened when it is freed.
        cell_vars: dict[tuple[int, int], list[int]] = {}
        for key, i in zip(self.keys, self.index):
            cell_vars.setdefault((key[0], key[1]), []).append(i)
        for cell, i in self.work_index.items():
            cell_vars.setdefault(cell, []).append(i)
        self.cell_vars = cell_vars
        pairs = [(v, c) for v, cons in self.var_cons.items() for c in cons]
        self.aux_var = np.asarray([v for v, _ in pairs], dtype=np.int64)
        self.aux_con = np.asarray([c for _, c in pairs], dtype=np.int64)
        self.n_constraints = len(proto.constraints)
        template = self.base.clone()
        template.proto.constraints.clear()
        template.clear_hints()
        # One template, changed in place for a step and reset after it (copying a model of
        # 10^5 variables for every step cost more than the small solve on large instances).
        self.template = template
        self.template_values: np.ndarray | None = None

    def _index(self, built: BuiltModel, proto) -> None:
        """Which (person, day) cells each constraint touches, and which constraints each
        variable is in: a step keeps only the constraints around its free cells.

        Walked on a Python protobuf copy of the model (``proto``) and grouped with numpy:
        reading 10^5 constraints through the solver's own wrapper cost seconds."""
        n_vars = len(proto.variables)
        cell_id = np.full(n_vars, -1, dtype=np.int64)
        cells: list[tuple[int, int]] = []
        for (p, d, _), var in built.vars.x.items():
            cell_id[var.index] = p * built.problem.days + d
        for (p, d), var in built.vars.work.items():
            cell_id[var.index] = p * built.problem.days + d
        width = built.problem.days
        con_of: list[int] = []
        refs_all: list[int] = []
        always: list[int] = []
        for ci, c in enumerate(proto.constraints):
            if ci == self.cap_constraint:
                continue
            refs = _refs(c)
            if refs is None or not refs:
                always.append(ci)
                continue
            refs_all.extend(refs)
            con_of.extend([ci] * len(refs))
        ref = np.asarray(refs_all, dtype=np.int64)
        var = np.where(ref >= 0, ref, -ref - 1)
        con = np.asarray(con_of, dtype=np.int64)
        cell = cell_id[var]
        on_cell = cell >= 0
        # Constraints that touch no cell at all are always kept.
        touching = np.unique(con[on_cell])
        all_cons = np.unique(con)
        always.extend(int(c) for c in np.setdiff1d(all_cons, touching))
        cell_cons: dict[tuple[int, int], list[int]] = {}
        pairs = np.unique(cell[on_cell] * (len(proto.constraints) + 1) + con[on_cell])
        pair_cell = pairs // (len(proto.constraints) + 1)
        pair_con = pairs % (len(proto.constraints) + 1)
        bounds = np.flatnonzero(np.diff(pair_cell)) + 1
        for cells_of, cons_of in zip(np.split(pair_cell, bounds), np.split(pair_con, bounds)):
            if len(cells_of):
                c = int(cells_of[0])
                cell_cons[(c // width, c % width)] = cons_of.tolist()
        var_cons: dict[int, list[int]] = {}
        con_vars: dict[int, list[int]] = {}
        aux = ~on_cell
        if aux.any():
            aux_pairs = np.unique(np.stack([var[aux], con[aux]], axis=1), axis=0)
            for v, c in aux_pairs.tolist():
                var_cons.setdefault(v, []).append(c)
                con_vars.setdefault(c, []).append(v)
        self.shared.update(cell_cons=cell_cons, var_cons=var_cons, con_vars=con_vars,
                           always=sorted(set(always)))

    def _fixed_template(self, full: list[int]) -> None:
        variables = self.template.proto.variables
        now = np.asarray(full, dtype=np.int64)
        if self.template_values is None:
            changed = range(len(full))
        else:
            changed = np.flatnonzero(now != self.template_values).tolist()
        for i in changed:
            _set(variables[i].domain, full[i], full[i])
        self.template_values = now

    def _small(self, free: set[tuple[int, int]], cap: int | None, full: list[int]):
        """The model around ``free``: every other variable fixed to the incumbent, every
        constraint that touches no free cell dropped (the incumbent satisfies it).
        Returns the template itself, changed in place, and the variables opened;
        ``_reset`` undoes the change."""
        self._ensure_index()
        self._fixed_template(full)
        kept = set(self.always)
        opened: list[int] = []
        for cell in free:
            kept.update(self.cell_cons.get(cell, ()))
            opened.extend(self.cell_vars.get(cell, ()))
        model = self.template
        proto = model.proto
        constraints = proto.constraints
        source = self.base.proto.constraints
        for ci in sorted(kept):
            constraints.add().copy_from(source[ci])
        constraints.add().copy_from(source[self.cap_constraint])
        variables = proto.variables
        if len(self.aux_var):
            # Auxiliaries all of whose constraints are kept are free; the others stay at
            # the incumbent's value.
            mask = np.zeros(self.n_constraints + 1, dtype=bool)
            mask[list(kept)] = True
            inside = mask[self.aux_con]
            touched = np.unique(self.aux_var[inside])
            outside = np.unique(self.aux_var[~inside])
            opened.extend(np.setdiff1d(touched, outside, assume_unique=True).tolist())
        opened = sorted(set(opened))
        for i in opened:
            _restore(variables[i].domain, self.domains[i])
        proto.solution_hint.vars.extend(opened)
        proto.solution_hint.values.extend(full[i] for i in opened)
        _restore(variables[self.cap_index].domain, (-BIG, BIG if cap is None else cap))
        if cap is not None:
            # The cap too: a complete hint is taken as the first solution at once; one
            # variable short, CP-SAT spends the step searching around the hint instead.
            proto.solution_hint.vars.append(self.cap_index)
            proto.solution_hint.values.append(cap)
        return model, opened

    def _reset(self, opened: list[int]) -> None:
        """Undo ``_small``: no constraint, no hint, every variable fixed again."""
        proto = self.template.proto
        proto.constraints.clear()
        self.template.clear_hints()
        variables = proto.variables
        values = self.template_values
        for i in opened:
            v = int(values[i])
            _set(variables[i].domain, v, v)
        _set(variables[self.cap_index].domain, -BIG, BIG)


_LITERAL_KINDS = ("bool_or", "bool_and", "at_most_one", "exactly_one", "bool_xor")


def _python_proto(model: cp_model.CpModel):
    """The model as a ``cp_model_pb2.CpModelProto`` (through a temporary binary file)."""
    import os
    import tempfile

    from ortools.sat import cp_model_pb2

    handle, path = tempfile.mkstemp(suffix=".pb")
    os.close(handle)
    try:
        model.export_to_file(path)
        proto = cp_model_pb2.CpModelProto()
        with open(path, "rb") as f:
            proto.ParseFromString(f.read())
    finally:
        os.unlink(path)
    return proto


def _refs(c) -> list[int] | None:
    """Variable references of a constraint (negative: negated literal); None if its kind
    is not one the roster rules use (then it is always kept)."""
    refs = list(c.enforcement_literal)
    kind = c.WhichOneof("constraint")
    if kind == "linear":
        refs += c.linear.vars
    elif kind in _LITERAL_KINDS:
        refs += getattr(c, kind).literals
    elif kind == "lin_max":
        refs += c.lin_max.target.vars
        for e in c.lin_max.exprs:
            refs += e.vars
    else:
        return None
    return refs


def _set(domain, low: int, high: int) -> None:
    domain.clear()
    domain.extend([low, high])


def _restore(domain, values) -> None:
    domain.clear()
    domain.extend(values)


def _fix(domain, low: int, high: int) -> None:
    # The proto's repeated field takes item assignment only (no slices).
    domain[0] = low
    domain[1] = high
