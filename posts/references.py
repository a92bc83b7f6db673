"""
The list of an article's references as HTML: written when the article or one of its
references is saved (Article.references_html), so the page shows it without a query.

The markup is what the article template wrote for each reference; every value is escaped
with `html.escape()`. It reads plain attributes only, so migrations can use it on their
historical models.
"""

from collections.abc import Iterable
from html import escape
from urllib.parse import quote

LINK = 'rel="nofollow noopener noreferrer"'


def doi_url(doi: str) -> str:
    return f"https://doi.org/{quote(doi, safe='/')}" if doi else ""


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else ""


def references_html(references: Iterable) -> str:
    """The <li> items of the list, numbered from 1 in the order given (`id="ref-1"`, ...)."""
    items = []
    for number, ref in enumerate(references, start=1):
        year = f" ({ref.year})" if ref.year else ""
        parts = [
            f"{escape(ref.authors)}{year}. {escape(ref.title)}. <cite>{escape(ref.source)}</cite>."
        ]
        if ref.doi:
            parts.append(f'<a href="{escape(doi_url(ref.doi))}" {LINK}>DOI: {escape(ref.doi)}</a>')
        if ref.pmid:
            parts.append(
                f'<a href="{escape(pubmed_url(ref.pmid))}" {LINK}>PubMed: {escape(ref.pmid)}</a>'
            )
        if ref.url and not ref.doi and not ref.pmid:
            parts.append(
                f'<a href="{escape(ref.url)}" {LINK}>Read the source'
                f'<span class="visually-hidden">: {escape(ref.title)}</span></a>'
            )
        items.append(f'<li id="ref-{number}">{" ".join(parts)}</li>')
    return "".join(items)
