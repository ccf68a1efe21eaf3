"""The FAQ: a local knowledge store, multilingual retrieval and honest declines."""
