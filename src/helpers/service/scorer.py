"""Score validated ``comments:analyze`` requests: languages, Vigie's columns, calibrated attributes, spans."""

from __future__ import annotations

import numpy as np

from ..models import hashing
from ..models.calibration import Calibration, calibration_path
from ..models.text_model import default_model
from ..scoring.attributes import raw_scores
from ..scoring.score import score_texts, scores_version
from ..text import detect_languages
from .contract import AnalyzeRequest, ApiError, analyze_response, resolve_language, sentences


class Scorer:
    """The model, loaded once per worker, and the calibration of its scores.

    ``version`` names both (``vigie-text-10-distilled@rules4+cal-1``): the ``X-Vigie-Model-Version`` header.
    """

    def __init__(self, precise: bool = False, calibration=None) -> None:
        self.precise = precise
        model = default_model()
        self.scores_version = scores_version(model)
        if precise:  # precise scores have maps of their own: the fast tier's would misread them
            from ..models.precise import cache_version

            self.scores_version = cache_version(self.scores_version)
        self.calibration = Calibration.load(calibration or calibration_path(precise), self.scores_version)
        self.version = f"{self.scores_version}+{self.calibration.version}" + ("+precise" if precise else "")

    def warm(self) -> None:
        """Load everything a first request would (model, language models, compiled hashing)."""
        hashing.warm()  # one comment at a time: the compiled loops are the faster per comment
        score_texts(["Bonjour, merci pour l'information", "Thanks for the update"], ["fr", "en"], n_jobs=1,
                    precise=self.precise)
        detect_languages(["Bonjour tout le monde, merci", "Hello everyone, thank you"], page_prior=False)

    def attribute_scores(self, texts: list[str], langs: list[str], names: list[str]) -> dict[str, np.ndarray]:
        """Calibrated values of ``names`` for each text, read in its language."""
        if not texts:
            return {name: np.zeros(0) for name in names}
        scored = score_texts(texts, langs, n_jobs=1, precise=self.precise)
        raw = raw_scores(scored, names)
        langs_array = np.asarray(langs, dtype=object)
        out = {}
        for name, values in raw.items():
            calibrated = np.array(values, dtype=float)
            for lang in set(langs):
                mask = langs_array == lang
                calibrated[mask] = self.calibration.apply(name, lang, values[mask])
            out[name] = calibrated
        return out

    def analyze(self, requests: list[AnalyzeRequest]) -> list[dict | ApiError]:
        """Answers (or errors) of requests scored together; each answer is what that request alone would get."""
        undetected = [i for i, r in enumerate(requests) if not r.languages]
        # Each comment's language on its own (no page prior: the companions of a batch are other callers').
        found = dict(zip(undetected, detect_languages([requests[i].text for i in undetected], page_prior=False)))
        answers: list[dict | ApiError | None] = [None] * len(requests)
        texts: list[str] = []
        langs: list[str] = []
        layout = []
        for i, request in enumerate(requests):
            try:
                resolve_language(request, found.get(i))
            except ApiError as exc:
                answers[i] = exc
                continue
            spans = sentences(request.text) if request.span_annotations else [(0, len(request.text))]
            start = len(texts)
            texts.append(request.text)
            if len(spans) > 1:
                texts.extend(request.text[b:e] for b, e in spans)
            langs.extend([request.lang] * (len(texts) - start))
            layout.append((i, start, spans))
        names = sorted({name for i, _, _ in layout for name in requests[i].attributes})
        values = self.attribute_scores(texts, langs, names)
        for i, start, spans in layout:
            request = requests[i]
            summary = {name: float(values[name][start]) for name in request.attributes}
            first = start + 1 if len(spans) > 1 else start
            span_scores = {name: [float(v) for v in values[name][first:first + len(spans)]] for name in request.attributes}
            answers[i] = analyze_response(request, summary, spans, span_scores)
        return answers  # type: ignore[return-value]
