"""``python -m helpers.cli``: the ``vigie`` command."""

from . import main

main()
