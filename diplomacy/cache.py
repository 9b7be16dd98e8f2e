"""The file cache of one machine (CACHE_URL=file://…, the default), which looks whether its
folder is full once in a while rather than at every page it keeps."""

import itertools

from django.core.cache.backends.filebased import FileBasedCache


class FolderCache(FileBasedCache):
    """Django's file cache lists its whole folder each time it keeps a page, to see whether
    it holds MAX_ENTRIES files: 6 ms at 10,000 of them, on the first visit to each page after
    a change. This one looks once in CHECK_EVERY pages kept (100 unless OPTIONS say otherwise)
    by each process, so that the folder may hold that many more files before it is culled."""

    def __init__(self, location, params):
        super().__init__(location, params)
        self._check_every = int(params.get("OPTIONS", {}).get("CHECK_EVERY", 100))
        self._kept = itertools.count()

    def _cull(self):
        if next(self._kept) % self._check_every == 0:
            super()._cull()
