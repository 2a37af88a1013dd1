"""Full-text search terms: what an idea is indexed under, and what a search looks for.

A jam writes in several languages, and neither SQLite's FTS5 nor one PostgreSQL text-search
configuration stems more than one. So the terms are made here, the same for both databases:
every word of an idea is indexed as itself and as its English, Spanish and French Snowball stems
(PyStemmer, the Snowball project's own C implementation: ~0.2 µs a word), all case-folded and
without diacritics. A search word matches an idea that has any of its own forms, every word of
the search must match, and the last word also matches as a prefix (people search as they type).
Both stores rank by their own measure of term frequency (FTS5's bm25, PostgreSQL's ts_rank).

Only letters and digits become terms, so nothing a person types is ever search syntax.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

LANGUAGES = ("english", "spanish", "french")
# Words longer than this are cut (a pasted URL or hash would bloat the index for nothing).
WORD_MAX = 40
_WORD = re.compile(r"\w+", re.UNICODE)
# Chinese, Japanese and Korean write without spaces: each character of theirs is a word here
# (a search for three characters finds the ideas that have all three).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _stemmers() -> tuple[Stemmer.Stemmer, ...]:
    return tuple(Stemmer.Stemmer(language) for language in LANGUAGES)


def _plain(word: str) -> str:
    """Case-folded, without diacritics (é -> e, ñ -> n), underscores out."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("_", "")


def words(text: str) -> list[str]:
    """The words of a text, case-folded, at most WORD_MAX characters each (CJK characters one
    by one)."""
    out: list[str] = []
    for word in _WORD.findall(text.casefold()):
        if not word.strip("_"):
            continue
        if _CJK.search(word):
            for part in _CJK.split(word):
                if part.strip("_"):
                    out.append(part[:WORD_MAX])
            out.extend(_CJK.findall(word))
        else:
            out.append(word[:WORD_MAX])
    return out


def forms(word: str) -> list[str]:
    """A word and its stems in each language, without diacritics, each once, the word first."""
    found = [_plain(word)]
    for stemmer in _stemmers():
        stem = _plain(stemmer.stemWord(word))
        if stem and stem not in found:
            found.append(stem)
    return [f for f in found if f]


def index_terms(*texts: str) -> str:
    """What an idea is indexed under: every form of every word, space-separated, in order
    (repeats kept: they are what ranking counts)."""
    out: list[str] = []
    for text in texts:
        for word in words(text):
            out.extend(forms(word))
    return " ".join(out)


@dataclass(frozen=True)
class SearchQuery:
    """Per search word, the forms any of which must be in an idea; ``prefix`` is the last
    word as typed, also matched as a prefix."""

    groups: tuple[tuple[str, ...], ...]
    prefix: str | None

    @property
    def empty(self) -> bool:
        return not self.groups

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every term quoted (FTS5 reads a quoted string as a term,
        whatever it holds)."""
        parts = []
        for index, group in enumerate(self.groups):
            options = [f'"{term}"' for term in group]
            if self.prefix is not None and index == len(self.groups) - 1:
                options.append(f'"{self.prefix}" *')
            parts.append("(" + " OR ".join(options) + ")")
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """A PostgreSQL ``to_tsquery('simple', ...)`` text: terms are letters and digits
        only, so no quoting is needed."""
        parts = []
        for index, group in enumerate(self.groups):
            options = list(group)
            if self.prefix is not None and index == len(self.groups) - 1:
                options.append(f"{self.prefix}:*")
            parts.append("(" + " | ".join(options) + ")")
        return " & ".join(parts)


def search_query(text: str, *, max_words: int = 12) -> SearchQuery:
    """What a search for ``text`` looks for (its first ``max_words`` words)."""
    found = words(text)[:max_words]
    groups = tuple(tuple(forms(word)) for word in found)
    groups = tuple(g for g in groups if g)
    prefix = _plain(found[-1]) if found else None
    return SearchQuery(groups=groups, prefix=prefix or None)


def index_rows(rows: Iterable[tuple[int, str, str]]) -> list[dict[str, object]]:
    """``(idea_id, title, body)`` -> the rows of the search index."""
    return [
        {"idea_id": idea_id, "terms": index_terms(title, body)} for idea_id, title, body in rows
    ]
