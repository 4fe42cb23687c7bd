"""What the command line and the app share: from the planner's inputs to a run ready to measure.

The steps before coverage is measured, in the order a run takes them:

1. :func:`load_area` loads the study area (clipped to a boundary), and
   :func:`with_user_boundaries` puts the planner's township/community
   boundaries in place of its own;
2. :func:`prepare_inputs` reads today's outlets (first, so that none found
   is said before the slow demand estimate), the relocation and industrial
   areas, the planner's demand points, buildings, census totals and
   population grid, estimates the demand, and sets the coverage settings and
   the outlets' service standard;
3. :func:`modes_needed` names the travel networks the coverage needs, and
   :func:`site_candidates` gathers the candidate sites of a siting run.

Nothing here prints or parses options: the inputs are a frozen
:class:`RunInputs` of plain values, and what a planner should read about
their files (a skipped row, a column taken as floors) goes to a ``note``
callable, by default the log.

Modules: :mod:`~servicecircle.workflow.inputs` (:class:`RunInputs`, the study
area, the planner's files) and :mod:`~servicecircle.workflow.prepare`
(:func:`prepare_inputs`, :func:`modes_needed`, :func:`site_candidates`).
"""
