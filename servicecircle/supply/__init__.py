"""Supply: who provides the service: today's outlets and the candidate sites.

``outlets`` prepares the planner's outlets (types, travel modes, minutes) and
reads them from OSM; ``candidates`` gathers candidate sites (OSM premises, an
automatic grid around the gaps, the planner's own file).
"""
