"""The numbers handed back to streets and communities: units before and after, sites' places.

Shared by the workbook (:mod:`servicecircle.report.workbook`) and the street
packs (:mod:`servicecircle.report.street_pack`), as numbers (people and 0-1
shares), not text. Coverage today by break is ``summary.json``'s ``units``;
after the plan by break, the ``demand_after`` layer counted by
:func:`servicecircle.coverage.coverage_table` (the same count that made
``units``); by the service standard, ``siting.json``'s ``by_unit``.

A site's township and community are the fields of the site record when it
has them, else the unit polygons its point lies in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from servicecircle.coverage import coverage_table
from servicecircle.inputs.crs import WGS84
from servicecircle.report.formatting import by_break, is_blank, number
from servicecircle.results.bundle import Results
from servicecircle.results.schema import ChosenSite, Gap, UnitBeforeAfter

#: Levels of the admin units, larger first.
LEVELS: tuple[str, ...] = ("township", "community")


@dataclass(frozen=True)
class UnitFigures:
    """People and people covered of one township or community, today and after the plan.

    Attributes
    ----------
    level
        ``"township"`` or ``"community"``; ``"outside"`` for the people in no township.
    township
        A community's township (``None`` for a township).
    name
        The unit's name (``None`` when unnamed).
    people
        People living in it.
    before, after
        People covered by break (minutes -> people); ``after`` is empty
        without a siting run.
    standard
        Before and after by each outlet type's own standard (``None`` without one).
    """

    level: str
    township: str | None
    name: str | None
    people: float | None
    before: Mapping[float, float | None]
    after: Mapping[float, float | None]
    standard: UnitBeforeAfter | None = None

    def share(self, covered: float | None) -> float | None:
        """``covered`` as a share of the unit's people (``None`` when either is missing).

        At most 1: ``units`` holds people rounded to 3 decimals, ``demand_after`` does not.
        """
        people = number(self.people)
        return None if covered is None or not people else min(covered / people, 1.0)


@dataclass(frozen=True)
class Place:
    """Where a point stands: its township and community (``None`` when outside every one)."""

    township: str | None
    community: str | None


def _key(level: str, township: object, name: object) -> tuple[str, str, str]:
    return (level, "" if is_blank(township) else str(township), "" if is_blank(name) else str(name))


def _after_table(results: Results) -> pd.DataFrame | None:
    """:func:`coverage_table` of ``demand_after`` at the breaks (``None`` without one)."""
    after = results.layers.get("demand_after")
    if results.siting is None or after is None or "people" not in after.columns:
        return None
    return coverage_table(after, results.coverage.breaks)


def _after_by_unit(
    table: pd.DataFrame | None,
) -> dict[tuple[str, str, str], dict[float, float | None]]:
    """People covered after the plan by unit and break (empty without ``demand_after``)."""
    out: dict[tuple[str, str, str], dict[float, float | None]] = {}
    if table is None:
        return out
    for row in table[table["level"].isin(LEVELS)].itertuples(index=False):
        key = _key(str(row.level), row.township, row.unit)
        out.setdefault(key, {})[float(str(row.minutes))] = number(row.covered)
    return out


def after_total(results: Results) -> dict[float, float | None]:
    """People covered in the whole area after the plan, by break (empty without one)."""
    table = _after_table(results)
    if table is None:
        return {}
    total = table[table["level"] == "total"]
    return {float(m): number(c) for m, c in zip(total["minutes"], total["covered"], strict=True)}


def _rest(
    everyone: float | None, counted: Sequence[Mapping[float, float | None]], m: float
) -> float | None:
    """People covered at ``m`` minus those of the ``counted`` townships (never below 0)."""
    if everyone is None:
        return None
    return max(everyone - sum(c.get(m) or 0.0 for c in counted), 0.0)


def _outside(
    results: Results, units: Sequence[UnitFigures], table: pd.DataFrame | None
) -> UnitFigures | None:
    """People in no township (when the townships do not cover the study area)."""
    summary = results.coverage
    townships = [u for u in units if u.level == "township"]
    total = number(summary.population_total)
    if not townships or total is None:
        return None
    people = total - sum(number(u.people) or 0.0 for u in townships)
    if people <= 0.5:
        return None
    befores = [u.before for u in townships]
    before = {
        m: _rest(number(by_break(summary.population_covered, m)), befores, m)
        for m in summary.breaks
    }
    after: dict[float, float | None] = {}
    if table is not None:
        everyone = table[table["level"] == "total"]
        afters = [u.after for u in townships]
        for m, covered in zip(everyone["minutes"], everyone["covered"], strict=True):
            after[float(m)] = _rest(number(covered), afters, float(m))
    return UnitFigures("outside", None, None, people, before, after)


def unit_figures(results: Results, *, outside: bool = True) -> list[UnitFigures]:
    """Every township, then every community, today and after the plan, in ``units`` order.

    With ``outside``, a last township-level row (level ``"outside"``) holds the
    people in no township, when there are any.
    """
    summary = results.coverage
    table = _after_table(results)
    after = _after_by_unit(table)
    standard = {
        _key(u.level, u.township if u.level == "community" else None, u.name): u
        for u in (results.siting.by_unit if results.siting is not None else ())
    }
    rows: list[UnitFigures] = []
    for level in LEVELS:
        for unit in (u for u in summary.units if u.level == level):
            key = _key(level, unit.township if level == "community" else None, unit.name)
            before = {m: number(by_break(unit.covered, m)) for m in summary.breaks}
            rows.append(
                UnitFigures(
                    level=level,
                    township=unit.township if level == "community" else None,
                    name=unit.name,
                    people=number(unit.people),
                    before=before,
                    after=after.get(key, {}),
                    standard=standard.get(key),
                )
            )
    rest = _outside(results, rows, table) if outside else None
    if rest is not None:
        at = max((i for i, r in enumerate(rows) if r.level == "township"), default=-1) + 1
        rows.insert(at, rest)
    return rows


# --------------------------------------------------------------------------- places


def points_places(points: gpd.GeoDataFrame, units: gpd.GeoDataFrame | None) -> list[Place]:
    """The township and community each point lies in or touches (by the unit polygons).

    A point on a shared boundary takes the first unit in the layer's order.
    """
    if units is None or units.empty or points.empty or "level" not in units.columns:
        return [Place(None, None) for _ in range(len(points))]
    polygons = units[units.geom_type.isin(["Polygon", "MultiPolygon"])].to_crs(WGS84)
    located = points.to_crs(WGS84).reset_index(drop=True)
    names: dict[str, list[str | None]] = {}
    for level in LEVELS:
        part = polygons[polygons["level"] == level][["name", "geometry"]]
        joined = gpd.sjoin(located[["geometry"]], part, how="left", predicate="intersects")
        first = joined[~joined.index.duplicated(keep="first")].reindex(located.index)
        names[level] = [None if is_blank(v) else str(v) for v in first["name"]]
    return [Place(t, c) for t, c in zip(names["township"], names["community"], strict=True)]


def site_places(results: Results) -> dict[int, Place]:
    """Each new site's township and community, by rank (none without a siting run).

    The site record's own ``township`` / ``community`` (``siting.json`` holds
    them since the site facts), else the unit polygons its point lies in.
    """
    if results.siting is None or not results.siting.chosen:
        return {}
    chosen = sorted(results.siting.chosen, key=lambda c: c.rank)
    points = gpd.GeoDataFrame(geometry=[Point(c.lon, c.lat) for c in chosen], crs=WGS84)
    joined = points_places(points, results.layers.get("units"))
    out: dict[int, Place] = {}
    for site, place in zip(chosen, joined, strict=True):
        township = None if is_blank(site.township) else site.township
        community = None if is_blank(site.community) else site.community
        out[site.rank] = Place(township or place.township, community or place.community)
    return out


def street_gain(site: ChosenSite, street: str) -> float | None:
    """People a new site newly covers in a street (``None`` when the file does not say)."""
    if not site.newly_by_community and not site.newly_by_break:  # written before the facts
        return None
    return sum(number(g.people) or 0.0 for g in site.newly_by_community if g.township == street)


def outlet_places(results: Results) -> list[Place]:
    """The township and community of each existing outlet, in the ``outlets`` layer's order."""
    outlets = results.layers.get("outlets")
    if outlets is None or outlets.empty:
        return []
    return points_places(outlets, results.layers.get("units"))


