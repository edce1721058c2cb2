"""A breakdown notice whose annex tables are not in hand (Gansu 2026 from the mirror: the
16 targets and 200 tasks were PDF attachments the capture did not keep).

It reads no targets or tasks — inventing them is never an option — and names each annex
the notice announces (``附件:1.…主要目标分解表`` / ``附件1`` headings) with whether its
content is missing. It scores low, so a table or inline parser wins whenever the
document does carry its tasks.
"""

from __future__ import annotations

import re

from extractors.parsers.base import ParsedRecords, Parser
from extractors.source_text import SourceText

_LIST_FIRST = re.compile(r"^附件[:：]\s*(\d{1,2})[.、．]\s*(.+)$")  # 附件:1.2026年…分解表
_LIST_NEXT = re.compile(r"^(\d{1,2})[.、．]\s*(.+(?:表|方案|清单|目录))$")  # 2.2026年…分解表
_HEADING = re.compile(r"^附件\s*(\d{1,2})$")  # 附件1
_NEXT_ANNEX = re.compile(r"^附件\s*\d{1,2}$|\.(pdf|docx?|xlsx?)$", re.I)
_ROW = re.compile(r"\t|^\d{1,3}[.、．\s]")


class NoticeOnlyBreakdownParser(Parser):
    name = "notice_breakdown"
    version = "1"
    kind = "breakdown"

    def score(self, src: SourceText) -> float:
        text = "\n".join(src.body.lines)
        return 0.1 if re.search(r"附件", text) else 0.05

    def annexes(self, src: SourceText) -> dict[str, dict]:
        """附件 number → {title, content_lines} from the notice's list and headings."""
        lines = src.body.lines
        found: dict[str, dict] = {}
        listing = False
        for i, line in enumerate(lines):
            m = _LIST_FIRST.match(line)
            if m:
                found.setdefault(m.group(1), {"title": m.group(2), "content": 0})
                listing = True
                continue
            m = _LIST_NEXT.match(line) if listing else None
            if m:
                found.setdefault(m.group(1), {"title": m.group(2), "content": 0})
                continue
            listing = False
            m = _HEADING.match(line)
            if m:
                entry = found.setdefault(m.group(1), {"title": None, "content": 0})
                if entry["title"] is None and i + 1 < len(lines):
                    entry["title"] = lines[i + 1]
                for body_line in lines[i + 1:]:
                    if _NEXT_ANNEX.search(body_line):
                        break
                    if _ROW.search(body_line):
                        entry["content"] += 1
        return found

    def parse(self, src: SourceText) -> ParsedRecords:
        notes = []
        other_sections = [s for s in src.sections if s.name != "body"]
        for number, entry in sorted(self.annexes(src).items(), key=lambda kv: int(kv[0])):
            label = f"附件{number}" + (f" {entry['title']}" if entry["title"] else "")
            title = entry["title"] or ""
            attached = [
                s for s in other_sections
                if (title and title[:12] in s.name) or re.search(rf"附件\s*{number}(?!\d)", s.name)
            ]
            if attached:
                notes.append(f"annex {label}: attachment {attached[0].name} present but no targets or tasks read")
            elif entry["content"]:
                notes.append(f"annex {label}: {entry['content']} rows in the text but no parser read them")
            else:
                notes.append(f"annex {label} not available: its table is not in the captured text")
        if not notes:
            notes.append("breakdown notice without annex tables: no targets or tasks in the text")
        return ParsedRecords(notes=notes)
