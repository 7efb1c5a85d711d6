"""itfriend: help IT technicians keep good relationships with the people they support."""

__version__ = "0.1.0"
