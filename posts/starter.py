"""
The starter library: reference articles kept as TOML files in `starter_content/`, loaded
by `manage.py load_starter_content`.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from . import workflow
from .models import Article, ArticleChange, ArticleVersion, Reference
from .references import REFERENCE_FIELDS
from .services import save_article

STARTER_DIR = Path(__file__).resolve().parent / "starter_content"


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
    Add each starter article that is not in the database yet, as a version waiting for
    medical review: like any article, it is published only once a medical reviewer signs
    it off (`sign_off_starter` does that for the demo). An article that exists (same slug)
    is left exactly as the editors have it, so this is safe to run again.
    """
    result = LoadResult(created=[], kept=[])
    for path in starter_files():
        data = read_starter(path)
        if Article.objects.filter(slug=data["slug"]).exists():
            result.kept.append(data["slug"])
            continue
        article = Article(
            draft_title=data["title"],
            slug=data["slug"],
            draft_summary=data["summary"],
            draft_body=data["body"].strip() + "\n",
            byline=data.get("byline", "CryoInfo editorial team"),
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
        workflow.submit(article, None, note="The starter library, as written by CryoInfo.")
        result.created.append(article.slug)
    return result


@transaction.atomic
def sign_off_starter(reviewer, credentials: str) -> list[Article]:
    """
    The demo's reviewer signs off the starter articles still waiting for review, and they
    are published: only for the demo (seed_demo) and the tests, never for a real reviewer,
    who reads each one in the admin.
    """
    published = []
    waiting = ArticleVersion.objects.filter(
        state=ArticleVersion.State.SUBMITTED, submitted_by=None
    ).select_related("article")
    for version in waiting:
        workflow.sign_off(version, reviewer, credentials=credentials)
        article = Article.objects.get(pk=version.article_id)
        workflow.publish(article)
        published.append(article)
    return published
