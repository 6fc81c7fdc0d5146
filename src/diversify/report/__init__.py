"""diversify.report."""
