"""Report wording in French and English. Stakeholders read these sentences: plain language, no jargon."""

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
    "hostility_title": {"fr": "Hostilité par heure (bande : incertitude à 95 %)",
                        "en": "Hostility per hour (band: 95% uncertainty)"},
    "targets_title": {"fr": "Cibles des commentaires hostiles", "en": "Targets of hostile comments"},
    "mood_title": {"fr": "Humeur de l'auditoire par jour (bande : incertitude à 95 %)",
                   "en": "Audience mood per day (band: 95% uncertainty)"},
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
    "none": {"fr": "aucune", "en": "none"},
    "individual": {"fr": "une personne", "en": "a person"},
    "organisation": {"fr": "l'organisation", "en": "the organisation"},
    "group": {"fr": "un groupe", "en": "a group"},
    "rows": {"fr": "lignes", "en": "rows"},
    "summary_heading": {"fr": "Ce qu'il faut retenir", "en": "Key points"},
    "volume_line": {"fr": "{n} commentaires cette période ({change} par rapport à la période précédente : {n_prev}).",
                    "en": "{n} comments this period ({change} compared with the previous period: {n_prev})."},
    "no_data": {"fr": "Aucun commentaire dans cette période.", "en": "No comments in this period."},
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
    "size": {"fr": "commentaires", "en": "comments"},
    "status": {"fr": "tendance", "en": "trend"},
    "emerging": {"fr": "émergent", "en": "emerging"},
    "growing": {"fr": "en hausse", "en": "growing"},
    "fading": {"fr": "en baisse", "en": "fading"},
    "stable": {"fr": "stable", "en": "stable"},
    "quiet": {"fr": "discret", "en": "quiet"},
    "hostile_rate": {"fr": "part hostile", "en": "hostile share"},
    "distress_rate": {"fr": "part en détresse", "en": "distress share"},
}


def t(key: str, lang: str = "fr", **values: object) -> str:
    """The sentence ``key`` in ``lang`` (``fr`` or ``en``), with ``values`` filled in."""
    if lang not in {"fr", "en"}:
        raise ValueError(f"report language must be fr or en, not '{lang}'")
    return TEXTS[key][lang].format(**values)


def percent(value: float, lang: str = "fr") -> str:
    """``0.123`` -> ``12,3 %`` (French) or ``12.3%`` (English)."""
    text = f"{100 * value:.1f}"
    return f"{text.replace('.', ',')} %" if lang == "fr" else f"{text}%"
