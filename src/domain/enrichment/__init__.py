"""Enrichment rules: warnings that look at whole columns and rows (outliers, near duplicates)."""
