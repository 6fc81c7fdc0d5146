"""diversify.model."""
