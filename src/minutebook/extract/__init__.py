"""extract: facts inside items — decisions, actions, appointments, references, declarations,
attendance, people. Each extractor is a small pure function over text, tested alone."""
