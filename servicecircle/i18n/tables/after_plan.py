"""Messages of staff per 10,000, the split and the grades before and after a plan (``site``)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.after.cli.head": (
        "方案实施前 → 后（现有 {existing} 个网点，新增 {new} 个；工作人员 {staff_before} → "
        "{staff_after} 人）："
    ),
    "msg.after.cli.total": (
        "  全域：每万名居民可达工作人员 {per10k_before} → {per10k_after} 人；能力内可服务 "
        "{served_before} → {served_after} 人（{served_share_before} → {served_share_after}），"
        "服务圈内但超出网点能力 {over_before} → {over_after} 人，不在任何网点服务圈内 "
        "{out_before} → {out_after} 人；方案实施后三项合计 {people} 人。"
    ),
    "msg.after.cli.township": (
        "  {township}：每万名居民可达工作人员 {per10k_before} → {per10k_after} 人；能力内可服务 "
        "{served_before} → {served_after}，超出能力 {over_before} → {over_after}，服务圈外 "
        "{out_before} → {out_after}{grade}"
    ),
    "msg.after.cli.grade": "；等级 {before} → {after}。",
    "msg.after.cli.no_grade": "。",
    "msg.after.cli.tiers": "  按层级覆盖：{tiers}。",
    "msg.after.cli.tier": "{tier} {before} → {after}",
    "msg.after.cli.more": "  另有 {count} 个街道/乡镇，见方案结果文件 siting.json。",
    "msg.after.cli.sites": "  新增网点的层级与人员：{sites}。",
    "msg.after.cli.site": "{name}：{tier}，工作人员 {staff} 人（{source}）",
    "msg.after.cli.source.standard": "按人员配置标准",
    "msg.after.cli.source.allocation": "按人员预算分配",
    "msg.after.cli.heaviest": "  方案实施后负荷最重的网点：{outlets}。",
    "msg.after.cli.unnamed_outlet": "未命名网点",
    # a new site's staff_source in exported layers (beside file and standard)
    "export.value.staff_source.allocation": "按人员预算分配",
}

EN: dict[str, str] = {
    "msg.after.cli.head": (
        "Before → after the plan ({existing} outlets today, {new} new; staff {staff_before} →"
        " {staff_after}):"
    ),
    "msg.after.cli.total": (
        "  Whole area: {per10k_before} → {per10k_after} staff per 10,000 residents; served"
        " within capacity {served_before} → {served_after} ({served_share_before} →"
        " {served_share_after}), within reach but over capacity {over_before} → {over_after},"
        " out of every outlet's reach {out_before} → {out_after}; the three add up to"
        " {people} people after the plan."
    ),
    "msg.after.cli.township": (
        "  {township}: {per10k_before} → {per10k_after} staff per 10,000 residents; served"
        " within capacity {served_before} → {served_after}, over capacity {over_before} →"
        " {over_after}, out of reach {out_before} → {out_after}{grade}"
    ),
    "msg.after.cli.grade": "; grade {before} → {after}.",
    "msg.after.cli.no_grade": ".",
    "msg.after.cli.tiers": "  Coverage by tier: {tiers}.",
    "msg.after.cli.tier": "{tier} {before} → {after}",
    "msg.after.cli.more": "  {count} more townships/streets in siting.json.",
    "msg.after.cli.sites": "  Tier and staff of the new outlets: {sites}.",
    "msg.after.cli.site": "{name}: {tier}, {staff} staff ({source})",
    "msg.after.cli.source.standard": "by the staffing standard",
    "msg.after.cli.source.allocation": "allocated from the staff budget",
    "msg.after.cli.heaviest": "  Heaviest-loaded outlets after the plan: {outlets}.",
    "msg.after.cli.unnamed_outlet": "unnamed outlet",
    "export.value.staff_source.allocation": "staff budget allocation",
}
