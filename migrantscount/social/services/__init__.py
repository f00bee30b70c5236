"""Social domain actions: posts, dispatch, pacing, consent take-down, accounts."""
