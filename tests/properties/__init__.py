"""
Property tests (Hypothesis): whatever Markdown goes in, the renderer's output stays safe and
comes back quickly; whatever a person or a bot types into a public form, the server answers
without a 500.

Every test is reproducible: `derandomize=True` and `database=None`, so CI and a developer see
the same examples and no failing example is saved to replay (Hypothesis still caches Unicode
tables in .hypothesis/, which ignores itself in git). A failure prints the smallest input
Hypothesis could find.
"""
