"""diversify.tui."""
