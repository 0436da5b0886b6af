"""The front door and the language picker."""
