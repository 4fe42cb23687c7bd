"""What the command line prints about a run: results, demand quality, census audit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servicecircle.cli.language import said
from servicecircle.i18n.message import msg

if TYPE_CHECKING:
    from servicecircle.planning.plan import SitingPlan
    from servicecircle.results.demand_records import DemandQualitySummary
    from servicecircle.results.schema import CoverageSummary, OffNetwork


def print_census_audit(audit: Sequence[Mapping[str, Any]]) -> None:
    """Print the census audit: per unit the estimate, the census total and their ratio."""
    if not audit:
        return
    print("census totals (estimate -> census, ratio):")
    for row in audit:
        name = row.get("census_name") or "/".join(
            str(v) for v in (row.get("township"), row.get("community")) if v
        )
        estimate, census, ratio = row.get("estimate"), row.get("census"), row.get("ratio")
        numbers = f"{estimate:,.0f}" if estimate is not None else "-"
        numbers += f" -> {census:,.0f}" if census is not None else ""
        numbers += f", x{ratio:.2f}" if ratio is not None else ""
        print(f"  {name or row.get('level')}: {numbers}; {row.get('status')}")


def _count(value: float | None) -> str:
    """A count with thousands separators; ``-`` when missing.

    >>> _count(12345.6), _count(None)
    ('12,346', '-')
    """
    return f"{value:,.0f}" if isinstance(value, int | float) else "-"


def _band(band: tuple[float, float]) -> str:
    """An expected range.

    >>> _band((1000.0, 40000.0))
    '1,000-40,000'
    """
    return f"{band[0]:,.0f}-{band[1]:,.0f}"


def _densities(quality: DemandQualitySummary) -> str:
    """The densities with their bands, in one clause (residential land only when there is some)."""
    clause = (
        f"{_count(quality.density_study_area)} per km² of the study area "
        f"(expected {_band(quality.band_study_area)})"
    )
    if quality.density_residential_land is not None:
        clause += (
            f", {_count(quality.density_residential_land)} per km² of residential land "
            f"(expected {_band(quality.band_residential_land)})"
        )
    return clause


def _shares(quality: DemandQualitySummary) -> list[str]:
    """Where the people come from, as ``"tagged levels 40%"`` parts (shares above 0)."""
    return [
        f"{label} {value:.0%}"
        for label, value in (
            ("tagged levels", quality.share_tagged_levels),
            ("assumed levels", quality.share_assumed_levels),
            ("land at a density", quality.share_from_land),
            ("grid cells", quality.share_from_grid),
        )
        if value is not None and value > 0
    ]


def demand_quality_lines(quality: DemandQualitySummary | None) -> list[str]:
    """``summary.json``'s ``demand_quality`` as the lines the command line prints.

    The final estimate's densities, profile and level shares; the map
    estimate's densities when top-down totals changed them; then the warning
    and any notes.
    """
    if quality is None:
        return []
    applied = list(quality.top_down)
    after = f", after the {' and '.join(applied)}" if applied else ""
    shares = _shares(quality)
    lines = [
        f"demand quality{after}: {_count(quality.residents)} residents, {_densities(quality)}; "
        f"profile: {quality.profile_label or quality.profile}"
        + (f"; people from {', '.join(shares)}" if shares else "")
    ]
    before = quality.map_estimate
    if applied and before is not None:
        lines.append(
            f"  the map estimate alone: {_count(before.residents)} residents, {_densities(before)}"
        )
    if quality.warning:
        lines.append(said(msg("msg.cli.warning_line", warning=quality.warning)))
    lines.extend(said(msg("msg.cli.note_line", note=note)) for note in quality.notes)
    return lines


def off_network_line(off_network: OffNetwork) -> str:
    """``summary.json``'s ``off_network`` in one line."""
    limit = f"{off_network.limit_m:,.0f} m"
    units = off_network.units
    if units == 0:
        return f"off the road network: nobody (every demand unit lies within {limit} of a road)"
    return (
        f"off the road network: {_count(off_network.people)} people in {units:,} "
        f"place{'s' if units != 1 else ''} farther than {limit} "
        "from any road (listed apart from the gaps: layer off_network of analysis.gpkg)"
    )


def missing_unit_lines(summary: CoverageSummary) -> list[str]:
    """A line for each level (township, community) the run has no coverage table of.

    The by-unit tables (``units`` in ``analysis.gpkg``, ``summary.json``)
    hold no row of a level without boundaries; this says so and how to give them.
    """
    from servicecircle.i18n.message import msg

    levels = {unit.level for unit in summary.units}
    return [
        str(msg(f"msg.admin.no_{level}_units_cli"))
        for level in ("township", "community")
        if level not in levels
    ]


def print_demand_summary(summary: CoverageSummary) -> None:
    """Print the demand quality, the people off the road network and the units missing."""
    for line in demand_quality_lines(summary.demand_quality):
        print(line)
    print(off_network_line(summary.off_network))
    for line in missing_unit_lines(summary):
        print(line)


def print_coverage(summary: CoverageSummary) -> None:
    """Print today's coverage in one line: people, outlets, shares by break, gaps."""
    shares = ", ".join(
        f"{k} min {v:.1%}" for k, v in summary.coverage_share.items() if v is not None
    )
    print(
        f"{summary.population_total or 0.0:,.0f} people, {summary.n_outlets} outlets: {shares}; "
        f"{len(summary.gaps)} gaps, {len(summary.must_cover_uncovered)} must-cover areas "
        "not covered"
    )


def print_plan(plan: SitingPlan, n_candidates: int) -> None:
    """Print the plan: the model's result in one line, then each chosen site and why."""
    from servicecircle.planning.naming import site_label

    result = plan.result
    print(
        f"{plan.request.model}: {len(result.sites)} new outlets from {n_candidates} candidates, "
        f"coverage {result.share_before:.1%} -> {result.share_after:.1%}; status "
        f"{result.status}, objective {result.objective:,.1f}, bound {result.bound:,.1f}, "
        f"gap {result.gap:.2%}"
    )
    for _, row in plan.chosen.iterrows():
        print(f"  {site_label(int(row['rank']), row['name'], 'en')}: {row['reasons']}")


def print_written(paths: Iterable[Path | str]) -> None:
    """Print ``wrote PATH`` for each file written."""
    for path in paths:
        print(f"wrote {path}")
