"""Forms of the stories app, one module per topic (no re-exports)."""
