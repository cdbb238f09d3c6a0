"""`python -m regiodeal.cli`: the same as the `regiodeal` command."""

import sys

from regiodeal.cli import main

sys.exit(main())
