"""Many regions at once: each region run on its halo, people served across borders.

A province is too large for one process, so it is run region by region
(counties or townships), each on the roads and outlets of its *halo*: the
region grown by the farthest any travel mode gets within the longest time
measured, plus a margin (:mod:`.halo`). Outlets and roads just across a
border then serve the region's people as they would in one run over the whole
area, while every demand unit is counted by exactly one region
(:mod:`.membership`).

Modules: :mod:`.regions` (the regions file, a grid, admin boundaries),
:mod:`.extract_regions` (the regions without a file: the extract's own admin
boundaries, or a grid over it), :mod:`.halo` (the halo distance and polygon), :mod:`.jobs`
(:class:`~.jobs.RegionJob`, :class:`~.jobs.RegionOutcome`: picklable),
:mod:`.region_run` (:func:`~.region_run.run_region`: one region, never
raising), :mod:`.region_area` (the halo cut and the region's coverage),
:mod:`.region_siting` (new sites with the neighbours' outlets fixed),
:mod:`.region_unserved` (a region no outlet reaches: nobody covered) and
:mod:`.split` (the extract cut once into one small file per region); the
driver: :mod:`.job_list` (the jobs and their cuts), :mod:`.cluster` (Dask),
:mod:`.driver` (one task per region, resumable), :mod:`.markers`,
:mod:`.gather` and :mod:`.summary_table` (the gathered results). The border
pass after siting: :mod:`.border_bands` (one band per shared border),
:mod:`.border_run` (a band's sites re-solved with every other site fixed),
:mod:`.border_step` (the bands as tasks, and what they changed per region),
:mod:`.border_final` (the final sites per region) and :mod:`.border_regions`
(each region whose sites moved run again with its final sites, so that its
own files state them).
"""
