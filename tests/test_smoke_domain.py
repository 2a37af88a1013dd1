from jam import actions
from tests.conftest import World


async def test_participant_posts_an_idea_into_a_live_jam(world: World) -> None:
    idea_id = await world.idea(title="Four-day week", body="Try it for a quarter", tags=["Work"])
    result = await actions.vote(world.rt, world.moderator, idea_id, actions.VoteValue.UP)
    assert result.idea.upvotes == 1
