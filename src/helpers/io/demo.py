"""A seeded, bilingual (Quebec French / English) comment stream on a public health agency's page.

Six months of a crisis (March to August 2020): posts several times a week, a daily and weekly rhythm,
informal writing (missing accents, emoji, joual, typos), and known injected events written to a
ground-truth file so that every detector can be tested against them:

- topic waves that emerge and fade (testing, lockdown rules, financial aid, masks, vaccination
  appointments, back to school) over a recurring background (thanks to health workers);
- two hostility spikes tied to specific announcements (lockdown extension, mask mandate);
- a period of rising then falling distress;
- waves of questions (where to get tested, how to book a vaccination appointment);
- a few malformed and duplicated rows, as real exports have.

Same seed and size, same files, byte for byte.
"""

from __future__ import annotations

import bisect
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
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


def _triage_cases(rows: list[tuple], truth: list[tuple], seed: int) -> tuple[list[tuple], list[tuple], list, list]:
    """Rewrite some rows as the triage cases: question paraphrases, self-harm wording, page replies.

    Returns the rows, the truth and two extra truth columns (``self_harm``, ``question_group``).
    """
    rng = np.random.default_rng(seed + 7919)
    rows, truth = list(rows), list(truth)
    self_harm = [False] * len(rows)
    group: list[str | None] = [None] * len(rows)
    by_post: dict[str, list[int]] = {}
    for i, t in enumerate(truth):
        by_post.setdefault(t[1], []).append(i)
    names = sorted(QUESTION_VARIANTS)
    for i, t in enumerate(truth):
        kind, lang = t[4], t[2]
        if kind == "question" and rng.random() < 0.08:
            key = names[int(rng.integers(len(names)))]
            text = str(rng.choice(QUESTION_VARIANTS[key][lang]))
            rows[i] = (*rows[i][:5], text[0].upper() + text[1:], rows[i][6])
            group[i] = key
        elif kind == "distress" and rng.random() < 0.08:
            rows[i] = (*rows[i][:5], str(rng.choice(SELF_HARM[lang])), rows[i][6])
            self_harm[i] = True
    # The page answers in the thread: the next opinion comment on the same post becomes its reply.
    # (Per post, opinions sorted by time and a pointer: linear in the stream, a million comments included.)
    opinions = {post: sorted((rows[j][4], j) for j in idx if truth[j][4] == "opinion") for post, idx in by_post.items()}
    used: dict[str, int] = {}
    for i, t in enumerate(truth):
        if t[4] != "question" or rng.random() >= 0.03:
            continue
        candidates = opinions[t[1]]
        k = max(bisect.bisect_right(candidates, (rows[i][4], len(rows))), used.get(t[1], 0))
        if k < len(candidates):
            j = candidates[k][1]
            used[t[1]] = k + 1
            rows[j] = (rows[j][0], rows[j][1], rows[i][0], PAGE_AUTHOR, rows[j][4], PAGE_REPLY[t[2]], 0)
            truth[j] = (*truth[j][:4], "page_reply", None, None, False, False, False, "neu", truth[j][11])
    return rows, truth, self_harm, group


JOUAL = (("je suis", "chu"), ("il y a", "y'a"), ("je sais pas", "chais pas"), ("tout le monde", "tout l'monde"),
         ("beaucoup", "en masse"), ("maintenant", "astheure"), ("voiture", "char"), ("travail", "job"))


_CONTRACTIONS = ((" à le ", " au "), (" à les ", " aux "), (" de le ", " du "), (" de les ", " des "))


def _contract(text: str) -> str:
    """French article contractions after slot filling ("merci à les infirmières" -> "merci aux ...")."""
    for long, short in _CONTRACTIONS:
        text = text.replace(long, short)
    return text


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _typo(text: str, rng: np.random.Generator) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not idx:
        return text
    i = idx[int(rng.integers(len(idx)))]
    w = words[i]
    j = int(rng.integers(1, len(w) - 2))
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def _informal(text: str, lang: str, mood: str, rng: np.random.Generator) -> str:
    if lang == "fr":
        if rng.random() < 0.5:
            for formal, slang in JOUAL:
                if formal in text and rng.random() < 0.7:
                    text = text.replace(formal, slang)
        if rng.random() < 0.55:
            text = _strip_accents(text)
    if rng.random() < 0.12:
        text = _typo(text, rng)
    if rng.random() < 0.45:
        text = text[0].lower() + text[1:]
    if rng.random() < 0.3:
        text = text + " " + str(rng.choice(EMOJI[mood]))
    return text


def _weekly_topic_weights(week: int) -> dict[str, float]:
    weights = {w.key: w.weight(week) for w in WAVES}
    weights[BACKGROUND.key] = 0.2
    return weights


