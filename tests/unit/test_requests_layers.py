"""The requests domain never imports Flask: the API, the web chat and the CLI all call it."""

import ast
from pathlib import Path

from pathway_bot import PROJECT_ROOT

DOMAIN = [*sorted((PROJECT_ROOT / "pathway_bot" / "requests").glob("*.py")),
          PROJECT_ROOT / "pathway_bot" / "area" / "meetings.py"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_requests_domain_does_not_import_flask_or_the_api():
    for path in DOMAIN:
        for module in imported_modules(path):
            root = module.split(".")[0]
            assert root not in {"flask", "flask_smorest", "werkzeug", "api"}, (path, module)
