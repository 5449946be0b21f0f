"""``python -m geo.demo``: load the demo campaign into a database."""

import sys

from geo.demo import main

sys.exit(main())
