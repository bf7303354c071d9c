"""Workers: the loop that runs upload jobs, in `ingesta serve` (embedded) or `ingesta worker`."""
