"""``python -m generator`` is the ``brief`` command."""
from generator.cli import main

raise SystemExit(main())
