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
from jam.actions.moderation import (
    Decision,
    ItemRef,
    flag_item,
    lift_mute,
    moderate_items,
    mute_member,
    set_idea_hidden,
)
from jam.actions.notifications import mark_notifications_read

__all__ = [
    "Decision",
    "ForumDraft",
    "ItemRef",
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
    "flag_item",
    "join_jam",
    "lift_mute",
    "login",
    "logout",
    "mark_notifications_read",
    "moderate_items",
    "mute_member",
    "post_idea",
    "register",
    "retract_vote",
    "set_idea_hidden",
    "update_jam",
    "vote",
]
