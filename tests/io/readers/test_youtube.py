"""helpers.io.readers.youtube: comment threads with replies, a broken thread kept as a reject."""




def test_youtube_threads_with_replies_and_broken_thread(fixtures, read_all):
    frame, rejects = read_all("youtube", fixtures / "youtube_threads.json")
    assert frame["comment_id"].tolist() == ["yc1", "yc2"]
    assert frame["parent_id"].tolist() == [None, "yc1"]
    assert frame["reply_count"].tolist()[0] == 1
    assert len(rejects) == 1 and "topLevelComment" in rejects[0].reason
