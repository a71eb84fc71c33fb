"""Questions without a question mark are questions; exclamations and idioms that open like one are not."""

import pytest

from helpers.scoring.score import is_question, scores_version
from question_cases import INDIRECT_QUESTIONS, LATER_NOT_QUESTIONS, LATER_QUESTIONS, NOT_QUESTIONS


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("questions", "civil"), [(INDIRECT_QUESTIONS, NOT_QUESTIONS),
                                                 (LATER_QUESTIONS, LATER_NOT_QUESTIONS)])
def test_indirect_questions_are_found_without_false_alarms(questions, civil, lang):
    recall = is_question(questions[lang]).mean()
    false_alarms = is_question(civil[lang]).mean()
    assert recall >= 0.8 and false_alarms <= 0.1, (recall, false_alarms)


def test_question_marks_in_urls_do_not_count_and_real_ones_do():
    assert is_question(["voir https://exemple.ca/page?id=3", "c'est ouvert?", "ok."]).tolist() == [False, True, False]


def test_scores_are_keyed_by_model_and_rules():
    from helpers.models.text_model import default_model

    model = default_model()
    assert scores_version(model).startswith(model.version + "@rules")


def test_rule_patterns_split_for_speed_find_what_the_single_patterns_found(shared_data):
    """The "-tu" questions' own pattern and the condemnations' first-letter lookahead change no answer on real texts."""
    import re

    from helpers.cleaning import normalise
    from helpers.io import datasets
    from helpers.scoring import score

    inline = re.compile(score._QUESTION_INLINE.pattern[:-1] + "|" + score._QUESTION_TU.pattern[2:] + ")")
    condemned = re.compile(score._CONDEMNED.pattern.replace("(?=[abcdehinprsu])", ""))
    assert inline.pattern != score._QUESTION_INLINE.pattern and condemned.pattern != score._CONDEMNED.pattern
    texts = list(dict.fromkeys(datasets.crisislex()["text"].dropna().astype(str).tolist()
                               + datasets.french_hate_superset()["text"].dropna().astype(str).tolist()
                               + INDIRECT_QUESTIONS["fr"] + INDIRECT_QUESTIONS["en"]
                               # a condemnation by each first letter of the lookahead, beside a report
                               + [f"they said it: {w}" for w in ("appalling", "a myth", "bigoted", "condemn", "disgusting",
                                                                 "ecoeurant", "hateful", "inacceptable", "not ok",
                                                                 "propos haineux", "racist", "shameful", "unacceptable")]))
    norm = [normalise(t) for t in texts]
    before = [(bool(score._QUESTION_START.match(n)) and not score._NOT_QUESTION.match(n)) or bool(inline.search(n))
              if not score._QUESTION_MARK.search(t) else True for t, n in zip(texts, norm)]
    assert is_question(texts).tolist() == before
    assert sum(before) > 1000
    counter = [(bool(condemned.search(n)) and bool(score._REPORTED.search(n))) or bool(score._UNGENERALISED.search(n))
               for n in norm]
    assert score.is_counter_speech(norm).tolist() == counter
    assert sum(counter) > 50
