"""The string tables hold every message the library says, in both languages, once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from servicecircle.errors import InputDataError
from servicecircle.i18n import en, keys, zh
from servicecircle.i18n.message import Message, msg, say
from servicecircle.i18n.tables import topic_tables

LIBRARY = Path(__file__).resolve().parents[2] / "servicecircle"


def test_each_topic_says_everything_in_both_languages():
    for name, (zh_table, en_table) in topic_tables().items():
        assert set(zh_table) == set(en_table), name


def test_no_key_is_defined_twice():
    seen: dict[str, str] = {key: "zh.py/en.py" for key in zh.STRINGS}
    for name, (zh_table, _) in topic_tables().items():
        for key in zh_table:
            assert key not in seen, f"{key} in {name} and {seen[key]}"
            seen[key] = name


def _message_keys() -> set[tuple[str, str]]:
    found = set()
    for path in LIBRARY.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"msg", "Message"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add((node.args[0].value, str(path.relative_to(LIBRARY))))
    return found


def test_every_message_the_library_says_has_both_texts():
    missing = [
        (key, where)
        for key, where in _message_keys()
        if key not in keys("zh") or key not in keys("en")
    ]
    assert not [m for m in missing if not m[0].startswith(("demo.", "errors.demo"))], missing


def test_an_error_says_its_message_in_the_asked_language():
    key = next(iter(keys("zh") & keys("en")))
    error = InputDataError(msg(key))
    assert say(error, "zh") == Message(key).text("zh")
    assert str(error) == Message(key).text("en")


def test_fields_are_said_in_the_same_language():
    key = next(k for k in en.STRINGS if "{" not in en.STRINGS[k] and k in zh.STRINGS)
    outer = Message("demo.missing", {})
    assert outer.text("zh") == "demo.missing"  # a missing key shows itself, never fails
    listed = msg("demo.list", items=[msg(key), "x"])
    assert listed.fields["items"][1] == "x"
    assert Message.from_json(listed.to_json()) == Message("demo.list", {"items": [msg(key), "x"]})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plain_text_is_said_as_it_is(lang):
    assert say("就业驿站", lang) == "就业驿站"
