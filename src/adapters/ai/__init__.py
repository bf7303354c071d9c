"""Adapters for language models and text embeddings."""
