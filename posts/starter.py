"""
The starter library: reference articles kept as TOML files in `starter_content/`, loaded
by `manage.py load_starter_content`.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleChange, Reference
from .services import save_article

STARTER_DIR = Path(__file__).resolve().parent / "starter_content"
REFERENCE_FIELDS = ("authors", "title", "source", "year", "doi", "pmid", "url")


@dataclass
class LoadResult:
    created: list[str]
    kept: list[str]


def starter_files() -> list[Path]:
    return sorted(STARTER_DIR.glob("*.toml"))


def read_starter(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@transaction.atomic
def load_starter_articles() -> LoadResult:
    """
    Publish each starter article that is not in the database yet. An article that exists
    (same slug) is left exactly as the editors have it, so this is safe to run again.
    """
    result = LoadResult(created=[], kept=[])
    for path in starter_files():
        data = read_starter(path)
        if Article.objects.filter(slug=data["slug"]).exists():
            result.kept.append(data["slug"])
            continue
        article = Article(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            body=data["body"].strip() + "\n",
            byline=data.get("byline", "CryoInfo editorial team"),
            last_reviewed=data["last_reviewed"],
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        article.full_clean()
        article.save()
        article.indications.set(data.get("indications", []))
        for position, ref in enumerate(data.get("references", []), start=1):
            reference = Reference(
                article=article,
                position=position,
                **{
                    name: ref.get(name) or ("" if name != "year" else None)
                    for name in REFERENCE_FIELDS
                },
            )
            reference.full_clean()
            reference.save()
        for change in data.get("changes", []):
            ArticleChange.objects.create(
                article=article, changed_on=change["on"], description=change["what"]
            )
        save_article(article)  # render again now that [n] has references to link to
        result.created.append(article.slug)
    return result
