"""The start page, the language picker and the health check."""
