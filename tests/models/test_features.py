from helpers.config import RESOURCES_DIR
from helpers.models.features import vader_lexicon


def test_french_vader_lexicon_ships_with_its_licence():
    folder = RESOURCES_DIR / "vader_fr"
    assert "MIT License" in (folder / "LICENSE.txt").read_text()
    assert "vadersentiment-fr" in (folder / "NOTICE.md").read_text()
    lexicon = vader_lexicon()
    # French words, accent-stripped so informal spelling matches; English valences kept where both lists have a word.
    assert lexicon["geniale"] == 1.8 and lexicon["good"] == 1.9
    assert len(lexicon) > 15_000
