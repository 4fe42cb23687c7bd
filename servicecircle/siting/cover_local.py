"""The local search phase of the covering search: tabu search over swaps, or plain swaps.

See :mod:`servicecircle.siting.cover_plan` for the search it serves.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp

from servicecircle.siting.budget import RowRules
from servicecircle.siting.effort import Effort
from servicecircle.siting.heuristics.local_search import swap_cover
from servicecircle.siting.heuristics.tabu import MAX_TABLE, load_kernels, tabu_cover

__all__ = [
    "TABU_MOVES_PER_UNIT",
    "TABU_SHARE",
    "TABU_UNITS_SHARE",
    "local_search",
    "tabu_with_units_left",
]

#: Share of the time limit for the tabu search (the relaxation and the kernels follow).
TABU_SHARE = 0.2
#: Share of the work units for the tabu search. Larger than :data:`TABU_SHARE`: with
#: counted work the bound's phases take fixed counts (the smoothed steps before the band
#: LP, the band LP's units) and the time-limited run's last, idle smoothed steps are not
#: made, so what a time limit spends on them goes to the tabu search here.
TABU_UNITS_SHARE = 0.35
#: Tabu moves per work unit (measured at 50,000 x 5,000, p = 50: a move takes 0.8-1.2 ms
#: of CPU, about a tenth of a smoothed-LP step, which counts one unit).
TABU_MOVES_PER_UNIT = 10


def local_search(
    A: sp.csr_matrix,
    work: np.ndarray,
    rows: np.ndarray,
    rules: RowRules,
    effort: Effort,
    budget_s: float,
    *,
    seed: int,
) -> tuple[np.ndarray, int, float]:
    """Improve ``rows``: tabu search when its ``n x p`` table fits, then swaps to a local optimum.

    Takes :data:`TABU_SHARE` of ``budget_s`` seconds (or
    :data:`TABU_UNITS_SHARE` of the work units, a tabu move counting
    1/:data:`TABU_MOVES_PER_UNIT`) for the tabu search; the swap search
    after it, up to 35% of ``budget_s`` from the start, usually confirms a
    local optimum in one pass.

    Returns
    -------
    rows, moves, swap_pass
        The plan, the moves and swaps made, and the seconds of one swap pass.
    """
    t_start = time.perf_counter()
    moves = 0
    if A.shape[0] * max(rows.size, 1) <= MAX_TABLE:
        units = effort.share(TABU_UNITS_SHARE)
        most = 100_000 if units is None else units * TABU_MOVES_PER_UNIT
        load_kernels()  # once a process: the loading does not eat the moves' share
        now = time.perf_counter()
        deadline = None if effort.counted else min(now + TABU_SHARE * budget_s, effort.deadline)
        rows, moves = tabu_cover(A, work, rows, rules, max_moves=most, deadline=deadline, seed=seed)
        if units is not None:
            effort.refund(units - -(-moves // TABU_MOVES_PER_UNIT))
    t_ls = time.perf_counter()
    most_swaps = effort.share(0.15)
    rows, swaps = swap_cover(
        A,
        work,
        rows,
        rules,
        deadline=t_start + 0.35 * budget_s,
        max_iter=100_000 if most_swaps is None else most_swaps,
    )
    if most_swaps is not None:
        effort.refund(most_swaps - swaps)
    # one swap pass: kept free at the end of every HiGHS call for the polish
    swap_pass = (time.perf_counter() - t_ls) / (swaps + 1)
    return rows, moves + swaps, swap_pass


def tabu_with_units_left(
    A: sp.csr_matrix,
    work: np.ndarray,
    rows: np.ndarray,
    rules: RowRules,
    effort: Effort,
    *,
    seed: int,
) -> np.ndarray:
    """With counted work, the units left spent on tabu moves from ``rows``; the best plan met.

    Returns ``rows`` unchanged when the work is not counted, no units are
    left, or the ``n x p`` table does not fit. The search starts afresh (no
    tabu list) from ``rows`` and never returns a worse plan.
    """
    units = effort.left if effort.counted else 0
    if units <= 0 or A.shape[0] * max(rows.size, 1) > MAX_TABLE:
        return rows
    effort.spend(units)
    more, moves = tabu_cover(A, work, rows, rules, max_moves=units * TABU_MOVES_PER_UNIT, seed=seed)
    effort.refund(units - -(-moves // TABU_MOVES_PER_UNIT))
    return more
