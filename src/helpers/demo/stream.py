"""The seeded comment stream: posts, comments, the page's replies, triage cases, defects and the ground truth."""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd

from .script import (
    BACKGROUND,
    CLOSERS,
    DISTRESS,
    DISTRESS_WEEKS,
    END,
    HOSTILE,
    HOSTILE_MIX,
    N_WEEKS,
    OPENERS,
    OPINION,
    PAGE_AUTHOR,
    PAGE_REPLY,
    PII,
    PLATFORM,
    QUESTION_VARIANTS,
    QUESTION_WAVES,
    QUESTIONS,
    SELF_HARM,
    SPIKE_POSTS,
    START,
    SUPPORT,
    TOPIC_OPINION,
    TOPIC_QUESTIONS,
    TOPIC_TERMS,
    WAVES,
    weekly_distress_rate,
    weekly_question_rate,
    weekly_topic_weights,
)
from .writing import contract, informal


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




def _make_posts(rng: np.random.Generator) -> pd.DataFrame:
    posts = []
    spike_slots = {(w, d): (h, t, k) for w, d, h, t, k in SPIKE_POSTS}
    for week in range(N_WEEKS):
        weights = weekly_topic_weights(week)
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
                distress_rate = weekly_distress_rate(week_f)
                question_rate = weekly_question_rate(week, topic_probe)
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
                live = {k: v for k, v in weekly_topic_weights(min(week, N_WEEKS - 1)).items() if v > 0}
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
            text = informal(contract(text) if lang == "fr" else text, lang, mood, rng)
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
