"""Messages and words of the key groups (``demand.key_groups``, ``coverage.groups``)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "key_group.everyone": "全体常住人口",
    "key_group.aged_60_plus": "60岁及以上老年人",
    "key_group.registered_unemployed": "登记失业人员",
    "key_group.migrant_workers": "外出务工及返乡人员",
    "key_group.college_graduates": "高校毕业生",
    "msg.groups.no_header": (
        "{source} 的前 {rows} 行中没有找到重点群体表头：需要一列街道/乡镇或社区/村名称"
        "（或“名称”），以及至少一列重点群体（60岁及以上、登记失业人员、外出务工/返乡人员、"
        "高校毕业生，人数或比例）。"
        "第一行是：{first}。请改好表头后重试。"
    ),
    "msg.groups.total_rows": "{source}：合计/小计行未计入（第 {rows} 行）。",
    "msg.groups.unnamed_rows": (
        "{source} 中这些行有重点群体数字但没有街道/乡镇或社区/村名称：{rows}。"
        "请补上名称或删去这些行后重试。"
    ),
    "msg.groups.bad_count": "“{column}”列（按人数读）有不能用的格：{cells}",
    "msg.groups.bad_share": "“{column}”列（按 0~1 的比例读）有不能用的格：{cells}",
    "msg.groups.bad_percent": "“{column}”列（按百分比读，须在 0~100 之间）有不能用的格：{cells}",
    "msg.groups.bad_cells": (
        "{source} 中的重点群体数字须为不小于 0 的数（比例不超过 1 或 100%）：{problems}。"
        "请改正这些格后重试。"
    ),
    "msg.groups.read_as_count": "{group}：按人数读取“{column}”列。",
    "msg.groups.read_as_share": "{group}：按占常住人口的比例（0~1）读取“{column}”列。",
    "msg.groups.read_as_percent": "{group}：按占常住人口的百分比读取“{column}”列。",
    "msg.groups.no_rows": "{source} 中没有任何街道/乡镇或社区/村的重点群体数字。",
    "msg.groups.repeated": (
        "{source} 中“{name}”出现了两次（{rows}）。请每个街道/乡镇或社区/村只留一行后重试。"
    ),
    "msg.groups.workbook_as_csv": (
        "{file} 实际是 Excel 工作簿而不是 CSV 文本。请把扩展名改为 .xlsx，或在 Excel 中另存为 CSV。"
    ),
    "msg.groups.unreadable": (
        "无法读取 {file}（{detail}）。请在 Excel 中另存为 .xlsx 或 CSV 后重试。"
    ),
    "msg.groups.no_group_column": (
        "{file} 中没有重点群体列（60岁及以上、登记失业人员、外出务工/返乡人员、高校毕业生）。"
        "现有的列：{columns}。请把列名改为这些群体的名称后重试。"
    ),
    "msg.groups.wrong_kind": (
        "{file} 不是可读的重点群体文件（{kind}）。请使用 CSV、Excel（.xlsx）表格，"
        "或 GeoPackage/GeoJSON 图层。"
    ),
    "msg.groups.unknown_areas": (
        "{source} 中有 {count} 行的街道/乡镇或社区/村在研究区内找不到或不止一处：{areas}。"
        "研究区内的名称有：{known}。请按这些名称改正（社区/村可写成“街道/社区”两列），"
        "或删去研究区以外的行后重试。"
    ),
    "msg.groups.no_residents": (
        "{source}：研究区内没有常住人口的需求单元，点位上的重点群体无处归属。"
    ),
    "msg.groups.empty_areas": "这些区域内没有估算到常住人口，其重点群体人数未计入：{areas}。",
    "msg.groups.unspoken": (
        "有 {people} 名常住人口（{share}）所在的区域在重点群体文件中没有数字，按无重点群体计。"
    ),
    "msg.groups.no_sheet": (
        "{file} 中没有名为“{sheet}”的工作表；它的工作表有：{sheets}。请写成 文件::工作表名。"
    ),
    "msg.groups.cell": "{where}（{cell}）",
    "msg.groups.area": "{where}：{name}",
    "msg.groups.cli.head": "重点群体（{source}）：",
    "msg.groups.cli.group": (
        "  {group}：{people} 人；{minutes} 分钟覆盖 {share}{gap}，按服务标准覆盖 {standard}；"
        "每万人可达工作人员 {per10k} 人；能力内可服务 {served}，超出能力 {over}，服务圈外 {out}。"
    ),
    "msg.groups.cli.gap_above": "（比全体高 {pp} 个百分点）",
    "msg.groups.cli.gap_below": "（比全体低 {pp} 个百分点）",
    "msg.groups.cli.gap_none": "（与全体持平）",
    "msg.groups.cli.widest": (
        "  {minutes} 分钟覆盖差距：{highest}最高（{high}），{lowest}最低（{low}），"
        "相差 {pp} 个百分点。"
    ),
    "msg.groups.cli.gini": (
        "  每万名居民可达工作人员的基尼系数（{areas} 个{level}，按常住人口加权）：{weighted}；"
        "不加权为 {unweighted}。"
    ),
    "msg.groups.cli.level.community": "社区/村",
    "msg.groups.cli.level.township": "街道/乡镇",
    "msg.groups.cli.level.unit": "需求单元",
    "export.layer.key_groups": "重点群体",
    "export.col.key_group": "群体",
    "export.meaning.key_group": (
        "重点群体（全体常住人口、60岁及以上老年人、登记失业人员、外出务工及返乡人员、高校毕业生）"
    ),
    "export.col.share_standard": "按服务标准覆盖",
    "export.meaning.share_standard": (
        "该群体中按各类网点自身服务标准（出行方式和时间）被覆盖的比例"
    ),
    "export.col.staff_per_10k": "每万人可达工作人员",
    "export.meaning.staff_per_10k": (
        "该群体每万人可达的网点工作人员数（两步移动搜索法 2SFCA，按群体人数加权）"
    ),
    "export.col.served_in_capacity": "能力内可服务",
    "export.meaning.served_in_capacity": ("该群体中在网点服务圈内且在网点人员能力之内可服务的人数"),
    "export.col.over_capacity": "超出网点能力",
    "export.meaning.over_capacity": ("该群体中在网点服务圈内、但网点人员能力已用尽的人数"),
    "export.col.out_of_reach": "服务圈外",
    "export.meaning.out_of_reach": "该群体中不在任何网点服务圈内的人数",
}

EN: dict[str, str] = {
    "key_group.everyone": "all residents",
    "key_group.aged_60_plus": "residents aged 60+",
    "key_group.registered_unemployed": "registered unemployed",
    "key_group.migrant_workers": "migrant and returning workers",
    "key_group.college_graduates": "college graduates",
    "msg.groups.no_header": (
        "No key-groups header in the first {rows} rows of {source}: it needs a township/street "
        "or community/village column (or a name column) and at least one key-group column "
        "(60+, registered unemployed, migrant/returning workers, college graduates; people or "
        "shares). The first row is: {first}. Fix the header and try again."
    ),
    "msg.groups.total_rows": "{source}: total rows left out (rows {rows}).",
    "msg.groups.unnamed_rows": (
        "These rows of {source} have key-group numbers but no township/street or "
        "community/village name: {rows}. Add the names or delete the rows, then try again."
    ),
    "msg.groups.bad_count": (
        "column '{column}' (read as people) has cells that cannot be used: {cells}"
    ),
    "msg.groups.bad_share": (
        "column '{column}' (read as shares 0-1) has cells that cannot be used: {cells}"
    ),
    "msg.groups.bad_percent": (
        "column '{column}' (read as percent, 0-100) has cells that cannot be used: {cells}"
    ),
    "msg.groups.bad_cells": (
        "Key-group numbers in {source} must be numbers of at least 0 (shares at most 1 or "
        "100%): {problems}. Correct these cells and try again."
    ),
    "msg.groups.read_as_count": "{group}: column '{column}' read as numbers of people.",
    "msg.groups.read_as_share": "{group}: column '{column}' read as shares (0-1) of the residents.",
    "msg.groups.read_as_percent": "{group}: column '{column}' read as percent of the residents.",
    "msg.groups.no_rows": "{source} gives key-group numbers for no township or community.",
    "msg.groups.repeated": (
        "'{name}' is given twice in {source} ({rows}). Keep one row per township/street or "
        "community/village and try again."
    ),
    "msg.groups.workbook_as_csv": (
        "{file} is an Excel workbook, not CSV text. Rename it to .xlsx, or save it as CSV in Excel."
    ),
    "msg.groups.unreadable": (
        "{file} cannot be read ({detail}). Save it as .xlsx or CSV and try again."
    ),
    "msg.groups.no_group_column": (
        "{file} has no key-group column (60+, registered unemployed, migrant/returning workers, "
        "college graduates). Its columns: {columns}. Name the columns after the groups and try "
        "again."
    ),
    "msg.groups.wrong_kind": (
        "{file} is not a key-groups file that can be read ({kind}). Use a CSV or Excel (.xlsx) "
        "table, or a GeoPackage/GeoJSON layer."
    ),
    "msg.groups.unknown_areas": (
        "{count} rows of {source} name a township/street or community/village the study area "
        "does not have, or has more than once: {areas}. The study area's names: {known}. Correct "
        "them to these names (a community may be given with its township in two columns), or "
        "delete rows outside the study area, and try again."
    ),
    "msg.groups.no_residents": (
        "{source}: no demand unit of the study area has residents; the points' key groups have "
        "nowhere to go."
    ),
    "msg.groups.empty_areas": (
        "No residents were estimated in these areas; their key-group people are left out: {areas}."
    ),
    "msg.groups.unspoken": (
        "{people} residents ({share}) live in areas the key-groups file gives no numbers for; "
        "they are counted as none of the groups."
    ),
    "msg.groups.no_sheet": (
        "{file} has no sheet '{sheet}'; its sheets are {sheets}. Write FILE::SHEET with one."
    ),
    "msg.groups.cell": "{where} ({cell})",
    "msg.groups.area": "{where}: {name}",
    "msg.groups.cli.head": "Key groups ({source}):",
    "msg.groups.cli.group": (
        "  {group}: {people} people; covered within {minutes} min {share}{gap}, by the service "
        "standard {standard}; {per10k} staff per 10,000 within reach; served within capacity "
        "{served}, over capacity {over}, out of reach {out}."
    ),
    "msg.groups.cli.gap_above": " ({pp} percentage points above everyone)",
    "msg.groups.cli.gap_below": " ({pp} percentage points below everyone)",
    "msg.groups.cli.gap_none": " (level with everyone)",
    "msg.groups.cli.widest": (
        "  Coverage gap within {minutes} min: {highest} highest ({high}), {lowest} lowest "
        "({low}), {pp} percentage points apart."
    ),
    "msg.groups.cli.gini": (
        "  Gini coefficient of staff per 10,000 residents across {areas} {level}, weighted by "
        "residents: {weighted}; unweighted {unweighted}."
    ),
    "msg.groups.cli.level.community": "communities/villages",
    "msg.groups.cli.level.township": "townships/streets",
    "msg.groups.cli.level.unit": "demand units",
    "export.layer.key_groups": "Key groups",
    "export.col.key_group": "Group",
    "export.meaning.key_group": (
        "Key group (all residents, residents aged 60+, registered unemployed, migrant and "
        "returning workers, college graduates)"
    ),
    "export.col.share_standard": "Covered by the standard",
    "export.meaning.share_standard": (
        "Share of the group covered by each outlet type's own standard (mode and minutes)"
    ),
    "export.col.staff_per_10k": "Staff per 10,000",
    "export.meaning.staff_per_10k": (
        "Outlet staff per 10,000 of the group within reach (2SFCA, weighted by the group's people)"
    ),
    "export.col.served_in_capacity": "Served within capacity",
    "export.meaning.served_in_capacity": (
        "People of the group within an outlet's reach and within its staff's capacity"
    ),
    "export.col.over_capacity": "Over capacity",
    "export.meaning.over_capacity": (
        "People of the group within reach whose outlets' staff capacity is used up"
    ),
    "export.col.out_of_reach": "Out of reach",
    "export.meaning.out_of_reach": "People of the group within no outlet's reach",
}
