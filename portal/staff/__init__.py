"""Caseworkers and other staff: their accounts and their desk."""
