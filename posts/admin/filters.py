"""The article list's filters."""

from django.contrib import admin
from django.utils import timezone

from cryoinfo.admin import indication_filter

from ..models import Article

IndicationFilter = indication_filter("indications__slug")


class ReviewFilter(admin.SimpleListFilter):
    title = "review dates"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("due30", "Due in the next 30 days"),
            ("pending", "Never signed off"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.review_overdue(today)
        if self.value() == "due30":
            return queryset.filter(
                next_review_due__gte=today,
                next_review_due__lte=today + timezone.timedelta(days=30),
            )
        if self.value() == "pending":
            return queryset.filter(live_version__isnull=True)
        return queryset


class ReviewerFilter(admin.SimpleListFilter):
    title = "medical reviewer"
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        names = (
            Article.objects.exclude(reviewer_name="")
            .order_by("reviewer_name")
            .values_list("reviewer_name", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(reviewer_name=self.value())
        return queryset
