"""The tables of a siting plan: coverage curve, candidates, coverage by unit before and after."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from servicecircle.coverage import people_by_unit
from servicecircle.siting import SitingResult


def unit_table(
    units: gpd.GeoDataFrame, before: npt.NDArray[np.bool_], after: npt.NDArray[np.float64]
) -> pd.DataFrame:
    """People, covered before and after (served), by township and by community.

    A community is (township, name), so namesakes in different townships are
    two rows; townships sorted by name, communities by township (none last)
    then name.
    """
    measures = {"covered_before": np.where(before, units["people"], 0.0), "covered_after": after}
    table = people_by_unit(units, measures, levels=("township", "community"))
    table = table[table["unit"] != ""].rename(columns={"unit": "name"})
    columns = ["level", "name", "township", "people", "covered_before", "covered_after"]
    if len(table) == 0:
        return pd.DataFrame(columns=columns)
    table["township"] = pd.Series(
        [t or None for t in table["township"]], index=table.index, dtype=object
    )
    order = {"township": 0, "community": 1}
    table = table.assign(_level=table["level"].map(order)).sort_values(
        ["_level", "township", "name"], na_position="last", kind="stable"
    )
    out = table[columns].reset_index(drop=True)
    out["share_before"] = np.where(out["people"] > 0, out["covered_before"] / out["people"], 0.0)
    out["share_after"] = np.where(out["people"] > 0, out["covered_after"] / out["people"], 0.0)
    return out


def curve_table(result: SitingResult, total: float) -> pd.DataFrame:
    """``n_new``, ``covered`` (people) and ``share`` for 0..p new outlets."""
    curve = pd.DataFrame(
        {
            "n_new": np.arange(len(result.coverage_curve)),
            "share": np.asarray(result.coverage_curve, dtype=float),
        }
    )
    curve["covered"] = curve["share"] * total
    return curve[["n_new", "covered", "share"]]


def candidate_table(candidates: gpd.GeoDataFrame, chosen: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """All candidates with ``chosen`` (bool) and ``rank`` (build order of the chosen)."""
    ranks = dict(zip(chosen["candidate_id"], chosen["rank"], strict=True))
    return candidates.assign(
        chosen=candidates["candidate_id"].isin(ranks),
        rank=candidates["candidate_id"].map(ranks).astype("Int64"),
    )
