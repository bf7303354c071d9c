"""Pure validation of delimited text: encoding, dialect, header, rows, cells and types."""
