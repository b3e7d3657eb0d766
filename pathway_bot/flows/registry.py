"""Every flow version on disk. The newest version of a flow is the one new conversations use;
older versions stay loadable so a conversation finishes on the version it started with."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pathway_bot.errors import FlowError, NotFound
from pathway_bot.flows.loader import flow_schema, read_flow_file
from pathway_bot.flows.model import Flow, Raiser, StartChoice

NOT_FLOWS = {"rules.yaml"}
PREVIOUS_VERSIONS_DIR = "previous"


def flow_files(flows_dir: Path) -> list[Path]:
    current = [p for p in sorted(flows_dir.glob("*.yaml")) if p.name not in NOT_FLOWS]
    return current + sorted((flows_dir / PREVIOUS_VERSIONS_DIR).glob("*.yaml"))


@dataclass(frozen=True)
class FlowRegistry:
    flows: dict[tuple[str, int], Flow]

    @property
    def names(self) -> list[str]:
        """Every flow's name, sorted."""
        return sorted({name for name, _ in self.flows})

    def latest(self, name: str) -> Flow:
        versions = [flow for (flow_name, _), flow in self.flows.items() if flow_name == name]
        if not versions:
            raise NotFound(f"There is no flow called {name!r}. Flows: {', '.join(self.names)}")
        return max(versions, key=lambda flow: flow.version)

    def get(self, name: str, version: int | None = None) -> Flow:
        if version is None:
            return self.latest(name)
        try:
            return self.flows[(name, version)]
        except KeyError:
            raise NotFound(f"Flow {name!r} has no version {version}") from None

    def newest_flows(self) -> list[Flow]:
        """The version of each flow that new conversations use."""
        return [self.latest(name) for name in self.names]

    def flow_for_respondent(self, respondent: str) -> Flow:
        """The flow a respondent answers (`flows check` makes sure there is only one)."""
        for flow in self.newest_flows():
            if flow.respondent == respondent:
                return flow
        raise NotFound(f"No flow is for {respondent!r}")

    def start_choices(self) -> list[StartChoice]:
        """The answers to "who is this for?" on the start page, in the order flows give."""
        choices = [f.start_choice for f in self.newest_flows() if f.start_choice is not None]
        return sorted(choices, key=lambda choice: choice.order)

    def consent_wording(self, name: str, version: int | None = None) -> str:
        """The message id of the words a person agrees to when raising a request."""
        return self.get(name, version).consent_wording

    def raised_by(self, name: str, version: int | None = None) -> Raiser:
        """Who a request for support raised from this flow comes from."""
        return self.get(name, version).raised_by


def read_flows(flows_dir: Path) -> FlowRegistry:
    schema = flow_schema(flows_dir)
    flows: dict[tuple[str, int], Flow] = {}
    for path in flow_files(flows_dir):
        flow = read_flow_file(path, schema)
        if flow.key in flows:
            raise FlowError(f"{path}: {flow.name} version {flow.version} is also defined in "
                            f"{flows[flow.key].source}; give the new one a higher version")
        flows[flow.key] = flow
    if not flows:
        raise FlowError(f"{flows_dir}: no flow files found")
    return FlowRegistry(flows)


@lru_cache(maxsize=4)
def load_flow_registry(flows_dir: Path) -> FlowRegistry:
    return read_flows(flows_dir)
