"""Where sealed proposal files are kept on the embedded profile: a local folder.

With S3_BUCKET set they go to the object store instead (settings.STORAGES["sealed"]); either
way `tenders.sealing` reaches them only through `django.core.files.storage.storages`, and
what it hands over is already ciphertext.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class SealedFileSystemStorage(FileSystemStorage):
    """SEALED_STORAGE_ROOT, read on each use, with folders and files only the owner can read."""

    def __init__(self, **kwargs):
        kwargs.setdefault("directory_permissions_mode", 0o700)
        kwargs.setdefault("file_permissions_mode", 0o600)
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.SEALED_STORAGE_ROOT)

    @property
    def location(self):
        return os.path.abspath(Path(self.base_location))

    @property
    def base_url(self):
        # Never served by URL: only the permission-checked download views read these files.
        return None
