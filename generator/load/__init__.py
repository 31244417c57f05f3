"""Phase 1, load: project files read safely, YAML composed with locations, content and brief definitions typed."""
