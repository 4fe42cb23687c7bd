"""What the planner asks of a siting run: the model, how many sites, the rules.

:class:`SitingRequest` is checked when it is made (a planner message names
what is wrong), is immutable and hashes by content, so the app can cache a
plan by its request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from servicecircle._frozen import FrozenMap
from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

Model = Literal["mclp", "min", "pmedian"]


@dataclass(frozen=True)
class SitingRequest:
    """What the planner asks for.

    Its mappings are kept as :class:`~servicecircle._frozen.FrozenMap`, so a
    request is immutable and hashes by content.

    Attributes
    ----------
    model
        ``"mclp"`` (p new outlets covering the most people), ``"min"`` (fewest
        new outlets reaching ``target`` and the must-cover classes) or
        ``"pmedian"`` (p new outlets minimising mean minutes).
    new
        Number of new outlets (mclp, pmedian): a total, or per outlet type.
    target
        Coverage share to reach with the fewest outlets (min), 0..1.
    new_types
        Outlet types the new outlets may have.
    must_cover
        Demand classes that must be covered in full (``relocation``,
        ``industrial``).
    capacity
        People one NEW outlet can serve (staff × people per staff); ``None``
        for unlimited.
    existing_capacity
        People one existing outlet can serve; ``None`` for unlimited. An
        outlets file with a capacity column (服务能力, 容量) gives each outlet
        its own; this number fills the outlets it leaves blank.
    class_weights
        Multiplier per demand class.
    time_limit
        Seconds for the solver.
    work_limit
        Work units for the maximal covering solver instead of seconds: the
        same plan and bound however busy the machine (``None``: the time
        limit decides; see :class:`~servicecircle.siting.options.SolveOptions`).
    seed
        Seed for the heuristic's tie-breaking.
    method
        ``"auto"``, ``"exact"`` (HiGHS MIP) or ``"heuristic"``.
    staff
        Staff to post across existing and new outlets (the staff models of
        :mod:`servicecircle.siting.models.staffed`): with ``"mclp"`` the
        sites and staff serving the most people within capacity (at most
        ``new`` new outlets), with ``"min"`` the fewest new outlets; or
        ``"standard"`` (``"min"`` only): each outlet staffed by its type's
        standard. Capacities then come from the staff, so ``capacity`` and
        ``existing_capacity`` are refused beside it, as is ``"pmedian"``.
    """

    model: Model = "mclp"
    new: int | Mapping[str, int] | None = 3
    target: float | None = None
    new_types: tuple[str, ...] = ("community_window",)
    must_cover: tuple[str, ...] = ()
    capacity: float | None = None
    existing_capacity: float | None = None
    class_weights: Mapping[str, float] = field(default_factory=FrozenMap)
    time_limit: float = 10.0
    seed: int = 0
    work_limit: int | None = None
    method: str = "auto"
    staff: int | Literal["standard"] | None = None

    def __post_init__(self) -> None:
        _check_staff(self)
        if self.model not in ("mclp", "min", "pmedian"):
            raise InputDataError(msg("msg.planning.unknown_model", model=self.model))
        if self.model == "min" and self.target is None and not self.must_cover:
            raise InputDataError(msg("msg.planning.min_needs_target"))
        if self.model != "min" and self.new is None:
            raise InputDataError(msg("msg.planning.needs_new", model=self.model))
        if self.target is not None and not 0 < self.target <= 1:
            raise InputDataError(msg("msg.planning.bad_target", target=self.target))
        for capacity in (self.capacity, self.existing_capacity):
            if capacity is not None and not capacity > 0:
                raise InputDataError(msg("msg.planning.bad_capacity"))
        if isinstance(self.new, Mapping):
            object.__setattr__(self, "new", FrozenMap(self.new))
        object.__setattr__(self, "class_weights", FrozenMap(self.class_weights))


def _check_staff(request: SitingRequest) -> None:
    """Refuse staff requests that cannot work, saying what to do instead."""
    staff = request.staff
    if staff is None:
        return
    if staff == "standard":
        if request.model != "min":
            raise InputDataError(msg("msg.staffsite.standard_needs_min"))
    elif isinstance(staff, bool) or not isinstance(staff, int) or staff < 0:
        raise InputDataError(msg("msg.staffsite.bad_budget", budget=staff))
    if request.model == "pmedian":
        raise InputDataError(msg("msg.staffsite.no_pmedian"))
    if request.capacity is not None or request.existing_capacity is not None:
        raise InputDataError(msg("msg.staffsite.no_capacity_with_staff"))
