"""The apps depend one way and no module imports itself round a loop.

    antitrafik (policy, generic pieces)  ←  institutions  ←  strategy  ←  reports

Every module of the project is parsed with `ast`, imports inside functions included (a cycle hidden by a
function-level import is still a cycle): an app imports only from the apps to its left (antitrafik's
settings and URLs name the apps, so they are exempt), and the graph of imports between the project's
modules has no cycle. The checks are run on the project and on small planted projects, so that they can
be seen to fail.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
LAYERS = ["antitrafik", "institutions", "strategy", "reports"]  # each may import only from those before it
EXEMPT = {"antitrafik.settings", "antitrafik.urls"}  # they wire the apps together


def project_modules(root):
    """{dotted module name: (path, is_package)} of every Python module of the apps under `root`."""
    modules = {}
    for app in LAYERS:
        for path in sorted((root / app).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            modules[".".join(parts)] = (path, is_package)
    return modules


def imports_of(name, path, is_package, modules):
    """[(imported project module, line)] of the module `name`, imports inside functions included."""
    package = name if is_package else name.rpartition(".")[0]

    def resolve(dotted):
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            # `from package import module` imports the module; `from module import name` the module itself.
            targets = [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            resolved = resolve(target)
            if resolved is not None and resolved != name:
                found.append((resolved, node.lineno))
    return found


def import_graph(root):
    modules = project_modules(root)
    return {name: imports_of(name, path, is_package, modules) for name, (path, is_package) in modules.items()}


def upward_imports(graph):
    """'a.b:12 imports c.d' for each import of an app to the right of the importing one."""
    layer = {app: i for i, app in enumerate(LAYERS)}
    problems = []
    for name, imports in graph.items():
        if name in EXEMPT:
            continue
        for target, line in imports:
            if layer[target.split(".")[0]] > layer[name.split(".")[0]]:
                problems.append(f"{name}:{line} imports {target}")
    return sorted(set(problems))


def import_cycles(graph):
    """The sets of modules that import one another round a loop (strongly connected components, Tarjan)."""
    edges = {name: {target for target, _line in imports} for name, imports in graph.items()}
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in edges.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(cycles)


def test_apps_import_only_from_the_apps_below_them():
    assert upward_imports(import_graph(ROOT)) == []


def test_no_import_cycles_between_the_modules_of_the_project():
    assert import_cycles(import_graph(ROOT)) == []


def test_the_graph_sees_the_real_imports():
    """A check that reads no import would pass on anything: the known edges are there."""
    graph = import_graph(ROOT)
    assert "strategy.hooks" in {target for target, _ in graph["reports.hooks"]}
    assert "reports.selectors.activity_status" in {target for target, _ in graph["reports.committee.compile"]}
    assert "antitrafik.policy" in {target for target, _ in graph["strategy.models.plan"]}  # inside for_user()


# Planted projects: each must be caught -------------------------------------------------------------------

def plant(root, files):
    for app in LAYERS:
        (root / app).mkdir(parents=True, exist_ok=True)
        (root / app / "__init__.py").write_text("")
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return root


@pytest.mark.parametrize("files, expected", [
    ({"strategy/models.py": "", "reports/models.py": "",
      "strategy/selectors.py": "def f():\n    from reports.models import ActivityProgress\n"},
     ["strategy.selectors:2 imports reports.models"]),
    ({"institutions/models.py": "", "strategy/models.py": "",
      "institutions/views.py": "import strategy.models\n"},
     ["institutions.views:1 imports strategy.models"]),
    ({"institutions/choices.py": "", "antitrafik/policy/__init__.py": "",
      "antitrafik/policy/roles.py": "from institutions.choices import Role\n"},
     ["antitrafik.policy.roles:1 imports institutions.choices"]),
    ({"reports/choices.py": "", "antitrafik/helpers.py": "def scope(qs):\n    from reports import choices\n"},
     ["antitrafik.helpers:2 imports reports.choices"]),
    ({"reports/urls.py": "", "antitrafik/urls.py": "from reports import urls\n"}, []),  # the wiring is exempt
    ({"strategy/models.py": "", "reports/views.py": "from strategy.models import Activity\n"}, []),  # downward
])
def test_a_planted_upward_import_is_caught(tmp_path, files, expected):
    assert upward_imports(import_graph(plant(tmp_path, files))) == expected


def test_a_planted_cycle_is_caught_even_through_a_function_level_import(tmp_path):
    root = plant(tmp_path, {
        "reports/committee/__init__.py": "",
        "reports/committee/services.py": "def finalise():\n    from .pdf import render\n",
        "reports/committee/pdf.py": "from .document import context\n",
        "reports/committee/document.py": "from reports.committee.services import TEXT_FIELDS\n",
        "reports/committee/charts.py": "from . import document\n",
    })
    assert import_cycles(import_graph(root)) == [
        ["reports.committee.document", "reports.committee.pdf", "reports.committee.services"]]


def test_a_planted_cycle_between_apps_models_is_caught(tmp_path):
    root = plant(tmp_path, {
        "strategy/models.py": "def overdue_q():\n    from reports.models import ActivityProgress\n",
        "reports/models.py": "from strategy import models\n",
    })
    graph = import_graph(root)
    assert import_cycles(graph) == [["reports.models", "strategy.models"]]
    assert upward_imports(graph) == ["strategy.models:2 imports reports.models"]
