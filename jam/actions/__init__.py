"""The actions layer: every write goes through here.

Each action checks the rules, changes the data in one transaction (rolled back entirely on any
error), records who did it in the audit trail, and records its events (``jam.events``) in the
same transaction, so they go out only once committed, and only when something changed.
"""

from jam.actions.accounts import SignedIn, create_user, login, logout, register
from jam.actions.ideas import (
    VoteResult,
    VoteValue,
    add_comment,
    edit_idea,
    post_idea,
    retract_vote,
    set_idea_hidden,
    vote,
)
from jam.actions.jams import (
    ForumDraft,
    add_forum,
    assign_moderator,
    create_invitation,
    create_jam,
    join_jam,
    update_jam,
)

__all__ = [
    "ForumDraft",
    "SignedIn",
    "VoteResult",
    "VoteValue",
    "add_comment",
    "add_forum",
    "assign_moderator",
    "create_invitation",
    "create_jam",
    "create_user",
    "edit_idea",
    "join_jam",
    "login",
    "logout",
    "post_idea",
    "register",
    "retract_vote",
    "set_idea_hidden",
    "update_jam",
    "vote",
]
