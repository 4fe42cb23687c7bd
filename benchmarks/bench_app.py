"""Benchmark the app's re-run: change a break or an outlet, measure coverage again.

Target (issue 5): after the study area is loaded, changing a break or an
outlet and re-running coverage for a 30,000-node network takes under 2 s;
a 30,000-node county stays under 2 GB resident.

Data: the shared Liechtenstein extract (about 28,000 walking nodes) when
present, else a ≈100,000-node synthetic grid. Demand with the default
assumptions; ``--outlets`` existing outlets (OSM premises first, topped up
with random network points), all community service windows (walk, 15 min).

Timed, with the area loaded and the networks built once beforehand (what the
app caches with ``st.cache_resource``):

1. ``coverage_from(..., networks=..., with_isochrones=True)`` as loaded;
2. after changing the breaks (5, 10, 15 -> 5, 10, 20);
3. after moving one outlet by about 300 m;
4. after adding one outlet.

Then the edit on the Outlets page (issue 13): with today's coverage measured
once through :class:`CoverageEditor` (one search and one service area per
outlet, kept), one outlet is moved by about 300 m and the coverage measured
again from the kept outlets plus one new search (CPU and wall time, with and
without the isochrones). The result must equal a fresh full
``coverage_from`` run (shares, tables, minutes, flags): the script exits
non-zero otherwise, and when the update takes 2 s of CPU time or more.

Every timed coverage is checked against a fresh library run (``coverage_from``
with its own networks, no cache): the covered people per break, the demand
columns, the tables and the gaps must be equal, or the script exits non-zero.
The AppTest page's coverage after each break change is checked the same way.
``--quick``: one repeat (and a 60 × 60 grid without the extract);
``--wrong-peer`` alters the fresh run's answer on purpose, to check that a
disagreement fails the run.

Then, unless ``--no-apptest``, the same through the real app with
Streamlit's AppTest: upload the extract, load it, take outlets from OSM, open
the Coverage page, and time the script re-run after changing the break
widget (the whole page: coverage, tables and the folium map).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/bench_app.py
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from _common import (  # isort: skip
    LIECHTENSTEIN,
    REPO,
    Agreement,
    blas_note,
    load_area,
    peak_rss_mb,
    points_on_network,
)
from servicecircle.coverage import Coverage, CoverageSettings, coverage_from, networks_for
from servicecircle.coverage.incremental import CoverageEditor
from servicecircle.demand import demand_from_area
from servicecircle.errors import InputDataError
from servicecircle.inputs.crs import WGS84
from servicecircle.supply.outlets import outlets_from_osm, prepare_outlets

TARGET_S = 2.0
TARGET_MB = 2048.0


def _outlets(area, network, count: int, seed: int) -> gpd.GeoDataFrame:  # type: ignore[no-untyped-def]
    """``count`` outlets: OSM premises first, then random points beside the network."""
    try:
        osm = outlets_from_osm(area).head(count)
    except InputDataError:  # no premises in OSM (the synthetic grid): random points only
        osm = gpd.GeoDataFrame({"name": []}, geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)
    missing = count - len(osm)
    parts = [osm[["name", "geometry"]].to_crs(WGS84)] if len(osm) else []
    if missing > 0:
        points = points_on_network(network, missing, seed=seed)
        parts.append(
            gpd.GeoDataFrame(
                {"name": [f"random {i + 1}" for i in range(missing)]}, geometry=points, crs=WGS84
            )
        )
    raw = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=WGS84)
    return prepare_outlets(raw.assign(outlet_type="community_window"), area=area)


def points_on_network_for(area, *, seed: int) -> shapely.Point:  # type: ignore[no-untyped-def]
    """One random point beside the walking network of ``area`` (WGS-84)."""
    from servicecircle.network import WALK, network_from_area

    return points_on_network(network_from_area(area, WALK), 1, seed=seed).iloc[0]


def _moved(outlets: gpd.GeoDataFrame, metres: float, crs) -> gpd.GeoDataFrame:  # type: ignore[no-untyped-def]
    local = outlets.to_crs(crs)
    first = local.geometry.iloc[0]
    geometry = local.geometry.copy()
    geometry.iloc[0] = shapely.Point(first.x + metres, first.y)
    return local.set_geometry(geometry).to_crs(WGS84)


def _moved_one(outlets: gpd.GeoDataFrame, metres: float, crs) -> gpd.GeoDataFrame:  # type: ignore[no-untyped-def]
    """``outlets`` with the first moved ``metres`` east; the others keep their exact coordinates."""
    point = outlets.geometry.iloc[[0]].to_crs(crs).iloc[0]
    there = gpd.GeoSeries([shapely.Point(point.x + metres, point.y)], crs=crs).to_crs(WGS84)
    geometry = outlets.geometry.copy()
    geometry.iloc[0] = there.iloc[0]
    return outlets.set_geometry(geometry)


def _differences(mine: Coverage, full: Coverage) -> list[str]:
    """What differs between an incremental and a full coverage (empty when the same)."""
    found = []
    for b in full.settings.breaks:
        if mine.covered(b) != full.covered(b):
            found.append(f"covered within {b:g} min: {mine.covered(b)} != {full.covered(b)}")
    columns = ["minutes_to_nearest", "reachable", "road_m", "off_network", "covered"]
    for column in columns:
        if not mine.demand[column].equals(full.demand[column]):
            found.append(f"demand column {column}")
    for name in ("by_class", "units", "must_cover", "off_network"):
        if not pd.DataFrame(getattr(mine, name)).equals(pd.DataFrame(getattr(full, name))):
            found.append(f"table {name}")
    if not mine.gaps.drop(columns="geometry").equals(full.gaps.drop(columns="geometry")):
        found.append("gaps")
    return found


def fresh_check(what: str, mine: Coverage, area, demand, outlets, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    """Compare ``mine`` with a fresh ``coverage_from`` run (own networks, no isochrones)."""
    fresh = coverage_from(area, demand, outlets, settings=mine.settings, with_isochrones=False)
    if args.wrong_peer:  # one demand unit's time changed on purpose
        column = fresh.demand["minutes_to_nearest"].copy()
        column.iloc[0] = column.iloc[0] + 1.0
        fresh.demand["minutes_to_nearest"] = column
    wrong = _differences(mine, fresh)
    args.agreement.check(not wrong, f"{what}: differs from a fresh library run: {wrong}")


def bench_edit(area, demand, networks, outlets, repeats: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Time moving one outlet on the Outlets page's engine; check it against a full run."""
    settings = CoverageSettings()
    times: dict[str, float] = {}
    editor = CoverageEditor(area, demand, settings=settings, networks=networks)
    wall, cpu = time.perf_counter(), time.process_time()
    editor.coverage(outlets, with_isochrones=True)
    times["edit: today's coverage, every outlet searched"] = time.perf_counter() - wall
    times["edit: (CPU) today's coverage"] = time.process_time() - cpu
    print(f"edit on the Outlets page (CoverageEditor, {len(outlets)} outlets, best of {repeats}):")
    for step, isochrones in enumerate((False, True)):
        best_wall, best_cpu = float("inf"), float("inf")
        for attempt in range(repeats):
            metres = 300.0 + 40.0 * (attempt + repeats * step)  # a new place each time
            moved = _moved_one(outlets, metres, area.local_crs())
            wall, cpu = time.perf_counter(), time.process_time()
            mine = editor.coverage(moved, with_isochrones=isochrones)
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        label = "with isochrones" if isochrones else "numbers and demand map"
        times[f"edit: one outlet moved, {label}"] = best_wall
        times[f"edit: (CPU) one outlet moved, {label}"] = best_cpu
        full = coverage_from(
            area, demand, moved, settings=settings, networks=networks, with_isochrones=False
        )
        wrong = _differences(mine, full)
        verdict = "equal" if not wrong else "DIFFERENT: " + ", ".join(wrong)
        largest = settings.breaks[-1]
        print(
            f"  one outlet moved, {label:<24} wall {best_wall:5.2f} s, CPU {best_cpu:5.2f} s "
            f"(within {largest:g} min: {mine.share(largest):.2%}; full run "
            f"{full.share(largest):.2%}; {verdict})"
        )
        if wrong:
            sys.exit(f"the incremental coverage differs from a full run: {', '.join(wrong)}")
    print(f"  searches run: {editor.searches}, service areas drawn: {editor.drawings}")
    return times


