"""web: the public site and its JSON API. Thin: calls query functions and formats."""
