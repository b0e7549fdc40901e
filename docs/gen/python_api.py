"""Write the site's Python API page from the package's own sources.

Every public name of ``iuran`` (its ``__all__``) is looked up where it is defined — the
facade ``__init__.py``, the pure-Python modules, or the native module's stub
``_native.pyi`` — and rendered with its signature and docstring. Only the standard
library's ``ast`` is used: the page is built from the sources, not from an installed
build, and cannot drift from them.

Usage: python3 docs/gen/python_api.py PACKAGE_DIR SITE_DIR
"""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

INTRO = {
    "id": (
        "# API Python\n\n"
        "> Halaman ini dibuat otomatis dari sumber paket (`bindings-python/python/iuran`: "
        "`__init__.py`, modul Python-nya, dan stub `_native.pyi`) setiap kali situs dibangun; "
        "jangan disunting langsung.\n\n"
        "Setiap nama publik paket `iuran` (`__all__`), dengan tanda tangan dan docstring-nya "
        "(berbahasa Inggris). Uang berupa `decimal.Decimal`; tabel berupa DataFrame pandas atau "
        "polars, atau tabel pyarrow. Panduan paket: `bindings-python/README.md`.\n\n"
    ),
    "en": (
        "# Python API\n\n"
        "> This page is generated from the package's sources (`bindings-python/python/iuran`: "
        "`__init__.py`, its Python modules and the `_native.pyi` stub) each time the site is "
        "built; do not edit it by hand.\n\n"
        "Every public name of the `iuran` package (`__all__`), with its signature and docstring. "
        "Money is `decimal.Decimal`; tables are pandas or polars DataFrames or pyarrow Tables. "
        "The package's guide: `bindings-python/README.md`.\n\n"
    ),
}


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def definitions(module: ast.Module) -> dict[str, ast.AST]:
    out: dict[str, ast.AST] = {}
    for node in module.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            out[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = node
    return out


def all_names(module: ast.Module) -> list[str]:
    for node in module.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise SystemExit("iuran/__init__.py has no __all__")


def signature(fn: ast.FunctionDef, drop_self: bool) -> str:
    args = fn.args
    if drop_self and args.args and args.args[0].arg in ("self", "cls"):
        args = ast.arguments(
            posonlyargs=args.posonlyargs,
            args=args.args[1:],
            vararg=args.vararg,
            kwonlyargs=args.kwonlyargs,
            kw_defaults=args.kw_defaults,
            kwarg=args.kwarg,
            defaults=args.defaults[-len(args.args[1:]) :] if args.args[1:] and args.defaults else [],
        )
    text = f"{fn.name}({ast.unparse(args)})"
    if fn.returns is not None:
        text += f" -> {ast.unparse(fn.returns)}"
    return text


def doc(node: ast.AST) -> str:
    text = ast.get_docstring(node) if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.Module)) else None
    return fence_examples(textwrap.dedent(text).strip()) if text else ""


def fence_examples(text: str) -> str:
    """Put interactive examples (``>>>`` lines and their output) in code blocks."""
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        if line.startswith(">>>") and not inside:
            out.append("```pycon")
            inside = True
        elif inside and not line.strip():
            out.append("```")
            inside = False
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


def decorators(fn: ast.FunctionDef) -> set[str]:
    return {ast.unparse(d) for d in fn.decorator_list}


def render(name: str, node: ast.AST, source: str) -> str:
    out = []
    if isinstance(node, ast.ClassDef):
        bases = ", ".join(ast.unparse(b) for b in node.bases)
        out.append(f"## `{name}`\n\n```python\nclass {name}{f'({bases})' if bases else ''}\n```\n")
        out.append(f"*{source}*\n")
        if doc(node):
            out.append(doc(node) + "\n")
        members = []
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and (not item.name.startswith("_") or item.name in ("__init__", "__new__")):
                kind = decorators(item)
                prefix = ""
                if "property" in kind:
                    prefix = "property "
                elif "staticmethod" in kind or "classmethod" in kind:
                    prefix = f"{name}."
                line = f"- `{prefix}{signature(item, drop_self=True)}`"
                if doc(item):
                    first = doc(item).split("\n\n")[0].replace("\n", " ")
                    line += f" — {first}"
                members.append(line)
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and not item.target.id.startswith("_"):
                members.append(f"- `{item.target.id}: {ast.unparse(item.annotation)}`")
        if members:
            out.append("\n".join(members) + "\n")
    elif isinstance(node, ast.FunctionDef):
        out.append(f"## `{name}()`\n\n```python\ndef {signature(node, drop_self=False)}\n```\n")
        out.append(f"*{source}*\n")
        if doc(node):
            out.append(doc(node) + "\n")
    else:
        assert isinstance(node, ast.AnnAssign)
        out.append(f"## `{name}`\n\n```python\n{name}: {ast.unparse(node.annotation)}\n```\n")
        out.append(f"*{source}*\n")
    return "\n".join(out)


def page(package: Path) -> str:
    init = parse(package / "__init__.py")
    where: dict[str, tuple[str, ast.AST]] = {n: ("__init__.py", d) for n, d in definitions(init).items()}
    for node in init.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            file = package / f"{node.module}.py"
            if not file.exists():
                file = package / f"{node.module}.pyi"
            defs = definitions(parse(file))
            for alias in node.names:
                if alias.name in defs and alias.name not in where:
                    where[alias.name] = (file.name, defs[alias.name])
    parts = []
    module_doc = doc(init)
    if module_doc:
        parts.append(module_doc + "\n")
    for name in all_names(init):
        if name not in where:
            raise SystemExit(f"iuran.{name} is in __all__ but defined nowhere the generator looks")
        source, node = where[name]
        parts.append(render(name, node, f"iuran/{source}"))
    return "\n".join(parts)


def main() -> None:
    package, site = Path(sys.argv[1]), Path(sys.argv[2])
    body = page(package)
    for lang, intro in INTRO.items():
        out = site / lang / "src" / "reference" / "python.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(intro + body, encoding="utf-8")


if __name__ == "__main__":
    main()
