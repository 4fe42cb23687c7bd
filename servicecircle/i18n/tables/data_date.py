"""The date of the map data in the report's method chapter, by what the date means.

See :mod:`servicecircle.inputs.data_date` (the bases ``as_of``,
``newest_edit``, ``downloaded``) and
:func:`servicecircle.report.quality_method.osm_date_text`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    "report.doc.dq.osm_date_as_of": "{date}（数据截至当日，据数据文件所记）",
    "report.doc.dq.osm_date_newest_edit": "{date}（数据中最新一次编辑的日期，数据至少新至当日）",
    "report.doc.dq.osm_date_downloaded": "{date}（在线下载数据的日期）",
}

EN: dict[str, str] = {
    "report.doc.dq.osm_date_as_of": "{date} (the data as of that day, as the data file states)",
    "report.doc.dq.osm_date_newest_edit": (
        "{date} (the newest edit in the data: the data is at least that recent)"
    ),
    "report.doc.dq.osm_date_downloaded": "{date} (the day the data was downloaded online)",
}
