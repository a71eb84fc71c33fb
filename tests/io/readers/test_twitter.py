"""helpers.io.readers.twitter: API v2 pages and single tweets."""




def test_twitter_v2_pages_and_single_tweets(fixtures, read_all):
    frame, rejects = read_all("twitter", fixtures / "twitter_v2.jsonl")
    assert rejects == []
    assert frame["comment_id"].tolist() == ["1240000000000000001", "1240000000000000002", "1240000000000000003"]
    assert frame["author"].tolist() == ["marie_qc", "angry_bob", "13"]  # username from includes, else id
    assert frame["parent_id"].iloc[0] == "1240000000000000000"
    assert frame["like_count"].tolist() == [4, 0, 1]
