"""Auth pieces the use cases share that are not use cases themselves."""
