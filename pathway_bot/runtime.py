"""What a running Pathway Bot holds for its lifetime: config, database, area data, catalogs.

Built once per process by the app factory or the CLI. Nothing here imports Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway_bot.area import Area, load_area
from pathway_bot.assessment import Rules, load_rules
from pathway_bot.config import Config
from pathway_bot.directory.local_offer import LocalOffer
from pathway_bot.engine import Engines
from pathway_bot.flows import FlowRegistry, load_flow_registry
from pathway_bot.i18n import Catalogs, catalogs_for
from pathway_bot.persistence.conversation_store import ConversationStore
from pathway_bot.persistence.db import Database


@dataclass
class Runtime:
    config: Config
    database: Database
    area: Area
    catalogs: Catalogs
    flows: FlowRegistry
    engines: Engines
    rules: Rules
    conversations: ConversationStore
    local_offer: LocalOffer

    @classmethod
    def build(cls, config: Config) -> Runtime:
        area = load_area(config.flows_dir / "area")
        flows = load_flow_registry(config.flows_dir)
        database = Database(config.database_url)
        return cls(
            config=config,
            database=database,
            area=area,
            catalogs=catalogs_for(config.locales_dir),
            flows=flows,
            engines=Engines(flows, area),
            rules=load_rules(config.flows_dir / "rules.yaml"),
            conversations=ConversationStore(database.hot_connections),
            local_offer=LocalOffer(database.hot_connections),
        )

    def text(self, message_id: str, locale: str, **params) -> str:
        return self.catalogs.text(message_id, locale, **params)
