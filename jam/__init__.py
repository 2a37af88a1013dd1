"""jam: an open platform for crowdsourced innovation jams."""

__version__ = "0.1.0"
