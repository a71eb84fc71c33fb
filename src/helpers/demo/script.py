"""The demo crisis's script: its calendar, topic waves, spikes, distress and questions, and its phrases.

The phrase tables are data (``resources/demo_phrases.json``, each with what it is for); the hostile phrases,
keyed by category and target, stay here. All are fictional, written for testing detectors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from ..config import RESOURCES_DIR

START = pd.Timestamp("2020-03-02", tz="UTC")  # Monday of ISO week 2020-W10; the page is in Quebec (UTC-4/-5)
N_WEEKS = 26
END = START + pd.Timedelta(weeks=N_WEEKS)
PLATFORM = "facebook"


@dataclass(frozen=True)
class TopicWave:
    """A topic's weekly weight: zero before ``start``, a ramp to ``peak`` and back to zero at ``end``."""

    key: str
    label_fr: str
    label_en: str
    start: int
    peak: int
    end: int

    def weight(self, week: int) -> float:
        """Weight of the topic in week ``week`` (0-based from ``START``)."""
        if week < self.start or week > self.end:
            return 0.0
        if week <= self.peak:
            return (week - self.start + 1) / (self.peak - self.start + 1)
        return max(0.0, (self.end - week + 1) / (self.end - self.peak + 1))


WAVES: tuple[TopicWave, ...] = (
    TopicWave("testing", "dépistage", "testing", 0, 2, 8),
    TopicWave("lockdown", "confinement", "lockdown rules", 2, 6, 13),
    TopicWave("financial_aid", "aide financière", "financial aid", 3, 5, 10),
    TopicWave("reopening", "déconfinement", "reopening", 9, 13, 18),
    TopicWave("masks", "masques", "masks", 12, 19, 23),
    TopicWave("vaccination", "rendez-vous de vaccination", "vaccination appointments", 19, 23, 25),
    TopicWave("school", "rentrée scolaire", "back to school", 21, 24, 25),
)
#: Present every week at a steady level: a recurring topic, not a wave.
BACKGROUND = TopicWave("thanks", "remerciements", "thanks to health workers", 0, 0, N_WEEKS)

#: Announcements that trigger hostility spikes: (week, weekday, hour, topic, key).
SPIKE_POSTS = (
    (6, 1, 17, "lockdown", "lockdown_extension"),  # Tuesday 2020-04-14, 1 pm in Quebec
    (19, 0, 15, "masks", "mask_mandate"),  # Monday 2020-07-13, 11 am in Quebec
)
DISTRESS_WEEKS = (5, 7, 10)  # rises from week 5, peaks at 7, gone after 10
QUESTION_WAVES = (("testing", 0, 3), ("vaccination", 20, 25))

# The demo's phrase tables are data: resources/demo_phrases.json (each with what it is for, "about").
_PHRASES = json.loads((RESOURCES_DIR / "demo_phrases.json").read_text(encoding="utf-8"))
TOPIC_TERMS = _PHRASES["TOPIC_TERMS"]["values"]
TOPIC_OPINION = _PHRASES["TOPIC_OPINION"]["values"]
OPINION = _PHRASES["OPINION"]["values"]
QUESTIONS = _PHRASES["QUESTIONS"]["values"]
TOPIC_QUESTIONS = _PHRASES["TOPIC_QUESTIONS"]["values"]
DISTRESS = _PHRASES["DISTRESS"]["values"]
PAGE_REPLY = _PHRASES["PAGE_REPLY"]["values"]
QUESTION_VARIANTS = _PHRASES["QUESTION_VARIANTS"]["values"]
SELF_HARM = _PHRASES["SELF_HARM"]["values"]
SUPPORT = _PHRASES["SUPPORT"]["values"]
OPENERS = _PHRASES["OPENERS"]["values"]
CLOSERS = _PHRASES["CLOSERS"]["values"]
EMOJI = _PHRASES["EMOJI"]["values"]
PII = _PHRASES["PII"]["values"]





# Hostile phrases by category and target. Fictional, written for testing detectors.
HOSTILE = {
    "fr": {
        ("insult", "organisation"): ["gang d'incompétents au ministère", "bande de caves, vous savez pas ce que vous faites",
                                     "vous êtes des clowns", "ta yeule le gouvernement, bande d'imbéciles",
                                     "des menteurs pis des incompétents"],
        ("insult", "individual"): ["le Dr Leblanc est un crétin fini", "Leblanc t'es un incompétent",
                                   "quel imbécile ce docteur Leblanc"],
        ("threat", "organisation"): ["vous allez payer pour ça", "on va aller vous voir au bureau, vous êtes avertis",
                                     "faites attention à vous autres, ça va mal finir"],
        ("threat", "individual"): ["Leblanc on sait où tu restes", "quelqu'un va finir par lui régler son compte à Leblanc"],
        ("identity_attack", "group"): ["c'est la faute aux immigrants qui ramènent le virus",
                                       "les chinois nous ont apporté cette cochonnerie, renvoyez-les chez eux",
                                       "ces gens-là sont des parasites, fermez les frontières aux étrangers"],
        ("profanity", "organisation"): ["tabarnak c'est assez", "crisse que c'est niaiseux", "calisse de farce",
                                        "osti de cirque"],
    },
    "en": {
        ("insult", "organisation"): ["bunch of incompetent idiots", "you people are clowns", "pathetic liars, all of you",
                                     "what a useless bunch of morons"],
        ("insult", "individual"): ["Dr Leblanc is a complete idiot", "Leblanc you are a moron", "that Leblanc guy is a clown"],
        ("threat", "organisation"): ["you will pay for this", "we know where your office is, watch out",
                                     "keep pushing and see what happens to you"],
        ("threat", "individual"): ["Leblanc better watch his back", "someone should deal with Leblanc for good"],
        ("identity_attack", "group"): ["blame the immigrants for bringing the virus",
                                       "the chinese brought this filth, send them back",
                                       "these foreigners are vermin, close the border"],
        ("profanity", "organisation"): ["fuck this shit", "what the fuck is this", "this is bullshit", "damn this crap"],
    },
}
HOSTILE_MIX = (("insult", "organisation", 0.38), ("insult", "individual", 0.12), ("threat", "organisation", 0.08),
               ("threat", "individual", 0.04), ("identity_attack", "group", 0.16), ("profanity", "organisation", 0.22))

# The page team's triage cases, drawn with their own generator so the rest of the stream is unchanged.
#: The page's own handle: it replies to some questions (a question group it answered is marked so).
PAGE_AUTHOR = "sante_publique_demo"




def weekly_topic_weights(week: int) -> dict[str, float]:
    """Each topic's weight in week ``week``: its wave, and the steady background."""
    weights = {w.key: w.weight(week) for w in WAVES}
    weights[BACKGROUND.key] = 0.2
    return weights


def weekly_distress_rate(week: float) -> float:
    """Share of distressed comments in week ``week``: a base rate, rising to a peak and back (:data:`DISTRESS_WEEKS`)."""
    start, peak, end = DISTRESS_WEEKS
    base = 0.015
    if start <= week <= peak:
        return base + 0.14 * (week - start) / (peak - start)
    if peak < week <= end:
        return base + 0.14 * (end - week) / (end - peak)
    return base


def weekly_question_rate(week: int, topic: str) -> float:
    """Share of questions on a post about ``topic`` in week ``week``: higher during its question wave."""
    for key, start, end in QUESTION_WAVES:
        if key == topic and start <= week <= end:
            return 0.45
    return 0.08
