"""Machine-readable files published with the site: every policy as JSON, and the schemas."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources

from ..model import Policy
from ..schema import Schemas
from .paths import schema_url


def policies_json(policies: Sequence[tuple[Policy, str]]) -> bytes:
    """`policies.json`: each published policy's data as validated, with its source file and page."""
    records = [{"id": p.id, "source": p.source, "page": page.removesuffix(".md") + "/", "policy": p.data} for p, page in policies]
    return (json.dumps({"format": 1, "policies": records}, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


#: The handbook's stylesheet and print script, shipped with policybook so that every
#: handbook gets the same, and an upgrade brings their fixes.
ASSETS = ("stylesheets/policybook.css", "javascripts/print.js")


def asset_files() -> dict[str, bytes]:
    """The stylesheet and script every handbook's pages use, by their place in the site."""
    folder = resources.files("policybook").joinpath("data", "assets")
    return {path: folder.joinpath(*path.split("/")).read_bytes() for path in ASSETS}


def schema_files(schemas: Schemas) -> dict[str, bytes]:
    """The schemas, byte for byte as in the project, at stable addresses under schemas/."""
    return {schema_url(name): schemas.sources[name] for name in sorted(schemas.sources)}
