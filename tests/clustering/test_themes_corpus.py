"""Small planted-theme corpora for the theme tests (each text is about exactly one known
topic), and checks that the corpora are what the other tests assume."""

from __future__ import annotations

import numpy as np

TOPICS: dict[str, list[str]] = {
    "bikes": ["bike", "lanes", "cycling", "helmet", "bicycle", "commute", "pedal", "parking"],
    "solar": ["solar", "panels", "energy", "battery", "roof", "power", "grid", "heating"],
    "food": ["canteen", "lunch", "menu", "vegetarian", "salad", "kitchen", "meal", "coffee"],
    "training": ["training", "course", "mentoring", "skills", "workshop", "learning",
                 "certification", "coaching"],
}
# Words every idea uses whatever its topic: a good label must not pick these.
FILLER = ["idea", "proposal", "suggest", "improve", "better", "team", "office", "people"]


def planted(topics: list[str], per_topic: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """(texts, topic of each text): 4 topic words + 3 filler words each, topics interleaved."""
    rng = np.random.default_rng(seed)
    texts: list[str] = []
    truth: list[str] = []
    for i in range(per_topic * len(topics)):
        topic = topics[i % len(topics)]
        words = list(rng.choice(TOPICS[topic], 4, replace=False))
        words += list(rng.choice(FILLER, 3, replace=False))
        rng.shuffle(words)
        texts.append(" ".join(words))
        truth.append(topic)
    return texts, truth


def test_planted_corpora_are_the_same_for_the_same_seed():
    assert planted(["bikes", "food"], 5, seed=1) == planted(["bikes", "food"], 5, seed=1)


def test_each_planted_text_has_four_words_of_its_topic_and_three_fillers():
    texts, truth = planted(["bikes", "solar"], 10)
    for text, topic in zip(texts, truth, strict=True):
        words = text.split()
        assert sum(w in TOPICS[topic] for w in words) == 4
        assert sum(w in FILLER for w in words) == 3
