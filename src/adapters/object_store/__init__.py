"""Object store adapters: a local directory and S3 (or any S3-protocol server)."""
