"""`python -m analysis …` runs the command-line interface."""

from analysis.cli import main

raise SystemExit(main())
