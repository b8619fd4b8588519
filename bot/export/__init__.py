"""The flights as a CSV, sent to whoever asked in a DM: `/flights export` and the App Home's button."""
