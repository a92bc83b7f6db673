"""What the SEO tests share: fetching a page, its head and its JSON-LD, and a fixture."""

import json
import re

import pytest

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """make_story sends its e-mails on commit; tests never commit, so send them at once."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


def html(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def head(content: str) -> str:
    return content.split("</head>", 1)[0]


def json_ld(content: str) -> list[dict]:
    return [json.loads(block) for block in JSON_LD.findall(content)]
