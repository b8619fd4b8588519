"""Reminders: the plan, the dispatcher that delivers them, and the buttons people answer with."""
