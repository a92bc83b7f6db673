"""Tests of `stories.outcomes`: the questions, the stored tallies and the charts."""
