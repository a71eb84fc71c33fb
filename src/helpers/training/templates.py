"""Synthetic training cases for hostility and distress.

Hate stated directly, implied, dehumanising or threatening, and the non-hateful cases that share its
words (negation, counter-speech, neutral and positive mentions of groups, abuse of individuals or
non-protected groups, untargeted profanity).

Linear models trained only on hate corpora learn that naming a group means hate; these cases teach
them otherwise. They are generated from templates written for Vigie (French, including Quebec
French, and English), with spelling variants. The functional tests in ``tests/`` use separately
written templates, so they measure generalisation rather than recall of these sentences.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

GROUPS = {
    "fr": ["les immigrants", "les musulmans", "les juifs", "les Noirs", "les Chinois", "les Arabes", "les femmes",
           "les gais", "les homosexuels", "les lesbiennes", "les personnes trans", "les handicapés", "les autochtones",
           "les Haïtiens", "les réfugiés", "les Roms", "les Asiatiques", "les Africains", "les Maghrébins",
           "les migrants"],
    "en": ["immigrants", "Muslims", "Jews", "Black people", "Chinese people", "Arabs", "women", "gay people",
           "homosexuals", "lesbians", "trans people", "disabled people", "Indigenous people", "refugees",
           "Mexicans", "Asians", "Africans", "migrants", "Hindus", "Roma"],
}
NONPROTECTED = {
    "fr": ["les politiciens", "les fonctionnaires", "les fans de hockey", "les chauffeurs de taxi", "les vegans",
           "les journalistes", "les banquiers", "les avocats", "les ministres", "les influenceurs"],
    "en": ["politicians", "bureaucrats", "hockey fans", "cab drivers", "vegans", "journalists", "bankers", "lawyers",
           "ministers", "influencers"],
}
HATE_WORDS = {
    "fr": {"adjectives": ["dégoûtants", "répugnants", "immondes", "pourris", "sales", "stupides par nature",
                          "dangereux", "inférieurs", "arriérés", "violents", "sauvages", "malhonnêtes", "ignobles",
                          "une honte", "une menace", "un fléau", "de la racaille", "des moins que rien"],
           "verbs": ["je hais", "je méprise", "j'exècre", "je vomis", "j'en ai marre de", "je supporte pas",
                     "j'ai horreur de", "à bas", "dehors", "mort à"]},
    "en": {"adjectives": ["disgusting", "repulsive", "filthy", "rotten", "dirty", "stupid by nature", "dangerous",
                          "inferior", "backward", "violent", "savages", "dishonest", "vile", "a disgrace", "a threat",
                          "a scourge", "scum", "worthless"],
           "verbs": ["I hate", "I despise", "I loathe", "I detest", "I'm sick of", "I can't stand", "I abhor",
                     "down with", "get out", "death to"]},
}
HATE = {
    "fr": {
        "direct": ["je déteste {g}", "{g} sont des déchets", "{g} me dégoûtent", "{g} sont une plaie pour ce pays",
                   "{g} sont tous des criminels", "j'haïs {g}, tous autant qu'ils sont", "{g} sont inférieurs",
                   "{g} sont dégueulasses", "maudits {g}, je les endure pu"],
        "dehumanising": ["{g} sont des parasites", "{g} sont des rats", "{g} ne sont que des animaux",
                         "{g} c'est de la vermine", "{g} sont un cancer pour la société", "{g} sont des sous-humains"],
        "threat": ["il faudrait éliminer tous {g}", "{g} méritent une balle", "on devrait pendre {g}",
                   "{g} devraient crever", "faut renvoyer {g} chez eux de force", "il faut se débarrasser de {g}"],
        "implied": ["{g} ne s'intègrent jamais", "on ne peut pas faire confiance à {g}", "{g} volent nos jobs",
                    "avec {g} le quartier est devenu dangereux", "{g} n'ont rien à faire ici",
                    "{g} profitent du système et on paye"],
        "question": ["pourquoi {g} sont-ils tous aussi dégoûtants?", "c'est moi ou {g} sont vraiment des déchets?",
                     "qui veut encore de {g} ici?", "comment on fait pour se débarrasser de {g}?"],
        "opinion": ["à mon avis {g} sont une race inférieure", "je trouve que {g} sont des êtres répugnants",
                    "selon moi {g} ne valent rien", "perso je pense que {g} sont tous des bons à rien"],
        "pronoun": ["j'ai croisé {g} à l'épicerie, ils sont tous pareils, des porcs",
                    "encore un reportage sur {g}. Je les hais tous.", "{g}? Des animaux, tous autant qu'ils sont"],
        "negated_positive": ["{g} ne méritent aucun respect", "{g} ne sont pas des êtres humains",
                             "{g} ne seront jamais des vrais Québécois", "aucun d'entre {g} n'a sa place ici"],
        "profane": ["{g} sont des ostie de déchets", "crisse de {g}, tous des parasites",
                    "fuck {g}, ils valent rien", "{g} sont des putains de rats"],
    },
    "en": {
        "direct": ["I hate {g}", "{g} are trash", "{g} disgust me", "{g} are a plague on this country",
                   "{g} are all criminals", "I can't stand {g}", "{g} are inferior", "{g} are disgusting",
                   "damn {g}, I can't stand them"],
        "dehumanising": ["{g} are parasites", "{g} are rats", "{g} are nothing but animals", "{g} are vermin",
                         "{g} are a cancer on society", "{g} are subhuman"],
        "threat": ["we should get rid of all {g}", "{g} deserve a bullet", "{g} should be hanged", "{g} should die",
                   "deport all {g} by force", "someone should wipe out {g}"],
        "implied": ["{g} never fit in", "you can't trust {g}", "{g} steal our jobs",
                    "since {g} moved in the neighbourhood is dangerous", "{g} don't belong here",
                    "{g} milk the system and we pay"],
        "question": ["why are {g} all so disgusting?", "is it just me or are {g} complete trash?",
                     "who still wants {g} around here?", "how do we get rid of {g}?"],
        "opinion": ["in my opinion {g} are an inferior race", "I find {g} repulsive creatures",
                    "if you ask me {g} are worth nothing", "personally I think {g} are all good for nothing"],
        "pronoun": ["saw some {g} at the store, they're all the same, pigs",
                    "another news story about {g}. I hate them all.", "{g}? Animals, every last one of them"],
        "negated_positive": ["{g} deserve no respect at all", "{g} are not human beings",
                             "{g} will never be real Canadians", "none of {g} belong here"],
        "profane": ["{g} are fucking garbage", "fuck {g}, they're worthless", "{g} are goddamn parasites",
                    "{g} are shitty people"],
    },
}
NOT_HATE = {
    "fr": {
        "negated": ["je ne déteste pas {g}", "{g} ne sont pas des parasites", "{g} ne sont pas des criminels",
                    "personne ne devrait dire que {g} sont inférieurs", "je n'ai rien contre {g}",
                    "{g} ne méritent pas la haine qu'ils reçoivent"],
        "counter": ["dire que {g} sont des parasites, c'est raciste", "arrêtez de traiter {g} de vermine",
                    "c'est inacceptable d'écrire que {g} sont des déchets",
                    "ceux qui disent que {g} sont des criminels devraient avoir honte",
                    "non, {g} ne volent pas nos jobs, c'est un mythe", "je dénonce les propos haineux contre {g}",
                    "solidarité avec {g} face à la haine", "pas d'amalgame, {g} ne sont pas responsables"],
        "counter_quote": ["quelqu'un a écrit « {g} sont des déchets » et personne n'a réagi, c'est grave",
                          "« il faudrait éliminer {g} » : ce commentaire doit être supprimé",
                          "lire « {g} sont des animaux » sur votre page, ça me fait honte",
                          "j'ai signalé le message qui disait que {g} méritent de crever"],
        "neutral": ["j'ai rencontré {g} du quartier hier", "une réunion avec {g} est prévue mardi",
                    "{g} représentent une partie de la population", "le reportage parlait de {g}",
                    "plusieurs de mes voisins font partie de {g}", "{g} organisent une fête samedi"],
        "positive": ["j'aime {g}", "{g} sont les bienvenus ici", "{g} enrichissent notre communauté",
                     "fiers de vivre avec {g}", "merci à {g} pour leur aide pendant la pandémie",
                     "{g} méritent le respect"],
    },
    "en": {
        "negated": ["I don't hate {g}", "{g} are not parasites", "{g} are not criminals",
                    "nobody should say {g} are inferior", "I have nothing against {g}",
                    "{g} don't deserve the hate they get"],
        "counter": ["saying {g} are parasites is racist", "stop calling {g} vermin",
                    "it's unacceptable to write that {g} are trash", "people who say {g} are criminals should be ashamed",
                    "no, {g} don't steal our jobs, that's a myth", "I condemn the hateful comments about {g}",
                    "standing with {g} against hate", "not all {g} are responsible, stop generalising"],
        "counter_quote": ["someone wrote '{g} are trash' and nobody reacted, that's serious",
                          "'we should get rid of {g}': this comment must be removed",
                          "reading '{g} are animals' on your page makes me ashamed",
                          "I reported the post saying {g} deserve to die"],
        "neutral": ["I met some {g} from the neighbourhood yesterday", "a meeting with {g} is planned Tuesday",
                    "{g} are part of the population", "the report was about {g}", "several of my neighbours are {g}",
                    "{g} are organising a party on Saturday"],
        "positive": ["I love {g}", "{g} are welcome here", "{g} enrich our community", "proud to live alongside {g}",
                     "thank you to {g} for helping during the pandemic", "{g} deserve respect"],
    },
}
ABUSE_INDIVIDUAL = {
    "fr": ["t'es un crétin fini", "t'es juste un gros cave", "ferme ta yeule", "personne t'aime, t'es laid",
           "t'es nul à chier", "on va te péter la gueule demain", "va te cacher, espèce de loser",
           "t'es vraiment un imbécile", "quel épais celui-là", "t'es une honte", "t tro con", "ta gueule fdp",
           "je vais te casser la gueule à la récré", "t'es qu'une sale menteuse", "retourne jouer avec tes poupées bébé lala",
           "tu pues, personne veut de toi", "ferme-la, espèce de clown",
           # threats and insults aimed at one person or at the organisation's staff, not at a group
           "je connais ton adresse, fais attention à toi", "tu vas le regretter mon gars", "on va venir te voir à ta job",
           "vous allez payer pour ça au ministère", "attends que je te pogne, toi", "je vais te faire ravaler tes paroles",
           "la ministre devrait se faire tirer dessus", "le porte-parole mérite une claque", "t'es mieux de pas sortir ce soir",
           "criss de vendu, on va s'occuper de ton cas", "madame la mairesse, vous êtes une incompétente finie",
           "le docteur à la télé, quel imbécile"],
    "en": ["you are a complete idiot", "shut up you moron", "nobody likes you, you're ugly", "you're worthless",
           "I'm going to beat you up tomorrow", "go hide, you loser", "you're such an imbecile", "what a clown",
           "you're a disgrace", "ur so dumb lol", "stfu you idiot", "you're a pathetic liar", "you stink, nobody wants you",
           # threats and insults aimed at one person or at the organisation's staff, not at a group
           "I know your address, be careful", "you'll regret this buddy", "we'll come see you at work",
           "the ministry will pay for this", "wait till I catch you", "I'll make you eat your words",
           "the minister should be shot", "the spokesperson deserves a slap", "better not go out tonight",
           "you sellout, we'll deal with you", "mayor, you are totally incompetent", "that doctor on TV is an idiot"],
}
ABUSE_NONPROTECTED = {
    "fr": ["{g} sont tous des menteurs", "{g} sont des incompétents", "je déteste {g}", "{g} sont des clowns",
           "{g} sont des parasites qui vivent sur notre dos"],
    "en": ["{g} are all liars", "{g} are incompetent", "I hate {g}", "{g} are clowns", "{g} are parasites living off us"],
}
PROFANITY = {
    "fr": ["tabarnak quelle journée", "crisse qu'il fait frette", "osti que j'ai hâte aux vacances",
           "merde, j'ai oublié mes clés", "câlisse, le bus est encore en retard", "putain c'est trop bon",
           "ciboire que c'est long"],
    "en": ["fuck, I forgot my keys", "holy shit this is good", "damn it's cold today",
           "what the hell, the bus is late again", "shit happens", "this is fucking amazing"],
}

#: Everyday sentences with words that are insults or slurs in the other language or in another sense
#: ("retard" is a delay in French, "bite" is food in English, "dégagé" a clear sky): English hate data
#: teaches the n-gram heads that "retard" is hostile, and French pages talk about delays all the time.
FALSE_FRIENDS = {
    "fr": ["le retard de {x} inquiète les parents", "encore du retard pour {x}", "{x} : on nous annonce un retard",
           "désolé pour le retard concernant {x}", "{x} est retardé d'une semaine", "pourquoi tout ce retard pour {x}?",
           "{x} encore en retard", "les retards s'accumulent pour {x}", "combien de retard pour {x}?",
           "on est en retard sur {x}", "le bus est en retard, je vais manquer {x}", "retard important pour {x} ce matin",
           "ciel dégagé demain, la route est dégagée", "la neige est épaisse ce matin, prudence sur la route",
           "ma cave est inondée depuis hier", "les caves du quartier ont pris l'eau", "je demeure à Laval depuis dix ans",
           "lâche pas, t'es capable!", "lâchez pas, on est avec vous", "tous les billets sont vendus",
           "un raton laveur dans ma cour", "la trisomie 21 et l'école", "la piste pédestre est fermée",
           "la faune sauvage du parc", "visite à la ferme ce week-end", "mon oncle travaille à la ferme laitière",
           "le prix du porc augmente", "un voyage au Pakistan"],
    "en": ["grab a bite before your appointment", "my son got a mosquito bite at camp", "colon cancer screening saves lives",
           "use the pedestrian crossing on Main Street", "the bride and groom postponed the wedding",
           "thanks Chris for the update", "spicy food and crackers at the shelter", "the pros and cons of {x}",
           "flights to Pakistan are cancelled"],
}


#: What a public-service page mostly hears: questions, logistics, news, thanks and sympathy. Ordinary civic
#: talk ("où peut-on se faire tester?", "la mairesse s'est entretenue avec...") shares words with the hate
#: corpora (se faire, on, les gens, Québec) but none of their intent; the hostile and identity heads
#: learn it from these sentences, written for Vigie. The CrisisLexT26 false-alarm rate in
#: ``docs/evaluation.md`` is the independent check.
EVERYDAY_COMMENTS = {
    "fr": ["y a-t-il une clinique de dépistage ouverte ce soir?", "on peut-tu se faire vacciner sans rendez-vous?",
           "est-ce qu'on peut se faire rembourser {x}?", "on peut se présenter sans rendez-vous pour {x}?",
           "est-ce que les gens de l'extérieur de la ville peuvent s'inscrire pour {x}?",
           "à quelle heure ouvre le centre pour {x}?", "y a-t-il des nouvelles pour {x} cette semaine?",
           "merci pour les mises à jour sur {x}", "on attend les détails sur {x}, merci de nous tenir au courant",
           "ma grand-mère veut savoir comment s'inscrire pour {x}", "les gens du quartier se demandent quand {x} va reprendre",
           "est-ce que ça s'applique aussi aux travailleurs de nuit?", "on peut se faire accompagner par un proche?",
           "la mairesse s'est entretenue avec la ministre ce matin", "le premier ministre sera en point de presse à 13 h",
           "les Québécois sont avec les familles touchées", "pensées pour les citoyens de la région ce soir",
           "mon beau-frère est bénévole sur place depuis hier", "les drapeaux sont en berne devant l'hôtel de ville",
           "une veillée aura lieu ce soir à l'église du village", "on allume une chandelle à la fenêtre pour les victimes",
           "les pompiers de trois villes sont venus aider", "la Croix-Rouge accepte les dons en ligne",
           "les sinistrés peuvent se loger à l'école secondaire", "le secteur du centre-ville reste fermé au public",
           "les résidents pourront réintégrer leur maison demain", "on se fait dire d'attendre encore une semaine",
           "c'est long mais on comprend, merci aux équipes", "mes parents ont reçu leur lettre pour {x}",
           "les gens âgés ont de la misère avec le site web", "est-ce qu'on doit se faire tester avant de voyager?",
           "on peut tu faire la demande par téléphone?", "ma fille se demande si les camps de jour vont ouvrir",
           "les immigrants récents ont-ils droit à {x}?", "est-ce que l'info est disponible en anglais et en arabe?",
           "les familles musulmanes du quartier organisent une collecte pour les sinistrés",
           "les communautés autochtones de la région recevront aussi de l'aide",
           "les femmes enceintes peuvent-elles recevoir {x}?", "une pensée pour les gens qui ont tout perdu",
           "bravo aux travailleurs de la santé, vous êtes extraordinaires"],
    "en": ["is there a testing clinic open tonight?", "can people get vaccinated without an appointment?",
           "can we get reimbursed for {x}?", "can I just walk in for {x}?", "what time does the centre open for {x}?",
           "any news about {x} this week?", "thanks for the updates on {x}",
           "my grandmother wants to know how to sign up for {x}",
           "people in the neighbourhood are wondering when {x} will resume",
           "does this also apply to night-shift workers?",
           "the mayor met the minister this morning", "the premier will hold a press conference at 1 pm",
           "our thoughts are with the families tonight", "my brother-in-law has been volunteering there since yesterday",
           "flags are at half-mast in front of city hall", "a vigil will be held tonight at the church",
           "firefighters from three towns came to help", "the Red Cross is taking donations online",
           "evacuees can stay at the high school", "downtown remains closed to the public",
           "residents can go back home tomorrow", "it's slow but we understand, thanks to the crews",
           "my parents got their letter for {x}", "older people struggle with the website",
           "do we need to get tested before travelling?", "can we apply by phone?",
           "are recent immigrants eligible for {x}?", "is the information available in French and Arabic?",
           "Muslim families in the area are collecting donations for the evacuees",
           "Indigenous communities in the region will also get help", "can pregnant women get {x}?",
           "thinking of everyone who lost everything", "well done to the health workers, you are amazing"],
}


def everyday_comment_cases() -> pd.DataFrame:
    """:data:`EVERYDAY_COMMENTS`, each topic filled in: ``text, lang, y`` (``y`` = 0, not hostile)."""
    return _fill_topics(EVERYDAY_COMMENTS)


def _variants(text: str, rng: np.random.Generator) -> str:
    """A spelling trick: dropped accents, a swapped or missing letter, leetspeak or spaced letters."""
    words = text.split(" ")
    choice = int(rng.integers(5))
    idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not idx:
        return text
    i = idx[int(rng.integers(len(idx)))]
    w = words[i]
    if choice == 0:
        words[i] = w[: len(w) // 2] + w[len(w) // 2 + 1:]
    elif choice == 1:
        j = len(w) // 2
        words[i] = w[:j - 1] + w[j] + w[j - 1] + w[j + 1:]
    elif choice == 2:
        words[i] = w.translate(str.maketrans({"e": "3", "a": "4", "i": "1", "o": "0"}))
    elif choice == 3:
        words[i] = " ".join(w)
    else:
        import unicodedata

        return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()
    return " ".join(words)


def training_cases(seed: int = 0, variants: float = 0.3) -> pd.DataFrame:
    """All template cases with labels: ``text, lang, category, identity_attack, hostile, target``.

    ``target`` is ``group``, ``individual``, or ``none``; ``hostile`` is 1 for hate and abuse, 0 for
    the rest (untargeted profanity included).
    """
    rng = np.random.default_rng(seed)
    rows = []
    for lang in ("fr", "en"):
        for (kind, templates), group in itertools.product(HATE[lang].items(), GROUPS[lang]):
            for t in templates:
                rows.append((t.format(g=group), lang, f"hate_{kind}", 1, 1, "group"))
        for (kind, templates), group in itertools.product(NOT_HATE[lang].items(), GROUPS[lang]):
            for t in templates:
                rows.append((t.format(g=group), lang, f"not_hate_{kind}", 0, 0, "none"))
        for t in ABUSE_INDIVIDUAL[lang]:
            rows.extend([(t, lang, "abuse_individual", 0, 1, "individual")] * 3)
        for t, group in itertools.product(ABUSE_NONPROTECTED[lang], NONPROTECTED[lang]):
            rows.append((t.format(g=group), lang, "abuse_nonprotected", 0, 1, "group_nonprotected"))
        for t in PROFANITY[lang]:
            rows.extend([(t, lang, "profanity_untargeted", 0, 0, "none")] * 3)
        words = HATE_WORDS[lang]
        copula = "sont" if lang == "fr" else "are"
        for i, group in enumerate(GROUPS[lang]):
            for j, adj in enumerate(words["adjectives"]):
                if (i + j) % 3 == 0:
                    rows.append((f"{group} {copula} {adj}", lang, "hate_direct", 1, 1, "group"))
                    negated = f"{group} ne sont pas {adj}" if lang == "fr" else f"{group} are not {adj}"
                    rows.append((negated, lang, "not_hate_negated", 0, 0, "none"))
            for j, verb in enumerate(words["verbs"]):
                if (i + j) % 3 == 0:
                    rows.append((f"{verb} {group}", lang, "hate_direct", 1, 1, "group"))
    frame = pd.DataFrame(rows, columns=["text", "lang", "category", "identity_attack", "hostile", "target"])
    frame["text"] = [t[0].upper() + t[1:] for t in frame["text"]]
    tricks = rng.random(len(frame)) < variants
    frame.loc[tricks, "text"] = [_variants(t, rng) for t in frame.loc[tricks, "text"]]
    return frame.drop_duplicates("text").reset_index(drop=True)


DISTRESS = {
    "fr": ["{a}, je sais plus quoi faire", "{a} depuis des semaines", "honnêtement {a}", "{a}, personne m'aide",
           "je vous écris parce que {a}", "{a} et j'ai peur pour la suite", "{a}, c'est trop dur", "{a}... aidez-moi svp"],
    "en": ["{a}, I don't know what to do anymore", "{a} for weeks now", "honestly {a}", "{a}, nobody is helping me",
           "I'm writing because {a}", "{a} and I'm scared of what's next", "{a}, it's too much", "{a}... please help"],
}
DISTRESS_STATES = {
    "fr": ["j'en peux plus", "je suis à bout", "je me sens tellement seule", "j'ai perdu ma job", "je dors plus",
           "je pleure tout le temps", "j'arrive plus à payer mon loyer", "j'ai des idées noires", "je suis épuisé",
           "je fais des crises d'angoisse", "j'ai plus rien dans le frigo", "je vois plus personne depuis des mois",
           "chu pu capable", "je me sens vide", "mon couple s'effondre", "je suis en burn-out"],
    "en": ["I can't take it anymore", "I'm at the end of my rope", "I feel so alone", "I lost my job", "I can't sleep",
           "I cry all the time", "I can't pay my rent", "I have dark thoughts", "I'm exhausted",
           "I'm having panic attacks", "my fridge is empty", "I haven't seen anyone in months", "I can't cope",
           "I feel empty", "my marriage is falling apart", "I'm burned out"],
}


def distress_cases() -> pd.DataFrame:
    """Synthetic first-person distress statements (label 1), French and English: ``text, lang, y``.

    Dreaddit, the only distress data, is English Reddit; these give the French side a foothold.
    Negatives come from real everyday text in :mod:`helpers.training.text_model`.
    """
    rows = [(t.format(a=a), lang, 1)
            for lang in ("fr", "en") for t in DISTRESS[lang] for a in DISTRESS_STATES[lang]]
    frame = pd.DataFrame(rows, columns=["text", "lang", "y"])
    frame["text"] = [t[0].upper() + t[1:] for t in frame["text"]]
    return frame


INSULT_NOUNS = {
    "fr": ["caves", "clowns", "imbéciles", "incompétents", "menteurs", "twits", "épais", "nonos", "deux de pique",
           "pas bons", "voleurs", "crosseurs", "guignols", "abrutis", "idiots", "tatas", "sans-dessein", "innocents"],
    "en": ["clowns", "idiots", "morons", "liars", "incompetents", "fools", "crooks", "losers", "imbeciles", "jokers",
           "frauds", "muppets", "buffoons", "nitwits", "halfwits", "dimwits"],
}
INSULT_FRAMES = {
    "fr": ["vous êtes des {n}", "bande de {n}", "gang de {n}", "une belle gang de {n} au ministère",
           "le ministre pis sa gang de {n}", "t'es juste un des {n} du gouvernement", "ta yeule, vous êtes des {n}",
           "criss de {n}", "maudits {n}", "vous autres les {n} de la santé publique", "des {n} finis",
           "quelle bande de {n}", "encore ces {n} qui décident pour nous"],
    "en": ["you are {n}", "bunch of {n}", "you people are {n}", "the minister and his {n}", "what a pack of {n}",
           "shut up you {n}", "damn {n}", "you {n} at public health", "complete {n}", "these {n} running the show",
           "a gang of {n}", "total {n}, all of you"],
}
CIVIL_CRITICISM = {
    "fr": ["c'est mal organisé", "je ne suis pas d'accord avec cette décision", "ça n'a aucun sens pour {x}",
           "vous auriez dû annoncer ça plus tôt", "c'est décevant pour {x}", "la gestion de {x} laisse à désirer",
           "les règles pour {x} sont confuses", "j'ai attendu trois heures pour {x}, c'est trop long",
           "c'est injuste pour les familles", "encore un changement pour {x}, c'est difficile à suivre",
           "je trouve que {x} est mal expliqué", "franchement c'est pas clair pour {x}",
           "ça fait des semaines qu'on attend pour {x}", "on aurait besoin de plus d'informations sur {x}"],
    "en": ["this is badly organized", "I disagree with this decision", "this makes no sense for {x}",
           "you should have announced this earlier", "this is disappointing for {x}", "the handling of {x} is poor",
           "the rules for {x} are confusing", "I waited three hours for {x}, way too long",
           "this is unfair to families", "another change for {x}, hard to keep up",
           "I find {x} poorly explained", "honestly it's not clear for {x}", "we've been waiting weeks for {x}",
           "we need more information about {x}"],
}
CRITICISM_TOPICS = {
    "fr": ["la vaccination", "les tests", "le couvre-feu", "les écoles", "les CHSLD", "le passeport vaccinal",
           "les masques", "l'aide financière"],
    "en": ["vaccination", "testing", "the curfew", "schools", "long-term care", "the vaccine passport", "masks",
           "financial aid"],
}


def _fill_topics(sentences: dict[str, list[str]]) -> pd.DataFrame:
    """Non-hostile sentences, each ``{x}`` filled with every criticism topic: ``text, lang, y`` (``y`` = 0)."""
    rows = [(t.format(x=x) if x else t, lang, 0) for lang in ("fr", "en") for t in sentences[lang]
            for x in (CRITICISM_TOPICS[lang] if "{x}" in t else [None])]
    frame = pd.DataFrame(rows, columns=["text", "lang", "y"])
    frame["text"] = [t[0].upper() + t[1:] for t in frame["text"]]
    return frame


def false_friend_cases() -> pd.DataFrame:
    """:data:`FALSE_FRIENDS` sentences, each topic filled in: ``text, lang, y`` (``y`` = 0, not hostile)."""
    return _fill_topics(FALSE_FRIENDS)


def incivility_cases() -> pd.DataFrame:
    """Insults aimed at an organisation or its staff (hostile) and civil criticism (not hostile).

    A public-service page gets a lot of criticism, which is legitimate; hostility is when it turns to
    name-calling. Returns ``text, lang, y``.
    """
    rows = []
    for lang in ("fr", "en"):
        for i, frame in enumerate(INSULT_FRAMES[lang]):
            for j, noun in enumerate(INSULT_NOUNS[lang]):
                if (i + j) % 2 == 0:
                    rows.append((frame.format(n=noun), lang, 1))
        for t in CIVIL_CRITICISM[lang]:
            for x in CRITICISM_TOPICS[lang] if "{x}" in t else [""]:
                rows.append((t.format(x=x), lang, 0))
    frame = pd.DataFrame(rows, columns=["text", "lang", "y"]).drop_duplicates("text")
    frame["text"] = [t[0].upper() + t[1:] for t in frame["text"]]
    return frame.reset_index(drop=True)


# Must-not-miss signals: threats and self-harm, written for the learned signals of
# :mod:`helpers.models.signals` (other sentences than the checks in ``tests/must_not_miss.py``). Each
# list of positives has civil look-alikes beside it: the same words (kill, shoot, die, disappear,
# "on va te voir") in everyday use, which the signal must learn to leave alone.
THREAT_EXAMPLES = {
    "fr": [
        "je vais te tuer", "m'as te tuer mon tabarnak", "m'as t'arranger le portrait", "m'as te défoncer",
        "tu vas voir ce que je vais te faire", "je vais te retrouver et tu vas le payer",
        "je sais où tu restes", "on sait où se trouvent vos bureaux, préparez-vous",
        "attends que je te croise dans la rue", "tu perds rien pour attendre",
        "un jour quelqu'un va te faire ton affaire", "il va t'arriver malheur si tu continues",
        "on devrait pendre le premier ministre", "ce docteur-là mérite une balle dans la tête",
        "faudrait mettre le feu à l'hôtel de ville", "quelqu'un va finir par descendre le ministre",
        "les fonctionnaires de la santé publique, on va les sortir de force",
        "je vais aller faire un tour au CLSC avec mon fusil", "je vais planter le pharmacien",
        "la prochaine infirmière qui me parle de masque, je la frappe",
        "vous allez goûter à notre colère, un par un", "le jour où on va débarquer chez vous, vous allez pleurer",
        "gardez un oeil ouvert la nuit", "vos enfants sont pas en sécurité avec des décisions de même",
        "si le couvre-feu revient, il va y avoir du sang dans les rues", "ça va finir à coups de batte",
        "je vais t'étrangler de mes propres mains", "on va te faire la peau",
        "mort aux ministres", "qu'on les fusille tous au ministère",
        "tu mérites de te faire battre", "je te souhaite de crever dans ton bureau",
        "on va brûler ta maison", "j'ai ton adresse, on se reverra",
        "on va te faire ta fête à la sortie du bureau", "m'as te casser les deux jambes", "m'as te faire regretter ça",
        "je vais aller te chercher chez vous", "tu vas y goûter mon hostie", "prépare-toi, on s'en vient",
        "on va vous faire payer chaque mort de cette crise", "vous allez tous y passer",
        "si je le croise, le directeur, il repartira pas sur ses deux jambes", "je m'occupe de toi en fin de semaine",
        "je connais ton char, je connais ta rue", "on vous surveille, on sait à quelle heure vous finissez",
        "ça serait dommage qu'il arrive quelque chose à ta famille", "y a des gens qui disparaissent pour moins que ça",
        "la vengeance s'en vient", "vous serez les premiers quand ça va péter",
        "quelqu'un devrait lui régler son compte", "ce serait pas une grosse perte si quelqu'un l'abattait",
        "qu'on les pende haut et court, ces traîtres", "ils méritent le peloton d'exécution",
        "faut les tabasser, ces gardiens", "je vais rentrer dans l'urgence pis ça va mal finir",
        "j'vais t'péter la face", "tu vas manger une volée", "on va te crisser une raclée",
        "si tu refais ça, t'es mort", "la prochaine fois, ce sera pas des mots", "je te garantis que tu vas souffrir",
    ],
    "en": [
        "I will kill you", "I'm going to beat the hell out of you", "I'll smash your face in",
        "you'll find out what I'm capable of", "I'll track you down and make you pay",
        "I know where you live", "we know where your office is, be ready",
        "wait till I run into you on the street", "your day is coming",
        "something bad will happen to you if you keep this up", "accidents happen to people like you",
        "the premier should be executed", "that doctor deserves a bullet in the head",
        "someone should set fire to city hall", "somebody is going to take out the minister eventually",
        "we'll drag those public health officials out by force",
        "I'm going to show up at the clinic with my gun", "I'm going to stab the pharmacist",
        "the next nurse who mentions masks gets punched", "you'll all feel our anger, one by one",
        "the day we show up at your house you'll cry", "sleep with one eye open",
        "your kids aren't safe with decisions like this", "if the curfew comes back there will be blood in the streets",
        "this is going to end with baseball bats", "I'll strangle you with my bare hands",
        "we're coming for you", "death to the ministers", "line them all up and shoot them",
        "you deserve a beating", "I hope you die in your office", "we will burn your house down",
        "I have your address, see you soon", "better watch yourself, doc",
        "we'll throw you a little party when you leave the office", "I'll break both your legs",
        "I'll make you regret that", "I'm coming to get you at your place", "you're going to get it",
        "get ready, we're on our way", "we'll make you pay for every death of this crisis", "you're all going down",
        "if I run into the director he won't walk away", "I'll deal with you this weekend",
        "we're watching you, we know when your shift ends", "it would be a shame if something happened to your family",
        "people have disappeared for less than that", "revenge is coming", "you'll be the first ones when it blows up",
        "someone should settle his account for good", "it wouldn't be a big loss if someone gunned him down",
        "hang those traitors high", "they deserve a firing squad", "somebody needs to beat up those guards",
        "I'm going to walk into the ER and it will end badly", "I'm gonna punch your lights out",
        "you're getting a beatdown", "do that again and you're dead", "next time it won't be words",
        "I guarantee you're going to suffer", "you and your family should be scared",
        "one day you'll pay, in person",
    ],
}
NOT_THREAT_EXAMPLES = {
    "fr": [
        "ce retard va tuer notre saison", "je vais te texter quand j'arrive", "on se revoit à la clinique jeudi",
        "j'ai hâte de vous croiser au marché", "vous allez voir, le printemps s'en vient",
        "ce projet de loi va mourir au feuilleton", "je suis mort de rire", "ma fille m'a tuée avec sa blague",
        "on va aller vous voir au bureau pour déposer la pétition", "je vais écrire au ministre",
        "on va manifester pacifiquement devant le parlement", "il faut que ça brûle des calories, allez marcher",
        "faites attention sur les routes glacées", "protégez vos enfants, faites-les vacciner",
        "le feu d'artifice de la fête nationale était magnifique", "on a tiré au sort les gagnants",
        "le pharmacien m'a piqué sans douleur", "on sait où se trouve la clinique, merci",
        "je vais vous faire un don", "gardez vos distances et prenez soin de vous",
        "cette nouvelle m'a frappé", "la facture va faire mal", "on va vous battre au hockey cosom",
        "le ministre mérite qu'on l'écoute", "ça va finir par passer", "je vais défoncer mon record de course",
        "je vous souhaite de bonnes vacances", "ma maison est pleine de boîtes, on déménage",
        "j'ai votre adresse courriel, je vous écris demain", "vous l'aurez bien mérité, votre congé",
        "on va vous faire une fête pour vous remercier", "m'as te rappeler demain pour le rendez-vous",
        "je vais aller te chercher à l'aéroport", "prépare-toi, la neige s'en vient", "vous allez tous adorer le nouveau parc",
        "je vous surveille sur Facebook pour les nouvelles", "ça serait dommage de manquer la vaccination",
        "la prochaine fois j'apporte des muffins", "je te garantis que tu vas aimer ça", "tu vas manger une bonne soupe",
        "on s'occupe de vous en fin de semaine, la clinique est ouverte", "cette taxe va nous tuer financièrement",
        "si je le croise, le directeur, je vais le remercier", "on va vous faire payer moins d'impôts j'espère",
        "le patron mérite une promotion", "les gardiens méritent une augmentation",
        "on va frapper fort avec la campagne de dons", "j'vais t'envoyer le lien",
        "la vengeance des Canadiens au hockey s'en vient",
        "la prochaine fois, ce sera en personne, au plaisir",
    ],
    "en": [
        "this delay will kill our season", "I'll text you when I get there", "see you at the clinic on Thursday",
        "can't wait to run into you at the market", "you'll see, spring is coming",
        "that bill is going to die in committee", "I'm dying of laughter", "my daughter killed me with her joke",
        "we'll come to your office to drop off the petition", "I'm going to write to the minister",
        "we'll protest peacefully in front of parliament", "the fireworks were a blast",
        "drive carefully on icy roads", "protect your kids, get them vaccinated", "we drew the winners at random",
        "the pharmacist's shot didn't hurt at all", "we know where the clinic is, thanks",
        "I'm going to make a donation", "keep your distance and take care", "that news hit me hard",
        "the bill is going to hurt", "we're going to beat you at trivia night", "the minister deserves to be heard",
        "this too shall pass", "I'm going to smash my running record", "have a great vacation everyone",
        "my house is full of boxes, we're moving", "I have your email address, I'll write tomorrow",
        "you've earned your time off", "shoot me a message if you need volunteers",
        "we'll throw you a party to say thanks", "I'll call you back tomorrow about the appointment",
        "I'm coming to pick you up at the airport", "get ready, snow is on its way", "you're all going to love the new park",
        "I'm watching your page for updates", "it would be a shame to miss the vaccine clinic",
        "next time I'll bring muffins", "I guarantee you'll love it", "you're getting a nice soup",
        "we'll take care of you this weekend, the clinic is open", "this tax is going to kill us financially",
        "if I run into the director I'll thank him", "I hope you'll make us pay less tax",
        "the boss deserves a promotion", "the guards deserve a raise", "we'll hit hard with the donation drive",
        "I'm gonna send you the link", "the Leafs will get their revenge", "next time it'll be in person, cheers",
    ],
}
SELF_HARM_EXAMPLES = {
    "fr": [
        "je veux mourir", "j'ai envie d'en finir", "je pense au suicide", "je veux me tuer",
        "j'ai pensé à m'enlever la vie", "des fois je souhaite juste de pas me réveiller",
        "ça servirait à rien que je reste", "tout le monde serait mieux sans moi", "je suis un fardeau pour tout le monde",
        "je vois pas de sortie à part partir pour de bon", "j'ai tout préparé, c'est fini pour moi",
        "j'ai fait mes adieux à mes amis", "je me coupe encore pour tenir le coup", "j'ai acheté des pilules pour en finir",
        "chu pu capable de vivre, je veux que ça s'arrête", "la vie vaut pas la peine", "j'ai pu envie d'exister",
        "je me vois pas vivre encore un hiver de même", "si je disparaissais demain ça changerait rien",
        "j'ai pensé à sauter du pont", "je veux m'endormir pour toujours",
        "plus personne aurait à s'occuper de moi si je partais",
        "je me fais du mal quand ça va trop mal", "je suis pu capable, j'ai envie de mettre fin à tout ça",
        "c'est décidé, je vais en finir", "j'aimerais ça ne plus être là",
    ],
    "en": [
        "I want to die", "I want to end it all", "I've been thinking about suicide", "I want to kill myself",
        "I thought about taking my own life", "sometimes I just wish I wouldn't wake up",
        "there's no point in me staying", "everyone would be better off without me", "I'm a burden to everyone",
        "I don't see a way out except leaving for good", "I've got everything ready, it's over for me",
        "I said goodbye to my friends", "I still cut myself to cope", "I bought pills to end it",
        "I can't live like this, I want it to stop", "life isn't worth it", "I don't want to exist anymore",
        "I can't see myself surviving another winter like this", "if I vanished tomorrow nothing would change",
        "I thought about jumping off the bridge", "I want to go to sleep forever",
        "nobody would have to take care of me if I was gone", "I hurt myself when things get too bad",
        "I can't do it anymore, I want to put an end to everything", "it's decided, I'm going to end it",
        "I wish I wasn't here anymore",
    ],
}
NOT_SELF_HARM_EXAMPLES = {
    "fr": [
        "je suis épuisée mais ça va aller", "j'en peux plus de ce couvre-feu", "je veux que ce virus disparaisse",
        "le confinement me tue", "je suis morte de fatigue", "ma grand-mère est morte au CHSLD",
        "merci pour le numéro de la ligne d'écoute", "parlez-en si vous avez des idées suicidaires, appelez le 1 866 APPELLE",
        "la prévention du suicide chez les hommes, c'est important", "je veux juste que ça finisse, cette pandémie",
        "j'aimerais ça disparaître sur une île pour les vacances", "je suis à bout de patience avec les files d'attente",
        "on est fatigués mais on lâche pas", "j'ai perdu ma job, quelqu'un connaît un programme d'aide?",
        "je me sens seule ces temps-ci, mais ça s'en vient mieux", "ce film m'a brisé le coeur",
        "je vais me coucher tôt, grosse journée demain", "je me suis coupé en cuisinant, rien de grave",
        "j'ai pas envie d'aller travailler lundi", "la santé mentale des soignants m'inquiète",
    ],
    "en": [
        "I'm exhausted but I'll be fine", "I can't stand this curfew anymore", "I want this virus to disappear",
        "lockdown is killing me", "I'm dead tired", "my grandmother died in long-term care",
        "thanks for posting the crisis line number", "if you're having suicidal thoughts, please call 988",
        "suicide prevention for men matters", "I just want this winter to be over",
        "I'd love to disappear to an island for a vacation", "I'm running out of patience with these lines",
        "we're tired but we won't give up", "I lost my job, does anyone know an aid program?",
        "I've felt lonely lately, but it's getting better", "that movie broke my heart",
        "going to bed early, big day tomorrow", "I cut myself cooking, nothing serious",
        "I don't feel like going to work on Monday", "I worry about caregivers' mental health",
    ],
}


def signal_cases() -> pd.DataFrame:
    """Written threats and self-harm with their civil look-alikes: ``text, lang, signal, y``.

    Ordinary comments that are neither (everyday page comments, civil criticism, insults without a
    threat, distress without self-harm) are added as negatives of both signals by
    :func:`helpers.training.signals.training_frame`.
    """
    rows = [(t, lang, signal, y)
            for signal, positives, negatives in (("threat", THREAT_EXAMPLES, NOT_THREAT_EXAMPLES),
                                                 ("self_harm", SELF_HARM_EXAMPLES, NOT_SELF_HARM_EXAMPLES))
            for y, lists in ((1, positives), (0, negatives)) for lang in ("fr", "en") for t in lists[lang]]
    return pd.DataFrame(rows, columns=["text", "lang", "signal", "y"])
