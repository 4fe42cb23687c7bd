"""The command line starts lean: heavy modules are imported only where they are used.

Each check runs in a fresh interpreter and reads ``sys.modules``; no wall-clock
assertion (the machine may be busy). The benchmark peers (pandana,
scikit-learn) are installed in the test environment, so these tests also show
that pyrosm does not pull them in.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

#: Never needed to start the command line or to describe a study area.
HEAVY = (
    "pandana",
    "sklearn",
    "weasyprint",
    "matplotlib",
    "folium",
    "osmnx",
    "highspy",
    "numba",
    "streamlit",
)

#: Also never needed to describe a study area: SciPy (the network builder's graph routines)
#: and networkx (pyrosm's graph export, osmnx).
NOT_FOR_INFO = (*HEAVY, "scipy", "networkx", "servicecircle.network.graph")


def loaded_after(code: str, names: tuple[str, ...] = HEAVY) -> list[str]:
    """The modules of ``names`` loaded after running ``code`` in a fresh interpreter."""
    script = (
        "import contextlib, io, json, sys\n"
        "with contextlib.redirect_stdout(io.StringIO()), "
        "contextlib.redirect_stderr(io.StringIO()):\n"
        f"    {code}\n"
        f"print(json.dumps([m for m in {list(names)!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_command_line_loads_no_heavy_module() -> None:
    assert loaded_after("import servicecircle.cli") == []


def test_info_on_the_sample_loads_no_heavy_module() -> None:
    code = (
        "import servicecircle.cli as cli; status = cli.main(['info', 'sample']); "
        "assert status == 0, status"
    )
    assert loaded_after(code, NOT_FOR_INFO) == []


def test_pyrosm_imported_without_pandana_which_stays_importable() -> None:
    if importlib.util.find_spec("pandana") is None:
        pytest.skip("pandana (bench extra) is not installed")
    code = (
        "from servicecircle.inputs.pyrosm_import import import_pyrosm; "
        "pyrosm = import_pyrosm(); assert pyrosm.OSM; "
        "assert 'pandana' not in sys.modules and 'sklearn' not in sys.modules; "
        "import pandana; assert pandana.Network"
    )
    assert loaded_after(code) == ["pandana", "sklearn"]


def test_pyrosm_imported_without_networkx_which_stays_importable() -> None:
    """networkx (a runtime dependency, of osmnx) is hidden from pyrosm only."""
    code = (
        "from servicecircle.inputs.pyrosm_import import import_pyrosm; "
        "pyrosm = import_pyrosm(); assert pyrosm.OSM; "
        "assert 'networkx' not in sys.modules; "
        "import networkx; assert networkx.MultiDiGraph"
    )
    assert loaded_after(code, ("networkx",)) == ["networkx"]


def _freeze_count_after(call: str) -> int:
    """``gc.get_freeze_count()`` after ``call`` (``main(...)``) in a fresh interpreter."""
    script = (
        "import contextlib, gc, io, sys\n"
        "sys.argv = ['servicecircle', 'info', 'sample']\n"
        "from servicecircle.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = {call}\n"
        "assert status == 0, status\n"
        "print(gc.get_freeze_count())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True
    )
    return int(done.stdout.strip().splitlines()[-1])


def test_a_command_from_the_shell_leaves_what_it_built_to_the_exit() -> None:
    """Run as ``servicecircle info sample`` its objects are frozen; a caller of main is not."""
    assert _freeze_count_after("main()") > 10_000  # the study area, its frames, the modules
    assert _freeze_count_after("main(['info', 'sample'])") == 0
