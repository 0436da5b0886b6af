"""Newcomers: registering them, and what their caseworker sees of them."""
