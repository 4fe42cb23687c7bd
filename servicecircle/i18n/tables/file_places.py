"""Where a row of a census or key-groups file is (``servicecircle.demand.file_places``)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.demand.place.row": "{source} 第 {row} 行",
    "msg.demand.place.feature": "{source} 第 {row} 个要素",
    "msg.demand.place.key": "{source} 中的“{key}”",
}

EN: dict[str, str] = {
    "msg.demand.place.row": "{source} row {row}",
    "msg.demand.place.feature": "{source} feature {row}",
    "msg.demand.place.key": "{source} '{key}'",
}
