"""The sources an article cites."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..references import doi_url, pubmed_url
from .articles import Article

doi_validator = RegexValidator(
    r"^10\.\d{4,9}/\S+$", "A DOI looks like 10.1000/xyz123 (without https://doi.org/)."
)
pmid_validator = RegexValidator(r"^\d{1,9}$", "A PubMed ID is a number, like 31234567.")


class Reference(models.Model):
    """A source an article cites, numbered on the page in `position` order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order on the page; [1] in the text is the first."
    )
    authors = models.CharField(max_length=500, help_text="e.g. 'Smith AB, Jones CD, et al.'")
    title = models.CharField(max_length=500)
    source = models.CharField(
        "journal or publisher", max_length=300, help_text="e.g. 'Journal of Urology' or 'NICE'."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True, validators=[doi_validator])
    pmid = models.CharField("PubMed ID", max_length=12, blank=True, validators=[pmid_validator])
    url = models.URLField("web address", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["article", "position"], name="reference_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1800, year__lte=2200),
                name="reference_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authors} ({self.year or 'n.d.'}). {self.title}"

    @property
    def doi_url(self) -> str:
        return doi_url(self.doi)

    @property
    def pubmed_url(self) -> str:
        return pubmed_url(self.pmid)
