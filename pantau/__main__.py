"""``python -m pantau`` is the ``pantau`` command."""

import sys

from pantau.cli import main

sys.exit(main())
