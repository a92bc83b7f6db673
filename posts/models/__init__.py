"""
The reference library: articles, the sources they cite, the changes readers are told
about, and their medical review.

An Article keeps two copies of its words: the working copy editors write (`draft_*` and
the Reference rows) and what readers see (`title`, `summary`, `body`,
`published_references`), written only when a version a medical reviewer signed off goes
live (posts.workflow). Public views go through `Article.objects.published()` only.
"""

from .articles import (
    ARTICLE_CARD_FIELDS,
    PUBLIC_FIELDS,
    REVIEW_INTERVAL,
    WORDS_PER_MINUTE,
    Article,
    ArticleQuerySet,
    TaggedArticle,
    log_entries,
    related_articles,
)
from .changes import ArticleChange, write_change_log
from .review import ArticleVersion, ReviewReminder
from .sources import Reference, doi_validator, pmid_validator

__all__ = [
    "ARTICLE_CARD_FIELDS",
    "PUBLIC_FIELDS",
    "REVIEW_INTERVAL",
    "WORDS_PER_MINUTE",
    "Article",
    "ArticleChange",
    "ArticleQuerySet",
    "ArticleVersion",
    "Reference",
    "ReviewReminder",
    "TaggedArticle",
    "doi_validator",
    "log_entries",
    "pmid_validator",
    "related_articles",
    "write_change_log",
]