# --------------------------------------------------------------------------- streets


def street_names(results: Results) -> list[str]:
    """The named townships / streets of the study area, in ``units`` order."""
    names = [u.name for u in results.coverage.units if u.level == "township"]
    return list(dict.fromkeys(str(n) for n in names if not is_blank(n)))


def street_gaps(results: Results, street: str) -> list[Gap]:
    """The gaps of a township / street, in rank order."""
    return sorted((g for g in results.coverage.gaps if g.township == street), key=lambda g: g.rank)


def _sites_reaching(results: Results, street: str) -> set[int]:
    """Ranks of the new sites nearest to people of the street who were not covered today.

    ``demand_after``'s ``nearest_outlet`` numbers today's outlets first, then the
    new ones in the ``chosen`` layer's order (as the plan counted them).
    """
    before, after = results.layers.get("demand"), results.layers.get("demand_after")
    chosen, outlets = results.layers.get("chosen"), results.layers.get("outlets")
    needed = ("unit_id", "township", "covered")
    if before is None or after is None or chosen is None or "rank" not in chosen.columns:
        return set()
    if any(c not in before.columns or c not in after.columns for c in needed):
        return set()
    if "nearest_outlet" not in after.columns:
        return set()
    today = len(outlets) if outlets is not None else 0
    was = before.set_index("unit_id")["covered"].astype(bool)
    mine = after[(after["township"].astype(str) == street) & after["covered"].astype(bool)]
    newly = mine[~was.reindex(mine["unit_id"]).fillna(False).to_numpy(bool)]
    nearest = pd.to_numeric(newly["nearest_outlet"], errors="coerce").dropna().astype(int) - today
    ranks = pd.to_numeric(chosen["rank"], errors="coerce").to_numpy()
    return {int(ranks[i]) for i in nearest.unique() if 0 <= i < len(ranks)}


def street_sites(results: Results, street: str, places: Mapping[int, Place]) -> list[ChosenSite]:
    """New sites serving a street, in build order.

    A site serves a street when it stands in it, serves one of its gaps, or
    newly covers people in it (``newly_by_community``; in files written before
    it, when it is the nearest outlet of people there not covered today).
    """
    if results.siting is None:
        return []
    gaps = {g.rank for g in street_gaps(results, street)}
    chosen = sorted(results.siting.chosen, key=lambda c: c.rank)
    if any(site.newly_by_community for site in chosen):
        reaching = {s.rank for s in chosen if (street_gain(s, street) or 0.0) > 0.5}
    else:  # written before the sites' gains by community
        reaching = _sites_reaching(results, street)
    return [
        site
        for site in chosen
        if (places.get(site.rank) or Place(None, None)).township == street
        or gaps.intersection(site.gaps)
        or site.rank in reaching
    ]


def street_demand(results: Results, street: str, layer: str = "demand") -> pd.DataFrame | None:
    """The demand units of a street (by their ``township`` column), or ``None``."""
    demand = results.layers.get(layer)
    if demand is None or "township" not in demand.columns:
        return None
    part: pd.DataFrame = demand[demand["township"].astype(str) == street]
    return part
