"""Pairing a file's headers with a dataset's columns when they are not written alike."""
