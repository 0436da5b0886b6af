"""The plan pages: the participant reads and approves; the caseworker edits."""
