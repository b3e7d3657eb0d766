"""The project is declared in pyproject.toml; this file adds one step to building it."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# The local area edits flows/ and locales/ at the top of the repository. An installed package
# has no repository beside it, so the wheel carries a copy of both inside the package, where
# pathway_bot.locations.BUNDLED_DATA_DIR looks for them.
AREA_DATA_FOLDERS = ("flows", "locales")
BUNDLED_DATA_DIR = Path("pathway_bot", "_data")


class BuildPyWithAreaData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's own folders
            return
        bundled = Path(self.build_lib) / BUNDLED_DATA_DIR
        shutil.rmtree(bundled, ignore_errors=True)  # a file deleted since the last build goes
        for folder in AREA_DATA_FOLDERS:
            self.copy_tree(folder, str(bundled / folder))


setup(cmdclass={"build_py": BuildPyWithAreaData})
