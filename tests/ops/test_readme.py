"""The README documents every environment variable the code reads (DESIGN.md: Configuration)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", "tests", "migrations", "var", "node_modules", ".git"}
# set by manage.py and wsgi.py themselves; set by bench/queue.py for the rival worker processes it starts
NOT_CONFIGURATION = {"DJANGO_SETTINGS_MODULE", "BENCH_RIVAL_URL"}
BASE_READERS = {"env_str", "env_bool", "env_int", "env_list", "env_url", "getenv"}


def sources() -> list[ast.Module]:
    files = [path for path in ROOT.rglob("*.py") if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts)]
    return [ast.parse(path.read_text(), str(path)) for path in files]


def is_environ(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def reads_env(call: ast.Call, readers: set[str]) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name in readers or (name == "get" and is_environ(getattr(func, "value", None)))


def first_arg(node):
    if isinstance(node, ast.Call) and node.args:
        return node.args[0]
    if isinstance(node, ast.Subscript) and is_environ(node.value) and isinstance(node.ctx, ast.Load):
        return node.slice
    return None


def readers_in(modules) -> set[str]:
    """The env readers, plus every function that passes its own parameter on to one (e.g. _seconds(name))."""
    readers = set(BASE_READERS)
    while True:
        found = set(readers)
        for module in modules:
            for func in (n for n in ast.walk(module) if isinstance(n, ast.FunctionDef)):
                params = {a.arg for a in func.args.args + func.args.kwonlyargs}
                for node in ast.walk(func):
                    arg = first_arg(node) if (isinstance(node, ast.Call) and reads_env(node, readers)) \
                        or isinstance(node, ast.Subscript) else None
                    if isinstance(arg, ast.Name) and arg.id in params:
                        found.add(func.name)
        if found == readers:
            return readers
        readers = found


def variables_read() -> set[str]:
    modules = sources()
    readers = readers_in(modules)
    names = set()
    for module in modules:
        for node in ast.walk(module):
            arg = first_arg(node) if (isinstance(node, ast.Call) and reads_env(node, readers)) \
                or isinstance(node, ast.Subscript) else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.isupper():
                names.add(arg.value)
    return names - NOT_CONFIGURATION


def test_the_scan_finds_variables_read_directly_and_through_helpers():
    assert {"DATABASE_URL", "REDIS_URL", "BEAT_VAR_DIR", "BEAT_HTTP_READ_TIMEOUT", "BENCH_TASKS"} <= variables_read()


def test_the_readme_documents_every_environment_variable_the_code_reads():
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in variables_read() if f"`{name}`" not in readme)
    assert missing == [], f"README.md does not document: {', '.join(missing)}"


def test_the_readme_starts_with_the_two_commands_a_newcomer_runs():
    head = (ROOT / "README.md").read_text()[:1500]
    assert "make run" in head and "make test" in head
