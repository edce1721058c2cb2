"""govwork: Chinese local government work reports and their breakdowns, crawled, parsed,
validated and warehoused for cross-region research."""

__version__ = "0.1.0"
