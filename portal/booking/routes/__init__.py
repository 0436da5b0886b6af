"""The booking pages: the participant's, the provider's, and the caseworker's on a
participant's behalf."""
