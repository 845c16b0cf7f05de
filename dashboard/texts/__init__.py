"""Interface texts, one module per page or area; each defines TEXTS = {key: (de, en)}."""
