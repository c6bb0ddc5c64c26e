"""The domain: corpus, trends, insights, brand kits, drafting, as typed functions over explicit dependencies."""
