"""The markdownx editor, without its keyboard trap (see static/js/editor-keys.js)."""

from markdownx.widgets import AdminMarkdownxWidget, MarkdownxWidget


class EditorWidget(MarkdownxWidget):
    class Media:
        js = ["js/editor-keys.js"]


class AdminEditorWidget(AdminMarkdownxWidget):
    class Media:
        js = ["js/editor-keys.js"]
