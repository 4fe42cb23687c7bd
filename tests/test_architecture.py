"""The shape of the code stays as issue 12 left it.

Import contracts (import-linter, configured in ``pyproject.toml``): the
pipeline flows one way, the library never imports Streamlit, siting stays a
geometry-free matrix engine. Library modules stay under about 400 lines
(string tables apart) and functions under 60 lines of code (docstrings
apart) unless a ``# long:`` comment right above the ``def`` says why. The
package listing reads as the pipeline.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LIBRARY = REPO / "servicecircle"
STRING_TABLES = {"zh.py", "en.py"}
MODULE_LINES = 420
FUNCTION_LINES = 60
REASON = "# long:"


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def test_import_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    if not lint.exists():
        pytest.skip("import-linter is a dev dependency")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_imports_itself_round_a_cycle():
    """No two library modules import each other, directly or through others.

    Function-level imports count (they hide a cycle, they do not remove it);
    imports only for the type checker do not run and are left out.
    """
    grimp = pytest.importorskip("grimp")  # comes with import-linter
    graph = grimp.build_graph("servicecircle", cache_dir=None, exclude_type_checking_imports=True)
    cycles = sorted(
        {
            " <-> ".join(sorted((module, imported)))
            for module in graph.modules
            for imported in graph.find_modules_directly_imported_by(module)
            if graph.chain_exists(imported=module, importer=imported)
        }
    )
    assert not cycles, cycles


def test_library_modules_stay_small():
    long = {}
    for path in _modules(LIBRARY):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINES and path.name not in STRING_TABLES:
            long[str(path.relative_to(REPO))] = lines
    assert not long, f"split these by concern: {long}"


def _unexplained_long_functions(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        assert node.end_lineno is not None
        body = node.body
        has_doc = isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
        start = body[1].lineno if has_doc and len(body) > 1 else body[0].lineno
        if node.end_lineno - start + 1 <= FUNCTION_LINES:  # the code, not the docstring
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        above = lines[first - 2].strip() if first >= 2 else ""
        if not above.startswith(REASON):
            found.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}")
    return found


@pytest.mark.parametrize("folder", ["servicecircle", "app_pages"])
def test_long_functions_say_why(folder):
    found = [f for p in _modules(REPO / folder) for f in _unexplained_long_functions(p)]
    assert not found, f"split these, or say why above the def with '{REASON} ...': {found}"


def test_the_package_listing_reads_as_the_pipeline():
    stages = [
        "inputs",
        "network",
        "demand",
        "supply",
        "reach",
        "isochrones",
        "coverage",
        "siting",
        "planning",
        "results",
        "maps",
        "report",
        "i18n",
    ]
    packages = {p.name for p in LIBRARY.iterdir() if (p / "__init__.py").exists()}
    assert set(stages) <= packages, sorted(set(stages) - packages)
    order = (LIBRARY / "__init__.py").read_text(encoding="utf-8")
    positions = [order.find(f"``{stage}``") for stage in stages]
    assert -1 not in positions, "the package docstring names every stage"
    assert positions == sorted(positions), "in pipeline order"


#: Test folders that mirror no library package: the app, the browser, sample data.
TEST_FOLDERS_BESIDE_STAGES = {"app", "e2e", "data", "benchmarks"}
#: Whole-project checks, and the tests of the top-level modules, stay at the top.
TOP_LEVEL_TESTS = {"test_architecture.py", "test_doctests.py", "test_quality.py", "test_memory.py"}


def test_tests_mirror_the_library():
    """``tests/<stage>/test_<module>.py``: each test folder is a library package."""
    tests = REPO / "tests"
    packages = {p.name for p in (REPO / "servicecircle").iterdir() if (p / "__init__.py").exists()}
    folders = {p.name for p in tests.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    assert folders - TEST_FOLDERS_BESIDE_STAGES <= packages, folders - packages
    assert {p.name for p in tests.glob("test_*.py")} <= TOP_LEVEL_TESTS


#: Packages whose names load on first use (:func:`servicecircle._lazy.lazy_exports`).
LAZY_PACKAGES = sorted(
    ".".join(p.parent.relative_to(REPO).parts)
    for p in LIBRARY.rglob("__init__.py")
    if "lazy_exports(" in p.read_text(encoding="utf-8")
)


def _type_checking_imports(init: Path) -> dict[str, str]:
    """Name -> module of the ``from ... import`` lines under ``if TYPE_CHECKING:``."""
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for line in node.body:
                if isinstance(line, ast.ImportFrom) and line.module:
                    found.update({a.asname or a.name: line.module for a in line.names})
    return found


def test_some_packages_load_their_names_on_first_use() -> None:
    assert {"servicecircle.network", "servicecircle.demand", "servicecircle.coverage"} <= set(
        LAZY_PACKAGES
    )


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_a_lazy_package_exports_what_type_checkers_see(package: str) -> None:
    """Every name of ``__all__`` is the object the ``TYPE_CHECKING`` import names, and no more."""
    import importlib

    module = importlib.import_module(package)
    seen = _type_checking_imports(Path(str(module.__file__)))
    assert set(seen) == set(module.__all__)
    assert set(module.__all__) <= set(dir(module))
    for name, home in seen.items():
        assert getattr(module, name) is getattr(importlib.import_module(home), name), name
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018 - the lookup is the test
