import pandas as pd
import pytest

from helpers.models.text_model import DEFAULT_MODEL
from helpers.scoring.score import EMOTION_COLUMNS, SCORE_COLUMNS, TARGETS, is_question, score_texts
from helpers.text import detect_languages

pytestmark = pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped model missing: run `vigie train`")


@pytest.fixture(scope="module")
def examples():
    texts = {
        "joual_insult": "Gang de caves au ministère, vous savez pas ce que vous faites tabarnak",
        "threat_fr": "Leblanc on sait où tu restes, tu vas payer",
        "hate_fr": "Les immigrants sont des parasites, renvoyez-les chez eux",
        "distress_fr": "j en peux pu, chu a boutte pis toute seule depuis le confinement 😢",
        "question_fr": "Est-ce que la clinique de depistage est ouverte samedi?",
        "thanks_fr": "Merci mille fois aux infirmières, vous êtes extraordinaires ❤️",
        "insult_en": "You people are a bunch of incompetent clowns",
        "hate_en": "Muslims are vermin and should be sent back",
        "distress_en": "I lost my job and I can't pay rent, I'm scared and alone",
        "question_en": "Where can I book a vaccine appointment for my mother?",
        "thanks_en": "Thank you so much to all the nurses, you are amazing",
        "counter_en": "Saying immigrants are parasites is racist and wrong",
    }
    scores = score_texts(list(texts.values()))
    scores.index = list(texts)
    return scores


def test_columns_types_and_ranges(examples):
    assert list(examples.columns) == list(SCORE_COLUMNS)
    for column in ["hostility", "insult", "threat", "identity_attack", "profanity", "distress", *EMOTION_COLUMNS]:
        assert examples[column].between(0, 1).all(), column
    assert examples["sentiment_score"].between(-1, 1).all()
    assert set(examples["sentiment"]) <= {"negative", "neutral", "positive"}
    assert set(examples["hostility_target"]) <= set(TARGETS)
    assert (examples["hostile"] == (examples["hostility"] >= 0.5)).all()


def test_languages(examples):
    assert (examples.loc[[i for i in examples.index if i.endswith("_fr")], "lang"] == "fr").all()
    assert (examples.loc[[i for i in examples.index if i.endswith("_en")], "lang"] == "en").all()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sentiment_orders_thanks_above_hostility(examples, lang):
    thanks = examples.loc[f"thanks_{lang}"]
    assert thanks["sentiment"] == "positive" and thanks["sentiment_score"] > 0.3
    hostile = examples.loc["joual_insult" if lang == "fr" else "insult_en"]
    assert hostile["sentiment_score"] < 0 and hostile["sentiment"] == "negative"


def test_hostility_quebec_french_and_english(examples):
    for key in ["joual_insult", "threat_fr", "hate_fr", "insult_en", "hate_en"]:
        assert examples.loc[key, "hostile"], key
    for key in ["thanks_fr", "thanks_en", "question_fr", "question_en", "distress_fr", "distress_en"]:
        assert not examples.loc[key, "hostile"], key
    assert examples.loc["joual_insult", "profanity"] > 0.5
    assert examples.loc["threat_fr", "threat"] > 0.5 > examples.loc["joual_insult", "threat"] - 0.2
    assert examples.loc["hate_fr", "identity_attack"] > 0.5 and examples.loc["hate_en", "identity_attack"] > 0.5


def test_targets_tell_organisation_individual_and_group(examples):
    assert examples.loc["joual_insult", "hostility_target"] == "organisation"
    assert examples.loc["insult_en", "hostility_target"] == "organisation"
    assert examples.loc["threat_fr", "hostility_target"] == "individual"
    assert examples.loc["hate_fr", "hostility_target"] == "group"
    assert examples.loc["thanks_fr", "hostility_target"] == "none"


def test_insults_to_staff_stay_distinct_from_identity_hate(examples):
    assert examples.loc["joual_insult", "insult"] > examples.loc["joual_insult", "identity_attack"]
    assert examples.loc["hate_en", "identity_attack"] > examples.loc["hate_en", "insult"]


