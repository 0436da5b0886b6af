"""Counties, municipalities and the organisations that staff belong to."""
