"""The parallel build: one process per language, then one merge of what spans the languages."""