# long: the library's re-runs in turn, each timed and checked
def bench_library(args: argparse.Namespace) -> tuple[dict[str, float], gpd.GeoDataFrame]:
    times: dict[str, float] = {}
    start = time.perf_counter()
    area = load_area(args.pbf, synthetic=args.synthetic, grid=60 if args.quick else 317)
    times["load study area"] = time.perf_counter() - start
    start = time.perf_counter()
    demand = demand_from_area(area)
    if not len(demand.units):  # no buildings (the synthetic grid): people at random points
        from servicecircle.network import WALK, network_from_area

        points = points_on_network(network_from_area(area, WALK), 3_000, seed=args.seed + 3)
        people = gpd.GeoDataFrame(
            {"people": np.full(len(points), 10.0)}, geometry=points.to_numpy(), crs=WGS84
        )
        demand = demand_from_area(area, user_points=people, user_mode="replace")
    times["estimate demand"] = time.perf_counter() - start
    settings = CoverageSettings()
    modes = {settings.mode} | {kind.mode for kind in settings.outlet_types.values()}
    start = time.perf_counter()
    networks = networks_for(area, {"walk"}, settings=settings)
    times["build walk network"] = time.perf_counter() - start
    walk = networks["walk"]
    outlets = _outlets(area, walk, args.outlets, args.seed)
    print(
        f"area {area.name}: {walk.n_nodes:,} walking nodes, {walk.n_edges:,} edges; "
        f"{len(demand.units):,} demand points ({demand.total:,.0f} people); "
        f"{len(outlets)} outlets; modes of the outlet types: {sorted(modes)}"
    )

    def run(label: str, frame: gpd.GeoDataFrame, how: CoverageSettings) -> None:
        best = best_cpu = float("inf")
        for _ in range(args.repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = coverage_from(
                area, demand, frame, settings=how, networks=networks, with_isochrones=True
            )
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - start_cpu)
        times[label] = best
        largest = how.breaks[-1]
        print(
            f"  {label:<34} {best:6.2f} s wall {best_cpu:6.2f} s CPU  (within {largest:g} min: "
            f"{result.share(largest):.1%}, {len(result.isochrones)} isochrone rows, "
            f"{len(result.gaps)} gaps)"
        )
        fresh_check(label, result, area, demand, frame, args)

    coverage_from(area, demand, outlets, settings=settings, networks=networks)  # warm-up (JIT)
    print(f"coverage re-runs (best of {args.repeats}, networks built once):")
    run("as loaded (5, 10, 15 min)", outlets, settings)
    changed = replace(settings, breaks=(5.0, 10.0, 20.0))
    run("break changed (5, 10, 20 min)", outlets, changed)
    moved = _moved(outlets, 300.0, area.local_crs())
    run("one outlet moved 300 m", moved, settings)
    extra = gpd.GeoDataFrame(
        {"name": ["new outlet"], "outlet_type": ["community_window"]},
        geometry=points_on_network(walk, 1, seed=args.seed + 1).to_numpy(),
        crs=WGS84,
    )
    added = prepare_outlets(pd.concat([outlets, extra], ignore_index=True), area=area)
    run("one outlet added", added, settings)
    times.update(bench_edit(area, demand, networks, outlets, args.repeats))
    times["peak RSS MB"] = peak_rss_mb()
    return times, outlets


