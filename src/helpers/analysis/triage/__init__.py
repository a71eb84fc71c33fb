"""The page team's queue: questions to answer, people to refer, threats to escalate, hate to moderate.

Reports say what changed; this says what to do today. :func:`build_triage` turns a period's scored
comments into rows ordered by priority, one category per comment (its most urgent one):

1. ``refer`` — the ``self_harm`` score (self-harm or suicidal wording, passive and indirect forms
   included), or acute distress.
   A referral signal for a person to reach out, with the resources configured for the region; never a
   verdict on anyone.
2. ``threat`` — to escalate to security or the police.
3. ``identity_hate`` — identity-based hate to moderate.
4. ``question`` — near-duplicate questions grouped (static embedder), most asked first, marked answered
   when the page already replied in one of the group's threads.
5. ``repeat_author`` — authors with several hostile comments in the period, by pseudonym.

Texts are redacted and authors pseudonymised. The configuration (page handles, thresholds, referral
resources) is a TOML file; ``resources/triage.toml`` documents it and holds Quebec and Canadian defaults.

One module per part: :mod:`.config` (the TOML file), :mod:`.queue` (building the queue),
:mod:`.feedback` (the team's verdicts).
"""

from .config import DEFAULT_CONFIG, TriageConfig, load_config
from .feedback import feedback_precision, read_feedback, store_feedback
from .queue import (
                    CATEGORIES,
                    COLUMNS,
                    build_triage,
                    counts_by_category,
                    group_questions,
                    page_author_hashes,
                    page_replied_to,
                    self_harm_words,
)

__all__ = ["CATEGORIES", "COLUMNS", "DEFAULT_CONFIG", "TriageConfig", "build_triage", "counts_by_category",
           "feedback_precision", "group_questions", "load_config", "page_author_hashes", "page_replied_to",
           "read_feedback", "self_harm_words", "store_feedback"]
