"""``python -m geo.demo``: load the demo campaign into a database."""

import sys

from geo.demo.cli import main

sys.exit(main())
