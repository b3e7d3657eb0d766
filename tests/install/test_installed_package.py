"""The package as a stranger installs it: built from the sdist into a wheel, installed away
from the source tree, and run from a folder that is not the checkout. Nothing from the
repository may be reached except through what the wheel carries.

Offline: the build uses this virtualenv's setuptools (--no-build-isolation) and installs
without dependencies (--no-deps), which are this virtualenv's own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from pathway_bot import PROJECT_ROOT

pytestmark = [pytest.mark.install, pytest.mark.timeout(600)]

# Run by the installed copy: the app as `pathway-bot serve` hands it to gunicorn, on the
# SQLite database that `pathway-bot init-db` made, with its area data read from the wheel.
BUILD_THE_SERVED_APP = textwrap.dedent("""
    import sys
    from pathlib import Path

    from gunicorn.util import import_app

    import pathway_bot
    from pathway_bot.cli import GUNICORN_APP

    target = Path(sys.argv[1]).resolve()
    assert Path(pathway_bot.__file__).resolve().is_relative_to(target), pathway_bot.__file__
    app = import_app(GUNICORN_APP)
    runtime = app.extensions["pathway_bot"]
    assert runtime.config.flows_dir.resolve().is_relative_to(target), runtime.config.flows_dir
    assert runtime.catalogs.locales == ["en", "cy"], runtime.catalogs.locales
    services = app.test_client().get("/api/v1/services").get_json()
    assert services["total_items"] > 0, services
    assert app.test_client().get("/").status_code == 200
    print("served app ok")
""")


@dataclass(frozen=True)
class Installed:
    target: Path  # where the wheel was installed (a site-packages of its own)
    elsewhere: Path  # an empty working folder outside the source tree
    env: dict[str, str]

    def run(self, *argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(argv, cwd=self.elsewhere, env=self.env, capture_output=True,
                              text=True, timeout=300)

    def pathway_bot(self, *args: str) -> subprocess.CompletedProcess:
        return self.run(str(self.target / "bin" / "pathway-bot"), *args)


def _pip(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--quiet", *args], cwd=cwd, check=True,
                   timeout=300)


def _build_sdist(out: Path) -> Path:
    # The PEP 517 hook pip itself would call: no extra build tool needed.
    subprocess.run([sys.executable, "-c",
                    "import sys; from setuptools import build_meta; "
                    "build_meta.build_sdist(sys.argv[1])", str(out)],
                   cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=300)
    return next(out.glob("*.tar.gz"))


def _build_wheel(sdist: Path, out: Path) -> Path:
    _pip("wheel", "--no-build-isolation", "--no-deps", "--wheel-dir", str(out), str(sdist),
         cwd=out)
    return next(out.glob("pathway_bot-*.whl"))


def _installed_environment(target: Path, instance: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PATHWAY_")}
    return {**env, "PYTHONPATH": str(target), "PATHWAY_INSTANCE_DIR": str(instance),
            "PATHWAY_DATABASE_URL": f"sqlite:///{instance / 'pathway.db'}",
            "PATHWAY_RATELIMIT_ENABLED": "false"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    root = tmp_path_factory.mktemp("install")
    assert not root.resolve().is_relative_to(PROJECT_ROOT)
    for folder in ("sdist", "wheel", "target", "elsewhere", "instance"):
        (root / folder).mkdir()
    wheel = _build_wheel(_build_sdist(root / "sdist"), root / "wheel")
    _pip("install", "--no-deps", "--target", str(root / "target"), str(wheel), cwd=root)
    return Installed(root / "target", root / "elsewhere",
                     _installed_environment(root / "target", root / "instance"))


def test_the_installed_command_checks_the_flows_the_wheel_carries(installed):
    checked = installed.pathway_bot("flows", "check")

    assert checked.returncode == 0, checked.stderr
    assert "All flows are valid" in checked.stdout


def test_the_installed_app_serves_the_local_offer_from_a_fresh_sqlite_database(installed):
    prepared = installed.pathway_bot("init-db")
    assert prepared.returncode == 0, prepared.stderr

    served = installed.run(sys.executable, "-c", BUILD_THE_SERVED_APP, str(installed.target))

    assert served.returncode == 0, served.stderr
    assert "served app ok" in served.stdout
