"""Model files on disk: safetensors (arrays plus string metadata), written atomically, never pickled.

Every artifact Vigie ships (the text model, the precise sentiment head, the static embedder) goes
through these two functions, so each is written whole or not at all and read without executing code.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import MissingFile
from ..files import atomic_path


def quantise_int8(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 quantisation per column: (int8 values, float32 scales); values ≈ int8 × scale."""
    scale = np.abs(weights).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    return np.round(weights / scale).astype(np.int8), scale.astype(np.float32)


def write_safetensors(path: str | Path, tensors: dict[str, np.ndarray], metadata: dict[str, str]) -> Path:
    """Write ``tensors`` and ``metadata`` to ``path`` through a temporary file, then rename it."""
    from safetensors.numpy import save_file

    with atomic_path(path) as tmp:
        save_file(tensors, str(tmp), metadata=metadata)
    return Path(path)


def read_safetensors(path: str | Path, rebuild: str) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """Arrays and metadata of a file written by :func:`write_safetensors`.

    ``rebuild`` is the command that recreates the file, named in the error when it is missing.
    """
    from safetensors import safe_open

    path = Path(path)
    if not path.exists():
        raise MissingFile(f"{path} is missing: rebuild it with `{rebuild}`")
    with safe_open(str(path), framework="numpy") as fh:
        return {name: fh.get_tensor(name) for name in fh.keys()}, dict(fh.metadata() or {})
