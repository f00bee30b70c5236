"""Domain actions of the stories app: submissions and consent, moderation, photos,
share cards, erasure."""
