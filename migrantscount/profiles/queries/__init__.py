"""Read-only queries behind the profiles: current-vintage figures with their sources.

Queries only read the current vintage of each dataset; aggregates are never ranked
with countries. Import from the submodules: this package re-exports nothing.
"""
