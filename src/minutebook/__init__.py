"""minutebook: the public record of local government — read council agendas and minutes,
understand them, keep them in a database, and answer questions about them."""

__version__ = "0.1.0"
