"""Allow `python -m chokepoints`."""

from chokepoints.cli import main

raise SystemExit(main())
