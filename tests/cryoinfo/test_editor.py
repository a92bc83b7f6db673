"""The markdownx editor's preview and image upload: staff only, sanitised, re-encoded."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

pytestmark = pytest.mark.django_db

PREVIEW = "/markdownx/markdownify/"
UPLOAD = "/markdownx/upload/"


def png_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 160)).save(out, "PNG")
    return out.getvalue()


def stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_preview_refuses_anonymous_people(client):
    response = client.post(PREVIEW, {"content": "**hi**"})

    assert response.status_code == 403
    assert b"<strong>" not in response.content


@pytest.mark.parametrize("who", ["alice", "editor", "admin"])
def test_preview_renders_sanitised_markdown_for_signed_in_people(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        PREVIEW, {"content": "## Title\n\n**bold** <script>alert(1)</script> <img src=x onerror=y>"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="title">Title</h2>' in html
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "onerror" not in html


def test_preview_refuses_text_too_long_to_render(client, alice):
    client.force_login(alice)

    response = client.post(PREVIEW, {"content": "x" * 100_001})

    assert response.status_code == 413


def test_preview_refuses_get(client, admin):
    client.force_login(admin)
    assert client.get(PREVIEW).status_code == 405


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_upload_refuses_people_who_are_not_staff_and_stores_nothing(client, who, alice, media_root):
    if who == "alice":
        client.force_login(alice)

    response = client.post(UPLOAD, {"image": SimpleUploadedFile("a.png", png_bytes(), "image/png")})

    assert response.status_code == 403
    assert stored_files(media_root) == []


def test_upload_by_staff_stores_a_reencoded_copy_under_a_random_name(client, editor, media_root):
    client.force_login(editor)
    original = png_bytes()

    response = client.post(
        UPLOAD,
        {"image": SimpleUploadedFile("../../evil name.png", original, "image/png")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![Describe this image](/media/editor/")
    [stored] = stored_files(media_root)
    assert stored.parent.name == "editor"
    assert "evil" not in stored.name
    assert stored.read_bytes() != original
    assert Image.open(stored).size == (40, 30)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("page.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "image/svg+xml",
        ),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
    ],
)
def test_upload_refuses_what_is_not_a_jpeg_png_or_webp(
    client, editor, media_root, name, data, content_type
):
    client.force_login(editor)

    response = client.post(UPLOAD, {"image": SimpleUploadedFile(name, data, content_type)})

    assert response.status_code == 400
    assert response.json()["image"]
    assert stored_files(media_root) == []


def test_upload_without_a_file_gets_a_message(client, editor):
    client.force_login(editor)

    response = client.post(UPLOAD, {})

    assert response.status_code == 400
    assert response.json() == {"image": ["Choose an image to upload."]}
