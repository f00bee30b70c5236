"""Charts: one Vega-Lite spec per chart, built with Altair, rendered on the server.

`render` turns one `ChartData` into every output, `lines` builds the line charts of a
country and of a corridor, `americas` the map. This package re-exports nothing.
"""
