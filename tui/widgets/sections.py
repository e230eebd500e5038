"""The Sections pane: documents and their sections as a tree.

Documents are read a page at a time: the first page when the explorer opens, the
next (`DocumentsWanted`) when the cursor or the scroll nears the last line, which
says how many are left. A document's sections are asked for when it is first
expanded (`SectionsWanted`). So a corpus of tens of thousands of documents opens
as quickly as a small one. Choosing a node filters the claims to that document
or section.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from extract.store.read import DOCUMENT, SECTION, DocumentKey, DocumentNode, DocumentPage, Filter, SectionNode

from ..messages import FilterChosen
from ..text import safe, short_count

EDGE = 8  # lines from the end at which the next page of documents is asked for


@dataclass(frozen=True)
class MoreDocuments:
    """The last line while documents remain unread: how many."""

    count: int


NodeData = DocumentNode | SectionNode | MoreDocuments


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

    class DocumentsWanted(Message):
        """Read the documents that follow `after` (the last one listed)."""

        def __init__(self, after: DocumentKey) -> None:
            super().__init__()
            self.after = after

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("Documents", id=id, classes=classes)
        self.show_root = False
        self.guide_depth = 2
        self._documents: dict[int, TreeNode[NodeData]] = {}
        self._loaded: set[int] = set()
        self._more: TreeNode[NodeData] | None = None
        self._pending = False

    @property
    def documents_listed(self) -> int:
        return len(self._documents)

    def set_documents(self, page: DocumentPage, *, append: bool = False) -> None:
        """Show `page`: the documents from the first (a new reading), or, with `append`, the next ones.

        A new reading keeps the documents still there as they are (open, with their sections),
        refreshing their counts; sections of a changed document are read again on demand.
        """
        self._pending = False
        if append:
            # A cursor on the "… more" line would follow it down past the new documents (and ask
            # for more again, and again): it goes to the first of them instead.
            on_more = self._more is not None and self.cursor_node is self._more
            added = [self._add_document(doc) for doc in page.rows if doc.id not in self._documents]
            for node in added:
                self._documents[node.data.id] = node  # type: ignore[union-attr]
            if on_more and added:
                self._pending = True  # no asking for more while the cursor is on its way

                def place() -> None:
                    self.move_cursor(added[0])
                    self._pending = False

                self.call_after_refresh(place)
        else:
            self._renew(page.rows)
        self._set_more(page.total - len(self._documents) if page.more_after else 0)
        if self.cursor_line < 0 and self._documents:
            self.cursor_line = 0  # a cursor on the first document, so keys work at once

    def _renew(self, documents: tuple[DocumentNode, ...]) -> None:
        if [d.id for d in documents] != list(self._documents):
            # Documents came, went or moved (an ingest): list them again in order, keeping
            # open the ones that were open and the cursor on its document.
            cursor = self.cursor_node.data if self.cursor_node is not None else None
            opened = {doc_id for doc_id, node in self._documents.items() if node.is_expanded}
            self.root.remove_children()
            self._documents.clear()
            self._loaded.clear()
            self._more = None
            for doc in documents:
                node = self._documents[doc.id] = self._add_document(doc)
                if doc.id in opened:
                    node.expand()  # asks for its sections again
            if isinstance(cursor, DocumentNode) and cursor.id in self._documents:
                self.call_after_refresh(self.move_cursor, self._documents[cursor.id])
            return
        for doc in documents:
            node = self._documents[doc.id]
            if node.data != doc:
                node.data = doc
                node.set_label(self._document_label(doc))
                self._loaded.discard(doc.id)
                if node.is_expanded:
                    self.post_message(self.SectionsWanted(doc.id))

    def _add_document(self, doc: DocumentNode) -> TreeNode[NodeData]:
        before = self._more if self._more is not None else None
        return self.root.add(self._document_label(doc), data=doc, allow_expand=True, before=before)

    def _set_more(self, count: int) -> None:
        if count <= 0:
            if self._more is not None:
                self._more.remove()
                self._more = None
            return
        label = Text(f"… {count:,} more document{'s' if count != 1 else ''}", style="dim italic")
        if self._more is None:
            self._more = self.root.add_leaf(label, data=MoreDocuments(count))
        else:
            self._more.data = MoreDocuments(count)
            self._more.set_label(label)
        self.call_after_refresh(self._check_end)

    def _check_end(self) -> None:
        """Ask for more documents once the cursor or the bottom of the view nears the last line."""
        if self._more is None or self._pending or not self._documents:
            return
        bottom = round(self.scroll_y) + self.scrollable_content_region.height
        if max(self.cursor_line, bottom) >= self.last_line - EDGE:
            self._pending = True
            last = list(self._documents.values())[-1].data
            assert isinstance(last, DocumentNode)
            self.post_message(self.DocumentsWanted((last.name, last.id)))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_end()

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        event.stop()
        self._check_end()

    def loading_failed(self) -> None:
        """A page of documents could not be read: allow asking again."""
        self._pending = False

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
    def _document_label(doc: DocumentNode) -> Text:
        """Its claims, the document's title (else its file name) and its year: the count first,
        as in the other panes, so that a long title cut at the pane's edge does not hide it."""
        label = Text(f"{short_count(doc.claims)} ", style="dim")
        label.append(safe(doc.shown_name, one_line=True))
        if doc.published:
            label.append(f" {doc.published[:4]}", style="dim italic")
        return label

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
            self.post_message(FilterChosen(Filter(DOCUMENT, data.id, data.shown_name)))
        elif isinstance(data, SectionNode):
            self.post_message(FilterChosen(Filter(SECTION, data.id, data.heading or "(untitled)")))
