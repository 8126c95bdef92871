"""Who may do what with meetings, their reports and their actions."""

import rules


@rules.predicate
def can_update_action(user) -> bool:
    """The secretariat: whoever may change outcomes (superusers included)."""
    return bool(user and user.is_active and user.has_perm("meetings.change_outcome"))


@rules.predicate
def can_publish_report(user) -> bool:
    """The secretariat: whoever may change both meetings and documents."""
    return bool(
        user
        and user.is_active
        and user.has_perm("meetings.change_meeting")
        and user.has_perm("contributions.change_document")
    )
