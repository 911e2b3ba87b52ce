"""registers: questions across meetings — people and posts over time, decisions, actions and
their follow-up, appointments, references resolved, topics over time."""
