"""Sections of docs/benchmarks.md written by different commands, each between its own markers.

`manage.py run_benchmarks` writes the whole file; `make bench` then puts back the sections other
commands wrote (`make load`'s) and writes its own (hostile files, imports). A section is the text
between `<!-- section:NAME -->` and `<!-- /section:NAME -->`.

    python scripts/benchmarks_doc.py keep OLD.md NEW.md   # copy OLD's sections missing in NEW
"""

import datetime
import re
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def today():
    """Today's date as dd/mm/yyyy in the portal's time zone (Vietnam), whatever the process's
    own: every section dates its run the same way."""
    return datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y")


def _pattern(name):
    return re.compile(
        rf"<!-- section:{re.escape(name)} -->.*?<!-- /section:{re.escape(name)} -->", re.S
    )


def sections(text):
    return {
        match.group(1): match.group(0)
        for match in re.finditer(r"<!-- section:([\w-]+) -->.*?<!-- /section:\1 -->", text, re.S)
    }


def replace_section(name, markdown, path=DOC):
    """Write `markdown` as section `name` of the document (appended when it is not there yet)."""
    block = f"<!-- section:{name} -->\n{markdown.strip()}\n<!-- /section:{name} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if _pattern(name).search(text):
        text = _pattern(name).sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def keep(old_text, new_path):
    new_text = new_path.read_text(encoding="utf-8")
    present = sections(new_text)
    for name, block in sections(old_text).items():
        if name not in present:
            new_text = new_text.rstrip() + "\n\n" + block + "\n"
    new_path.write_text(new_text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "keep":
        keep(Path(sys.argv[2]).read_text(encoding="utf-8"), Path(sys.argv[3]))
    else:
        sys.exit(__doc__)
