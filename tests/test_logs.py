"""helpers.logs: one handler on stderr, plain lines with a time and a level when no one watches."""

import logging
import re

from helpers import logs


def test_plain_lines_on_stderr_with_time_level_and_short_name(capsys):
    logger = logs.setup("INFO", rich=False)
    logging.getLogger("helpers.io.ingest").info("3 files read")
    logging.getLogger("helpers.io.ingest").debug("not shown at INFO")
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} INFO", lines[0]), lines[0]
    assert "io.ingest" in lines[0] and "helpers.io.ingest" not in lines[0] and "3 files read" in lines[0]
    assert logger.propagate is False


def test_setup_twice_keeps_one_handler(monkeypatch):
    monkeypatch.setenv("VIGIE_LOG_LEVEL", "WARNING")
    logs.setup(rich=False)
    logger = logs.setup(rich=False)
    assert len(logger.handlers) == 1 and logger.level == logging.WARNING
