"""Synthetic jams with planted communities and planted bridge people.

Why: to measure whether :func:`clustering.network.find_connectors` finds connectors we need a
jam where the right answer is known. :func:`planted_jam` makes one from the same plain records
the app feeds in (participants, ideas, comments with replies, votes), so the whole pipeline is
tested:

- people are split into communities of uneven sizes; each community has its own ideas and its
  own theme; org unit, country and guest status are assigned at random;
- every person writes a number of comments drawn from a log-normal (a few people are very
  active, most are not). A comment goes to an idea of the person's own community, except with
  probability ``noise``, when it goes to a random other community -- stray ties that blur the
  structure;
- half of the comments (``reply_share``) answer an earlier comment on the same idea written by
  a member of the idea's community (stray comments are left unanswered: noise stays noise);
- the planted **bridges** split their comments evenly between their home community and one or
  two others, and write at least ``bridge_activity`` times the mean number of comments;
- everybody casts a few votes with the same community preference.

Used by the tests (small jams) and by ``bench/connectors.py`` (up to 150,000 people).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from clustering.network._graph import Comment, Idea, Participant, Vote


@dataclass(frozen=True)
class PlantedJam:
    """Records of a synthetic jam plus the truth: community per person and the bridge people."""

    participants: list[Participant]
    ideas: list[Idea]
    comments: list[Comment]
    votes: list[Vote]
    community: np.ndarray
    bridges: frozenset[int]
    bridge_communities: dict[int, tuple[int, ...]]


def planted_jam(*, people: int = 1000, communities: int = 10, bridges: int = 20,
                noise: float = 0.1, comments_per_person: float = 6.0,
                activity_spread: float = 0.8, votes_per_person: float = 3.0,
                ideas_per_person: float = 0.15, size_spread: float = 0.5,
                reply_share: float = 0.5, bridge_activity: float = 3.0,
                units: int = 8, countries: int = 6,
                guest_share: float = 0.1, seed: int = 0) -> PlantedJam:
    """Generate a planted jam (see module docstring). Participant ids are ints 0..people-1.

    ``size_spread`` is the sigma of the log-normal community sizes (0 = equal sizes),
    ``activity_spread`` the sigma of the log-normal number of comments per person;
    ``bridge_activity`` sets the least number of comments of a bridge, as a multiple of
    ``comments_per_person`` (a broker has to say something in each community to be one).
    """
    if communities < 2 or people < 4 * communities:
        raise ValueError("need at least 2 communities and 4 people per community")
    rng = np.random.default_rng(seed)
    raw = rng.lognormal(0.0, size_spread, communities)
    sizes = np.maximum(4, np.floor(raw / raw.sum() * people)).astype(np.int64)
    sizes[0] += people - sizes.sum()
    community = np.repeat(np.arange(communities), sizes)
    rng.shuffle(community)

    bridge_nodes = rng.choice(people, size=bridges, replace=False)
    reach: dict[int, tuple[int, ...]] = {}
    for b in bridge_nodes:
        home = int(community[b])
        others = [c for c in range(communities) if c != home]
        extra = rng.choice(others, size=int(rng.integers(1, 3)), replace=False)
        reach[int(b)] = (home, *(int(c) for c in extra))

    # ideas: a share of people write one or more; every community gets at least two
    n_ideas_each = rng.poisson(ideas_per_person, people)
    for c in range(communities):
        members = np.flatnonzero(community == c)
        n_ideas_each[members[:2]] = np.maximum(n_ideas_each[members[:2]], 1)
    idea_author = np.repeat(np.arange(people), n_ideas_each)
    idea_comm = community[idea_author]
    idea_order = np.argsort(idea_comm, kind="stable")
    idea_start = np.searchsorted(idea_comm[idea_order], np.arange(communities + 1))

    activity = np.maximum(1, np.round(rng.lognormal(np.log(comments_per_person),
                                                    activity_spread, people))).astype(np.int64)
    floor = round(comments_per_person * bridge_activity)
    activity[bridge_nodes] = np.maximum(activity[bridge_nodes], floor)
    actor = np.repeat(np.arange(people), activity)
    rng.shuffle(actor)  # comment order = chronological order
    target = _target_communities(rng, actor, community, reach, noise, communities)
    c_idea = _random_idea_of(rng, target, idea_order, idea_start)

    # replies: to an earlier comment on the same idea by a member of the idea's community
    # (home or bridged); stray comments get no replies, so noise stays noise
    belongs = community[actor] == target
    for b, comms in reach.items():
        rows = np.flatnonzero(actor == b)
        belongs[rows] = np.isin(target[rows], comms)
    order = np.argsort(c_idea, kind="stable")
    idea_sorted = c_idea[order]
    group_start = np.searchsorted(idea_sorted, idea_sorted, side="left")
    members_sorted = belongs[order]
    before = np.concatenate([[0], np.cumsum(members_sorted)])  # members before each position
    available = before[np.arange(order.size)] - before[group_start]
    is_reply = (available > 0) & (rng.random(order.size) < reply_share)
    pick = before[group_start] + np.floor(rng.random(order.size) * available).astype(np.int64)
    member_positions = np.flatnonzero(members_sorted)
    parent = np.full(order.size, -1, dtype=np.int64)
    parent[order[is_reply]] = order[member_positions[pick[is_reply]]]

    n_votes = rng.poisson(votes_per_person, people)
    voter = np.repeat(np.arange(people), n_votes)
    v_target = _target_communities(rng, voter, community, reach, noise, communities)
    v_idea = _random_idea_of(rng, v_target, idea_order, idea_start)
    v_value = rng.choice(np.array([1, 1, 1, -1, 0]), size=voter.size)

    unit = rng.integers(0, units, people)
    country = rng.integers(0, countries, people)
    guest = rng.random(people) < guest_share
    participants = [Participant(id=i, name=f"Person {i}", org_unit=f"unit-{unit[i]}",
                                country=f"country-{country[i]}", is_guest=bool(guest[i]))
                    for i in range(people)]
    ideas = [Idea(id=k, author_id=int(a), theme_id=f"theme-{idea_comm[k]}")
             for k, a in enumerate(idea_author.tolist())]
    comments = [Comment(id=k, idea_id=i, author_id=a, parent_id=p if p >= 0 else None)
                for k, (i, a, p) in enumerate(zip(c_idea.tolist(), actor.tolist(),
                                                  parent.tolist(), strict=True))]
    votes = [Vote(idea_id=i, voter_id=v, value=float(x))
             for i, v, x in zip(v_idea.tolist(), voter.tolist(), v_value.tolist(), strict=True)]
    return PlantedJam(participants=participants, ideas=ideas, comments=comments, votes=votes,
                      community=community, bridges=frozenset(reach), bridge_communities=reach)


def _target_communities(rng: np.random.Generator, actor: np.ndarray, community: np.ndarray,
                        reach: dict[int, tuple[int, ...]], noise: float,
                        communities: int) -> np.ndarray:
    """Community each interaction goes to: own, a random other one (noise), or a bridged one."""
    home = community[actor]
    shift = rng.integers(1, communities, actor.size)
    stray = rng.random(actor.size) < noise
    target = np.where(stray, (home + shift) % communities, home)
    for b, comms in reach.items():
        rows = np.flatnonzero(actor == b)
        target[rows] = np.asarray(comms)[rng.integers(0, len(comms), rows.size)]
    return target


def _random_idea_of(rng: np.random.Generator, target: np.ndarray, idea_order: np.ndarray,
                    idea_start: np.ndarray) -> np.ndarray:
    """A uniformly random idea of each target community."""
    counts = idea_start[target + 1] - idea_start[target]
    pick = idea_start[target] + np.floor(rng.random(target.size) * counts).astype(np.int64)
    return idea_order[pick]
