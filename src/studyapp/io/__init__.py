"""Outside formats: parse everything first, then write everything in one transaction."""
