"""Text messages: an outbox in the database, delivered through a pluggable gateway."""
