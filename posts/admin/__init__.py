"""
The reference library's admin, where editors write articles and medical reviewers sign
them off: the list and form (articles), the review steps, comparison and preview (desk),
and the forms, filters and inlines they use.
"""

from .articles import ArticleAdmin

__all__ = ["ArticleAdmin"]
