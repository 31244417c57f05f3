"""``python -m generator`` is the ``brief`` command."""
from generator.commands.cli import main

raise SystemExit(main())
