"""Small display helpers shared by the admin's modules."""

from __future__ import annotations


def person(user) -> str:
    """A name to show, never a link to the user admin that most roles may not open."""
    if user is None:
        return "-"
    return user.get_full_name() or user.get_username()
