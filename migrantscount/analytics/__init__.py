"""Did the campaign work? Reach counted without tracking, and perception surveys.

Reads social, data, stories and events; nothing imports this app (docs/architecture.md).
"""
