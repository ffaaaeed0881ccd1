"""``python -m episode_parse``: the command line."""

import sys

from episode_parse.cli import main

sys.exit(main())
