"""chokepoints: turn a corpus of articles about an economic-coercion episode into briefings."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("chokepoints")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
