"""Real words the safety net would read as a lexicon word's near miss.

    python scripts/safety_near_misses.py WORDS_FILE

WORDS_FILE holds one English word a line (a public-domain list such as Webster's, e.g.
/usr/share/dict/words from the `wbritish` package). Each word printed here would be read as
the lexicon word beside it ("eating -> beating"); add the ones people write to
`not_misspellings` in flows/area/safety_lexicon.yaml, for the safeguarding lead's sign-off.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pathway_bot import PROJECT_ROOT
from pathway_bot.safety import load_safety_net


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    net = load_safety_net(PROJECT_ROOT / "flows" / "area" / "safety_lexicon.yaml")
    corrections = net.normaliser.corrections
    words = {line.strip().casefold() for line in Path(sys.argv[1]).read_text().splitlines()}
    read_as_other = sorted(word for word in words if word in corrections)
    for word in read_as_other:
        print(f"{word} -> {corrections[word]}")
    print(f"{len(read_as_other)} of {len(words)} words are read as a lexicon word",
          file=sys.stderr)


if __name__ == "__main__":
    main()
