"""``vigie serve``: a local, offline, Perspective-compatible scoring service (see ``docs/perspective.md``)."""
