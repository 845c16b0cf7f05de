"""The forward pass of rows.py's walk, compiled (numba).

The numpy walk spends its time in whole-table passes: a masked copy and an argmin per
group of shift types with the same allowed predecessors, a shifted copy per minute length,
each day (instance 15, 45 people under column generation's prices: 58 ms a walk,
2026-12-05). The same recursion as loops over the table once a day, with the same ties
(first minimum) and the same back pointers, so rows.py walks back through either.
"""

from __future__ import annotations

import numpy as np

try:
    from numba import njit
except ImportError:  # pragma: no cover - numba is a dependency; the numpy walk stays
    njit = None

INF = 1e18
HALF = INF / 2


def _forward(cost, allowed, groups, group_of, length, digit_of, src_block, price, saturday, sunday,
             runs, min_work, off_len, capped, blocks, width, restart_day, short_day, short):
    """Tables after the last day and the back pointers per day (see rows._walk)."""
    n_days, n_types = cost.shape
    size = blocks * width
    work = np.full((2, runs, n_types, size), INF)
    off = np.full((off_len, size), INF)
    back_work = np.full((n_days, 2, runs, n_types, size), -1, dtype=np.int16)
    back_off = np.full((n_days, size), -1, dtype=np.int64)
    back_cap = np.zeros((n_days, size), dtype=np.bool_)
    reset_work = np.zeros((n_days, 2, runs, n_types, blocks), dtype=np.int64)
    reset_off = np.zeros((n_days, off_len, blocks), dtype=np.int64)
    cont_val = np.empty((2, runs, n_types, size))
    cont_arg = np.empty((2, runs, n_types, size), dtype=np.int64)
    n_groups = groups.shape[0]
    val = np.empty((2, runs, n_groups, size))
    arg = np.empty((2, runs, n_groups, size), dtype=np.int64)
    live = np.zeros((2, runs, n_types), dtype=np.bool_)
    group_live = np.zeros((2, runs, n_groups), dtype=np.bool_)
    start = np.empty((2, n_types, size))
    for d in range(n_days):
        sat, sun = saturday[d], sunday[d]
        step_extra = price if sat else 0.0
        opening = price if sun else 0.0
        # Which block move: a run continued opens the weekend on a Saturday, a run
        # started on a Saturday or a Sunday (the Saturday was off).
        w_cont = 1 if sat else 0
        w_start = 1 if (sat or sun) else 0
        start[:] = INF
        cont_val[:] = INF
        cont_arg[:] = -1
        if d == 0:
            for t in range(n_types):
                by = length[t]
                sb = src_block[w_start, digit_of[t] + 1]
                for b in range(blocks):
                    if sb[b] == 0 and by < width:  # origin: block 0, minute 0
                        start[1, t, b * width + by] = 0.0
        else:
            # Rows of the table no state reaches (a run that began on day 0 and has
            # ended, minutes not yet possible) are skipped: their values are INF or more.
            for e in range(2):
                for k in range(runs):
                    for q in range(n_types):
                        live[e, k, q] = False
                        for r in range(size):
                            if work[e, k, q, r] < HALF:
                                live[e, k, q] = True
                                break
            # The best allowed predecessor (first minimum) per group of target types with
            # the same allowed predecessors.
            for e in range(2):
                for k in range(runs):
                    for u in range(n_groups):
                        group_live[e, k, u] = False
                        best = val[e, k, u]
                        at = arg[e, k, u]
                        for q in range(n_types):
                            if not groups[u, q] or not live[e, k, q]:
                                continue
                            row = work[e, k, q]
                            if not group_live[e, k, u]:
                                group_live[e, k, u] = True
                                best[:] = row
                                at[:] = q
                                continue
                            for r in range(size):
                                v = row[r]
                                if v < best[r]:
                                    best[r] = v
                                    at[r] = q
            for e in range(2):
                for k in range(runs):
                    for t in range(n_types):
                        u = group_of[t]
                        go_on = k >= 1 and group_live[e, k - 1, u]
                        stay = capped and k == runs - 1 and group_live[e, k, u]
                        if not go_on and not stay:
                            continue
                        by = length[t]
                        sb = src_block[w_cont, digit_of[t] + 1]
                        for b in range(blocks):
                            s = sb[b]
                            if s < 0:
                                continue
                            for m in range(by, width):
                                src = s * width + m - by
                                tgt = b * width + m
                                cv = INF
                                ca = -1
                                if go_on:
                                    cv = val[e, k - 1, u, src]
                                    ca = arg[e, k - 1, u, src]
                                if stay and val[e, k, u, src] < cv:
                                    cv = val[e, k, u, src]
                                    ca = arg[e, k, u, src] + n_types
                                cont_val[e, k, t, tgt] = cv
                                cont_arg[e, k, t, tgt] = ca
            for t in range(n_types):
                by = length[t]
                sb = src_block[w_start, digit_of[t] + 1]
                for b in range(blocks):
                    s = sb[b]
                    if s < 0:
                        continue
                    for m in range(by, width):
                        start[0, t, b * width + m] = off[off_len - 1, s * width + m - by]
        for t in range(n_types):
            step = cost[d, t] + step_extra
            ok = allowed[d, t]
            for e in range(2):
                for r in range(size):
                    sv = start[e, t, r] + step + opening
                    for k in range(runs):
                        cont_val[e, k, t, r] += step
                    if sv < cont_val[e, 0, t, r]:
                        cont_val[e, 0, t, r] = sv
                        cont_arg[e, 0, t, r] = -1
                    if not ok:
                        for k in range(runs):
                            cont_val[e, k, t, r] = INF
                    for k in range(runs):
                        back_work[d, e, k, t, r] = cont_arg[e, k, t, r]
        new_off = np.full((off_len, size), INF)
        if d == 0:
            new_off[off_len - 1, 0] = 0.0
        else:
            for r in range(size):
                best = INF
                at = -1
                flat = 0
                for e in range(2):
                    for k in range(runs):
                        for s in range(n_types):
                            if live[e, k, s] and not (e == 0 and k < min_work - 1):
                                v = work[e, k, s, r]
                                if at < 0 or v < best:
                                    best = v
                                    at = flat
                            flat += 1
                if off_len == 1:
                    if off[0, r] < best:
                        new_off[0, r] = off[0, r]
                        at = -1
                    else:
                        new_off[0, r] = best
                else:
                    new_off[0, r] = best
                    for j in range(1, off_len - 1):
                        new_off[j, r] = off[j - 1, r]
                    prev = off[off_len - 2, r]
                    last = off[off_len - 1, r]
                    back_cap[d, r] = prev <= last
                    new_off[off_len - 1, r] = prev if prev <= last else last
                back_off[d, r] = at
        work[:] = cont_val
        off = new_off
        if short_day[d]:
            for r in range(size):
                if short[r]:
                    for e in range(2):
                        for k in range(runs):
                            for s in range(n_types):
                                work[e, k, s, r] = INF
                    for j in range(off_len):
                        off[j, r] = INF
        if restart_day[d]:
            for e in range(2):
                for k in range(runs):
                    for s in range(n_types):
                        for b in range(blocks):
                            best = INF
                            at = 0
                            for m in range(width):
                                v = work[e, k, s, b * width + m]
                                if v < best:
                                    best = v
                                    at = m
                            for m in range(width):
                                work[e, k, s, b * width + m] = INF
                            work[e, k, s, b * width] = best
                            reset_work[d, e, k, s, b] = at
            for j in range(off_len):
                for b in range(blocks):
                    best = INF
                    at = 0
                    for m in range(width):
                        v = off[j, b * width + m]
                        if v < best:
                            best = v
                            at = m
                    for m in range(width):
                        off[j, b * width + m] = INF
                    off[j, b * width] = best
                    reset_off[d, j, b] = at
    return work, off, back_work, back_off, back_cap, reset_work, reset_off


# Compiled on first use and cached beside this file (about 7 s once; `make install` runs
# ``warm``); without the interpreter's lock, so column generation's walks run beside the
# LNS steps.
forward = njit(cache=True, nogil=True)(_forward) if njit is not None else None


def warm() -> None:
    """Compile (or load from the cache) the forward pass with the types rows.py passes."""
    if forward is None:
        return
    n_days, n_types, runs, off_len, blocks, width = 7, 2, 2, 1, 1, 3
    forward(np.zeros((n_days, n_types)), np.ones((n_days, n_types), dtype=np.bool_),
            np.ones((1, n_types), dtype=np.bool_), np.zeros(n_types, dtype=np.int64),
            np.ones(n_types, dtype=np.int64), np.full(n_types, -1, dtype=np.int64),
            np.zeros((2, 1, blocks), dtype=np.int64), 0.0, np.zeros(n_days, dtype=np.bool_),
            np.zeros(n_days, dtype=np.bool_), runs, 1, off_len, True, blocks, width,
            np.zeros(n_days, dtype=np.bool_), np.zeros(n_days, dtype=np.bool_),
            np.zeros(blocks * width, dtype=np.bool_))

