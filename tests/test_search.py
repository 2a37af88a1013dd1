"""Full-text search of ideas: stemmed in English, Spanish and French, accents and case aside,
ranked, the last word as a prefix, kept in step by editing, hiding and merging, on both
databases (jam.search, migration 0009, jam.queries.ideas)."""

import pytest

from jam import actions
from jam.access import Actor
from jam.actions import merges
from jam.errors import ActionError
from jam.queries.ideas import IdeaFilter, IdeaSort, list_ideas
from jam.search import index_terms, search_query, words
from tests.conftest import World


async def found(
    world: World, search: str, *, actor: Actor | None = None, sort: IdeaSort = IdeaSort.NEW
) -> list[str]:
    assert world.jam.id is not None
    page = await list_ideas(
        world.rt,
        actor or world.participant,
        IdeaFilter(jam_id=world.jam.id, search=search, sort=sort, first=50),
    )
    return [idea.title for idea in page.ideas]


def test_a_word_is_indexed_with_its_stems_in_three_languages() -> None:
    terms = index_terms("Bicicletas", "").split()
    assert terms[0] == "bicicletas" and "bicicleta" in terms and "biciclet" in terms


def test_search_syntax_never_reaches_the_index() -> None:
    query = search_query('"a" OR b* NEAR(c) -d')
    assert all(term.isalnum() for group in query.groups for term in group)
    assert '"' not in "".join(g for group in query.groups for g in group)


def test_cjk_text_is_searched_character_by_character() -> None:
    assert words("計程車 uber") == ["計", "程", "車", "uber"]


async def test_an_english_plural_finds_the_singular(world: World) -> None:
    await world.idea(title="Charging station", body="One charger per floor")
    await world.idea(title="Canteen", body="Less meat")
    assert await found(world, "chargers") == ["Charging station"]


async def test_a_spanish_search_finds_its_inflections(world: World) -> None:
    await world.idea(title="Bicicletas eléctricas", body="Para todos los empleados")
    assert await found(world, "bicicleta electrica") == ["Bicicletas eléctricas"]


async def test_a_french_search_finds_its_inflections_and_ignores_accents(world: World) -> None:
    await world.idea(title="Énergie solaire", body="Des panneaux sur les toits")
    assert await found(world, "energies") == ["Énergie solaire"]
    assert await found(world, "PANNEAU") == ["Énergie solaire"]


async def test_every_word_of_a_search_must_match(world: World) -> None:
    await world.idea(title="Solar roofs", body="Panels everywhere")
    await world.idea(title="Solar bikes", body="Cheaper e-bikes")
    assert await found(world, "solar panels") == ["Solar roofs"]


async def test_the_last_word_matches_as_a_prefix(world: World) -> None:
    await world.idea(title="Telehealth kiosks", body="In every branch")
    assert await found(world, "telehea") == ["Telehealth kiosks"]


async def test_relevance_puts_the_idea_that_says_it_most_first(world: World) -> None:
    await world.idea(title="Office plants", body="Some solar lamps too")
    await world.idea(title="Solar roofs", body="Solar panels and solar water heating")
    await world.idea(title="Lunch", body="Salads")
    ranked = await found(world, "solar", sort=IdeaSort.RELEVANCE)
    assert ranked == ["Solar roofs", "Office plants"]


async def test_relevance_without_a_search_is_refused(world: World) -> None:
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await list_ideas(
            world.rt, world.participant, IdeaFilter(jam_id=world.jam.id, sort=IdeaSort.RELEVANCE)
        )
    assert caught.value.field == "sort"


async def test_an_edited_idea_is_found_by_its_new_words_only(world: World) -> None:
    idea_id = await world.idea(title="Bike racks", body="At every entrance")
    await actions.edit_idea(world.rt, world.participant, idea_id, title="Scooter docks")
    assert await found(world, "scooter") == ["Scooter docks"]
    assert await found(world, "bike") == []


async def test_a_hidden_idea_is_found_by_moderators_only(world: World) -> None:
    idea_id = await world.idea(title="Spam offer", body="Buy now")
    await actions.set_idea_hidden(world.rt, world.moderator, idea_id, hidden=True, reason="spam")
    assert await found(world, "spam") == []
    assert await found(world, "spam", actor=world.moderator) == ["Spam offer"]


async def test_a_merged_idea_is_found_as_its_target_only(world: World) -> None:
    target = await world.idea(title="Four-day week", body="Try it for a quarter")
    author = await world.user(join=True)
    source = await world.idea(author, title="A four-day working week", body="Fridays off")
    merge = await merges.propose_merge(world.rt, world.moderator, source, target)
    assert merge.id is not None
    await merges.answer_merge(world.rt, author, merge.id, accept=True)
    assert await found(world, "four day week") == ["Four-day week"]


async def test_a_search_of_only_punctuation_finds_nothing(world: World) -> None:
    await world.idea(title="Anything", body="at all")
    assert await found(world, "?!%") == []
