"""helpers.io.readers.reddit: a thread pair, nested replies, deleted comments."""




def test_reddit_thread_pair_nested_replies_and_deleted(fixtures, read_all):
    frame, _ = read_all("reddit", fixtures / "reddit_thread.json")
    assert frame["comment_id"].tolist() == ["r1", "r2", "r3"]
    assert frame["post_id"].unique().tolist() == ["abc"]
    assert frame["parent_id"].tolist() == [None, "r1", None]
    assert frame.loc[1, "author"] is None  # [deleted]
    assert frame.loc[2, "text"] is None  # [removed]: quarantined later as empty text
