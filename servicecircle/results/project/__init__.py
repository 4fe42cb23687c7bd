"""A saved planning project: one GeoPackage with settings, layers and scenarios.

A :class:`Project` holds the study-area settings, the layers shared by every
scenario (demand, outlets, boundaries, ...) and any number of
:class:`Scenario` objects (their parameters and results). :func:`save_project`
writes it all to ONE GeoPackage that QGIS opens directly:

* every layer is a standard GeoPackage feature table (scenario layers are
  named ``s01_chosen``, ``s02_demand``, ... and carry the scenario name in
  their GeoPackage identifier, which QGIS shows);
* every table is a standard GeoPackage attribute table;
* ``sc_scenarios`` lists the scenarios with their parameters as JSON;
* ``sc_project`` (key / value, JSON values) holds the settings and what is
  needed to restore every column exactly (dtype, index, original names).

Saving is atomic: the file is written next to the target under a temporary
name, flushed to disk and then moved over the target with :func:`os.replace`,
so a failure or a killed process leaves the previous file intact. A save never
replaces a file that is not a servicecircle project. :func:`update_project`
and :func:`add_scenario` load, change and save under the project's lock, so
concurrent writers queue and no scenario is lost. :func:`load_project` opens
any file a planner chooses without trusting it.

:func:`compare_scenarios`, :func:`demand_changes` and :func:`sites_changed`
put two scenarios side by side.

Modules: :mod:`.model` (the objects), :mod:`.encoding` (frames <-> tables),
:mod:`.writing`, :mod:`.reading`, :mod:`.update`, :mod:`.lock`,
:mod:`.foreign` (what a file that is not a project holds), :mod:`.outputs` (a
scenario from the CLI's output folder), :mod:`.coverage` (a scenario's coverage,
from :func:`servicecircle.coverage.coverage_table`) and :mod:`.compare`.
A save that cannot be written (full disk, read-only folder) is explained by
:func:`servicecircle._io.output_error`, as every other failed write.
"""

from __future__ import annotations

from servicecircle.results.project.compare import compare_scenarios, demand_changes, sites_changed
from servicecircle.results.project.coverage import has_plan, plan_coverage_table, scenario_coverage
from servicecircle.results.project.encoding import (
    FORMAT_NAME,
    FORMAT_VERSION,
    META_TABLE,
    SCENARIO_TABLE,
)
from servicecircle.results.project.lock import LOCK_TIMEOUT_S, lock_path, project_lock
from servicecircle.results.project.model import Project, Scenario, frames_equal
from servicecircle.results.project.outputs import scenario_from_outputs
from servicecircle.results.project.reading import load_project
from servicecircle.results.project.update import add_scenario, update_project
from servicecircle.results.project.writing import save_project

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LOCK_TIMEOUT_S",
    "META_TABLE",
    "SCENARIO_TABLE",
    "Project",
    "Scenario",
    "add_scenario",
    "compare_scenarios",
    "demand_changes",
    "frames_equal",
    "has_plan",
    "load_project",
    "lock_path",
    "plan_coverage_table",
    "project_lock",
    "save_project",
    "scenario_coverage",
    "scenario_from_outputs",
    "sites_changed",
    "update_project",
]
