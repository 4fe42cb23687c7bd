"""Messages of the server's limits (:mod:`servicecircle.limits`, :mod:`servicecircle.memory`)."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.limits.exceeded": (
        "{what}，超过了本服务器的上限 {limit}{unit}。如果数据无误，请联系管理员调高上限"
        "（环境变量 {variable}）。"
    ),
    "msg.limits.exceeded_advice": (
        "{what}，超过了本服务器的上限 {limit}{unit}。{advice}如果数据无误，请联系管理员调高"
        "上限（环境变量 {variable}）。"
    ),
    "msg.limits.unit.mb": " MB（兆字节）",
    "msg.limits.unit.features": " 个要素",
    "msg.limits.unit.vertices": " 个节点",
    "msg.limits.unit.outlets": " 个网点或候选点位（每个文件）",
    "msg.limits.unit.km2": " 平方千米",
    "msg.limits.unit.cells": " 个栅格单元",
    "msg.memory.this_step": "这一步",
    "msg.memory.stopped": "{what}已停止：所需内存超过了单个会话可用的内存",
    "msg.memory.advice": "请缩小研究范围，或减少网点、候选点位的数量。",
}

EN: dict[str, str] = {
    "msg.limits.exceeded": (
        "{what}, over this server's limit of {limit}{unit}. If the data is right, ask the "
        "administrator to raise the limit (environment variable {variable})."
    ),
    "msg.limits.exceeded_advice": (
        "{what}, over this server's limit of {limit}{unit}. {advice} If the data is right, "
        "ask the administrator to raise the limit (environment variable {variable})."
    ),
    "msg.limits.unit.mb": " MB",
    "msg.limits.unit.features": " features",
    "msg.limits.unit.vertices": " vertices",
    "msg.limits.unit.outlets": " outlets or candidate sites per file",
    "msg.limits.unit.km2": " km²",
    "msg.limits.unit.cells": " cells",
    "msg.memory.this_step": "This step",
    "msg.memory.stopped": "{what} was stopped: it needed more memory than one session may use",
    "msg.memory.advice": "Use a smaller study area or fewer outlets or candidate sites.",
}
