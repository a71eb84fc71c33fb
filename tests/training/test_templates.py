"""helpers.training.templates: the template cases are seeded, labelled consistently and bilingual."""

import pytest

from helpers.training import templates


def test_training_cases_are_seeded_distinct_and_labelled_consistently():
    cases = templates.training_cases(seed=0)
    assert cases.equals(templates.training_cases(seed=0))
    assert not cases.equals(templates.training_cases(seed=1))  # the spelling variants follow the seed
    assert cases["text"].is_unique and set(cases["lang"]) == {"fr", "en"}
    hate = cases[cases["category"].str.startswith("hate_")]
    assert (hate["identity_attack"] == 1).all() and (hate["target"] == "group").all()
    counter = cases[cases["category"].str.startswith("not_hate")]
    assert (counter[["identity_attack", "hostile"]] == 0).all().all()
    assert set(cases.loc[cases["category"] == "abuse_individual", "target"]) == {"individual"}


def test_every_table_has_both_languages_and_says_what_it_is_for():
    for name, table in templates._TEMPLATES.items():
        if name.startswith("_"):
            continue
        assert table["about"].strip(), name
        assert {"fr", "en"} <= set(table["values"]), name


@pytest.mark.parametrize("build", [templates.distress_cases, templates.everyday_comment_cases,
                                   templates.false_friend_cases, templates.incivility_cases, templates.signal_cases])
def test_each_case_builder_gives_texts_in_both_languages(build):
    cases = build()
    assert len(cases) > 10 and set(cases["lang"]) >= {"fr", "en"}
    assert cases["text"].str.strip().str.len().gt(0).all()
