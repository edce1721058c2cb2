"""Options several commands share."""

from __future__ import annotations

import typer


def jurisdiction_code(value: str | None) -> str | None:
    """Callback of every ``--jurisdiction`` option but ``query``'s (which also knows the
    warehouse's jurisdictions): the registry code that ``value`` names, given as a code
    (621100), a name (定西市, 定西) or pinyin (Dingxi). Anything else is a usage error (exit
    2) that names the closest jurisdictions."""
    if value is None:
        return None
    # imported here: sqlalchemy and pypinyin would slow every `govwork --help`
    from core.registry import load_registry
    from warehouse.names import UnknownName, jurisdictions

    try:
        return jurisdictions(load_registry()).code_of(value)
    except UnknownName as exc:
        raise typer.BadParameter(str(exc)) from None


JURISDICTION_HELP = "Only this jurisdiction: code (621100), name (定西市, 定西) or pinyin (Dingxi)."
