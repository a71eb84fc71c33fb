"""helpers.models.vader_jit: VADER's rules over token ids give vaderSentiment's numbers, batch for batch."""

import numpy as np
import pytest

from helpers.models.features import vader_analyzer, vader_scores
from helpers.models.vader import Vader
from vader_cases import RULE_CASES


def test_large_batches_run_compiled_with_the_same_numbers(vader_reference, monkeypatch):
    from helpers.models import hashing, vader

    hashing.warm()
    scorer = Vader(vader_analyzer())
    monkeypatch.setattr(Vader, "score", lambda self, text: pytest.fail("the compiled path scores batches"))
    np.testing.assert_array_equal(scorer.scores(RULE_CASES), vader_reference(RULE_CASES))
    # A cache full of tokens stops growing and scores the same.
    monkeypatch.setattr(vader, "CACHE_SIZE", 5)
    scorer = Vader(vader_analyzer())
    np.testing.assert_array_equal(scorer.scores(RULE_CASES), vader_reference(RULE_CASES))
    assert len(scorer._tables.codes) == 5


def test_random_word_sequences_give_vaderSentiments_numbers(vader_reference):
    # Every rule word, booster, idiom word and negation, with lexicon words, capitals and punctuation, in
    # random order: sequences no real text is likely to hold.
    from vaderSentiment import vaderSentiment as vs

    from helpers.models.vader_jit import RULE_WORDS

    rng = np.random.default_rng(0)
    lexicon = sorted(vader_analyzer().lexicon)
    words = (list(RULE_WORDS) + [w for k in [*vs.SPECIAL_CASES, *vs.BOOSTER_DICT] for w in k.split()]
             + list(vs.NEGATE)[:20] + ["couldn't", "isn't", "the", "it"]
             + [lexicon[i] for i in rng.choice(len(lexicon), 60, replace=False)])
    texts = []
    for _ in range(3000):
        picked = rng.choice(words, rng.integers(1, 12))
        picked = [w.upper() if rng.random() < 0.15 else w for w in picked]
        picked = [w + rng.choice(["", "", "!", "?", ",", "..."]) for w in picked]
        texts.append(" ".join(picked))
    np.testing.assert_array_equal(vader_scores(texts), vader_reference(texts))
