"""`python -m bot` is the `spacebot` command."""

import sys

from bot.cli import main

sys.exit(main())
