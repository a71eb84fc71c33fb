"""Scoring comments: one batch of texts (score), on Dask (distributed), and the store's enrich loop."""
