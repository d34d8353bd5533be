"""`python -m hipcourse.cli`: the same as the `hipcourse` command."""

import sys

from hipcourse.cli import main

sys.exit(main())
