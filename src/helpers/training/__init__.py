"""Everything that fits a model from ../shared/data, and the evaluation that measures it (never imported at run time)."""
