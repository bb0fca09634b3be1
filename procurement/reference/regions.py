"""The twelve ITL1 regions and nations of the UK (ONS International Territorial Levels, 2021)."""

from django.db import models


class Region(models.TextChoices):
    NORTH_EAST = "TLC", "North East (England)"
    NORTH_WEST = "TLD", "North West (England)"
    YORKSHIRE = "TLE", "Yorkshire and The Humber"
    EAST_MIDLANDS = "TLF", "East Midlands (England)"
    WEST_MIDLANDS = "TLG", "West Midlands (England)"
    EAST = "TLH", "East of England"
    LONDON = "TLI", "London"
    SOUTH_EAST = "TLJ", "South East (England)"
    SOUTH_WEST = "TLK", "South West (England)"
    WALES = "TLL", "Wales"
    SCOTLAND = "TLM", "Scotland"
    NORTHERN_IRELAND = "TLN", "Northern Ireland"
