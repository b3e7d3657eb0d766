"""Insights for service managers: demand and flow, where people stop, feedback from
families and (where switched on) equality monitoring; every count under 5 hidden.

Figures come from anonymous rows that outlive the conversations they describe (`rows`,
`rollup`) and from requests, whose anonymous rows stay after their personal details go.
"""

from pathway_bot.insights.service import MANAGER, Insights
from pathway_bot.insights.settings import InsightSettings, load_insight_settings

__all__ = ["MANAGER", "InsightSettings", "Insights", "load_insight_settings"]
