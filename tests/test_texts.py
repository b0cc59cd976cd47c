"""Every word the dashboard shows comes from appraisal/texts.py: no page writes Chinese itself."""

from __future__ import annotations

import ast
import re

import pytest

import appraisal.texts as texts
from tests.helpers import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")
DASHBOARD = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


@pytest.mark.parametrize("path", DASHBOARD, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_dashboard_writes_no_word_of_its_own(path):
    tree = ast.parse(path.read_text("utf-8"))
    docs = _docstrings(tree)
    words = [f"{path.name}:{node.lineno} {node.value!r}" for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
             and CJK.search(node.value)]
    assert not words, "put these in appraisal/texts.py:\n" + "\n".join(words)


def test_texts_all_names_every_table_of_words():
    """Each public table of words in texts.py is in its __all__, so a reader finds them listed."""
    public = {name for name, value in vars(texts).items()
              if name.isupper() and isinstance(value, (dict, list, str))}
    assert public <= set(texts.__all__), sorted(public - set(texts.__all__))
