"""diversify.engine."""
