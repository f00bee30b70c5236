"""Models by subtopic: `reach` (aggregated web counts) and `surveys` (perception
survey waves, items, responses). Each module's models are re-exported here."""
