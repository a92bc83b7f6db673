"""
Two baseline pages, mounted only for the benchmark, to put the site's numbers in context:
`plain` does nothing at all; `fortunes` does what TechEmpower's "Fortunes" test does.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Fortune


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def fortunes(request: HttpRequest) -> HttpResponse:
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message="Additional fortune added at request time."))
    rows.sort(key=lambda fortune: fortune.message)
    return render(request, "bench/fortunes.html", {"fortunes": rows})
