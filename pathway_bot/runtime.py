"""What a running Pathway Bot holds for its lifetime: config, database, area data, catalogs.

Built once per process by the app factory or the CLI. Nothing here imports Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway_bot.area import Area, load_area
from pathway_bot.config import Config
from pathway_bot.i18n import Catalogs, catalogs_for
from pathway_bot.persistence.db import Database


@dataclass
class Runtime:
    config: Config
    database: Database
    area: Area
    catalogs: Catalogs

    @classmethod
    def build(cls, config: Config) -> Runtime:
        return cls(
            config=config,
            database=Database(config.database_url),
            area=load_area(config.flows_dir / "area"),
            catalogs=catalogs_for(config.locales_dir),
        )
