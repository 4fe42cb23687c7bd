"""Words of a batch's special regions and of its border pass (:mod:`servicecircle.batch`).

A region without demand or without any outlet in reach (``batch.note.*``, the
summary table's note column); the border pass that re-solves the sites along
each shared border (``msg.batch.border.*``, ``batch.border.*``).
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "batch.col.note": "说明",
    "batch.note.no_demand": "区内没有需求单元（无住宅、居住用地或需求点），无人需要服务，按 0 人计",
    "batch.note.no_outlets": (
        "区内及周边服务圈可及范围内没有现有网点：全部人口未覆盖，全部有人居住的单元均为缺口，"
        "是最需要新设网点的区域"
    ),
}

EN: dict[str, str] = {
    "batch.col.note": "Note",
    "batch.note.no_demand": (
        "no demand unit in the region (no homes, residential land or demand points): "
        "nobody to serve, counted as 0 people"
    ),
    "batch.note.no_outlets": (
        "no outlet today in the region or within reach around it: everybody out of reach, every "
        "populated unit a gap; the region that needs new outlets most"
    ),
}
