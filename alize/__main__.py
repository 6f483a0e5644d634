import sys

from alize.cli import main

sys.exit(main())
