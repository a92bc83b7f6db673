from django.contrib import admin
from django.db.models import Count
from taggit.models import Tag

from .models import Indication

# Indications are our tags; taggit's own free-form Tag model is not used.
admin.site.unregister(Tag)


@admin.register(Indication)
class IndicationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "display_order", "article_count"]
    list_editable = ["display_order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "description"]
    fields = ["name", "slug", "description", "overview", "display_order"]

    def get_queryset(self, request):
        articles = Count("posts_taggedarticle_items")
        return super().get_queryset(request).annotate(article_total=articles)

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, indication: Indication) -> int:
        return indication.article_total


def indication_filter(lookup: str) -> type[admin.SimpleListFilter]:
    """An admin list filter by indication, through `lookup` (e.g. "indications__slug")."""

    class IndicationFilter(admin.SimpleListFilter):
        title = "indication"
        parameter_name = "indication"

        def lookups(self, request, model_admin):
            return [(i.slug, i.name) for i in Indication.objects.all()]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{lookup: self.value()}).distinct()
            return queryset

    return IndicationFilter