def _distress_rate(week: float) -> float:
    start, peak, end = DISTRESS_WEEKS
    base = 0.015
    if start <= week <= peak:
        return base + 0.14 * (week - start) / (peak - start)
    if peak < week <= end:
        return base + 0.14 * (end - week) / (end - peak)
    return base


def _question_rate(week: int, topic: str) -> float:
    for key, start, end in QUESTION_WAVES:
        if key == topic and start <= week <= end:
            return 0.45
    return 0.08


def _make_posts(rng: np.random.Generator) -> pd.DataFrame:
    posts = []
    spike_slots = {(w, d): (h, t, k) for w, d, h, t, k in SPIKE_POSTS}
    for week in range(N_WEEKS):
        weights = _weekly_topic_weights(week)
        keys = sorted(weights)
        probs = np.array([weights[k] for k in keys])
        probs = probs / probs.sum()
        days = sorted(rng.choice(5, size=int(rng.integers(3, 6)), replace=False).tolist())
        for day in days:
            if (week, day) in spike_slots:
                continue
            topic = str(rng.choice(keys, p=probs))
            hour = int(rng.integers(13, 21))  # office hours in Quebec
            posts.append((week, day, hour, topic, None, float(rng.lognormal(0.0, 0.5))))
        for (w, d), (h, t, k) in spike_slots.items():
            if w == week:
                posts.append((week, d, h, t, k, 3.0))
    frame = pd.DataFrame(posts, columns=["week", "day", "hour", "topic", "spike", "attention"])
    frame["posted_at"] = [START + pd.Timedelta(days=7 * w + d, hours=h) for w, d, h in
                          zip(frame["week"], frame["day"], frame["hour"])]
    frame = frame.sort_values("posted_at").reset_index(drop=True)
    frame["post_id"] = [f"1093847{i:05d}" for i in range(len(frame))]
    return frame


