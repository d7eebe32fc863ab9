import sys

from thidua.config.cli import main

sys.exit(main())
