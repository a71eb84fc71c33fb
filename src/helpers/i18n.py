"""Wording and numbers in French and English for what people read: the reports and the triage queue.

Stakeholders read these sentences: plain language, no jargon. French follows Quebec conventions (spaced
colons and percent signs, decimal commas).
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "comments": {"fr": "commentaires", "en": "comments"},
    "share_of_comments": {"fr": "part des commentaires (%)", "en": "share of comments (%)"},
    "week": {"fr": "semaine", "en": "week"},
    "day": {"fr": "jour", "en": "day"},
    "hour": {"fr": "heure", "en": "hour"},
    "date": {"fr": "date", "en": "date"},
    "language": {"fr": "langue", "en": "language"},
    "topic": {"fr": "sujet", "en": "topic"},
    "hostile_share": {"fr": "Part de commentaires hostiles", "en": "Share of hostile comments"},
    "volume_title": {"fr": "Commentaires par jour et par langue", "en": "Comments per day, by language"},
    "hostility_title": {"fr": "Hostilité {scale} (bande : incertitude à 95 %)",
                        "en": "Hostility {scale} (band: 95% uncertainty)"},
    "targets_title": {"fr": "Cibles des commentaires hostiles", "en": "Targets of hostile comments"},
    "mood_title": {"fr": "Humeur de l'auditoire {scale} (bande : incertitude à 95 %)",
                   "en": "Audience mood {scale} (band: 95% uncertainty)"},
    "emotions_title": {"fr": "Émotions moyennes par semaine", "en": "Mean emotions per week"},
    "topics_title": {"fr": "Sujets de la période : part des commentaires", "en": "Topics this period: share of comments"},
    "topic_trend_title": {"fr": "Sujets principaux au fil des semaines", "en": "Main topics week by week"},
    "quarantine_title": {"fr": "Lignes mises de côté (quarantaine), par raison", "en": "Rows set aside (quarantine), by reason"},
    "score": {"fr": "score moyen (0-1)", "en": "mean score (0-1)"},
    "negative": {"fr": "négatifs", "en": "negative"},
    "positive": {"fr": "positifs", "en": "positive"},
    "distressed": {"fr": "détresse", "en": "distress"},
    "is_question": {"fr": "questions", "en": "questions"},
    "hostile": {"fr": "hostiles", "en": "hostile"},
    "none": {"fr": "non précisée", "en": "unclear"},
    "start": {"fr": "début", "en": "start"},
    "end": {"fr": "fin", "en": "end"},
    "peak": {"fr": "pic (%)", "en": "peak (%)"},
    "score_short": {"fr": "score", "en": "score"},
    "first": {"fr": "premier", "en": "first"},
    "last": {"fr": "dernier", "en": "last"},
    "posts": {"fr": "publications", "en": "posts"},
    "hostile_count": {"fr": "hostiles", "en": "hostile"},
    "individual": {"fr": "une personne", "en": "a person"},
    "organisation": {"fr": "l'organisation", "en": "the organisation"},
    "group": {"fr": "un groupe", "en": "a group"},
    "rows": {"fr": "lignes", "en": "rows"},
    "summary_heading": {"fr": "Ce qu'il faut retenir", "en": "Key points"},
    "volume_line": {"fr": "{n} commentaires cette période ({change} par rapport à la période précédente : {n_prev}).",
                    "en": "{n} comments this period ({change} compared with the previous period: {n_prev})."},
    # ``_one`` forms: chosen by plural(), French counts 0 and 1 as singular, English only 1.
    "volume_line_one": {"fr": "{n} commentaire cette période ({change} par rapport à la période précédente : {n_prev}).",
                        "en": "{n} comment this period ({change} compared with the previous period: {n_prev})."},
    "no_data": {"fr": "Aucun commentaire dans cette période.", "en": "No comments in this period."},
    "topics_skipped": {"fr": "seulement {found} commentaires différents, il en faut au moins {needed} pour les sujets",
                       "en": "only {found} different comments; topics need at least {needed}"},
    "no_topics": {"fr": "Pas de sujets pour cette période : trop peu de commentaires différents ({n}) pour les "
                        "regrouper. Les autres pages du rapport restent valables.",
                  "en": "No topics for this period: too few different comments ({n}) to group them. The other "
                        "pages of the report still hold."},
    "spike_line": {"fr": "Pic d'hostilité du {start} au {end} : {k} commentaires hostiles sur {n} ({rate}), "
                         "surtout sous la publication {post} ; cible principale : {target}.",
                   "en": "Hostility spike from {start} to {end}: {k} hostile comments out of {n} ({rate}), "
                         "mostly under post {post}; main target: {target}."},
    "no_spike": {"fr": "Aucun pic d'hostilité détecté cette période.", "en": "No hostility spike detected this period."},
    "emerging_line": {"fr": "Sujets en hausse : {topics}.", "en": "Topics on the rise: {topics}."},
    "fading_line": {"fr": "Sujets en baisse : {topics}.", "en": "Topics fading: {topics}."},
    "no_topic_change": {"fr": "Pas de changement marqué dans les sujets.", "en": "No marked change in topics."},
    "mood_line": {"fr": "Commentaires négatifs : {neg} ({neg_change}). Signes de détresse : {dis} ({dis_change}).",
                  "en": "Negative comments: {neg} ({neg_change}). Signs of distress: {dis} ({dis_change})."},
    "questions_line": {"fr": "{q} questions posées ; les plus fréquentes sont listées plus bas.",
                       "en": "{q} questions asked; the most frequent are listed below."},
    "significant_up": {"fr": "en hausse nette", "en": "clearly up"},
    "significant_down": {"fr": "en baisse nette", "en": "clearly down"},
    "no_clear_change": {"fr": "sans changement net", "en": "no clear change"},
    "open_questions": {"fr": "Questions ouvertes à traiter", "en": "Open questions to answer"},
    "top_posts": {"fr": "Publications les plus commentées", "en": "Most commented posts"},
    "top_topics": {"fr": "Sujets principaux", "en": "Main topics"},
    "examples": {"fr": "Exemples (anonymisés)", "en": "Examples (anonymised)"},
    "post": {"fr": "publication", "en": "post"},
    "asked": {"fr": "fois posée", "en": "times asked"},
    "likes": {"fr": "mentions j'aime", "en": "likes"},
    "author": {"fr": "auteur (pseudonyme)", "en": "author (pseudonym)"},
    "text": {"fr": "texte", "en": "text"},
    "label": {"fr": "sujet", "en": "topic"},
    "theme": {"fr": "thème", "en": "theme"},
    "size": {"fr": "commentaires", "en": "comments"},
    "status": {"fr": "tendance", "en": "trend"},
    "emerging": {"fr": "émergent", "en": "emerging"},
    "growing": {"fr": "en hausse", "en": "growing"},
    "fading": {"fr": "en baisse", "en": "fading"},
    "stable": {"fr": "stable", "en": "stable"},
    "quiet": {"fr": "discret", "en": "quiet"},
    "cap_mood": {"fr": "L'humeur cette période et la précédente. La bande montre l'incertitude : elle est large "
                        "quand il y a peu de commentaires, un pic isolé dans une bande large n'est pas une tendance.",
                  "en": "Mood this period and the previous one. The band shows the uncertainty: it is wide when there "
                        "are few comments, so a lone peak in a wide band is not a trend."},
    "cap_hostility": {"fr": "L'hostilité au fil de la période ; les zones ombrées sont les pics détectés.",
                      "en": "Hostility through the period; shaded areas are the detected spikes."},
    "cap_volume": {"fr": "Commentaires par jour et par langue, cette période et la précédente.",
                   "en": "Comments per day and language, this period and the previous one."},
    "cap_quarantine": {"fr": "Lignes mises de côté, par raison : chacune est conservée avec son fichier, sa ligne et "
                             "son champ, rien n'est perdu.",
                       "en": "Rows set aside, by reason: each is kept with its file, row and field; nothing is lost."},
    "cap_topic_trend": {"fr": "Les sujets principaux semaine après semaine, jusqu'à cette période.",
                        "en": "The main topics week by week, up to this period."},
    "cap_topic_changes": {"fr": "Ce qui a changé depuis la période précédente (test de proportions) : sujets "
                                "émergents, en hausse ou en baisse.",
                          "en": "What changed since the previous period (test of proportions): emerging, growing or "
                                "fading topics."},
    "cap_topic_themes": {"fr": "Les sujets proches regroupés en grands thèmes (nombre de commentaires depuis le début).",
                         "en": "Related topics grouped into broader themes (comments since the start)."},
    "cap_topic_drivers": {"fr": "Sujets où l'hostilité ou la détresse est nettement plus fréquente qu'ailleurs.",
                          "en": "Topics where hostility or distress is clearly more frequent than elsewhere."},
    "cap_targets": {"fr": "À qui s'adressent les commentaires hostiles de la période.",
                    "en": "Who the hostile comments of the period are aimed at."},
    "cap_authors": {"fr": "Auteurs de plusieurs commentaires hostiles, par pseudonyme seulement.",
                    "en": "Authors of several hostile comments, by pseudonym only."},
    "cap_emotions": {"fr": "Émotions moyennes par semaine, jusqu'à cette période.",
                     "en": "Mean emotions per week, up to this period."},
    "cap_mood_changes": {"fr": "Évolution de chaque part par rapport à la période précédente (test de proportions).",
                         "en": "Change of each share against the previous period (test of proportions)."},
    "cap_distress": {"fr": "Semaines où la détresse était nettement au-dessus de son niveau habituel.",
                     "en": "Weeks when distress was clearly above its usual level."},
    "cap_spikes": {"fr": "Pics détectés, avec les publications qui les ont provoqués et des exemples anonymisés.",
                   "en": "Detected spikes, with the posts that drove them and anonymised examples."},
    "hostile_rate": {"fr": "part hostile (%)", "en": "hostile share (%)"},
    # The page team's queue ("À traiter").
    "triage_title": {"fr": "À traiter, par catégorie", "en": "To handle, by category"},
    "cap_triage": {"fr": "Ce que l'équipe de la page devrait traiter pour cette période, le plus urgent d'abord. "
                         "Textes caviardés, auteurs sous pseudonyme. La liste complète est dans le fichier "
                         "triage.csv.",
                   "en": "What the page team should handle for this period, most urgent first. Texts redacted, "
                         "authors by pseudonym. The full list is in the file triage.csv."},
    "refer": {"fr": "Personnes à orienter vers de l'aide", "en": "People to refer to help"},
    "cap_refer": {"fr": "Mots d'automutilation ou de suicide, ou détresse aiguë. C'est un signal pour qu'une personne "
                        "prenne contact et offre les ressources ci-dessous, jamais un diagnostic.",
                  "en": "Self-harm or suicide wording, or acute distress. A signal for a person to reach out and "
                        "offer the resources below, never a diagnosis."},
    "threat": {"fr": "Menaces à signaler (sécurité, police)", "en": "Threats to escalate (security, police)"},
    "identity_hate": {"fr": "Haine identitaire à modérer", "en": "Identity-based hate to moderate"},
    "question": {"fr": "Questions à répondre (regroupées)", "en": "Questions to answer (grouped)"},
    "cap_question": {"fr": "Les questions semblables sont regroupées : une réponse publique suffit. « oui » dans la "
                           "colonne répondue : la page a déjà répondu dans un des fils du groupe.",
                     "en": "Similar questions are grouped: one public answer covers them. \"yes\" under answered: "
                           "the page already replied in one of the group's threads."},
    "repeat_author": {"fr": "Auteurs hostiles récurrents", "en": "Repeat hostile authors"},
    "category": {"fr": "catégorie", "en": "category"},
    "to_handle": {"fr": "à traiter", "en": "to handle"},
    "reason": {"fr": "pourquoi", "en": "why"},
    "other_wordings": {"fr": "autres formulations", "en": "other wordings"},
    "answered": {"fr": "répondue", "en": "answered"},
    "resource": {"fr": "ressource", "en": "resource"},
    "contact": {"fr": "contact", "en": "contact"},
    "note": {"fr": "note", "en": "note"},
    "judged": {"fr": "lignes jugées", "en": "rows judged"},
    "correct": {"fr": "justes", "en": "correct"},
    "precision": {"fr": "précision vue par l'équipe (%)", "en": "precision seen by the team (%)"},
    "cap_feedback": {"fr": "Ce que l'équipe a jugé juste dans les listes précédentes.",
                     "en": "What the team found right in earlier lists."},
    "nothing_to_handle": {"fr": "Rien dans cette catégorie.", "en": "Nothing in this category."},
    "distress_rate": {"fr": "part en détresse (%)", "en": "distress share (%)"},
    # Time scales of the charts (helpers.analysis.timeseries.choose_freq) and the empty states of tables and charts.
    "scale_h": {"fr": "par heure", "en": "per hour"},
    "scale_6h": {"fr": "par tranche de 6 heures", "en": "per 6 hours"},
    "scale_D": {"fr": "par jour", "en": "per day"},
    "time_scale_note": {"fr": "Échelle de temps : une valeur {scale}, choisie d'après le volume ({per} commentaires "
                              "{scale} en moyenne ; plus fin, chaque point ne compterait que quelques commentaires).",
                        "en": "Time scale: one value {scale}, chosen from the volume ({per} comments {scale} on "
                              "average; any finer and each point would count only a few comments)."},
    "no_spike_range": {"fr": "Aucun pic cette période : la part de commentaires hostiles est restée entre {low} et "
                             "{high} {scale}.",
                       "en": "No spike this period: the hostile share stayed between {low} and {high} {scale}."},
    "no_repeat_authors": {"fr": "Aucun auteur n'a écrit {k} commentaires hostiles ou plus cette période.",
                          "en": "No author wrote {k} or more hostile comments this period."},
    "no_topic_drivers": {"fr": "Aucun sujet où l'hostilité ou la détresse est nettement plus fréquente qu'ailleurs "
                               "cette période.",
                         "en": "No topic where hostility or distress is much more frequent than elsewhere this period."},
    "no_topic_changes": {"fr": "Aucun sujet n'a nettement émergé, grandi ou décliné depuis la période précédente.",
                         "en": "No topic clearly emerged, grew or faded since the previous period."},
    "no_distress_periods": {"fr": "Aucune semaine où la détresse sort nettement de l'ordinaire.",
                            "en": "No week where distress clearly stood out."},
    "no_questions": {"fr": "Aucune question ouverte cette période.", "en": "No open question this period."},
    "no_themes": {"fr": "Pas encore de thèmes : les sujets n'ont pas été calculés.",
                  "en": "No themes yet: topics have not been computed."},
    "nothing_this_period": {"fr": "Rien à signaler pour cette période.", "en": "Nothing to report this period."},
    "no_chart_data": {"fr": "Aucun commentaire à montrer pour cette période.", "en": "No comments to show for this period."},
    "previous_week": {"fr": "semaine précédente", "en": "previous week"},
    "this_week": {"fr": "cette semaine", "en": "this week"},
    "previous_month": {"fr": "mois précédent", "en": "previous month"},
    "this_month": {"fr": "ce mois-ci", "en": "this month"},
    "previous_period": {"fr": "période précédente", "en": "previous period"},
    "this_period": {"fr": "cette période", "en": "this period"},
    "change_col": {"fr": "variation", "en": "change"},
    # The triage queue's reasons (helpers.analysis.triage).
    "triage_self_harm": {"fr": "mots d'automutilation ou de suicide", "en": "self-harm or suicide wording"},
    "triage_distress": {"fr": "détresse", "en": "distress"},
    "triage_threat": {"fr": "menace", "en": "threat"},
    "triage_identity": {"fr": "attaque identitaire", "en": "identity attack"},
    "triage_asked": {"fr": "posée {n} fois", "en": "asked {n} times"},
    "triage_answered": {"fr": "déjà répondue par la page", "en": "already answered by the page"},
    "triage_hostile": {"fr": "{n} commentaires hostiles dans la période", "en": "{n} hostile comments in the period"},
    "triage_words": {"fr": "mots", "en": "words"},
}


def t(key: str, lang: str = "fr", **values: object) -> str:
    """The sentence ``key`` in ``lang`` (``fr`` or ``en``), with ``values`` filled in."""
    if lang not in {"fr", "en"}:
        raise ValueError(f"report language must be fr or en, not '{lang}'")
    return TEXTS[key][lang].format(**values)


#: Locales of the report languages: Quebec French and Canadian English number conventions.
LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def plural(key: str, count: float, lang: str = "fr") -> str:
    """``key``, or its ``key_one`` form when ``count`` is singular in ``lang`` (CLDR rules through Babel)."""
    from babel import Locale

    one = f"{key}_one"
    return one if one in TEXTS and Locale.parse(LOCALES[lang]).plural_form(count) == "one" else key


def change(value: float, lang: str = "fr") -> str:
    """A signed relative change, ``+12 %`` / ``−5 %`` (French) or ``+12%`` / ``−5%`` (English); no change is ``0 %``."""
    if round(abs(value) * 100) == 0:
        return percent(0.0, lang, digits=0)  # never "−0 %"
    return ("+" if value > 0 else "−") + percent(abs(value), lang, digits=0)


def percent(value: float, lang: str = "fr", digits: int = 1) -> str:
    """``0.123`` -> ``12,3 %`` (French, non-breaking space) or ``12.3%`` (English), with Babel."""
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * digits if digits else "") + (" %" if lang == "fr" else "%")
    if round(value * 100, digits) == 0:
        value = 0.0  # a share that rounds to nothing is 0 %, never "-0 %"
    return format_percent(value, pattern, locale=LOCALES[lang])


def number(value: float, lang: str = "fr", digits: int = 2) -> str:
    """``1234.5`` -> ``1 234,5`` (French) or ``1,234.5`` (English), at most ``digits`` decimals, with Babel."""
    from babel.numbers import format_decimal

    if round(value, digits) == 0:
        value = 0.0  # never "-0"
    return format_decimal(value, "#,##0" + ("." + "#" * digits if digits else ""), locale=LOCALES[lang])


def decimal(value: float, lang: str = "fr", digits: int = 2) -> str:
    """``0.5`` -> ``0,50`` (French) or ``0.50`` (English): exactly ``digits`` decimals, as a score is read."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def quoted(words: list[str], lang: str = "fr", limit: int = 3) -> str:
    """The first ``limit`` distinct words in the language's quotation marks: « mot » or “word”."""
    unique = list(dict.fromkeys(words))[:limit]
    return ", ".join(f"« {w} »" if lang == "fr" else f"“{w}”" for w in unique)


def punctuation(lang: str = "fr") -> tuple[str, str]:
    """The colon and semicolon separators of ``lang``: French typography puts a space before them."""
    return (" : ", " ; ") if lang == "fr" else (": ", "; ")
