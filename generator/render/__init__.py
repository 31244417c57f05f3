"""Phases 4-5, select and render: sections resolved, prose and layout rendered in the sandbox, Markdown parsed to the model."""
