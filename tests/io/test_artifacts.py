import numpy as np
import pytest

from helpers.io.artifacts import quantise_int8, read_safetensors, write_safetensors


def test_quantisation_round_trip_is_close():
    rng = np.random.default_rng(0)
    weights = rng.normal(size=(500, 8)).astype(np.float32)
    weights[:, 3] = 0  # an all-zero column keeps a usable scale
    q, scale = quantise_int8(weights)
    assert q.dtype == np.int8 and scale.dtype == np.float32 and (scale > 0).all()
    assert np.abs(q * scale - weights).max() <= scale.max() / 2 + 1e-6


def test_write_then_read_gives_the_arrays_and_metadata_back(tmp_path):
    path = tmp_path / "models" / "m.safetensors"
    arrays = {"coef": np.arange(6, dtype=np.float32).reshape(3, 2), "q": np.array([-127, 0, 127], dtype=np.int8)}
    assert write_safetensors(path, arrays, {"version": "x-1"}) == path
    tensors, metadata = read_safetensors(path, "vigie train")
    assert metadata["version"] == "x-1" and set(tensors) == set(arrays)
    for name, array in arrays.items():
        np.testing.assert_array_equal(tensors[name], array)
        assert tensors[name].dtype == array.dtype
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_a_failed_write_leaves_the_previous_file(tmp_path, monkeypatch):
    import safetensors.numpy

    path = tmp_path / "m.safetensors"
    write_safetensors(path, {"a": np.ones(2, dtype=np.float32)}, {"version": "old"})

    def crash_half_way(tensors, filename, metadata=None):
        with open(filename, "wb") as fh:
            fh.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(safetensors.numpy, "save_file", crash_half_way)
    with pytest.raises(OSError, match="disk full"):
        write_safetensors(path, {"a": np.zeros(2, dtype=np.float32)}, {"version": "new"})
    monkeypatch.undo()
    assert read_safetensors(path, "vigie train")[1]["version"] == "old"


def test_a_missing_file_names_the_command_that_rebuilds_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="vigie train-precise"):
        read_safetensors(tmp_path / "none.safetensors", "vigie train-precise")
