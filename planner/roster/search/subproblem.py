"""Solve the roster model with every decision outside a neighbourhood fixed to the incumbent.

The model is cloned once; a step narrows the domains of the fixed decisions (cheaper than
adding one equality per decision, and presolve takes them at once: fixing a million
decisions by one ``bool_and``, by assumptions or by a hint CP-SAT fixes made its solve
three to four times slower) and caps the objective at the incumbent's, so a step can only
return a plan at least as good. The models of both kinds of step are kept between steps
and changed in place (``_whole``, ``_small``).
"""

from __future__ import annotations

import math
import threading
import time
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
                 shared: dict | None = None, lazy: bool = False) -> None:
        """``lazy``: the model is copied on first use (``ready``), not here: on a year of
        240 people a copy takes 2-3 s, and a search whose first plan needs only the priced
        model reports it that much sooner. The caller makes it ready before anything
        else writes to ``built.model`` or solves it."""
        # The constraint index is the same for the priced and the strict model: built once,
        # on the first step that needs it, and shared through ``shared``.
        self.shared = {} if shared is None else shared
        self.built = built
        self.priced = priced
        self.keys = list(built.vars.x)
        self.index = [built.vars.x[k].index for k in self.keys]
        self.index_array = np.asarray(self.index, dtype=np.int64)
        self.lit_index = [lit.index for lit in built.ctx.assumptions.values()]
        self.base = None
        self.work_index = {cell: var.index for cell, var in built.vars.work.items()}
        self.template = None
        # ``_whole``'s model, made on its first use, and what each decision is fixed to
        # there (-1: free).
        self.whole = None
        self.whole_state: np.ndarray | None = None
        self.cell_of_key = np.asarray([p * built.problem.days + d for p, d, _ in self.keys],
                                      dtype=np.int64)
        # The kept models are changed in place: one step at a time.
        self.lock = threading.Lock()
        # The model as a Python protobuf while the constraint index is built (``prepare``).
        self._proto = None
        # Seconds of the last solve of the whole model (0: none yet): what loading it
        # into CP-SAT at least costs.
        self.whole_seconds = 0.0
        if not lazy:
            self.ready()

    def ready(self) -> None:
        """The model copied with the hard-rule groups fixed (or priced) and the objective
        cap added (once)."""
        if self.base is not None:
            return
        built = self.built
        base = built.model.clone()
        base.clear_hints()
        lits = list(built.ctx.assumptions.values())
        objective = built.objective
        for i in self.lit_index:
            _fix(base.proto.variables[i].domain, 0 if self.priced else 1, 1)
        if self.priced and lits:
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

    def solve(self, values: Values, free: set[tuple[int, int]], cap: int | None,
              seconds: float, workers: int, seed: int,
              full: list[int] | None = None, hint: dict[int, int] | None = None) -> StepResult:
        """``full``: the incumbent's value of every variable; with it the hint is complete
        and CP-SAT starts from the incumbent instead of searching for a first solution.
        ``hint``: values by variable index that replace the incumbent's in the hint (a
        proposal for the freed cells, such as a person's best row)."""
        with self.lock:
            self.ready()
            if full is None:
                began = time.monotonic()
                step = self._run(self._whole(values, free, cap), seconds, workers, seed)
                self.whole_seconds = time.monotonic() - began
                return step
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
        """The whole model with every decision outside ``free`` fixed to ``values`` and
        those inside hinted with them. One copy of the model is kept and only the
        decisions whose fixing changed since the last call are written: cloning and
        fixing every decision took 4-5 s a call on 240 people over 364 days (1.04
        million decisions), several calls before the first plan."""
        if self.whole is None:
            self.whole = self.base.clone()
            self.whole.clear_hints()
            self.whole_state = np.full(len(self.keys), -1, dtype=np.int64)
        model = self.whole
        proto = model.proto
        variables = proto.variables
        fixed = np.fromiter((values[key] for key in self.keys), dtype=np.int64,
                            count=len(self.keys))
        state = fixed
        inside = None
        if free:
            free_cells = np.fromiter((p * self.built.problem.days + d for p, d in free),
                                     dtype=np.int64, count=len(free))
            inside = np.isin(self.cell_of_key, free_cells)
            state = np.where(inside, -1, fixed)
        changed = np.flatnonzero(state != self.whole_state)
        for j, v in zip(changed.tolist(), state[changed].tolist()):
            _fix(variables[self.index[j]].domain, max(v, 0), v if v >= 0 else 1)
        self.whole_state = state
        model.clear_hints()
        if inside is not None:
            hinted = np.flatnonzero(inside)
            proto.solution_hint.vars.extend(self.index_array[hinted].tolist())
            proto.solution_hint.values.extend(fixed[hinted].tolist())
        _fix(variables[self.cap_index].domain, -BIG, BIG if cap is None else cap)
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

    def prepare(self, until: float = math.inf) -> bool:
        """Build the constraint index the small steps need (``_small``), until ``until``
        at most, going on from where it stopped; whether it is complete. On a year of
        240 people (750,000 constraints) it takes about 12 s: a search that made its
        first plan late builds it in pieces between its other work, not in one step that
        runs past its time limit (a step past the limit held a run 23 s over it)."""
        with self.lock:
            self.ready()
            return self._ensure_index(until)

    def _ensure_index(self, until: float = math.inf) -> bool:
        if self.template is not None:
            return True
        if self._proto is None:
            self._proto = _python_proto(self.base)
        proto = self._proto
        if "cell_cons" not in self.shared:
            walk = self.shared.get("walk")
            if walk is None:
                walk = self.shared["walk"] = _ConstraintWalk(self.built, proto,
                                                             self.cap_constraint)
            if not walk.advance(until):
                return False
            self.shared.update(walk.index(self.index_array, self.cell_of_key))
            del self.shared["walk"]
        for name in ("cell_cons", "aux_var", "aux_con", "always"):
            setattr(self, name, self.shared[name])
        self.domains = [tuple(var.domain) for var in proto.variables]
        # The decisions (and the day's work flag) of each cell, opened when it is freed.
        cell_vars: dict[tuple[int, int], list[int]] = {}
        for key, i in zip(self.keys, self.index):
            cell_vars.setdefault((key[0], key[1]), []).append(i)
        for cell, i in self.work_index.items():
            cell_vars.setdefault(cell, []).append(i)
        self.cell_vars = cell_vars
        self.n_constraints = len(proto.constraints)
        template = self.base.clone()
        template.proto.constraints.clear()
        template.clear_hints()
        # One template, changed in place for a step and reset after it (copying a model of
        # 10^5 variables for every step cost more than the small solve on large instances).
        self.template = template
        self.template_values: np.ndarray | None = None
        self._proto = None
        return True

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
            touched = _sorted_unique(self.aux_var[inside])
            outside = _sorted_unique(self.aux_var[~inside])
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


