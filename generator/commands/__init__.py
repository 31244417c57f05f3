"""The `brief` command and its sub-commands (list, watch, new)."""
