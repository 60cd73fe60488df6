"""Industries given to the workspace (a site's allowed and preferred industries, a park's
positioning, an enterprise's or a lead's industries): GB/T 4754-2017 codes or names, checked
against the one shipped hierarchy (`parkatlas.reference.industries`) and stored as codes.

Every write through the API goes through `checked_industries`, so what is stored is always
a code of the table (the step before industries become rows of a link table, docs/api.md).
"""

from __future__ import annotations

from parkatlas.workspace.errors import WorkspaceError


def checked_industries(value: list[str] | str | None, field: str = "industries") -> str | None:
    """Codes or names (a list, or one text split at `;` `,` `；` `，` `、`) → `;`-joined codes,
    in the order given, each once; None for nothing. An unknown one → 400 naming it."""
    if value is None:
        return None
    from parkatlas.reference.industries import resolve_industry

    if isinstance(value, list):
        items = value
    else:
        text = str(value)
        for sep in (",", "；", "，", "、"):
            text = text.replace(sep, ";")
        items = text.split(";")
    codes = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        code = resolve_industry(item)
        if code is None:
            raise WorkspaceError(
                f"{field}: {item!r} is not a GB/T 4754-2017 industry: give a code (27, 2710) "
                "or a name (医药制造业); `parkatlas lookup industry TEXT` shows the matches"
            )
        codes.append(code)
    return ";".join(dict.fromkeys(codes)) or None
