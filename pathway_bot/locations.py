"""Where the product finds its data files and its instance folder when the environment does
not say (PATHWAY_FLOWS_DIR, PATHWAY_LOCALES_DIR, PATHWAY_INSTANCE_DIR).

flows/ and locales/ live at the top of the repository, where the local area edits them. An
installed package has no repository beside it, so a built wheel carries a copy of both inside
the package, under `_data/` (setup.py puts it there); a source checkout has no such copy and
reads the repository's own folders.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pathway_bot import PROJECT_ROOT

PACKAGE_DIR = Path(__file__).resolve().parent
# Keep in step with setup.py, which writes this folder into the wheel and nowhere else.
BUNDLED_DATA_DIR = PACKAGE_DIR / "_data"


def is_installed_copy() -> bool:
    """True for a package installed from a wheel, false in a source checkout (or editable)."""
    return BUNDLED_DATA_DIR.is_dir()


def data_dir(name: str) -> Path:
    """The `flows` or `locales` folder this copy of the package reads by default."""
    return (BUNDLED_DATA_DIR if is_installed_copy() else PROJECT_ROOT) / name


def default_flows_dir() -> Path:
    return data_dir("flows")


def default_locales_dir() -> Path:
    return data_dir("locales")


def default_instance_dir() -> Path:
    """Where the local secret key and SQLite database go. A checkout keeps them in its own
    instance/; an installed copy must not write into site-packages, so, as Flask does for
    installed apps, it uses <prefix>/var/pathway_bot-instance."""
    if is_installed_copy():
        return Path(sys.prefix) / "var" / "pathway_bot-instance"
    return PROJECT_ROOT / "instance"
