"""Words of a batch's final runs and corners (:mod:`servicecircle.batch.border_regions`).

Each region whose sites the border pass moved has its own files restated with
its final sites (``msg.batch.final.*``).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.batch.final.bar": "按最终网点重写区域结果",
    "msg.batch.final.line": (
        "边界二次优化调整了 {count} 个区域的网点：这些区域文件夹中的选址结果、"
        "工作簿已按最终网点重写（首轮选址见边界二次优化表）"
    ),
    "msg.batch.final.failed": (
        "{name}（{code}）未能按最终网点重写区域结果：{error}。该区域文件夹仍为首轮选址，"
        "最终网点以区域结果汇总为准；重新运行本命令会再试"
    ),
}

EN: dict[str, str] = {
    "msg.batch.final.bar": "region files restated",
    "msg.batch.final.line": (
        "The border pass changed the sites of {count} region(s): their folders' siting results "
        "and workbooks now state the final sites (the first pass's are in the border table)"
    ),
    "msg.batch.final.failed": (
        "{name} ({code}): its files could not be restated with the final sites: {error}. Its "
        "folder still states the first pass's sites; the gathered results hold the final ones. "
        "Run the command again to retry"
    ),
}
