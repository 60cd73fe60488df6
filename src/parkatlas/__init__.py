"""parkatlas: the shared industrial information database for investment promotion (招商引资).

The stable public surface is re-exported here; the CLI, API and tests import from it.
"""

from parkatlas.errors import ParkatlasError
from parkatlas.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = ["ParkatlasError", "Settings", "load_settings", "__version__"]
