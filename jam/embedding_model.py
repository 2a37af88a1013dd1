"""Where the sentence-embedding model lives, and whether this install has one.

The themes use all-MiniLM-L6-v2 when it is installed (``jam model fetch``, run by ``make``)
and words alone when it is not, so a missing model degrades theme quality, never availability.
``JAM_EMBEDDING_MODEL`` picks a folder, or ``off`` to use words alone.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from clustering.text import MINILM_NAME, is_model_dir

log = logging.getLogger(__name__)

OFF = "off"

# Settings already warned about: a refresher resolves the folder at every refit, and one
# mis-set variable should be one line in the log, not one per refit for the life of the server.
_warned: set[str] = set()


def default_model_dir() -> Path:
    """``<environment>/share/jam/models/all-MiniLM-L6-v2``: installed with, and removed with,
    the Python environment jam runs in."""
    return Path(sys.prefix) / "share" / "jam" / "models" / MINILM_NAME


def resolve_model_dir(setting: str) -> Path | None:
    """The model folder to use for ``JAM_EMBEDDING_MODEL=setting``, or None for words alone.

    Empty: the default folder if a model is there. A path that holds no model is logged (once
    per process) and ignored rather than stopping the server.
    """
    if setting.strip().lower() == OFF:
        return None
    folder = Path(setting).expanduser() if setting.strip() else default_model_dir()
    if is_model_dir(folder):
        return folder
    if setting.strip() and setting not in _warned:
        _warned.add(setting)
        log.warning("JAM_EMBEDDING_MODEL=%s holds no model; themes use words alone", setting)
    return None
