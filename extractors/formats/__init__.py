"""File formats beyond HTML, text and PDF: what a file is (``detect``), Word and Excel
read as HTML (``office``), old office formats converted by LibreOffice (``convert``),
and bundles of annexes unpacked (``archive``). ``extractors.parse`` decides with these
how to read each input."""

from extractors.formats.detect import BUNDLE_KINDS, KIND_LABELS, OFFICE_KINDS, UNSUPPORTED_KINDS, detect

__all__ = ["BUNDLE_KINDS", "KIND_LABELS", "OFFICE_KINDS", "UNSUPPORTED_KINDS", "detect"]
