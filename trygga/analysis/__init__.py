"""The analysis engine: pure, typed functions on arrays (numpy, scipy, polars).

Nothing here imports Django or another Trygga app (an import-linter contract in
`pyproject.toml` enforces it). Selectors aggregate in the database and hand plain arrays
to these functions; pages, the API, the CLI and the reports call them. Every result is a
dataclass that records the parameters it was computed with, so a council report can be
reproduced.
"""
