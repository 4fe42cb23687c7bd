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
from servicecircle.siting.heuristics.tabu import MAX_TABLE, tabu_cover

__all__ = ["TABU_MOVES_PER_UNIT", "TABU_SHARE", "local_search"]

#: Share of the time limit for the tabu search (the relaxation and the kernels follow).
TABU_SHARE = 0.2
#: Tabu moves per work unit (a move costs about a sixth of a pass over the matrix).
TABU_MOVES_PER_UNIT = 5


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

    Takes :data:`TABU_SHARE` of ``budget_s`` seconds (or 15% of the work
    units, a tabu move counting 1/:data:`TABU_MOVES_PER_UNIT`) for the tabu
    search; the swap search after it, up to 35% of ``budget_s`` from the
    start, usually confirms a local optimum in one pass.

    Returns
    -------
    rows, moves, swap_pass
        The plan, the moves and swaps made, and the seconds of one swap pass.
    """
    t_start = time.perf_counter()
    moves = 0
    if A.shape[0] * max(rows.size, 1) <= MAX_TABLE:
        units = effort.share(0.1)
        most = 100_000 if units is None else units * TABU_MOVES_PER_UNIT
        deadline = None if effort.counted else t_start + TABU_SHARE * budget_s
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
