"""What the reader tests share: every chunk of a file read into one frame and one list of rejects."""

import pandas as pd
import pytest

from helpers.io.readers import READERS


@pytest.fixture
def read_all():
    """``read_all(reader_name, path, mapping=None) -> (frame, rejects)``."""

    def read(name, path, mapping=None):
        chunks = list(READERS[name].read(path, mapping or {}))
        frame = pd.concat([c.frame for c in chunks], ignore_index=True)
        rejects = [r for c in chunks for r in c.rejects]
        return frame, rejects

    return read
