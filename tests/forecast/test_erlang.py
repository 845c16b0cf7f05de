"""Erlang C against published values and against an independent M/M/c computation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.staffing import (
    ServiceLevel,
    erlang_b,
    erlang_c,
    expected_wait,
    required_agents,
    required_agents_fractional,
    service_level,
    traffic_erlangs,
)

# pyworkforce README (rodrigo-arenas/pyworkforce), Erlang C example, taken from the worked
# example at callcentrehelper.com/erlang-c-formula-example-121281.htm: 100 calls in 30
# minutes, 3 minutes handling time, 80 % answered within 20 s ->
# raw_positions 14, service_level 0.8884, occupancy 0.7143, waiting_probability 0.1741.
CALLS, AHT, INTERVAL = 100, 3.0, 30.0
TARGET_20S = ServiceLevel(0.8, 20 / 60)


def test_published_example_required_agents():
    assert traffic_erlangs(CALLS, AHT, INTERVAL) == pytest.approx(10.0)
    assert required_agents(CALLS, AHT, TARGET_20S, INTERVAL) == 14


def test_published_example_service_level_and_waiting_probability():
    assert service_level(14, CALLS, AHT, 20 / 60, INTERVAL) == pytest.approx(0.8884, abs=5e-5)
    assert erlang_c(14, 10.0) == pytest.approx(0.1741, abs=5e-5)
    assert 10.0 / 14 == pytest.approx(0.7143, abs=5e-5)  # occupancy at the published head-count


def test_published_example_too_few_agents():
    # Fewer than the published 14 miss the target; at 11 agents the waiting probability,
    # checked against the stationary distribution of the M/M/c queue, is 68.2 %.
    assert erlang_c(11, 10.0) == pytest.approx(_mmc_wait_probability(11, 10.0), rel=1e-9)
    assert erlang_c(11, 10.0) == pytest.approx(0.6821, abs=5e-5)
    assert service_level(11, CALLS, AHT, 20 / 60, INTERVAL) < 0.8
    assert service_level(13, CALLS, AHT, 20 / 60, INTERVAL) < 0.8


def test_erlang_b_table_value():
    # Erlang B tables: 10 circuits carry 4.46 erlangs at 1 % blocking.
    assert erlang_b(10, 4.461) == pytest.approx(0.01, abs=2e-4)


def _mmc_wait_probability(c: int, a: float) -> float:
    """P(all c servers busy) of an M/M/c queue, from its stationary distribution directly."""
    n = np.arange(0, c + 400)
    log_p = np.where(
        n < c,
        n * math.log(a) - np.array([math.lgamma(k + 1) for k in n]),
        c * math.log(a) - math.lgamma(c + 1) + (n - c) * math.log(a / c),
    )
    p = np.exp(log_p - log_p.max())
    return float(p[c:].sum() / p.sum())


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.floats(min_value=0.05, max_value=0.9))
def test_erlang_c_matches_the_stationary_distribution(c, rho):
    a = c * rho
    assert erlang_c(c, a) == pytest.approx(_mmc_wait_probability(c, a), rel=1e-6, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0.1, max_value=200), st.floats(min_value=1, max_value=40), st.floats(min_value=0, max_value=30))
def test_more_staff_never_serves_worse(arrivals, aht, within):
    n0 = required_agents(arrivals, aht, ServiceLevel(0.5, within), 30.0)
    levels = [service_level(n, arrivals, aht, within, 30.0) for n in range(max(n0 - 2, 0), n0 + 4)]
    waits = [expected_wait(n, arrivals, aht, 30.0) for n in range(max(n0 - 2, 0), n0 + 4)]
    assert all(b >= a - 1e-12 for a, b in zip(levels, levels[1:]))
    assert all(b <= a + 1e-12 for a, b in zip(waits, waits[1:]))


@settings(max_examples=60, deadline=None)
@given(
    st.floats(min_value=0.01, max_value=300),
    st.floats(min_value=1, max_value=45),
    st.floats(min_value=0.5, max_value=0.99),
    st.floats(min_value=0, max_value=30),
)
def test_required_agents_is_the_fewest_that_meet_the_target(arrivals, aht, target, within):
    goal = ServiceLevel(target, within)
    n = required_agents(arrivals, aht, goal, 30.0)
    assert service_level(n, arrivals, aht, within, 30.0) >= target
    assert n == 1 or service_level(n - 1, arrivals, aht, within, 30.0) < target
    frac = required_agents_fractional(arrivals, aht, goal, 30.0)
    assert n - 1 < frac <= n
    assert math.ceil(frac - 1e-9) == n


def test_zero_arrivals_need_nobody():
    assert required_agents(0, 12, ServiceLevel(), 30) == 0
    assert required_agents_fractional(0, 12, ServiceLevel(), 30) == 0.0
    assert service_level(0, 0, 12, 20, 30) == 1.0
    assert expected_wait(0, 0, 12, 30) == 0.0


def test_unstable_queue():
    assert erlang_c(10, 10.0) == 1.0
    assert service_level(10, CALLS, AHT, 1, INTERVAL) == 0.0
    assert expected_wait(9, CALLS, AHT, INTERVAL) == math.inf


def test_max_occupancy_adds_staff():
    plain = required_agents(CALLS, AHT, TARGET_20S, INTERVAL)
    capped = required_agents(CALLS, AHT, TARGET_20S, INTERVAL, max_occupancy=0.6)
    assert capped == 17 > plain  # 10 erlangs / 0.6 = 16.7
    assert required_agents_fractional(CALLS, AHT, TARGET_20S, INTERVAL, max_occupancy=0.6) >= 10 / 0.6


def test_expected_wait_matches_formula():
    # ASA = C * AHT / (N - A): 0.1741 * 3 min / 4 = 7.8 s
    assert expected_wait(14, CALLS, AHT, INTERVAL) * 60 == pytest.approx(0.17413 * 180 / 4, rel=1e-3)


def test_bad_inputs_raise():
    with pytest.raises(ValueError):
        ServiceLevel(1.2, 20)
    with pytest.raises(ValueError):
        traffic_erlangs(-1, 3, 30)
    with pytest.raises(ValueError):
        required_agents(10, 3, ServiceLevel(), 30, max_occupancy=0)
