"""Signing in: staff by password, participants by invitation link and one-time code."""
