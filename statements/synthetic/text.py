"""Text for synthetic records: words in Zipf proportions, real domain words and phrases.

The vocabulary is the same whatever the seed, so that a benchmark's search terms mean the
same on every synthetic database. Its ranks follow Zipf's law: function words first, then
real domain words and phrases spread over the common and middling ranks, then tens of
thousands of made-up words. About the hundred commonest words are in most statements; each
of the 60,000 rarest made-up words is in about 0.03% of them.
"""

import bisect
import itertools
import random
from operator import itemgetter

ZIPF_EXPONENT = 1.1
SLOTS = 65_536  # one draw is two random bytes
HEAD_SIZE = 2_000
MIDDLE_SIZE = 10_000
RARE_SIZE = 60_000
# Shares of all draws: words past the head, and of those the rare ones. A rare word is about
# one slot in 65,536 of 3% of the draws: in about 0.03% of 600-word texts.
TAIL_SHARE = 0.12
RARE_SHARE_OF_TAIL = 0.25


def words(text):
    return text.split()


# The stream texts are cut from: enough for each run to recur in few texts.
MIN_STREAM, MAX_STREAM = 200_000, 20_000_000
MIN_RUN, MAX_RUN = 8, 39
DEEPER = "\0"  # a string, so that count() and index() compare it fast

FUNCTION_WORDS = words(
    "the of and to in a for on that is with as by we our this are be its which has have an "
    "at from it not will all their also must should more other these such been was can "
    "countries international"
)

DOMAIN_WORDS = words(
    "digital divide cooperation cyber security sovereignty satellite telecommunications "
    "capacity internet governance development technology technologies information "
    "communications infrastructure broadband connectivity innovation data cloud norms "
    "resolution sanctions access network networks mobile platforms companies regulation "
    "transfer training assistance programmes institutions skills economy commerce trade "
    "investment services government electronic smart secretariat delegation commission "
    "member states session agenda report recommendations implementation follow-up summit "
    "stakeholders multilateral bilateral partnership framework dialogue confidence measures "
    "attacks threats resilience critical ransomware encryption surveillance privacy "
    "protection rights freedom expression content misinformation disinformation spectrum "
    "orbit launch postal exchanges centres computing algorithms intelligence artificial "
    "automation robotics nanotechnology biotechnology research universities science "
    "startups entrepreneurship youth women inclusion rural affordability literacy "
    "education health agriculture climate sustainable goals poverty financing fund "
    "donors equitable fair unilateral coercive restrictive embargo blockade sovereign "
    "jurisdiction territorial cultural diversity values heritage language languages "
    "standards interoperability submarine cables fibre towers operators licences "
    "ministry minister ambassador permanent representative secretary-general chair "
    "memorandum understanding agreement roadmap working group joint signed visit"
)

PHRASES = [
    "digital divide",
    "unilateral coercive measures",
    "capacity building",
    "artificial intelligence",
    "internet governance",
    "enhanced cooperation",
    "information and communications technologies",
    "developing countries",
    "sustainable development goals",
    "national sovereignty",
    "malicious use",
    "critical infrastructure",
    "open-ended working group",
    "technology transfer",
    "South-South cooperation",
    "World Summit on the Information Society",
    "e-government services",
    "data protection",
    "cross-border data flows",
    "peaceful uses of outer space",
    "responsible state behaviour",
    "the Tunis Agenda",
]

# Punctuation drawn like words, so that a whole text is one draw: (entry, share of draws).
PUNCTUATION = [
    (". The", 0.016),
    (". We", 0.014),
    (". Our", 0.008),
    (". This", 0.006),
    (". In", 0.005),
    (". It", 0.004),
    (".\n\nThe", 0.004),
    (".\n\nWe", 0.003),
    (", and", 0.012),
    (", which", 0.008),
    (", as", 0.006),
]
PUNCTUATION_ENTRIES = frozenset(entry for entry, _ in PUNCTUATION)

ONSETS = words("b c d f g h k l m n p r s t v z br dr tr st pl sh kh")
VOWELS = words("a e i o u a e i o ai ou")
CODAS = ["", "", "", "n", "r", "l", "s", "m", "t", "x"]


def zipf_weights(count, start=1, exponent=ZIPF_EXPONENT):
    return [rank**-exponent for rank in range(start, start + count)]


def made_up_words(count, exclude):
    """`count` distinct pronounceable words that are not real ones, always the same."""
    rng = random.Random("demarche synthetic vocabulary")
    syllables = [o + v + c for o in ONSETS for v in VOWELS for c in CODAS]
    words, seen = [], set(exclude)
    while len(words) < count:
        word = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, 3))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def pick(table, indices):
    """table[i] for every i, at C speed (itemgetter of one index returns no tuple)."""
    if len(indices) == 1:
        return [table[indices[0]]]
    return list(itemgetter(*indices)(table))


