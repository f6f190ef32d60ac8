"""This handbook's MkDocs hook: the thin glue that wires policybook's MkDocs plugin into the
build (other handbooks list `policybook` under `plugins:` instead; both run the same code).

All the work is `policybook.mkdocs_plugin.PolicybookPlugin`'s: checking the policies first,
adding the generated pages, sanitising them, and publishing the site safely. MkDocs calls
a hook module's `on_<event>` functions; here each is the plugin's own method, on one plugin
made for this build.
"""

from __future__ import annotations

from policybook.mkdocs_plugin import PolicybookPlugin

_plugin = PolicybookPlugin()

on_startup = _plugin.on_startup
on_config = _plugin.on_config
on_files = _plugin.on_files
on_page_markdown = _plugin.on_page_markdown
on_page_content = _plugin.on_page_content
on_page_context = _plugin.on_page_context
on_template_context = _plugin.on_template_context
on_post_build = _plugin.on_post_build
on_build_error = _plugin.on_build_error
on_shutdown = _plugin.on_shutdown
