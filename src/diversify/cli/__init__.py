"""diversify.cli."""
