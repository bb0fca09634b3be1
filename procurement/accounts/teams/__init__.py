"""Team management for every kind of team: a council's and a supplier organisation's.

One set of views, forms and templates serves both. What differs between them is data: each app
describes its team once in a `TeamSide` (its model lookups, roles, policy rules, services, pages
and wording; `procurement/buyers/team.py`, `suppliers/team.py`) and its URL configuration passes
that description to the views here. The rules themselves stay in the policies and each app's
services; nothing here decides who may do what.
"""

from .side import Destination, TeamPages, TeamRules, TeamServices, TeamSide, TeamWording

__all__ = ["Destination", "TeamPages", "TeamRules", "TeamServices", "TeamSide", "TeamWording"]
