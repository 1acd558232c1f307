"""Readers of input files into domain objects (they compute nothing)."""