def generate(n_comments: int = 20_000, seed: int = 42, defects: bool = True,
             triage: bool = True) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Generate the demo stream.

    Parameters
    ----------
    n_comments:
        Approximate number of comments (exact before duplicates and defects are added).
    seed:
        Random seed; the same seed gives the same stream.
    defects:
        Add a few malformed rows and duplicated rows, as real exports have.
    triage:
        Rewrite some comments as the page team's cases (:func:`_triage_cases`: questions asked many ways,
        self-harm wording, the page's replies). Off, the stream is the one the topic checks were built on.

    Returns
    -------
    (export, truth, events)
        ``export`` looks like a page export (``comment_id, post_id, parent_id, author, created_at, text,
        like_count, reply_count, platform``); ``truth`` gives, per ``comment_id``, the injected labels;
        ``events`` describes the injected waves, spikes and periods (JSON-serialisable).

    """
    rng = np.random.default_rng(seed)
    posts = _make_posts(rng)
    spike_boost = np.where(posts["spike"].notna(), 1.0, 0.0)
    share = posts["attention"].to_numpy() / posts["attention"].sum()
    counts = rng.multinomial(n_comments, share)

    n_authors = max(50, n_comments // 12)
    author_lang = np.where(rng.random(n_authors) < 0.62, "fr", "en")
    author_weight = 1.0 / np.arange(1, n_authors + 1) ** 0.8
    rng.shuffle(author_weight)
    # A handful of authors come back again and again with hostility: the repeat-offender case.
    trolls = rng.choice(n_authors, size=max(3, n_authors // 400), replace=False)
    by_lang = {lang: np.flatnonzero(author_lang == lang) for lang in ("fr", "en")}
    p_by_lang = {lang: author_weight[idx] / author_weight[idx].sum() for lang, idx in by_lang.items()}

    rows = []
    truth = []
    serial = 0
    for p, post in posts.iterrows():
        k = int(counts[p])
        if k == 0:
            continue
        delays = rng.exponential(9.0, size=k) + rng.exponential(0.5, size=k)
        # The stream ends at END: late replies to the last posts wrap back into the remaining window.
        remaining = (END - post["posted_at"]).total_seconds() / 3600 - 1
        delays = np.mod(delays, max(remaining, 1.0))
        times = post["posted_at"] + pd.to_timedelta(delays, unit="h")
        # Fewer comments at night: push most 1-6 am (Quebec; 5-10 UTC) comments to the early morning.
        hours = times.hour
        night = (hours >= 5) & (hours < 10) & (rng.random(k) < 0.75)
        times = times + pd.to_timedelta(np.where(night, 11 - hours, 0), unit="h")
        ids_in_post: list[str] = []
        for i in range(k):
            created = times[i]
            week_f = (created - START).total_seconds() / (7 * 86400)
            week = int(week_f)
            lang = "fr" if rng.random() < 0.62 else "en"
            if spike_boost[p] and rng.random() < 0.5:
                kind = "hostile"
            else:
                topic_probe = post["topic"]
                r = rng.random()
                hostile_rate = 0.025
                distress_rate = _distress_rate(week_f)
                question_rate = _question_rate(week, topic_probe)
                if r < hostile_rate:
                    kind = "hostile"
                elif r < hostile_rate + distress_rate:
                    kind = "distress"
                elif r < hostile_rate + distress_rate + question_rate:
                    kind = "question"
                elif post["topic"] == "thanks" or r > 0.96:
                    kind = "support"
                else:
                    kind = "opinion"
            if rng.random() < 0.7:
                topic = post["topic"]
            else:  # drift to another topic being discussed that week
                live = {k: v for k, v in _weekly_topic_weights(min(week, N_WEEKS - 1)).items() if v > 0}
                names = sorted(live)
                weights = np.array([live[k] for k in names])
                topic = str(rng.choice(names, p=weights / weights.sum()))
            if kind == "hostile":
                if rng.random() < 0.6:
                    trolls_lang = [t for t in trolls if author_lang[t] == lang] or list(trolls)
                    author = int(rng.choice(trolls_lang))
                else:
                    author = int(rng.choice(by_lang[lang], p=p_by_lang[lang]))
            else:
                author = int(rng.choice(by_lang[lang], p=p_by_lang[lang]))
            lang = str(author_lang[author]) if kind != "hostile" else lang
            x = str(rng.choice(TOPIC_TERMS[topic][lang]))
            category = target = None
            mood = "neu"
            if kind == "hostile":
                mix = rng.choice(len(HOSTILE_MIX), p=[m[2] for m in HOSTILE_MIX])
                category, target, _ = HOSTILE_MIX[mix]
                phrase = str(rng.choice(HOSTILE[lang][(category, target)]))
                about = str(rng.choice(OPINION[lang]["neg"])).format(x=x)
                text = f"{phrase}, {about}" if rng.random() < 0.5 else f"{about}. {phrase}"
                mood = "neg"
            elif kind == "distress":
                text = str(rng.choice(DISTRESS[lang]))
                mood = "distress"
            elif kind == "question":
                bank = TOPIC_QUESTIONS.get(topic, {}).get(lang, [])
                text = str(rng.choice(bank)) if bank and rng.random() < 0.6 else str(rng.choice(QUESTIONS[lang])).format(x=x)
                mood = "question"
            elif kind == "support":
                text = str(rng.choice(SUPPORT[lang])).format(x=str(rng.choice(TOPIC_TERMS["thanks"][lang])))
                mood = "pos"
            elif rng.random() < 0.6:
                mood = "neu"
                text = str(rng.choice(TOPIC_OPINION[topic][lang]))
            else:
                mood = str(rng.choice(["neg", "neu", "pos"], p=[0.4, 0.35, 0.25]))
                text = str(rng.choice(OPINION[lang][mood])).format(x=x)
            text = str(rng.choice(OPENERS[lang])) + text + (str(rng.choice(CLOSERS[lang])) if mood != "question" else "")
            text = text[0].upper() + text[1:]
            if rng.random() < 0.01:
                pii = str(rng.choice(PII[lang]))
                text += pii.format(email=f"citoyen{serial}@exemple.ca", phone=f"514-555-{serial % 10000:04d}")
            text = _informal(_contract(text) if lang == "fr" else text, lang, mood, rng)
            cid = f"{post['post_id']}_{serial:07d}"
            serial += 1
            parent = None
            if ids_in_post and rng.random() < 0.15:
                parent = ids_in_post[int(rng.integers(len(ids_in_post)))]
            ids_in_post.append(cid)
            rows.append((cid, post["post_id"], parent, f"fb_user_{author}", created, text,
                         int(rng.geometric(0.35) - 1)))
            truth.append((cid, post["post_id"], lang, topic, kind, category, target,
                          kind == "hostile", kind == "distress", kind == "question", mood, post["spike"]))

    if triage:
        rows, truth, self_harm, question_group = _triage_cases(rows, truth, seed)
    else:
        self_harm, question_group = [False] * len(rows), [None] * len(rows)
    export = pd.DataFrame(rows, columns=["comment_id", "post_id", "parent_id", "author", "created_at", "text",
                                         "like_count"])
    replies = export["parent_id"].value_counts()
    export["reply_count"] = export["comment_id"].map(replies).fillna(0).astype(int)
    export["platform"] = PLATFORM
    export = export.sort_values(["created_at", "comment_id"]).reset_index(drop=True)
    export["created_at"] = export["created_at"].dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    truth_frame = pd.DataFrame(truth, columns=["comment_id", "post_id", "lang", "topic", "kind",
                                               "hostility_category", "hostility_target", "hostile", "distress",
                                               "question", "mood", "spike"])
    truth_frame["self_harm"] = self_harm
    truth_frame["question_group"] = question_group
    truth_frame = truth_frame.set_index("comment_id").loc[export["comment_id"]].reset_index()

    n_defects = n_dups = 0
    if defects:
        export, n_defects, n_dups = _add_defects(export, rng)
    events = _events(posts, n_comments=len(truth_frame), n_rows=len(export), n_defects=n_defects, n_dups=n_dups,
                     seed=seed)
    return export, truth_frame, events


def _add_defects(export: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, int, int]:
    """Append malformed rows (empty text, bad dates, bad counts) and rows exported twice."""
    n = len(export)
    n_bad = max(3, n // 1000)
    n_dup = max(2, n // 500)
    bad = export.sample(n=n_bad, random_state=int(rng.integers(1 << 31))).astype({"like_count": object})
    kinds = np.arange(n_bad) % 3
    bad["comment_id"] = [f"bad_{i:05d}" for i in range(n_bad)]
    bad.loc[kinds == 0, "text"] = ""
    bad.loc[kinds == 1, "created_at"] = "pas une date"
    bad.loc[kinds == 2, "like_count"] = "beaucoup"
    dups = export.sample(n=n_dup, random_state=int(rng.integers(1 << 31)))
    out = pd.concat([export.astype({"like_count": object}), bad, dups]).sort_values(["created_at", "comment_id"],
                                                                                    kind="stable")
    return out.reset_index(drop=True), n_bad, n_dup


def _events(posts: pd.DataFrame, n_comments: int, n_rows: int, n_defects: int, n_dups: int, seed: int) -> dict:
    def week_label(week: int) -> str:
        iso = (START + pd.Timedelta(weeks=week)).isocalendar()
        return f"{iso.year}-W{iso.week:02d}"

    spikes = []
    for _, post in posts[posts["spike"].notna()].iterrows():
        posted = post["posted_at"].tz_convert("UTC")
        spikes.append({"key": post["spike"], "post_id": post["post_id"], "topic": post["topic"],
                       "posted_at": posted.isoformat(), "start": posted.isoformat(),
                       "end": (posted + pd.Timedelta(hours=48)).isoformat(), "week": week_label(int(post["week"]))})
    return {
        "seed": seed,
        "platform": PLATFORM,
        "start": START.tz_convert("UTC").isoformat(),
        "end": END.tz_convert("UTC").isoformat(),
        "n_comments": n_comments,
        "n_rows": n_rows,
        "n_malformed_rows": n_defects,
        "n_duplicated_rows": n_dups,
        "topic_waves": [{"topic": w.key, "label_fr": w.label_fr, "label_en": w.label_en,
                         "emerges": week_label(w.start), "peaks": week_label(w.peak), "fades": week_label(w.end)}
                        for w in WAVES],
        "recurring_topics": [{"topic": BACKGROUND.key, "label_fr": BACKGROUND.label_fr,
                              "label_en": BACKGROUND.label_en}],
        "hostility_spikes": spikes,
        "distress_period": {"start": week_label(DISTRESS_WEEKS[0]), "peak": week_label(DISTRESS_WEEKS[1]),
                            "end": week_label(DISTRESS_WEEKS[2])},
        "question_waves": [{"topic": t, "start": week_label(s), "end": week_label(e)} for t, s, e in QUESTION_WAVES],
        "official": "Dr Leblanc (fictional)",
    }


def write_demo(out_dir: str | Path, n_comments: int = 20_000, seed: int = 42, defects: bool = True) -> dict[str, Path]:
    """Generate the demo stream and write its files: the export, its ground truth and a triage configuration.

    ``comments.csv``, ``ground_truth.csv``, ``ground_truth.json`` and ``triage.toml`` (the default triage
    configuration with the demo page's handle, :data:`PAGE_AUTHOR`). Returns the paths written. Files are
    written to a temporary name first, then renamed.
    """
    from ..config import RESOURCES_DIR

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    export, truth, events = generate(n_comments, seed, defects)
    paths = {"comments": out / "comments.csv", "truth": out / "ground_truth.csv", "events": out / "ground_truth.json",
             "triage": out / "triage.toml"}
    for key, path in paths.items():
        tmp = path.with_suffix(path.suffix + ".tmp")
        if key == "comments":
            export.to_csv(tmp, index=False)
        elif key == "truth":
            truth.to_csv(tmp, index=False)
        elif key == "triage":
            default = (RESOURCES_DIR / "triage.toml").read_text(encoding="utf-8")
            tmp.write_text(default.replace("authors = []", f'authors = ["{PAGE_AUTHOR}"]'), encoding="utf-8")
        else:
            tmp.write_text(json.dumps(events, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)
    return paths