def test_distress_and_questions(examples):
    for lang in ("fr", "en"):
        assert examples.loc[f"distress_{lang}", "distress"] > examples.loc[f"thanks_{lang}", "distress"] + 0.2
        assert examples.loc[f"question_{lang}", "is_question"]
        assert not examples.loc[f"thanks_{lang}", "is_question"]


def test_emotions_point_the_right_way(examples):
    assert examples.loc["thanks_en", "emotion_joy"] > examples.loc["thanks_en", "emotion_anger"]
    assert examples.loc["joual_insult", "emotion_anger"] > examples.loc["joual_insult", "emotion_joy"]
    assert examples.loc["distress_en", "emotion_fear"] + examples.loc["distress_en", "emotion_sadness"] > \
        examples.loc["thanks_en", "emotion_fear"] + examples.loc["thanks_en", "emotion_sadness"]


@pytest.mark.parametrize("text, expected", [
    ("comment on fait pour prendre rdv", True),
    ("y'a tu quelqu'un qui sait si c'est ouvert", True),
    ("any idea when results come back", True),
    ("voir https://quebec.ca/page?id=3 pour les infos", False),
    ("merci pour tout!", False),
])
def test_is_question(text, expected):
    assert bool(is_question([text])[0]) is expected


def test_deterministic_and_order_independent():
    texts = ["Bande de menteurs", "merci!", "Where do I get tested?", "Bande de menteurs"]
    a = score_texts(texts)
    b = score_texts(texts[::-1]).iloc[::-1].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a.iloc[[0]].reset_index(drop=True), a.iloc[[3]].reset_index(drop=True))


def test_parallel_path_gives_the_same_scores():
    texts = [f"commentaire numéro {i}, c'est n'importe quoi" if i % 2 else f"thanks number {i}" for i in range(60)]
    serial = score_texts(texts, n_jobs=1, batch_size=25)
    parallel = score_texts(texts, n_jobs=2, batch_size=25)
    pd.testing.assert_frame_equal(serial, parallel)


def test_known_languages_are_kept_and_empty_texts_scored():
    scores = score_texts(["bonjour", "", None], langs=["fr", None, "en"])
    assert scores["lang"].tolist() == ["fr", "und", "en"]
    assert not scores["hostile"].any()


def test_unsupported_languages_get_no_scores_instead_of_made_up_ones():
    scores = score_texts(["La situación en la ciudad es muy grave, hay muchos heridos y muertos",
                          "Thanks to the firefighters", "👍"])
    assert scores["lang"].tolist() == ["es", "en", "und"]
    assert scores.loc[0, ["hostility", "distress", "sentiment"]].isna().all()
    assert pd.isna(scores.loc[0, "hostile"])
    assert scores.loc[1:, "hostility"].notna().all()


def test_featurizer_refuses_a_static_embedder_it_was_not_trained_with():
    from helpers.models.features import TextFeaturizer

    featurizer = TextFeaturizer(word_bits=4, char_bits=4, static_weight=1.0, static_model="vigie-static-0")
    with pytest.raises(ValueError, match="vigie train"):
        featurizer.transform(["bonjour"])
    current = TextFeaturizer(word_bits=4, char_bits=4, static_weight=1.0)
    X = current.transform(["bonjour", "hello"])
    assert X.shape == (2, current.n_features) and current.config()["static_model"].startswith("vigie-static")


