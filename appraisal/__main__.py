"""``python -m appraisal``: see :mod:`appraisal.cli`."""

import sys

from .cli import main

sys.exit(main())