class Table:
    """Entries in 65,536 slots in proportion to their weights, and a `deeper_share` of slots
    that stand for draws from the `deeper` table. Drawing n entries costs 2n random bytes
    and no Python step per entry."""

    def __init__(self, entries, weights, deeper=None, deeper_share=0.0):
        total = sum(weights)
        shares = [weight / total * (1 - deeper_share) for weight in weights]
        if deeper is not None:
            entries, shares = [*entries, DEEPER], [*shares, deeper_share]
        counts = [max(1, round(share * SLOTS)) for share in shares]
        counts[0] += SLOTS - sum(counts)
        self.slots = [entry for entry, n in zip(entries, counts, strict=True) for _ in range(n)]
        self.deeper = deeper

    def draw(self, rng, count):
        if count <= 0:
            return []
        indices = memoryview(rng.randbytes(2 * count)).cast("H").tolist()
        entries = pick(self.slots, indices)
        missing = entries.count(DEEPER)
        if missing:
            position = -1
            for entry in self.deeper.draw(rng, missing):
                position = entries.index(DEEPER, position + 1)
                entries[position] = entry
        return entries


class Vocabulary:
    def __init__(self):
        made_up = made_up_words(HEAD_SIZE + MIDDLE_SIZE + RARE_SIZE, FUNCTION_WORDS + DOMAIN_WORDS)
        head, self.topical = self.head_ranks(made_up[:HEAD_SIZE])
        topical = set(self.topical)
        # Made-up words common in the texts, for the names of places and bodies.
        self.made_up = [word for word in head[len(FUNCTION_WORDS) :] if word not in topical]
        # Titles draw topics more evenly than texts do.
        self.topic_weights = list(itertools.accumulate(zipf_weights(len(self.topical), 1, 0.5)))
        rare = Table(made_up[-RARE_SIZE:], zipf_weights(RARE_SIZE, HEAD_SIZE + MIDDLE_SIZE))
        middle = Table(
            made_up[HEAD_SIZE : HEAD_SIZE + MIDDLE_SIZE],
            zipf_weights(MIDDLE_SIZE, HEAD_SIZE),
            rare,
            RARE_SHARE_OF_TAIL,
        )
        words_share = 1 - TAIL_SHARE - sum(share for _, share in PUNCTUATION)
        weights = zipf_weights(len(head))
        self.prose = Table(
            [*head, *(entry for entry, _ in PUNCTUATION)],
            [*(w / sum(weights) * words_share for w in weights), *(s for _, s in PUNCTUATION)],
            middle,
            TAIL_SHARE,
        )

    @staticmethod
    def head_ranks(made_up):
        """Function words, then domain words and phrases among made-up words with widening
        gaps: the first are in nearly every text, the last in a few percent of them."""
        topical = DOMAIN_WORDS + PHRASES
        random.Random("demarche synthetic ranks").shuffle(topical)
        start = len(FUNCTION_WORDS)
        placed = {start + n + n * n // 40: entry for n, entry in enumerate(topical)}
        ranks, filler = list(FUNCTION_WORDS), iter(made_up)
        while len(ranks) < HEAD_SIZE:
            ranks.append(placed.get(len(ranks)) or next(filler))
        return ranks, topical

    def topic(self, rng):
        """A domain word or phrase; titles draw them more evenly than texts do."""
        return self.topical[
            bisect.bisect(self.topic_weights, rng.random() * self.topic_weights[-1])
        ]

    def heading(self, rng, words):
        """A few topical words, capitalised like a headline."""
        return " ".join(self.topic(rng) for _ in range(words)).capitalize()


class Prose:
    """Texts cut from one long stream of words drawn once per run from a vocabulary.

    Cutting runs of 8 to 39 words from the stream is several times faster than drawing
    every word of a million texts; each run recurs in a few dozen texts at most, as
    boilerplate does in real statements.
    """

    def __init__(self, vocabulary, rng, words_needed):
        self.vocabulary = vocabulary
        self.stream = vocabulary.prose.draw(rng, min(MAX_STREAM, max(MIN_STREAM, words_needed)))
        self.span = len(self.stream) - MAX_RUN

    def text(self, rng, words, opener="We"):
        """About `words` words of sentences and paragraphs."""
        entries = []
        for value in memoryview(rng.randbytes(4 * (words // MIN_RUN + 1))).cast("I").tolist():
            start = value % self.span
            entries.extend(self.stream[start : start + MIN_RUN + (value >> 27)])
            if len(entries) >= words:
                break
        if entries[-1] in PUNCTUATION_ENTRIES:
            entries[-1] = self.vocabulary.topic(rng)
        body = " ".join(entries).replace(" .", ".").replace(" ,", ",")
        return f"{opener} {body}."
