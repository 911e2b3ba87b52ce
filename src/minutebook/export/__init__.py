"""export: open-data files (JSON, CSV) of the record and its registers."""
