import gc
import sys

from .cli import main

code = main()
# the command is done and its files closed, and the process ends next: spare it the last full garbage collection
# of everything it imported and made (half a second after a build of the default recipe)
gc.freeze()
sys.exit(code)
