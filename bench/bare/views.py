from django.http import HttpResponse
from django.shortcuts import render

from .models import Fortune


def plain(request):
    return HttpResponse("ok", content_type="text/plain")


def fortunes(request):
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message="Additional fortune added at request time."))
    rows.sort(key=lambda fortune: fortune.message)
    return render(request, "bench/fortunes.html", {"fortunes": rows})
