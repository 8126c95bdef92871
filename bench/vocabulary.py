"""Deterministic text for the synthetic archive: a Zipf vocabulary in which "child",
"online" and "protection" are the commonest words, as in the group's real documents.

Texts are assembled from a pool of sentences drawn once from the vocabulary, so that
hundreds of megabytes of text cost seconds, not minutes; each text also carries a few
words of the long tail, so that rare words match few documents.
"""

import random
from itertools import accumulate, product

# The head of the vocabulary, commonest first: ranks 1-3 hold the words the benchmark
# searches for as common words.
HEAD = (  # noqa: SIM905 -- a paragraph of words reads better than 130 quoted ones
    "child online protection children safety digital internet platform policy national "
    "framework industry content report abuse parents education youth risk services "
    "strategy privacy data access awareness cooperation technology research support "
    "reporting harm exploitation sexual material social media helpline law enforcement "
    "regulation guidelines members states sector group council working contribution "
    "information development programme training school teachers families community "
    "measures response victims survivors prevention design age verification literacy "
    "skills wellbeing mental health gaming apps devices connectivity rights participation "
    "consultation survey evidence indicators measurement index assessment capacity "
    "building resources toolkit campaign initiative partnership global regional "
    "international organization governance accountability transparency standards "
    "moderation detection grooming cyberbullying harassment hotline referral cases "
    "legislation amendment directive convention article obligations providers operators "
    "network broadband mobile telecommunication infrastructure emerging artificial "
    "intelligence algorithms virtual reality metaverse streaming video images storage"
).split()
# One word the benchmark uses as the rare word: it appears in one document in 5,000.
RARE_WORD = "quillwort"
RARE_EVERY = 5000

_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pha", "dro", "quen")
TAIL_SIZE = 20_000
POOL_SENTENCES = 4096


def _tail_words() -> list[str]:
    words = ("".join(parts) for parts in product(_SYLLABLES, repeat=4))
    return [word for word, _ in zip(words, range(TAIL_SIZE), strict=False)]


class TextGenerator:
    """Titles, summaries and file texts, the same for the same seed."""

    def __init__(self, seed: str) -> None:
        self.random = random.Random(seed)  # noqa: S311 -- test data, not secrets
        self.tail = _tail_words()
        vocabulary = [*HEAD, *self.tail]
        # Zipf with exponent 1: the word of rank r is drawn with weight 1/r.
        weights = list(accumulate(1 / rank for rank in range(1, len(vocabulary) + 1)))
        self.sentences = [
            " ".join(self.random.choices(vocabulary, cum_weights=weights, k=length))
            for length in (self.random.randint(8, 24) for _ in range(POOL_SENTENCES))
        ]

    def sentence(self) -> str:
        return self.sentences[self.random.randrange(POOL_SENTENCES)]

    def title(self) -> str:
        words = self.random.choices(HEAD[3:], k=self.random.randint(4, 10))
        return " ".join(words).capitalize()

    def summary(self) -> str:
        return ". ".join(self.sentence() for _ in range(self.random.randint(2, 5))) + "."

    def file_text(self, index: int) -> str:
        """2-10 KB of text; one document in RARE_EVERY also holds the rare word."""
        target = self.random.randint(2_000, 10_000)
        parts = [self.random.choice(self.tail) for _ in range(3)]
        if index % RARE_EVERY == RARE_EVERY // 2:
            parts.append(RARE_WORD)
        size = sum(len(part) + 1 for part in parts)
        while size < target:
            sentence = self.sentence()
            parts.append(sentence)
            size += len(sentence) + 2
        return ". ".join(parts)
