"""The Sections pane: documents and their sections as a tree.

Documents are listed at once; a document's sections are asked for when it is
first expanded (`SectionsWanted`), so a corpus of thousands of documents opens
quickly. Choosing a node filters the claims to that document or section.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from extract.queries import DOCUMENT, SECTION, DocumentNode, Filter, SectionNode

from ..messages import FilterChosen
from ..text import safe, short_count

NodeData = DocumentNode | SectionNode


class SectionsTree(Tree[NodeData]):
    """Documents and sections with their claim counts."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("right,l", "open_node", "Open", show=False, tooltip="Show a document's sections"),
        Binding("left,h", "close_node", "Close", show=False, tooltip="Hide a document's sections"),
    ]

    def action_open_node(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand:
            node.expand()

    def action_close_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    class SectionsWanted(Message):
        def __init__(self, document_id: int) -> None:
            super().__init__()
            self.document_id = document_id

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("Documents", id=id, classes=classes)
        self.show_root = False
        self.guide_depth = 2
        self._documents: dict[int, TreeNode[NodeData]] = {}
        self._loaded: set[int] = set()

    def set_documents(self, documents: list[DocumentNode]) -> None:
        """Add new documents and refresh the counts of known ones; loaded sections are reloaded on demand."""
        for doc in documents:
            node = self._documents.get(doc.id)
            if node is None:
                self._documents[doc.id] = self.root.add(self._label(doc.name, doc.claims), data=doc, allow_expand=True)
            else:
                if node.data != doc:
                    node.data = doc
                    node.set_label(self._label(doc.name, doc.claims))
                    self._loaded.discard(doc.id)
                    if node.is_expanded:
                        self.post_message(self.SectionsWanted(doc.id))
        gone = set(self._documents) - {d.id for d in documents}
        for doc_id in gone:  # replaced or removed by an ingest
            self._documents.pop(doc_id).remove()
            self._loaded.discard(doc_id)
        if self.cursor_line < 0 and self._documents:
            self.cursor_line = 0  # a cursor on the first document, so keys work at once

    def set_sections(self, document_id: int, sections: list[SectionNode]) -> None:
        node = self._documents.get(document_id)
        if node is None:
            return
        node.remove_children()
        nodes: dict[int, TreeNode[NodeData]] = {}
        for section in sections:
            parent = nodes.get(section.parent_id, node) if section.parent_id is not None else node
            nodes[section.id] = parent.add(
                self._label(section.heading or "(untitled)", section.claims), data=section, allow_expand=False
            )
        for child in nodes.values():
            child.allow_expand = bool(child.children)
        self._loaded.add(document_id)
        if not sections:
            node.allow_expand = False

    @staticmethod
    def _label(name: str, claims: int) -> Text:
        label = Text(safe(name, one_line=True))
        label.append(f" {short_count(claims)}", style="dim")
        return label

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        event.stop()
        data = event.node.data
        if isinstance(data, DocumentNode) and data.id not in self._loaded:
            self.post_message(self.SectionsWanted(data.id))

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        event.stop()
        data = event.node.data
        if isinstance(data, DocumentNode):
            self.post_message(FilterChosen(Filter(DOCUMENT, data.id, data.name)))
        elif isinstance(data, SectionNode):
            self.post_message(FilterChosen(Filter(SECTION, data.id, data.heading or "(untitled)")))
