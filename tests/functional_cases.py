"""Vigie's own functional test cases for identity-based hate, French and English.

Written independently of the training templates in ``helpers/training/templates.py`` (other sentences, other
wording, some other groups), in the categories of functional hate-speech test suites: hate stated
directly, implied, dehumanising, threatening, with spelling tricks; and the non-hateful cases that
share its words: negated hate, counter-speech quoting or denouncing hate, neutral and positive
mentions of groups, reclaimed words, abuse aimed at individuals or at non-protected groups,
profanity without a target. ``identity_attack`` is the expected label.
"""

from __future__ import annotations

import pandas as pd

GROUPS = {
    "fr": ["les musulmanes", "les immigrés", "les Juifs", "les personnes noires", "les gens d'origine chinoise",
           "les femmes voilées", "les gais", "les personnes handicapées", "les Autochtones", "les demandeurs d'asile"],
    "en": ["Muslim women", "immigrants", "Jewish people", "black people", "people of Chinese origin", "refugees",
           "gay men", "disabled people", "Indigenous people", "asylum seekers"],
}
NONPROTECTED = {"fr": ["les fonctionnaires du ministère", "les partisans du Canadien", "les cyclistes"],
                "en": ["government bureaucrats", "Leafs fans", "cyclists"]}

HATEFUL = {
    "fr": {
        "direct": ["Franchement, {g} me répugnent.", "Je peux pas sentir {g}, c'est viscéral.",
                   "{g}, c'est la pire engeance qui soit."],
        "dehumanising": ["{g} se reproduisent comme des rats.", "{g}, c'est une infestation, rien d'autre.",
                         "On devrait traiter {g} comme la vermine qu'ils sont."],
        "threat": ["Le jour venu, on va s'occuper de {g} une fois pour toutes.", "{g} mériteraient d'être abattus.",
                   "Faudrait mettre le feu aux maisons de {g}."],
        "implied": ["{g} n'apportent que des problèmes ici.", "Depuis que {g} sont arrivés, plus rien n'est sûr.",
                    "Faut pas s'étonner, c'est dans la nature de {g} d'être violents."],
        "spelling": ["{g} sont d3s p4r4sit3s.", "{g} sont des parasittes qu'il faut chasser.",
                     "{g} c'est de la v e r m i n e."],
    },
    "en": {
        "direct": ["Honestly, {g} make me sick.", "I despise {g}, every single one of them.",
                   "{g} are the worst kind of people."],
        "dehumanising": ["{g} breed like rats.", "{g} are an infestation, nothing more.",
                         "We should treat {g} like the vermin they are."],
        "threat": ["When the day comes we'll take care of {g} once and for all.", "{g} deserve to be shot.",
                   "Someone should burn down the homes of {g}."],
        "implied": ["{g} bring nothing but trouble here.", "Ever since {g} arrived nothing is safe anymore.",
                    "No surprise, violence is in the nature of {g}."],
        "spelling": ["{g} are p4r4sit3s.", "{g} are parasittes that must be chased out.", "{g} are v e r m i n."],
    },
}
NOT_HATEFUL = {
    "fr": {
        "negated": ["Je n'ai jamais dit que {g} étaient des parasites.", "{g} ne sont absolument pas violents.",
                    "Ce n'est pas vrai que {g} apportent des problèmes."],
        "counter_quote": ["Quelqu'un a écrit que {g} sont de la vermine. C'est écoeurant.",
                          "« {g} se reproduisent comme des rats » : voilà le genre de propos haineux qu'il faut signaler.",
                          "Traiter {g} de parasites, c'est du racisme pur et simple."],
        "counter_denounce": ["Je condamne fermement la haine envers {g}.", "Ces attaques contre {g} sont inacceptables.",
                             "Solidarité totale avec {g} victimes de harcèlement."],
        "neutral": ["La conférence de demain portera sur {g} au Québec.", "Mon collègue fait partie de {g}.",
                    "Le rapport présente des données sur {g} et l'emploi."],
        "positive": ["{g} font partie de notre belle communauté.", "Merci à {g} qui ont aidé à la banque alimentaire.",
                     "J'adore travailler avec {g}, ils sont formidables."],
    },
    "en": {
        "negated": ["I never said {g} were parasites.", "{g} are absolutely not violent.",
                    "It's not true that {g} bring trouble."],
        "counter_quote": ["Someone wrote that {g} are vermin. That's disgusting.",
                          "'{g} breed like rats' is exactly the kind of hateful comment we need to report.",
                          "Calling {g} parasites is plain racism."],
        "counter_denounce": ["I strongly condemn the hatred against {g}.", "These attacks on {g} are unacceptable.",
                             "Full solidarity with {g} who are being harassed."],
        "neutral": ["Tomorrow's conference is about {g} in Quebec.", "My colleague is one of {g}.",
                    "The report presents data on {g} and employment."],
        "positive": ["{g} are part of our wonderful community.", "Thanks to {g} who helped at the food bank.",
                     "I love working with {g}, they are amazing."],
    },
}
OTHER_NOT_HATEFUL = {
    "fr": {
        "abuse_individual": ["T'es vraiment un gros épais, ferme ta boîte.", "Toi t'es juste un menteur pis un lâche.",
                             "Ma pauvre, t'as rien dans la tête."],
        "abuse_nonprotected": ["{g} sont une bande d'incompétents.", "{g}, tous des imbéciles finis.",
                               "J'haïs {g}, une gang de caves."],
        "profanity": ["Tabarnak, encore une tempête de neige!", "Calvaire que la file est longue à la pharmacie.",
                      "Ostie que j'ai eu peur, mais tout va bien."],
        "reclaimed": ["Fier d'être gai, pis fier d'être moi!", "Nous, les femmes voilées, on est là pour rester."],
    },
    "en": {
        "abuse_individual": ["You are seriously a dumb clown, shut it.", "You're just a liar and a coward.",
                             "Poor thing, there's nothing in your head."],
        "abuse_nonprotected": ["{g} are a bunch of incompetents.", "{g}, all complete idiots.",
                               "I hate {g}, a pack of morons."],
        "profanity": ["Fuck, another snowstorm!", "Damn, the line at the pharmacy is so long.",
                      "Holy shit I was scared, but all is fine."],
        "reclaimed": ["Queer and proud, always!", "As a black woman I'm proud of who I am."],
    },
}


def cases() -> pd.DataFrame:
    """Every case: ``text, lang, category, identity_attack``."""
    rows = []
    for lang in ("fr", "en"):
        for category, templates in HATEFUL[lang].items():
            rows += [(t.format(g=g), lang, f"hate_{category}", 1) for t in templates for g in GROUPS[lang]]
        for category, templates in NOT_HATEFUL[lang].items():
            rows += [(t.format(g=g), lang, category, 0) for t in templates for g in GROUPS[lang]]
        for category, templates in OTHER_NOT_HATEFUL[lang].items():
            for t in templates:
                groups = NONPROTECTED[lang] if "{g}" in t else [""]
                rows += [(t.format(g=g), lang, category, 0) for g in groups]
    frame = pd.DataFrame(rows, columns=["text", "lang", "category", "identity_attack"])
    frame["text"] = [t[0].upper() + t[1:] for t in frame["text"]]
    return frame
