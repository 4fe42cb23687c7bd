"""Messages of a batch's regions (:mod:`servicecircle.batch`): the regions file, a region's run."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.batch.no_outlets": (
        "分区批量计算需要现有网点：请用 --outlets 给出网点点位文件（可为全省一个文件），"
        "或用 --outlets osm 取 OpenStreetMap 中的网点。"
    ),
    "msg.batch.no_candidates": (
        "分区 {region}（代码 {code}）内没有候选点位，无法为它选址；"
        "请给出落在该分区内的候选点位文件，或改用 auto 在缺口周边自动生成候选点位。"
    ),
}

EN: dict[str, str] = {
    "msg.batch.no_outlets": (
        "A batch over regions needs today's outlets: give a point file with --outlets (one file"
        " for the whole province will do), or --outlets osm to take them from OpenStreetMap."
    ),
    "msg.batch.no_candidates": (
        "Region {region} (code {code}) holds no candidate site, so no site can be chosen for it;"
        " give a candidates file with sites inside the region, or use auto to place candidates"
        " around its gaps."
    ),
}
