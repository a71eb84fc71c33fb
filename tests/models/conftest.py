import numpy as np
import pytest


@pytest.fixture(scope="session")
def vader_reference():
    """vaderSentiment's own ``polarity_scores`` (Vigie's bilingual lexicon), as an (n, 4) float32 array."""
    from helpers.models.features import vader_analyzer

    analyzer = vader_analyzer()

    def polarity(texts):
        return np.array([[s["neg"], s["neu"], s["pos"], s["compound"]]
                         for s in map(analyzer.polarity_scores, texts)], dtype=np.float32).reshape(len(texts), 4)

    return polarity
