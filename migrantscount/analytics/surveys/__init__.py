"""Perception surveys: the questionnaire, random assignment, the public form's
protections, recording, results with their intervals, charts, the API and the demo
(docs/analytics.md "Perception surveys")."""
