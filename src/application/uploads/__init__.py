"""What the UploadCsv use case is built from: reading passes, digests, claims, and the key-clash rule."""