def bench_apptest(args: argparse.Namespace, outlets: gpd.GeoDataFrame) -> dict[str, float]:
    """Time the Coverage page's re-run after changing the break widget, in AppTest."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    path = Path(args.pbf) if args.pbf else LIECHTENSTEIN
    times: dict[str, float] = {}
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
    at.run()
    at.radio(key="study.source").set_value("upload").run()
    at.file_uploader(key="study.upload").upload(path.name, path.read_bytes()).run()
    start = time.perf_counter()
    at.button(key="study.load").click().run()
    times["app: load study area (page run)"] = time.perf_counter() - start
    at.switch_page("app_pages/outlets.py").run()
    at.radio(key="outlets.source").set_value("upload").run()
    table = pd.DataFrame(
        {
            "name": outlets["name"].astype(str),
            "lon": outlets.geometry.x,
            "lat": outlets.geometry.y,
            "outlet_type": outlets["outlet_type"],
        }
    )
    csv = table.to_csv(index=False).encode("utf-8")
    at.file_uploader(key="outlets.upload").upload("outlets.csv", csv).run()
    if len(at.session_state["result.outlets"]) != len(outlets):
        raise RuntimeError(f"the outlets page did not take the outlets: {at.error}")
    start = time.perf_counter()
    at.switch_page("app_pages/coverage.py").run()
    times["app: first coverage page run"] = time.perf_counter() - start
    if at.exception or at.error:
        raise RuntimeError(f"the coverage page failed: {at.exception or at.error}")
    for breaks in ([5.0, 10.0, 20.0], [5.0, 10.0, 25.0]):
        start = time.perf_counter()
        at.multiselect(key="coverage.breaks").set_value(breaks).run()
        times[f"app: page re-run, break -> {breaks[-1]:g} min"] = time.perf_counter() - start
        page = at.session_state["result.coverage"]
        assert page.settings.breaks == tuple(breaks)
        fresh_check(
            f"app coverage page, breaks {breaks}",
            page,
            at.session_state["area"],
            at.session_state["result.coverage.demand"],
            at.session_state["result.outlets"],
            args,
        )
    start = time.perf_counter()
    at.radio(key="coverage.view").set_value("units").run()
    times["app: page re-run, same coverage (cached)"] = time.perf_counter() - start
    # an outlet placed on the map of the Outlets page, then back to Coverage
    at.switch_page("app_pages/outlets.py").run()
    point = points_on_network_for(at.session_state["area"], seed=args.seed + 2)
    at.session_state["result.outlets.placed"] = [
        {"name": "new", "outlet_type": "community_window", "geometry": point}
    ]
    at.run()
    assert len(at.session_state["result.outlets"]) == len(outlets) + 1
    start = time.perf_counter()
    at.switch_page("app_pages/coverage.py").run()
    times["app: coverage page after adding an outlet"] = time.perf_counter() - start
    assert len(at.session_state["result.coverage"].outlets) == len(outlets) + 1
    times.update(_apptest_edit(at, outlets))
    print(f"app (AppTest, the same {len(outlets)} outlets uploaded; whole page incl. folium map):")
    for label, seconds in times.items():
        print(f"  {label:<44} {seconds:6.2f} s")
    times["peak RSS MB (after app)"] = peak_rss_mb()
    return times


def _apptest_edit(at, outlets: gpd.GeoDataFrame) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Move one outlet in the Outlets page's form; time the page; check it against a full run."""
    from servicecircle.network import mode_from_name, network_from_area

    times: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    at.switch_page("app_pages/outlets.py").run()
    times["app: Outlets page, every outlet searched"] = time.perf_counter() - wall
    times["app: (CPU) Outlets page, every outlet searched"] = time.process_time() - cpu
    for step, metres in enumerate((0.004, 0.006)):
        point = at.session_state["result.outlets"].geometry.iloc[0]
        at.selectbox(key="editing.outlet").set_value("f0").run()
        at.number_input(key="editing.lon").set_value(point.x + metres)
        wall, cpu = time.perf_counter(), time.process_time()
        at.button(key="editing.apply").click().run()
        label = f"app: Outlets page, one outlet moved ({step + 1})"
        times[label] = time.perf_counter() - wall
        times[label.replace("app: ", "app: (CPU) ")] = time.process_time() - cpu
        if at.exception or at.error:
            sys.exit(f"the Outlets page failed: {at.exception or at.error}")
    edited, demand = at.session_state["result.outlets.coverage"]
    moved = at.session_state["result.outlets"]
    area = at.session_state["area"]
    modes = {edited.settings.mode} | {t.mode for t in edited.settings.outlet_types.values()}
    networks = {m: network_from_area(area, mode_from_name(m)) for m in sorted(modes)}
    full = coverage_from(
        area, demand, moved, settings=edited.settings, networks=networks, with_isochrones=False
    )
    wrong = _differences(edited, full)
    largest = edited.settings.breaks[-1]
    print(
        f"  Outlets page after the move: within {largest:g} min {edited.share(largest):.2%}, "
        f"full library run {full.share(largest):.2%}: "
        f"{'equal' if not wrong else 'DIFFERENT: ' + ', '.join(wrong)}"
    )
    if wrong:
        sys.exit(f"the Outlets page's coverage differs from a full run: {', '.join(wrong)}")
    return times


