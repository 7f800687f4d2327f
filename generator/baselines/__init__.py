"""Reference readers whose predictions the card reports: :mod:`.tesseract`."""