class _ConstraintWalk:
    """Which (person, day) cells each constraint touches, and which auxiliary variables
    it holds: a step keeps only the constraints around its free cells.

    Walked on a Python protobuf copy of the model (``proto``), CHUNK constraints at a time
    (``advance`` stops at a given time and goes on from there), and grouped with numpy
    (``index``): reading 10^5 constraints through the solver's own wrapper cost seconds."""

    CHUNK = 20_000

    def __init__(self, built: BuiltModel, proto, skip: int) -> None:
        self.built, self.proto, self.skip = built, proto, skip
        self.at = 0
        self.con_of: list[int] = []
        self.refs_all: list[int] = []
        self.always: list[int] = []

    def advance(self, until: float) -> bool:
        """Walk on until ``until``; whether every constraint has been walked."""
        constraints = self.proto.constraints
        n = len(constraints)
        con_of, refs_all, always = self.con_of, self.refs_all, self.always
        while self.at < n:
            if time.monotonic() >= until:
                return False
            end = min(n, self.at + self.CHUNK)
            for ci in range(self.at, end):
                if ci == self.skip:
                    continue
                refs = _refs(constraints[ci])
                if refs is None or not refs:
                    always.append(ci)
                    continue
                refs_all.extend(refs)
                con_of.extend([ci] * len(refs))
            self.at = end
        return True

    def index(self, decisions: np.ndarray, cells: np.ndarray) -> dict:
        """The index, once every constraint has been walked; ``decisions``: the
        decisions' variable indexes, ``cells``: their cells (person * days + day)."""
        built, proto = self.built, self.proto
        width = built.problem.days
        cell_id = np.full(len(proto.variables), -1, dtype=np.int64)
        cell_id[decisions] = cells
        for (p, d), var in built.vars.work.items():
            cell_id[var.index] = p * width + d
        refs_all, con_of, always = self.refs_all, self.con_of, self.always
        ref = np.asarray(refs_all, dtype=np.int64)
        var = np.where(ref >= 0, ref, -ref - 1)
        con = np.asarray(con_of, dtype=np.int64)
        cell = cell_id[var]
        on_cell = cell >= 0
        # Constraints that touch no cell at all are always kept. (Marks and sorts, not
        # np.unique: its hashing took 6 of the index's 26 s on a model of 750,000
        # constraints, and a list per cell made by np.split 4 more.)
        n_cons = len(proto.constraints) + 1
        touching = np.zeros(n_cons, dtype=bool)
        touching[con[on_cell]] = True
        listed = np.zeros(n_cons, dtype=bool)
        listed[con] = True
        always.extend(np.flatnonzero(listed & ~touching).tolist())
        cell_cons: dict[tuple[int, int], list[int]] = {}
        pairs = _sorted_unique(cell[on_cell] * n_cons + con[on_cell])
        pair_cell = pairs // n_cons
        pair_con = (pairs % n_cons).tolist()
        starts = np.flatnonzero(np.diff(pair_cell, prepend=-1)).tolist()
        for at, end in zip(starts, starts[1:] + [len(pair_con)]):
            c = int(pair_cell[at])
            cell_cons[(c // width, c % width)] = pair_con[at:end]
        # Each auxiliary variable (not a cell's) with each constraint it is in.
        aux = ~on_cell
        aux_pairs = _sorted_unique(var[aux] * n_cons + con[aux])
        return dict(cell_cons=cell_cons, aux_var=aux_pairs // n_cons,
                    aux_con=aux_pairs % n_cons, always=sorted(set(always)))


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


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    values = np.sort(values)
    return values[np.diff(values, prepend=values[:1] - 1) != 0] if len(values) else values


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
