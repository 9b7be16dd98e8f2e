"""The files of a dated release, as they were written (see releases.py)."""

from django.http import FileResponse, Http404

from ..releases import released_file

CONTENT_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json; charset=utf-8"}


def release_file(request, name, file_name):
    path = released_file(name, file_name)
    if path is None:
        raise Http404("No release has this file.")
    content_type = CONTENT_TYPES.get(path.suffix, "text/plain; charset=utf-8")
    download = f"demarche-{name}-{file_name}"
    return FileResponse(
        open(path, "rb"), content_type=content_type, as_attachment=True, filename=download
    )