# long: the library part, its verdicts, then the app part
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pbf", help="OSM extract (default: the shared Liechtenstein file)")
    parser.add_argument("--synthetic", action="store_true", help="use the synthetic grid")
    parser.add_argument("--outlets", type=int, default=20, help="existing outlets (default 20)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per case (best is kept)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-apptest", action="store_true", help="skip the AppTest timing")
    parser.add_argument("--quick", action="store_true", help="one repeat (60 x 60 grid w/o PBF)")
    parser.add_argument(
        "--wrong-peer", action="store_true", help="alter the fresh run's answer (self-check)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats = 1
    args.agreement = Agreement()
    print(blas_note())
    times, outlets = bench_library(args)
    reruns = [v for k, v in times.items() if k.startswith(("as loaded", "break", "one outlet"))]
    worst = max(reruns)
    print(
        f"worst re-run {worst:.2f} s (target < {TARGET_S:g} s: "
        f"{'met' if worst < TARGET_S else 'NOT met'}); "
        f"peak RSS {times['peak RSS MB']:.0f} MB (target < {TARGET_MB:.0f} MB: "
        f"{'met' if times['peak RSS MB'] < TARGET_MB else 'NOT met'})"
    )
    walls = [v for k, v in times.items() if k.startswith("edit: one outlet moved")]
    cpus = [v for k, v in times.items() if k.startswith("edit: (CPU) one outlet moved")]
    print(
        f"edit-to-update (one outlet moved) worst {max(walls):.2f} s wall, {max(cpus):.2f} s CPU "
        f"(target < {TARGET_S:g} s, judged on CPU time as wall time on a shared machine "
        f"counts the other processes too: {'met' if max(cpus) < TARGET_S else 'NOT met'})"
    )
    args.agreement.check(max(cpus) < TARGET_S, f"edit-to-update took {max(cpus):.2f} s of CPU")
    if not args.no_apptest and not args.synthetic and (Path(args.pbf or LIECHTENSTEIN)).is_file():
        app = bench_apptest(args, outlets)
        print(f"peak RSS after the app run {app['peak RSS MB (after app)']:.0f} MB")
    args.agreement.finish()


if __name__ == "__main__":
    main()
