"""A strip of photos: add from a file, see thumbnails, view one larger, remove one.

Photos are stored the moment they are added (``AttachmentService.add``: the bytes go into the
content-addressed store, an Attachment record points at them), so a photo never depends on the
form being saved. The strip itself only keeps the list of attachment ids, which the owning form
saves in its record (``photo_ids``) and in its autosaved draft.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import TaslimError
from desktop.i18n import _
from desktop.services.attachments import AttachmentService
from desktop.services.base import Session
from desktop.ui.look import plain_buttons

THUMBNAIL = QSize(132, 99)
VIEWER_SIZE = QSize(960, 700)


def scaled_pixmap(data: bytes, bound: QSize) -> QPixmap:
    """Decode an image scaled to fit ``bound``; JPEGs decode straight at the small size."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
    size = reader.size()
    if size.isValid() and (size.width() > bound.width() or size.height() > bound.height()):
        reader.setScaledSize(size.scaled(bound, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QPixmap.fromImage(image)


class PhotoCell(QFrame):
    """One thumbnail (click to view larger) and its remove button."""

    def __init__(self, attachment_id: str, pixmap: QPixmap | None, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachment_id = attachment_id
        self.setObjectName("photoCell")
        self.thumbnail = QToolButton()
        self.thumbnail.setObjectName("photoThumbnail")
        self.thumbnail.setIconSize(THUMBNAIL)
        self.thumbnail.setFixedSize(THUMBNAIL + QSize(12, 12))
        self.thumbnail.setAutoRaise(False)
        if pixmap is not None and not pixmap.isNull():
            self.thumbnail.setIcon(QIcon(pixmap))
            self.thumbnail.setToolTip(_("View this photo larger: {name}").format(name=name))
            self.thumbnail.setAccessibleName(_("View this photo larger: {name}").format(name=name))
        else:
            self.thumbnail.setText(_("Not on this laptop"))
            self.thumbnail.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.thumbnail.setEnabled(False)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setAccessibleName(_("Remove the photo {name}").format(name=name))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(4)
        layout.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.remove_button)


class PhotoViewer(QDialog):
    """A photo at the size of the screen, in a scrolling view, closed with Esc."""

    def __init__(self, pixmap: QPixmap, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(name)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setPixmap(pixmap)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        plain_buttons(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(min(VIEWER_SIZE.width(), pixmap.width() + 60),
                    min(VIEWER_SIZE.height(), pixmap.height() + 110))


class PhotoStrip(QWidget):
    """``changed`` is emitted when the person adds or removes a photo (not on ``set_...``)."""

    changed = Signal()

    def __init__(self, attachments: AttachmentService, session: Session, owner_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._attachments = attachments
        self._session = session
        self.owner_id = owner_id
        self._ids: list[str] = []
        self._names: dict[str, str] = {}
        self._sha: dict[str, str] = {}
        self.cells: list[PhotoCell] = []
        self._read_only = False
        self.viewer: PhotoViewer | None = None

        self.add_button = QPushButton(_("Add photo…"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.choose_files)
        self.add_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.empty_label = QLabel(_("No photos yet."))
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(8)
        self._row.addStretch()
        holder = QWidget()
        holder.setLayout(self._row)
        self.scroll = QScrollArea()
        self.scroll.setWidget(holder)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFixedHeight(THUMBNAIL.height() + 12 + 40 + 34)

        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(self.empty_label)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.scroll)
        layout.addWidget(self.error)
        self._refresh_empty()

    # -- the record's view -------------------------------------------------------------------

    def attachment_ids(self) -> list[str]:
        return list(self._ids)

    def set_attachment_ids(self, ids: Iterable[str]) -> None:
        """Show these photos (e.g. of a record being reopened); does not emit ``changed``."""
        for cell in self.cells:
            cell.deleteLater()
        self.cells = []
        self._ids = []
        for attachment_id in ids:
            self._append(attachment_id)
        self._refresh_empty()

    def focusables(self) -> list[QWidget]:
        """The strip's controls in visual order, for the owner's tab order."""
        chain: list[QWidget] = [self.add_button]
        for cell in self.cells:
            chain.extend([cell.thumbnail, cell.remove_button])
        return chain

    def set_read_only(self, read_only: bool) -> None:
        """Photos can still be viewed; nothing can be added or removed."""
        self._read_only = read_only
        self.add_button.setVisible(not read_only)
        for cell in self.cells:
            cell.remove_button.setVisible(not read_only)

    # -- the person's actions ----------------------------------------------------------------

    @Slot()
    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Add photos"), "", _("Photos (*.png *.jpg *.jpeg *.PNG *.JPG *.JPEG)")
        )
        if names:
            self.add_files([Path(name) for name in names])

    def add_files(self, paths: Iterable[Path]) -> list[str]:
        """Store each file at once; a refused one is named under the strip, the rest still go."""
        added: list[str] = []
        problems: list[str] = []
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError:
                problems.append(_("The file {name} cannot be read.").format(name=path.name))
                continue
            try:
                attachment = self._attachments.add(self._session, self.owner_id, path.name,
                                                   data).value
            except TaslimError as error:
                problems.append(str(error))
                continue
            self._names[attachment.id] = attachment.name
            self._sha[attachment.id] = attachment.sha256
            self._append(attachment.id, data)
            added.append(attachment.id)
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
        self._refresh_empty()
        if added:
            self.changed.emit()
        return added

    def remove(self, attachment_id: str) -> None:
        """Take the photo off this record; its stored bytes stay (other records may share them)."""
        if attachment_id not in self._ids:
            return
        index = self._ids.index(attachment_id)
        self._ids.pop(index)
        cell = self.cells.pop(index)
        self._row.removeWidget(cell)
        cell.deleteLater()
        self._refresh_empty()
        self.changed.emit()

    def view(self, attachment_id: str) -> PhotoViewer | None:
        data = self._data(attachment_id)
        if data is None:
            return None
        pixmap = scaled_pixmap(data, VIEWER_SIZE)
        self.viewer = PhotoViewer(pixmap, self._names.get(attachment_id, ""), self)
        self.viewer.open()
        return self.viewer

    # -- inside --------------------------------------------------------------------------------

    def _append(self, attachment_id: str, data: bytes | None = None) -> None:
        if data is None:
            data = self._data(attachment_id)
        pixmap = scaled_pixmap(data, THUMBNAIL) if data is not None else None
        cell = PhotoCell(attachment_id, pixmap, self._names.get(attachment_id, ""))
        cell.thumbnail.clicked.connect(lambda _c=False, a=attachment_id: self.view(a))
        cell.remove_button.clicked.connect(lambda _c=False, a=attachment_id: self.remove(a))
        cell.remove_button.setVisible(not self._read_only)
        self._ids.append(attachment_id)
        self.cells.append(cell)
        self._row.insertWidget(self._row.count() - 1, cell)  # before the trailing stretch

    def _data(self, attachment_id: str) -> bytes | None:
        try:
            if attachment_id not in self._sha:
                record = self._attachments.attachment(attachment_id)
                self._sha[attachment_id] = record.sha256
                self._names[attachment_id] = record.name
            return self._attachments.data(self._sha[attachment_id])
        except TaslimError:  # not on this laptop (yet): the cell says so
            return None

    def _refresh_empty(self) -> None:
        self.empty_label.setVisible(not self._ids)
        self.scroll.setVisible(bool(self._ids))

