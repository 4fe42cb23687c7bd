"""The set of print maps holds one page per township (street) with an outline."""

from __future__ import annotations

from pathlib import Path

from servicecircle.maps.print_set import print_set, write_print_maps
from servicecircle.results.bundle import Results
from tests.maps.print_run import TOWNSHIPS, print_run


def test_every_township_gets_a_page_after_the_whole_area_pages() -> None:
    run = print_run().results
    names = [name for name, _draw in print_set(run, lang="zh", size="A4")]
    townships = [name for name in names if name.endswith("覆盖") and "街道" in name]
    assert [name.split("_", 1)[1] for name in townships] == [f"{t}覆盖" for t in sorted(TOWNSHIPS)]
    assert names.index(townships[0]) == len(names) - len(TOWNSHIPS)  # after the site pages
    english = [name for name, _draw in print_set(run, lang="en", size="A3")]
    assert english[-len(TOWNSHIPS) :] == [
        f"{n:02d}_coverage_{t}" for n, t in enumerate(sorted(TOWNSHIPS), start=len(english) - 1)
    ]


def test_a_township_without_an_outline_or_a_slash_in_its_name(tmp_path: Path) -> None:
    run = print_run().results
    units = run.layers["units"].copy()
    east, west = sorted(TOWNSHIPS)[0], sorted(TOWNSHIPS)[1]
    is_east = (units["level"].astype(str) == "township") & (units["name"] == east)
    units.loc[is_east, "geometry"] = None  # no outline: no page
    units.loc[units["name"] == west, "name"] = "西/街道"
    layers = {**run.layers, "units": units}
    changed = Results(coverage=run.coverage, siting=run.siting, layers=layers)
    pages = [name for name, _draw in print_set(changed, lang="zh", size="A4")]
    assert not any(east in name for name in pages)
    written = write_print_maps(changed, tmp_path, lang="zh", formats=("png",), dpi=30)
    assert written[-1].name.endswith("西_街道覆盖.png") and written[-1].parent == tmp_path
