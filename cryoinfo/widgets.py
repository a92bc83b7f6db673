"""The markdownx editor, without its keyboard trap (see static/js/editor-keys.js)."""

from markdownx.widgets import AdminMarkdownxWidget, MarkdownxWidget


class EditorWidget(MarkdownxWidget):
    class Media:
        js = ["js/editor-keys.js"]


class AdminEditorWidget(AdminMarkdownxWidget):
    """
    With `preview_url`, the preview beside the editor comes from there rather than from
    markdownx's own address (an article's preview is its page's own template).
    """

    def __init__(self, *args, preview_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.preview_url = preview_url

    def add_markdownx_attrs(self, attrs):
        attrs = super().add_markdownx_attrs(attrs)
        if self.preview_url:
            attrs["data-markdownx-urls-path"] = self.preview_url
        return attrs

    class Media:
        js = ["js/editor-keys.js"]
