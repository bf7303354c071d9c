"""Spanish and English for every answer written for people: negotiation, catalogs, number formats."""
