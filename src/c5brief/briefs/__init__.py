"""Briefs: per-country and per-topic summaries (assemble), coverage listings and the matrix (coverage)."""
