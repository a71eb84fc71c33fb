"""Input readers, one module per platform, all registered in :data:`READERS`."""

from . import crisislex, facebook, generic, reddit, twitter, youtube  # noqa: F401  (registration)
from ._base import READERS, RawChunk, Reader, ReaderError, Reject, sniff_format

__all__ = ["READERS", "RawChunk", "Reader", "ReaderError", "Reject", "sniff_format"]
