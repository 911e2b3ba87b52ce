"""search: full-text indexes over paragraphs, item titles, decisions and actions, and the
ranking that answers a query."""
