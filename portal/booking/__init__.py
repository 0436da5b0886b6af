"""Booking civic orientation, SFI and other occasions anywhere in the county."""
