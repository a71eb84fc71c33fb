"""helpers.models.intent: the questions head's features and its file."""

import numpy as np
import pytest

from helpers.cleaning import normalise
from helpers.models.intent import BLOCKS, QuestionHead, default_head, features, form, rule_flags, rules_say_seeking

TEXTS = ["RT @cbc: Is the bridge open? http://t.co/x", "@city any update on the boil-water advisory??",
         "Quelqu'un sait si l'école est fermée?", "WHAT is going on?!", "", None]


def test_blocks_stack_in_the_order_asked_with_their_widths():
    widths = {"use": 512, "static": 128, "rules": 3, "form": 6}
    for block in BLOCKS:
        assert features(TEXTS, (block,)).shape == (len(TEXTS), widths[block])
    both = features(TEXTS, ("rules", "form"))
    np.testing.assert_array_equal(both, np.hstack([features(TEXTS, ("rules",)), features(TEXTS, ("form",))]))
    assert features([], ("use", "static", "rules", "form")).shape == (0, 649)


def test_an_unknown_block_is_refused_by_name():
    with pytest.raises(ValueError, match="tfidf"):
        features(TEXTS, ("static", "tfidf"))


def test_rules_read_requests_rhetoric_and_retweeted_headlines():
    flags = rule_flags([normalise(t) for t in ["any update on the roads?", "what the hell is going on?",
                                              "RT @news is the bridge safe? http://t.co/a", "RT @ana where? #yyc"]])
    # The headline is read on normalised text ("rt @user ... httpurl"): a retweet without a link is not one.
    np.testing.assert_array_equal(flags, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]])
    # The baseline: a request marker, no rhetoric, no retweeted headline.
    assert rules_say_seeking(["any update on the roads?", "RT @news: any update? http://t.co/a", None]).tolist() == [
        True, False, False]


def test_form_reads_links_retweets_replies_marks_and_shouting():
    rows = form(["RT @a: fire? http://t.co/x", "@city where?????", "Really! WHAT now?"])
    # link, retweet or quote, reply, question marks (up to 4, scaled), exclamation, shouted word
    np.testing.assert_array_equal(rows, np.array([[1, 1, 0, 0.25, 0, 0], [0, 0, 1, 1.0, 0, 0], [0, 0, 0, 0.25, 1, 1]],
                                                 dtype=np.float32))


def test_a_head_written_and_read_back_scores_the_same(tmp_path):
    rng = np.random.default_rng(0)
    head = QuestionHead(rng.normal(size=3 + 6).astype(np.float32), -0.4, 0.3, ("rules", "form"), {"version": "t"})
    again = QuestionHead.load(head.save(tmp_path / "head.safetensors"))
    np.testing.assert_array_equal(again.probability(TEXTS), head.probability(TEXTS))
    assert (again.blocks, again.threshold, again.metadata) == (("rules", "form"), 0.3, {"version": "t"})
    np.testing.assert_array_equal(again.seeks(TEXTS), head.probability(TEXTS) >= 0.3)


def test_the_shipped_head_reads_blocks_it_knows_and_matches_its_width():
    head = default_head()
    assert set(head.blocks) <= set(BLOCKS)
    assert features(TEXTS[:1], head.blocks).shape[1] == head.coef.shape[0]
    assert 0 < head.threshold < 1
