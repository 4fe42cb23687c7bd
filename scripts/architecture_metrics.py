"""Print the figures of the architecture guide's table for the current tree.

Usage: ``python scripts/architecture_metrics.py [--ruff-all]``

Counts library modules over 400 lines (string tables named apart), functions
over 60 lines (library and app pages), import cycles between modules of the
library (grimp), ``.get("...")`` reads on result dicts outside the results
package, the ``mypy --strict`` errors and, with ``--ruff-all``, the findings of
ruff's ALL rule set. Reads the tree; writes nothing.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "servicecircle"
PAGES = ROOT / "app_pages"
STRING_TABLES = {"zh.py", "en.py"}
MODULE_LINES = 400
FUNCTION_LINES = 60


def _python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def long_modules() -> list[tuple[int, str]]:
    """Library modules over :data:`MODULE_LINES` lines, string tables excluded."""
    found = []
    for path in _python_files(LIBRARY):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINES and path.name not in STRING_TABLES:
            found.append((lines, str(path.relative_to(ROOT))))
    return sorted(found, reverse=True)


def long_functions(folders: list[Path]) -> list[tuple[int, str]]:
    """Functions (and methods) whose body spans more than :data:`FUNCTION_LINES` lines."""
    found = []
    for folder in folders:
        for path in _python_files(folder):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    assert node.end_lineno is not None
                    span = node.end_lineno - node.lineno + 1
                    if span > FUNCTION_LINES:
                        where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
                        found.append((span, where))
    return sorted(found, reverse=True)


def import_cycles() -> list[str]:
    """Module-level import cycles inside the library, function-level imports included."""
    import grimp

    graph = grimp.build_graph("servicecircle", cache_dir=None)
    cycles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(imported=module, importer=imported):
                cycles.add(" <-> ".join(sorted((module, imported))))
    return sorted(cycles)


def result_dict_reads() -> int:
    """``.get("...")`` calls outside ``servicecircle/results`` on names of result dicts."""
    pattern = re.compile(r"\b(summary|siting|quality|coverage|plan|result|results)\w*\.get\(\"")
    count = 0
    for folder in (LIBRARY, PAGES):
        for path in _python_files(folder):
            if "results" in path.relative_to(ROOT).parts[1:2]:
                continue
            count += len(pattern.findall(path.read_text(encoding="utf-8")))
    return count


def _count_lines(command: list[str], marker: str) -> str:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    out = done.stdout + done.stderr
    last = [line for line in out.splitlines() if marker in line]
    return last[-1] if last else out.strip().splitlines()[-1] if out.strip() else "?"


def main() -> None:
    """Print the table."""
    modules = long_modules()
    functions = long_functions([LIBRARY, PAGES])
    cycles = import_cycles()
    print(f"library modules over {MODULE_LINES} lines (string tables apart): {len(modules)}")
    for lines, name in modules:
        print(f"    {lines:5d} {name}")
    print(f"functions over {FUNCTION_LINES} lines (library + app pages): {len(functions)}")
    for span, where in functions[:15]:
        print(f"    {span:5d} {where}")
    print(f"module pairs in an import cycle: {len(cycles)}")
    for cycle in cycles[:20]:
        print(f"    {cycle}")
    print(f'.get("...") on result dicts outside results/: {result_dict_reads()}')
    mypy = [sys.executable, "-m", "mypy", "--strict", "servicecircle"]
    print("mypy --strict:", _count_lines(mypy, "Found"))
    if "--ruff-all" in sys.argv:
        ruff = [sys.executable, "-m", "ruff", "check", "--select", "ALL", "--statistics"]
        done = subprocess.run(
            [*ruff, "servicecircle", "app_pages"], cwd=ROOT, capture_output=True, text=True
        )
        total = sum(int(line.split()[0]) for line in done.stdout.splitlines() if line[:1].isdigit())
        print(f"ruff ALL findings (servicecircle, app_pages): {total}")


if __name__ == "__main__":
    main()
