"""Issue 16, item 6: internal line references to the source documents ("001:2218-2224") stay in
code and docs (the catalogue's seed_ref, docs/norms.md); the UI names the source instead
("Toetsingskader inspecties norm 2.2")."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from ketenzicht.norms.catalogue import CATALOGUE, HP_FIRST_CONVERSATION
from tests.care.conftest import waiting  # noqa: F401  (fixture)

SEED_REF = re.compile(r"\b0\d\d:\d{2,}")
SRC = Path(__file__).resolve().parents[2] / "src" / "ketenzicht"


def _visible(template: str) -> str:
    """Template text without {# #} and {% comment %} blocks (not rendered)."""
    text = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
    return re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", text, flags=re.S)


def test_no_template_shows_a_seed_reference():
    found = [
        f"{path.relative_to(SRC)}: {m.group(0)}"
        for path in SRC.glob("**/templates/**/*.html")
        for m in SEED_REF.finditer(_visible(path.read_text()))
    ]
    assert not found, found


def test_no_user_facing_norm_text_has_a_seed_reference():
    texts = []
    for n in CATALOGUE:
        texts += [n.title, n.source, n.explanation or "", n.phrase or ""]
        texts += [t for v in n.variants for t in (v.label, v.source)]
    texts += [HP_FIRST_CONVERSATION.label, HP_FIRST_CONVERSATION.source]
    assert not [t for t in texts if SEED_REF.search(t)]
    # The references themselves are kept (docs, `ketenzicht norms list`).
    assert all(SEED_REF.search(n.seed_ref) for n in CATALOGUE)


@pytest.mark.django_db
def test_the_help_page_names_the_source_not_the_lines(
    waiting,  # noqa: F811
    make_user,
    login,
    client,
):
    login(make_user("W-2", role="teamleider"))
    html = client.get(reverse("care:help")).content.decode()
    assert "Toetsingskader inspecties norm 2.2" in html
    assert not SEED_REF.search(html)
