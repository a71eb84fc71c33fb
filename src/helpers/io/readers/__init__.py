"""Input readers, one module per platform, all registered in :data:`READERS`."""

from . import crisislex, excel, facebook, generic, reddit, twitter, youtube  # noqa: F401  (registration
from ._base import READERS, RawChunk, Reader, ReaderError, Reject, TableChunk, detect_encoding, sniff_format
from .generic import read_table

__all__ = ["READERS", "RawChunk", "Reader", "ReaderError", "Reject", "TableChunk", "detect_encoding", "read_table",
           "sniff_format"]
