"""How results name people, and the pseudonymous mode.

Every result of the connectors analysis refers to people through :class:`Person` -- a plain,
JSON-safe copy of the participant's id, name and attributes. That single type is what makes the
pseudonymous mode simple and safe: :func:`pseudonymize` walks any result and swaps every
:class:`Person` for one whose id *and* name are a stable pseudonym ("Participant 7F3A2C"), so
neither a real name nor an employee id can leak through a field someone forgot.

Pseudonyms are a keyed hash (HMAC-SHA256) of the participant id with a secret salt: the same id
and salt always give the same pseudonym (snapshots stay comparable across runs), and without the
salt nobody can test a guessed id against a pseudonym. Org unit, country and guest status are
kept by default -- they are what the diversity of a team is about -- but can be dropped too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from clustering.network._graph import InteractionGraph, RecordId

T = TypeVar("T")


@dataclass(frozen=True)
class Person:
    """A participant as shown in results (a copy, so results do not hold the graph)."""

    id: Any
    name: str
    org_unit: str | None = None
    country: str | None = None
    is_guest: bool = False


def person_of(graph: InteractionGraph, node: int) -> Person:
    """The :class:`Person` for participant index ``node`` of ``graph``."""
    p = graph.participants[node]
    return Person(id=p.id, name=p.name, org_unit=p.org_unit, country=p.country,
                  is_guest=p.is_guest)


def pseudonym(participant_id: RecordId, salt: str, *, length: int = 6,
              prefix: str = "Participant") -> str:
    """Stable, non-revealing pseudonym: ``"Participant " + first hex digits of HMAC(salt, id)``.

    The id is hashed together with its type name, so the int 7 and the string "7" differ.
    """
    if not salt:
        raise ValueError("pseudonym salt must be a non-empty secret string")
    if not 4 <= length <= 64:
        raise ValueError(f"pseudonym length must be between 4 and 64, got {length}")
    message = f"{type(participant_id).__name__}:{participant_id}".encode()
    digest = hmac.new(salt.encode(), message, hashlib.sha256).hexdigest().upper()
    return f"{prefix} {digest[:length]}"


class Pseudonyms:
    """Pseudonyms for a known set of ids, unique within that set.

    Short codes are friendlier but collide in big jams (6 hex digits: about one collision per
    8,000 people squared / 33 million). Ids whose short codes collide get longer codes -- each
    still a prefix of the same keyed hash, so stable for a given set of ids and salt.
    """

    def __init__(self, ids: Iterable[RecordId], salt: str, *, length: int = 6,
                 prefix: str = "Participant") -> None:
        self._salt, self._prefix = salt, prefix
        remaining = list(dict.fromkeys(ids))
        self._names: dict[RecordId, str] = {}
        size = length
        while remaining:
            names = {pid: pseudonym(pid, salt, length=size, prefix=prefix) for pid in remaining}
            seen: dict[str, int] = {}
            for name in names.values():
                seen[name] = seen.get(name, 0) + 1
            remaining = []
            for pid, name in names.items():
                if seen[name] == 1 or size >= 64:
                    self._names[pid] = name
                else:
                    remaining.append(pid)
            size += 2

    def __call__(self, participant_id: RecordId) -> str:
        name = self._names.get(participant_id)
        return name if name is not None else pseudonym(participant_id, self._salt,
                                                       prefix=self._prefix)


def pseudonymize(result: T, salt: str | Pseudonyms, *, keep_attributes: bool = True,
                 drop_record_ids: bool = False) -> T:
    """A copy of any connectors result with every person replaced by a stable pseudonym.

    ``salt`` is the secret (or a prepared :class:`Pseudonyms`). With ``keep_attributes=False``
    org unit, country and guest status are blanked too. With ``drop_record_ids=True`` idea and
    comment ids in the evidence are removed as well: whoever can look them up in the database can
    find their authors.
    """
    names = salt if isinstance(salt, Pseudonyms) else Pseudonyms(_person_ids(result), salt)

    def swap(value: Any) -> Any:
        if isinstance(value, Person):
            alias = names(value.id)
            if keep_attributes:
                return Person(id=alias, name=alias, org_unit=value.org_unit,
                              country=value.country, is_guest=value.is_guest)
            return Person(id=alias, name=alias)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes: dict[str, Any] = {}
            for f in dataclasses.fields(value):
                if drop_record_ids and f.name in ("idea_id", "comment_id", "idea_ids",
                                                  "comment_ids"):
                    old = getattr(value, f.name)
                    changes[f.name] = [] if isinstance(old, list) else None
                else:
                    changes[f.name] = swap(getattr(value, f.name))
            return dataclasses.replace(value, **changes)
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, tuple):
            return tuple(swap(v) for v in value)
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        return value

    return swap(result)  # type: ignore[no-any-return]


def _person_ids(value: Any) -> list[Any]:
    """Every person id inside a result, in order of appearance."""
    found: list[Any] = []

    def walk(v: Any) -> None:
        if isinstance(v, Person):
            found.append(v.id)
        elif dataclasses.is_dataclass(v) and not isinstance(v, type):
            for f in dataclasses.fields(v):
                walk(getattr(v, f.name))
        elif isinstance(v, list | tuple):
            for item in v:
                walk(item)
        elif isinstance(v, dict):
            for item in v.values():
                walk(item)

    walk(value)
    return found
