"""registers: questions across meetings — people and posts over time, decisions, actions and
their follow-up, appointments, references resolved, topics over time.

One module per register, each plain functions over a `Connection`. What needs the whole
record at once (which person a name form is, which meeting a reference names, which later
paragraph follows an action up) is worked out by `refresh(engine)` into tables of its own;
run it after each ingest batch. What clerks say (person merges, closed actions) is kept in
tables that re-ingesting never touches.
"""

from minutebook.registers.refresh import refresh

__all__ = ["refresh"]
