"""Tiny and repetitive pages, as small municipalities and quiet weeks produce them (for the degrade tests).

Each ISO week of 2020 below is one case; the store also holds enough distinct comments overall for
topics to be fitted, so each week exercises the notebooks, not the topic floor.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FRENCH = ["Merci pour l'information", "Où peut-on se faire tester à Laval?", "C'est une honte, gang de caves",
          "Bonne journée à toute l'équipe", "Quand est-ce que les écoles rouvrent?", "Je suis épuisée, j'en peux plus",
          "Les masques sont obligatoires dans le bus?", "Bravo aux infirmières 👏", "Le site ne marche pas encore",
          "Vous êtes des incompétents", "Ma mère est au CHSLD, je suis inquiète", "Merci!"]
ENGLISH = ["Thanks for the update", "Where can I get tested in Montreal?", "You people are useless",
           "Great job everyone", "When do schools reopen?", "I can't sleep anymore, so anxious",
           "Is the clinic open on weekends?", "Stay safe all", "The website is down again", "Masks on buses?"]

#: ISO week -> (label, comments as (day offset, hour, text, lang hint)).
CASES: dict[str, str] = {
    "2020-W11": "no comment",
    "2020-W12": "one comment",
    "2020-W13": "five comments",
    "2020-W14": "fifty comments, English only",
    "2020-W15": "one distinct text",
    "2020-W16": "one day",
}


def _week_rows(week: str) -> list[tuple[pd.Timestamp, str]]:
    monday = pd.Timestamp.fromisocalendar(int(week[:4]), int(week[-2:]), 1).tz_localize("UTC")
    if week == "2020-W11":
        return []
    if week == "2020-W12":
        return [(monday + pd.Timedelta(hours=30), FRENCH[1])]
    if week == "2020-W13":
        return [(monday + pd.Timedelta(hours=9 + 20 * i), FRENCH[i]) for i in range(5)]
    if week == "2020-W14":
        return [(monday + pd.Timedelta(hours=3 * i), ENGLISH[i % len(ENGLISH)]) for i in range(50)]
    if week == "2020-W15":
        return [(monday + pd.Timedelta(hours=2 * i), "Merci pour l'information") for i in range(60)]
    return [(monday + pd.Timedelta(hours=8, minutes=7 * i), (FRENCH + ENGLISH)[i % 22]) for i in range(80)]


def write_tiny_page(path: Path) -> Path:
    """Write the CSV export of every case, plus earlier weeks that give the store distinct comments."""
    rows = [(t, text) for week in CASES for t, text in _week_rows(week)]
    start = pd.Timestamp("2020-02-03", tz="UTC")  # five earlier weeks of varied comments
    rows += [(start + pd.Timedelta(hours=5 * i), f"{(FRENCH + ENGLISH)[i % 22]} ({i})") for i in range(150)]
    frame = pd.DataFrame({"comment_id": [f"c{i}" for i in range(len(rows))],
                          "created_at": [t.isoformat() for t, _ in rows], "text": [text for _, text in rows],
                          "author": [f"a{i % 13}" for i in range(len(rows))], "post_id": [f"p{i % 3}" for i in range(len(rows))]})
    frame.to_csv(path, index=False)
    return path


def write_repetitive_page(path: Path, n: int = 600) -> Path:
    """A small municipality's week: ``n`` comments, seven distinct texts (too few for topics)."""
    texts = ["Merci pour l'information", "Merci!", "Bonne journée", "Merci beaucoup pour l'info", "Super merci",
             "Est-ce ouvert demain?", "Merci à vous"]
    times = pd.date_range("2020-04-13", "2020-04-19 23:00", periods=n, tz="UTC")
    pd.DataFrame({"comment_id": range(n), "created_at": times.strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "author": [f"u{i % 50}" for i in range(n)], "text": [texts[i % 7] for i in range(n)]}).to_csv(path, index=False)
    return path
