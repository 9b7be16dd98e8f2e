"""Dated releases: a snapshot of every export, checksummed, that a paper can cite.

A release is a folder under RELEASES_DIR named by its date (`2026-12-07`): the unfiltered CSV
export of each list, the Data Package describing them, a README with the counts and the
licence, and SHA256SUMS over all of them. It holds published records only, as the exports
do, and nothing that changes when the data does not (no time of making), so two releases of
unchanged data have identical checksums. A release is written beside its final name and
renamed when complete, and never written over.
"""

import csv
import datetime
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import QueryDict

from .exports import EXPORTS, csv_file
from .exports.datapackage import datapackage

CHECKSUMS = "SHA256SUMS"
README = "README.md"
PACKAGE = "datapackage.json"
NAME = re.compile(r"\d{4}-\d{2}-\d{2}")


class ReleaseExists(Exception):
    pass


@dataclass
class ReleasedFile:
    name: str
    size: int
    sha256: str


@dataclass
class Release:
    name: str
    files: list

    @property
    def date(self):
        return datetime.date.fromisoformat(self.name)


def releases_dir():
    return Path(settings.RELEASES_DIR)


def make_release(day, base):
    """Write the release of `day` (a date), whose addresses start with `base`; its Release."""
    name = day.isoformat()
    final = releases_dir() / name
    if final.exists():
        raise ReleaseExists(f"The release {name} exists; releases are never written over.")
    partial = releases_dir() / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    counts = {}
    for export in EXPORTS.values():
        counts[export.name] = write_csv(export, base, partial / f"{export.name}.csv")
    package = datapackage(EXPORTS, base, path_of=lambda export: f"{export.name}.csv")
    (partial / PACKAGE).write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    (partial / README).write_text(readme(counts, base))
    files = [checksummed(path) for path in sorted(partial.iterdir())]
    sums = "".join(f"{file.sha256}  {file.name}\n" for file in files)
    (partial / CHECKSUMS).write_text(sums)
    os.rename(partial, final)
    return Release(name, files)


def write_csv(export, base, path):
    """Write the unfiltered export of `export` to `path`; the number of rows written."""
    filterset = export.filterset_class(QueryDict(), queryset=export.model.objects.published())
    parts = [export.prepare(part) for part in filterset.parts()]
    with open(path, "wb") as file:
        for chunk in csv_file(parts, export.columns(base)):
            file.write(chunk)
    with open(path, encoding="utf-8-sig", newline="") as file:
        # Cells may hold line breaks: count records, not lines.
        return sum(1 for _ in csv.reader(file)) - 1


def checksummed(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return ReleasedFile(path.name, path.stat().st_size, digest.hexdigest())


def readme(counts, base):
    licence = settings.DATA_LICENCE
    lines = [
        "# Demarche data release",
        "",
        "What states and their officials say and sign about technology, as curated and",
        f"published by Demarche ({base}/). The release's date is the name of its folder.",
        "",
        "| File | Records |",
        "|---|---|",
        *(f"| {name}.csv | {count:,} |" for name, count in counts.items()),
        "",
        f"The files are described by {PACKAGE} (a Frictionless Data Package) and at",
        f"{base}/data/. Check them with `sha256sum -c {CHECKSUMS}`.",
        "",
        f"Licence: {licence['title']} ({licence['name']}), {licence['path']}",
        "",
    ]
    return "\n".join(lines)


def published_releases():
    """The complete releases, newest first, each with its files as SHA256SUMS lists them."""
    found = []
    folder = releases_dir()
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir(), reverse=True):
        sums = path / CHECKSUMS
        if not NAME.fullmatch(path.name) or not sums.is_file():
            continue
        files = []
        for line in sums.read_text().splitlines():
            digest, name = line.split("  ", 1)
            files.append(ReleasedFile(name, (path / name).stat().st_size, digest))
        files.append(checksummed(sums))
        found.append(Release(path.name, files))
    return found


def released_file(name, file_name):
    """The path of a file of a complete release, or None."""
    for release in published_releases():
        if release.name == name and file_name in {file.name for file in release.files}:
            return releases_dir() / name / file_name
    return None
