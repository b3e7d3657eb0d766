"""Scheduled jobs, run by `pathway-bot worker` (on every server) rather than by cron lines an
operator must remember. `JOBS` in `registry` lists them; adding a job is one line there."""

from pathway_bot.jobs.registry import JOBS, Job
from pathway_bot.jobs.schedule import Scheduler, run_due_jobs

__all__ = ["JOBS", "Job", "Scheduler", "run_due_jobs"]
