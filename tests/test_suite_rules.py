"""Rules of the test suite itself: fixtures are shared through conftests, never imported from another module."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def _is_fixture(function):
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if (isinstance(target, ast.Attribute) and target.attr == "fixture") or (
                isinstance(target, ast.Name) and target.id == "fixture"):
            return True
    return False


def _fixtures_of(module):
    path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
    if not path.exists():
        path = ROOT.joinpath(*module.split("."), "__init__.py")
    if not path.exists():
        return set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and _is_fixture(node)}


def test_fixtures_are_shared_through_conftests_not_imported():
    offences = []
    for path in sorted(TESTS.rglob("*.py")):
        name = path.relative_to(TESTS)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytest_plugins" for t in node.targets):
                offences.append(f"{name}: pytest_plugins")
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests"):
                modules = [node.module]
                fixtures = _fixtures_of(node.module) & {alias.name for alias in node.names}
                offences += [f"{name}: imports the fixture {fixture} from {node.module}" for fixture in sorted(fixtures)]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names if alias.name.startswith("tests")]
            offences += [f"{name}: imports {module}" for module in modules if module.rsplit(".", 1)[-1] == "conftest"]
    assert not offences, "Share fixtures through a conftest (tests/conftest.py or the package's):\n" + "\n".join(offences)
