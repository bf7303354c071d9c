"""Near-duplicate rows as record linkage finds them: typed comparisons, Fellegi-Sunter weights, blocking."""
