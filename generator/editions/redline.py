"""``brief build --redline REV``: each brief as built now, with Word tracked changes against the same brief
built from revision REV.

The base edition is built the ordinary way from REV's ``content/``, ``briefs/``, ``templates/`` and
``assets/`` (materialised read-only in a temporary folder, see ``generator.editions.revisions``), stamped with REV's
content version. ``generator.editions.redline_docx`` compares the two DOCX files. The changes are attributed to the
authors of the commits since REV and dated with the new edition's date, so the same commits give the same bytes.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.editions import gitinfo
from generator.diagnostics import Diagnostics, Location
from generator.model import Document
from generator.editions.redline_docx import Revision, redline_docx
from generator.editions.revisions import RevisionError, list_tree, materialise, require_repo, resolve

BASE_FOLDERS = ("content", "briefs", "templates", "assets")
SUFFIX = ".redline.docx"
_AUTHOR_LIMIT = 255


@dataclass
class BaseEditions:
    """The briefs as they were at one revision: their documents and DOCX bytes, by brief ID."""

    label: str
    commit: str
    revision: Revision
    documents: dict[str, Document] = field(default_factory=dict)
    docx: dict[str, bytes] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """``v1 (1a2b3c4)``; just the short hash when that is what the user typed."""
        return self.label if self.commit.startswith(self.label) else f"{self.label} ({self.commit[:7]})"

    def redline(self, bid: str, new_docx: bytes, new_doc: Document) -> bytes:
        """Brief ``bid``'s redline: ``new_docx`` carrying the changes since this edition."""
        return redline_docx(new_docx, self.docx[bid], new_doc, self.documents[bid], self.revision)


def authors(root: Path, commit: str) -> str:
    """The authors of the commits since ``commit`` that changed content or briefs (newest first); else HEAD's."""
    names = (gitinfo.git(root, "log", "--format=%an", f"{commit}..HEAD", "--", *BASE_FOLDERS) or "").splitlines()
    names = names or (gitinfo.git(root, "log", "-1", "--format=%an", "HEAD") or "").splitlines()
    shown = ", ".join(dict.fromkeys(n.strip() for n in names if n.strip())) or "brief"
    return shown if len(shown) <= _AUTHOR_LIMIT else shown[:_AUTHOR_LIMIT - 1] + "…"


def base_editions(root: Path, rev: str, brief_ids: list[str], named: bool, created: str,
                  diags: Diagnostics) -> BaseEditions | None:
    """Build ``brief_ids`` as they were at ``rev``. A brief absent there is an error when ``named`` by the user,
    else a warning (no redline for it); an unknown revision is an error."""
    try:
        prefix = require_repo(root)
        commit = resolve(root, rev)
    except RevisionError as exc:
        diags.error(Location("--redline"), "redline-revision", f"cannot build a redline against {rev!r}: {exc}")
        return None
    base = BaseEditions(rev, commit, Revision(authors(root, commit), created, rev))
    present = {name[:-len(".yaml")] for name, _oid in list_tree(root, commit, "briefs", prefix)
               if name.endswith(".yaml")}
    wanted = [bid for bid in brief_ids if bid in present]
    for bid in brief_ids:
        if bid not in present:
            report = diags.error if named else diags.warning
            report(Location(f"briefs/{bid}.yaml"), "redline-base", f"brief {bid!r} did not exist at {base.name}: "
                   "there is nothing to compare it with" + ("" if named else "; no redline"))
    if wanted:
        _build_base(root, base, wanted, diags)
    return base


def _build_base(root: Path, base: BaseEditions, wanted: list[str], diags: Diagnostics) -> None:
    from generator.publish.build import write_options
    from generator.pipeline import Project, run_checks
    from generator.writers import get_writer

    with tempfile.TemporaryDirectory(prefix="brief-redline-") as tmp:
        project = Project(Path(tmp))
        materialise(root, base.commit, project.root, folders=BASE_FOLDERS)
        old_diags = Diagnostics()
        checked = run_checks(project, old_diags, only=wanted, pdf=False,
                             version=gitinfo.content_version(root, base.commit), git_root=root)
        first = old_diags.errors[0] if old_diags.errors else None
        for bid in wanted:
            composed = checked.composed.get(bid)
            options = write_options(checked, bid, project, old_diags) if composed else None
            if composed is None or options is None:
                reason = f": {first.location}: {first.message}" if first else ""
                diags.error(Location(f"briefs/{bid}.yaml"), "redline-base", f"brief {bid!r} cannot be built as it "
                            f"was at {base.name}{reason}")
                continue
            base.documents[bid] = composed.document
            base.docx[bid] = get_writer("docx")(composed.document, options)
