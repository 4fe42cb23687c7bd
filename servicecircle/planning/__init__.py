"""Planning: a siting request on today's coverage, the plan, and why each site.

``request`` holds what the planner asks (:class:`SitingRequest`), ``plan``
turns coverage and candidates into an explained :class:`SitingPlan` with the
siting engine, and ``explain`` holds the reasons for each site as data (their
words are in :mod:`servicecircle.i18n`).
"""
