"""URLs outside the language prefixes (health checks and similar machine endpoints)."""

urlpatterns: list = []
