"""Words of ``servicecircle batch``: the Dask driver, its progress, and the gathered tables.

Messages of :mod:`servicecircle.batch.cluster`, :mod:`servicecircle.batch.driver`,
:mod:`servicecircle.batch.gather` and :mod:`servicecircle.cli.batch_command`;
the summary table's headers (``batch.col.*``) and status words (``batch.status.*``).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.batch.bad_scheduler": (
        "--scheduler 应为 local（在本机启动 Dask 集群）或调度器地址 tcp://主机:端口，"
        "而不是「{value}」。"
    ),
    "msg.batch.scheduler_unreachable": (
        "无法连接 Dask 调度器 {address}（{detail}）。请确认调度器（dask scheduler）和至少一个"
        "计算节点（dask worker）已启动、端口可访问，或改用 --scheduler local 在本机计算。"
    ),
    "msg.batch.duplicate_codes": (
        "区域编码须各不相同（每个区域的结果写入以编码命名的文件夹），以下编码重复：{codes}。"
        "请在区域文件中修改编码后重试。"
    ),
    "msg.batch.region_failed": "区域 {code}（{name}）计算失败：{error}",
    "msg.batch.worker_died": (
        "计算该区域的进程意外退出，很可能超出了每个进程 {limit_mb} MB 的内存上限；"
        "请用 --worker-memory 调高上限、减少 --workers，或把该区域划小后重新运行"
        "（已完成的区域会跳过）"
    ),
    "msg.batch.bar": "区域",
    "msg.batch.unit_mb": "MB（兆字节）",
    "msg.batch.local": "本机集群（LocalCluster）",
    "msg.batch.cluster_line": (
        "Dask：{scheduler}，{workers} 个计算进程（共 {threads} 个线程），每个进程内存上限 {memory}"
    ),
    "msg.batch.memory_unlimited": "未设定",
    "msg.batch.memory_mb": "{mb} MB（兆字节）",
    "msg.batch.dashboard": "Dask 监控面板：{address}",
    "msg.batch.no_dashboard": "未提供 Dask 监控面板（需安装 bokeh：pip install bokeh）",
    "msg.batch.skipping": "{skipped} 个区域此前已完成，本次跳过；计算其余 {pending} 个区域",
    "msg.batch.all_done_before": "全部 {total} 个区域此前均已完成，无需重新计算",
    "msg.batch.done_line": (
        "区域共 {total} 个：本次完成 {ran} 个，此前已完成 {skipped} 个，失败 {failed} 个；"
        "用时 {seconds} 秒"
    ),
    "msg.batch.failed_again": "失败的区域在重新运行本命令时会再次计算（已完成的区域会跳过）。",
    "msg.batch.nothing_to_gather": "没有已完成的区域，未生成区域结果图层文件。",
    "msg.batch.step.gather": "汇总各区域结果",
    # the summary table
    "batch.col.region_code": "区域编码",
    "batch.col.region_name": "区域名称",
    "batch.col.status": "状态",
    "batch.col.people": "人口",
    "batch.col.units": "需求单元数",
    "batch.col.covered_at": "{minutes} 分钟内覆盖人口",
    "batch.col.share_at": "{minutes} 分钟覆盖率（%）",
    "batch.col.covered_standard": "按服务标准覆盖人口",
    "batch.col.share_standard": "按服务标准覆盖率（%）",
    "batch.col.class_people": "{cls}人口",
    "batch.col.class_share": "{cls} {minutes} 分钟覆盖率（%）",
    "batch.col.outlets_in_region": "区内现有网点",
    "batch.col.outlets_in_halo": "区内及周边现有网点",
    "batch.col.sites_proposed": "建议新增网点",
    "batch.col.staff": "工作人员",
    "batch.col.people_per_staff": "每名工作人员服务人口",
    "batch.col.staff_per_10k": "每万人工作人员",
    "batch.col.cpu_s": "计算用时（CPU 秒）",
    "batch.col.wall_s": "计算用时（秒）",
    "batch.col.peak_mb": "进程内存峰值（MB）",
    "batch.col.error": "错误",
    "batch.total": "全部已完成区域",
    "batch.status.done": "完成",
    "batch.status.failed": "失败",
    "batch.status.pending": "未计算",
    "batch.file.summary": "区域汇总",
    "batch.file.layers": "区域结果",
    "batch.sheet.regions": "区域汇总",
    "batch.sheet.run": "计算情况",
    "batch.run.item": "项目",
    "batch.run.value": "数值",
    "batch.run.scheduler": "调度器",
    "batch.run.workers": "计算进程数",
    "batch.run.memory": "每个进程内存上限（MB）",
    "batch.run.regions": "区域数",
    "batch.run.wall_s": "本次用时（秒）",
}

EN: dict[str, str] = {
    "msg.batch.bad_scheduler": (
        "--scheduler must be local (start a Dask cluster on this machine) or a scheduler's "
        "address tcp://HOST:PORT, not '{value}'."
    ),
    "msg.batch.scheduler_unreachable": (
        "Cannot reach the Dask scheduler at {address} ({detail}). Check that the scheduler "
        "(dask scheduler) and at least one worker (dask worker) are running and that the port "
        "is open, or use --scheduler local to compute on this machine."
    ),
    "msg.batch.duplicate_codes": (
        "Region codes must differ (each region's results go into a folder named after its "
        "code); these clash: {codes}. Change the codes in the regions file and run again."
    ),
    "msg.batch.region_failed": "Region {code} ({name}) failed: {error}",
    "msg.batch.worker_died": (
        "the process computing this region stopped, most likely past its memory limit of "
        "{limit_mb} MB per process; raise it with --worker-memory, use fewer --workers, or "
        "split the region, and run again (regions already done are skipped)"
    ),
    "msg.batch.bar": "regions",
    "msg.batch.unit_mb": "MB",
    "msg.batch.local": "a LocalCluster on this machine",
    "msg.batch.cluster_line": (
        "Dask: {scheduler}, {workers} worker processes ({threads} threads in all), "
        "memory limit {memory} per process"
    ),
    "msg.batch.memory_unlimited": "none",
    "msg.batch.memory_mb": "{mb} MB",
    "msg.batch.dashboard": "Dask dashboard: {address}",
    "msg.batch.no_dashboard": "No Dask dashboard (it needs bokeh: pip install bokeh)",
    "msg.batch.skipping": "{skipped} regions were done before and are skipped; running {pending}",
    "msg.batch.all_done_before": "All {total} regions were done before; nothing to compute",
    "msg.batch.done_line": (
        "{total} regions: {ran} done now, {skipped} done before, {failed} failed; {seconds} s"
    ),
    "msg.batch.failed_again": (
        "The failed regions are computed again when this command runs again "
        "(regions already done are skipped)."
    ),
    "msg.batch.nothing_to_gather": "No region is done, so no gathered layers were written.",
    "msg.batch.step.gather": "gathering the regions' results",
    # the summary table
    "batch.col.region_code": "Region code",
    "batch.col.region_name": "Region name",
    "batch.col.status": "Status",
    "batch.col.people": "People",
    "batch.col.units": "Demand units",
    "batch.col.covered_at": "Covered within {minutes} min",
    "batch.col.share_at": "Share within {minutes} min (%)",
    "batch.col.covered_standard": "Covered by the service standard",
    "batch.col.share_standard": "Share by the service standard (%)",
    "batch.col.class_people": "{cls}: people",
    "batch.col.class_share": "{cls}: share within {minutes} min (%)",
    "batch.col.outlets_in_region": "Outlets in the region",
    "batch.col.outlets_in_halo": "Outlets in and around the region",
    "batch.col.sites_proposed": "New sites proposed",
    "batch.col.staff": "Staff",
    "batch.col.people_per_staff": "People per staff member",
    "batch.col.staff_per_10k": "Staff per 10,000 people",
    "batch.col.cpu_s": "CPU seconds",
    "batch.col.wall_s": "Seconds",
    "batch.col.peak_mb": "Peak process memory (MB)",
    "batch.col.error": "Error",
    "batch.total": "All regions done",
    "batch.status.done": "done",
    "batch.status.failed": "failed",
    "batch.status.pending": "not run",
    "batch.file.summary": "regions_summary",
    "batch.file.layers": "regions",
    "batch.sheet.regions": "Regions",
    "batch.sheet.run": "Run",
    "batch.run.item": "Item",
    "batch.run.value": "Value",
    "batch.run.scheduler": "Scheduler",
    "batch.run.workers": "Worker processes",
    "batch.run.memory": "Memory limit per process (MB)",
    "batch.run.regions": "Regions",
    "batch.run.wall_s": "Seconds this run",
}
