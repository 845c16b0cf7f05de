"""Language courses (issue 23): finder and outcome, catalogue, unmet needs, the visitor's handout."""
