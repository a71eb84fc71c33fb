"""Periodic reports: periods, wording in French and English, charts, the notebooks' data, the papermill runner."""
