"""The weekly digest: `/flights digest`, its subscriptions, and the job that sends it."""
