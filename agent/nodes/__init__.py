"""Graph nodes, one per file, each named by what it does."""
