"""helpers.progress: bars only when someone watches, on stderr, never on stdout (machine output)."""

from helpers import progress


def test_progress_is_wanted_only_on_a_terminal_and_not_when_quiet(monkeypatch):
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert progress.wanted() and not progress.wanted(quiet=True)
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    assert not progress.wanted()


def test_steps_count_and_name_each_step_on_stderr(capsys):
    with progress.steps("topics", total=3, enabled=True) as bar:
        bar.start("embedding")
        bar.advance("clustering")
        bar.advance()
        assert bar._bar.n == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "topics" in captured.err and "clustering" in captured.err


def test_a_disabled_bar_writes_nothing(capsys):
    counter = progress.rows("ingest", enabled=False)
    counter.update(1000)
    counter.close()
    assert capsys.readouterr() == ("", "")
