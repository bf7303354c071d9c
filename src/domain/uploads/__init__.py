"""Uploads: a file received for a dataset, what happened to it and why."""
