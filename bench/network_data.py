"""Loaders that turn the shared real data sets into the connectors library's plain records.

- Decide Madrid (``../shared/data/decide-madrid``): proposals are ideas, comments keep their reply
  tree. 268 replies point to parents missing from the file; they become top-level comments (the
  library would rightly reject a reply to an unknown comment).
- Polis (``../shared/data/polis/<conversation>``): statements are ideas, votes are votes
  (de-duplicated on voter and statement, latest wins). Polis has no threads. Where votes.csv is
  missing, the participant x statement matrix in participants-votes.csv gives the votes. Polis's
  own opinion groups come from the ``group-id`` column.

Kept out of the library on purpose: file formats of two data sets are not the app's business.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from clustering import Comment, Idea, Participant, Vote

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

csv.field_size_limit(10_000_000)


@dataclass(frozen=True)
class JamRecords:
    """Records of one real data set, ready for ``build_interaction_graph``."""

    participants: list[Participant]
    ideas: list[Idea]
    comments: list[Comment]
    votes: list[Vote]
    reference_groups: dict[int, int]
    idea_titles: dict[int, str]


def load_decide_madrid(folder: Path = DATA / "decide-madrid") -> JamRecords:
    """Decide Madrid: 80 proposals, 5,633 comments in reply trees, chronological order."""
    with open(folder / "proposals.csv", newline="", encoding="utf-8") as f:
        proposals = list(csv.DictReader(f))
    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: (r["date"], r["time"], int(r["id"])))
    people: dict[int, Participant] = {}
    for user in [p["userId"] for p in proposals] + [r["userId"] for r in rows]:
        uid = int(user)
        people.setdefault(uid, Participant(id=uid, name=f"user {uid}"))
    ideas = [Idea(id=int(p["id"]), author_id=int(p["userId"]), title=p["title"])
             for p in proposals]
    idea_ids = {i.id for i in ideas}
    known = {int(r["id"]) for r in rows}
    comments = []
    for r in rows:
        if int(r["proposalId"]) not in idea_ids:
            continue
        parent = int(r["parentId"])
        comments.append(Comment(id=int(r["id"]), idea_id=int(r["proposalId"]),
                                author_id=int(r["userId"]),
                                parent_id=parent if parent in known else None))
    return JamRecords(participants=list(people.values()), ideas=ideas, comments=comments,
                      votes=[], reference_groups={},
                      idea_titles={i.id: i.title for i in ideas})


def load_polis(folder: Path) -> JamRecords:
    """One Polis conversation: statements as ideas, votes as votes, Polis groups as reference."""
    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        statements = list(csv.DictReader(f))
    groups: dict[int, int] = {}
    matrix_votes: list[tuple[int, int, float]] = []
    with open(folder / "participants-votes.csv", newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        statement_cols = [(k, int(h)) for k, h in enumerate(header) if h.isdigit()]
        for row in reader:
            pid = int(row[0])
            if row[1] != "":
                groups[pid] = int(float(row[1]))
            for k, sid in statement_cols:
                if k < len(row) and row[k] != "":
                    matrix_votes.append((sid, pid, float(row[k])))
    votes_path = folder / "votes.csv"
    latest: dict[tuple[int, int], tuple[int, float]] = {}
    if votes_path.exists():
        with open(votes_path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                key = (int(r["voter-id"]), int(r["comment-id"]))
                stamp = int(r["timestamp"])
                if key not in latest or stamp >= latest[key][0]:
                    latest[key] = (stamp, float(r["vote"]))
        vote_list = [(sid, pid, value) for (pid, sid), (_, value) in latest.items()]
    else:
        vote_list = matrix_votes
    ids: set[int] = set(groups)
    ids.update(int(s["author-id"]) for s in statements)
    ids.update(pid for _, pid, _ in vote_list)
    participants = [Participant(id=pid, name=f"participant {pid}") for pid in sorted(ids)]
    ideas = [Idea(id=int(s["comment-id"]), author_id=int(s["author-id"]),
                  title=s["comment-body"]) for s in statements]
    idea_ids = {i.id for i in ideas}
    votes = [Vote(idea_id=sid, voter_id=pid, value=value)
             for sid, pid, value in vote_list if sid in idea_ids]
    return JamRecords(participants=participants, ideas=ideas, comments=[], votes=votes,
                      reference_groups=groups, idea_titles={i.id: i.title for i in ideas})
