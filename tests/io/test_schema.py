import pytest

from helpers.io.schema import normalise_name, parse_mapping, resolve_columns


def test_normalise_name_folds_spaces_and_case():
    assert normalise_name(" Tweet ID") == "tweet_id"
    assert normalise_name("Created-Time") == "created_time"


def test_aliases_are_recognised_without_options():
    found = resolve_columns(["id", "message", "date", "user", "likes", "Page"])
    assert found == {"comment_id": "id", "text": "message", "created_at": "date", "author": "user",
                     "like_count": "likes"}


def test_explicit_mapping_wins_over_aliases():
    found = resolve_columns(["message", "texte", "quand"], {"text": "texte", "created_at": "quand"})
    assert found["text"] == "texte"
    assert found["created_at"] == "quand"
    # "message" is no longer taken as text, and is not reused for another field.
    assert "message" not in found.values()


@pytest.mark.parametrize("mapping, message", [
    ({"txt": "message"}, "unknown field"),
    ({"text": "nope"}, "not in file"),
])
def test_bad_mapping_is_a_clear_error(mapping, message):
    with pytest.raises(ValueError, match=message):
        resolve_columns(["message"], mapping)


def test_parse_mapping():
    assert parse_mapping("text=message, created_at=date") == {"text": "message", "created_at": "date"}
    assert parse_mapping(None) == {}
    with pytest.raises(ValueError, match="field=column"):
        parse_mapping("text")
