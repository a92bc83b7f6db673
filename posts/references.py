"""Addresses of a reference's sources: a DOI and a PubMed record."""

from urllib.parse import quote


def doi_url(doi: str) -> str:
    return f"https://doi.org/{quote(doi, safe='/')}" if doi else ""


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else ""


# A reference as a version keeps it: what an editor typed, in page order.
REFERENCE_FIELDS = ("authors", "title", "source", "year", "doi", "pmid", "url")


def frozen_reference(reference) -> dict:
    return {name: getattr(reference, name) for name in REFERENCE_FIELDS}


def public_reference(frozen: dict) -> dict:
    """A frozen reference with the addresses the page links to (posts/includes/references.html)."""
    return {**frozen, "doi_url": doi_url(frozen["doi"]), "pubmed_url": pubmed_url(frozen["pmid"])}


def reference_line(frozen: dict) -> str:
    """A reference as one line of text, for comparing versions."""
    parts = [f"{frozen['authors']} ({frozen['year'] or 'n.d.'}). {frozen['title']}."]
    parts.append(f"{frozen['source']}.")
    if frozen["doi"]:
        parts.append(f"DOI {frozen['doi']}.")
    if frozen["pmid"]:
        parts.append(f"PubMed {frozen['pmid']}.")
    if frozen["url"]:
        parts.append(frozen["url"])
    return " ".join(parts)
