"""The app's downloads of every result layer at once (report page, files section)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "export.ui.all_xlsx_help": (
        "全部 {count} 个图层合在一个 Excel 工作簿中（每个图层一张工作表，另附字段说明），"
        "与命令行导出的工作簿相同。"
    ),
    "export.ui.download_all_xlsx": "下载全部图层（Excel 工作簿）",
}

EN: dict[str, str] = {
    "export.ui.all_xlsx_help": (
        "All {count} layers in one Excel workbook (a sheet per layer and a sheet describing "
        "the fields), the workbook servicecircle export writes."
    ),
    "export.ui.download_all_xlsx": "Download all layers (Excel workbook)",
}
