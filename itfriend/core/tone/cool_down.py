"""How long to wait before answering a ticket: longer the hotter it is."""

from __future__ import annotations

from itfriend.core.errors import ValidationError


def cool_down_minutes(heat: int, minimum: int, maximum: int) -> int:
    """Minutes of cool-down for a ticket of this heat (0-100), from ``minimum`` to ``maximum``.

    The length grows in a straight line with the heat, so that a technician can predict it; the
    heat itself already rises quickly for the first signs of anger.
    """
    if minimum < 0 or maximum < 0:
        raise ValidationError("cool-down lengths cannot be negative")
    if minimum > maximum:
        raise ValidationError(
            f"the shortest cool-down ({minimum} min) is longer than the longest ({maximum} min); "
            "fix cooldown.min_minutes or cooldown.max_minutes"
        )
    share = max(0, min(100, heat)) / 100
    return round(minimum + (maximum - minimum) * share)
