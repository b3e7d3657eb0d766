"""Every flow version on disk. The newest version of a flow is the one new conversations use;
older versions stay loadable so a conversation finishes on the version it started with."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pathway_bot.errors import FlowError, NotFound
from pathway_bot.flows.loader import flow_schema, read_flow_file
from pathway_bot.flows.model import Flow

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
