"""``python -m servicecircle.cli``: the command line."""

import sys

from servicecircle.cli import main

sys.exit(main())
