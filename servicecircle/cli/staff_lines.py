"""``site --staff``: the staff to post as an option, and the plan's staff said in lines.

:func:`staff_option` reads ``--staff``: a whole number of staff to post
across new and existing outlets, or ``standard`` (标准): each outlet staffed
by its type's standard (``--model min`` only). :func:`staff_lines` says a
plan's :class:`~servicecircle.results.staff_records.StaffPlanRecord` in the
``--lang`` language: the staff posted and the people served within capacity
today and after, then each outlet given staff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from servicecircle.cli.language import message_lang, said
from servicecircle.cli.options import number_in
from servicecircle.i18n.message import Message, msg

if TYPE_CHECKING:
    from servicecircle.results.staff_records import OutletStaff, StaffPlanRecord

__all__ = ["print_staff", "staff_lines", "staff_option"]

#: The words ``--staff`` takes for "each outlet at its type's standard".
STANDARD_WORDS = ("standard", "标准")


def staff_option(text: str) -> int | Literal["standard"]:
    """``--staff``: a whole number of staff (0 or more), or ``standard`` (标准)."""
    if text.strip().lower() in STANDARD_WORDS:
        return "standard"
    number = number_in(0, low_included=True, whole=True, kind=msg("msg.staffsite.cli.kind"))(text)
    return int(number)


def _people(value: float | None) -> str:
    return f"{value or 0:,.0f}"


def _staff(value: float | None) -> str:
    return f"{value or 0:g}"


def _name(outlet: OutletStaff, lang: str) -> str:
    from servicecircle.planning.naming import site_label

    if outlet.rank is not None:
        return site_label(outlet.rank, outlet.name, lang)
    return outlet.name or said(msg("msg.staffsite.cli.unnamed"))


def staff_lines(record: StaffPlanRecord, lang: str = "zh") -> list[Message]:
    """The lines ``site`` prints about the staff a plan posts (none without staff)."""
    if not record.asked:
        return []
    posted = (record.posted_existing or 0.0) + (record.posted_new or 0.0)
    if record.standard:
        head = msg(
            "msg.staffsite.cli.total_standard",
            new=_staff(record.posted_new),
            today=_people(record.served_today),
            after=_people(record.served_after),
        )
    else:
        left = max((record.budget or 0) - posted, 0.0)
        head = msg(
            "msg.staffsite.cli.total" if left > 0 else "msg.staffsite.cli.total_all",
            budget=record.budget or 0,
            existing=_staff(record.posted_existing),
            new=_staff(record.posted_new),
            left=_staff(left),
            today=_people(record.served_today),
            after=_people(record.served_after),
        )
    lines = [head]
    for outlet in record.outlets:
        if not outlet.staff_added:
            continue
        lines.append(
            msg(
                "msg.staffsite.cli.outlet",
                name=_name(outlet, lang),
                before=_staff(outlet.staff_before),
                after=_staff(outlet.staff),
                per=_people(outlet.people_per_staff),
                served=_people(outlet.served),
                served_before=_people(outlet.served_before),
            )
        )
    return lines


def print_staff(record: StaffPlanRecord) -> None:
    """Print the staff a plan posts (nothing for a plan without staff)."""
    for line in staff_lines(record, message_lang()):
        print(said(line))
