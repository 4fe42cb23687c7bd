"""Texts of editing outlets and candidates on the map, and the preview of a new outlet."""

from __future__ import annotations

ZH: dict[str, str] = {
    "msg.editing.unknown_type": "未知的网点类型“{type}”。请选用以下类型之一：{known}。",
}

EN: dict[str, str] = {
    "msg.editing.unknown_type": "Unknown outlet type '{type}'. Use one of: {known}.",
}