def test_false_friends_are_not_hostile_but_the_insults_still_are():
    """Words that are insults in one language or sense and everyday words in another."""
    everyday = [
        "Mon vol est en retard de trois heures, quelqu'un sait pourquoi?",  # retard: a delay
        "Le retard dans les résultats de tests est stressant",
        "Il fait beau, ciel dégagé toute la fin de semaine",  # dégagé: clear
        "Attention, couche de neige épaisse sur l'autoroute 20",  # épaisse: thick
        "Notre cave a été inondée avec la crue de la rivière",  # cave: a basement
        "Ça fait 20 ans que je demeure à Gatineau",  # demeurer: to live (Quebec)
        "Lâchez pas les infirmières, merci pour tout!",  # lâche pas: don't give up
        "I had a quick bite at the cafeteria",  # bite: food (French profanity)
        "Book your colon screening at the clinic",  # colon (Quebec insult)
        "Pedestrians should use the sidewalk on Elm Street",  # pédé (slur) stripped of accents
    ]
    insults = ["you're a retard", "t'es ben cave mon homme", "gang de caves au ministère", "suce ma bite",
               "toute une bande de vendus au gouvernement"]
    scores = score_texts(everyday + insults)
    calm, rude = scores["hostility"][: len(everyday)], scores["hostility"][len(everyday):]
    assert (calm < 0.5).all(), dict(zip(everyday, calm.round(2)))
    assert (rude >= 0.5).all(), dict(zip(insults, rude.round(2)))


def test_short_insults_on_a_french_page_are_scored():
    from page_texts import FRENCH_PAGE

    # Alone, "ntm fdp" reads as Dutch: unscored. On their page, French (or undetermined, and scored).
    alone = score_texts(["gang de caves", "ntm fdp"])
    assert alone["hostility"].isna().any()
    scores = score_texts(FRENCH_PAGE + ["gang de caves", "ntm fdp"])
    assert scores["lang"].iloc[-2:].isin(["fr", "en", "und"]).all()
    assert scores["hostile"].iloc[-2:].all()


def test_the_page_prior_reads_the_whole_call_however_it_is_split_among_workers():
    from page_texts import FRENCH_PAGE, SHORT_FRENCH

    texts = FRENCH_PAGE + SHORT_FRENCH
    whole = detect_languages(texts)
    assert whole != detect_languages(texts, page_prior=False)  # the prior changes something here
    # Batches of 5 texts each hold too few texts to make a page: the call as a whole still does.
    assert score_texts(texts, batch_size=5, n_jobs=1)["lang"].tolist() == whole


def test_everyday_page_comments_are_not_hostile():
    # Other sentences than templates.EVERYDAY_COMMENTS: the words of civic talk the hate corpora share
    # (se faire, on, les gens, Québec, immigrants, Muslim) without their intent.
    texts = ["quelqu'un sait où on peut se faire tester à Québec?", "est-ce qu'on peut se faire vacciner à la pharmacie?",
             "les gens de Québec attendent encore les résultats", "la mairesse a rencontré les familles évacuées ce midi",
             "une pensée pour les citoyens de Lac-Mégantic", "les nouveaux arrivants peuvent appeler le 211 pour de l'aide",
             "anyone know where we can get tested in Quebec City?", "people in Gatineau are still waiting for their results",
             "the mosque is opening its doors to families who lost power", "thoughts with everyone in the flooded areas"]
    scores = score_texts(texts)
    assert not scores["hostile"].any(), scores.loc[scores["hostile"], "hostility"]
    assert (scores["identity_attack"] < 0.5).all()


def test_a_giant_text_is_read_up_to_its_prefix():
    from helpers.text import SCORED_PREFIX_CHARS

    giant = "Vous êtes des incompétents, tous. " + "Le vaccin arrive quand? " * 90_000  # 2 MB: a broken quote
    prefix = giant[:SCORED_PREFIX_CHARS]
    scores = score_texts([giant, prefix])
    # Bounded work: the 2 MB text is scored exactly as its first SCORED_PREFIX_CHARS characters.
    assert scores.iloc[0].equals(scores.iloc[1])
    assert scores["hostile"].iloc[0]


def test_the_shipped_model_rarely_flags_civil_crisis_tweets(shared_data):
    # The false alarms a public-service page would see (docs/evaluation.md: 0.012 in both languages today). A model
    # that doubles them fails here before it ships: a distilled build once scored 0.136 of the French ones hostile.
    from helpers.training.evaluation import civil_false_alarms

    for lang, hostile in civil_false_alarms().items():
        assert len(hostile) > 200 and hostile.mean() <= 0.03, (lang, round(hostile.mean(), 3))
