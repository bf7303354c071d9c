"""Metrics, structured logs, request ids and traces for the HTTP service."""
