"""Domain actions of the data app: reference data and imports of official files."""
