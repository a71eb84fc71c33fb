"""helpers.io.readers.facebook: comments with nested replies."""




def test_facebook_nested_replies(fixtures, read_all):
    frame, _ = read_all("facebook", fixtures / "facebook_comments.json")
    assert frame["comment_id"].tolist() == ["1093847_501", "1093847_502", "1093847_503", "1093847_504"]
    assert frame["post_id"].unique().tolist() == ["1093847"]
    assert frame.loc[1, "parent_id"] == "1093847_501"
    assert frame.loc[0, "author"] == "9001" and frame.loc[2, "author"] is None
