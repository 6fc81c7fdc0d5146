"""diversify.io."""
