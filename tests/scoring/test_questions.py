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
