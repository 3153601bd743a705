"""Anki packages (.apkg, .colpkg): reading every layout in use, and writing .apkg."""
