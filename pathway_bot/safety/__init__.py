"""The free-text safety net: notices, offline and at once, an answer that suggests a child
or young person is being harmed or in danger, or is self-harming or suicidal.

    net = load_safety_net(PROJECT_ROOT / "flows" / "area" / "safety_lexicon.yaml")
    finding = net.scan(answer)   # None, or SafetyFinding(kind, kinds, terms)

Build the net once and share it: it is read-only. Pure: no Flask, no database, no logging.
"""

from pathway_bot.safety.lexicon import Kind, Lexicon, SafetyLexiconError, read_lexicon
from pathway_bot.safety.net import SafetyFinding, SafetyNet, load_safety_net

__all__ = ["Kind", "Lexicon", "SafetyFinding", "SafetyLexiconError", "SafetyNet",
           "load_safety_net", "read_lexicon"]
