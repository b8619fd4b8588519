"""What /flights says about itself."""

from __future__ import annotations

HELP = (
    "*Flightdeck commands*\n"
    "`/flights`: this channel's active flights\n"
    "`/flights mine`: flights you own or recorded\n"
    "`/flights all`: every active flight in the workspace\n"
    "`/flights export`: this channel's flights as a CSV, sent to you in a DM "
    "(`/flights export mine`, `/flights export all` for yours or the workspace's)\n"
    "`/flights digest #channel [day] [HH:MM]`: a weekly digest of every client's week in that channel "
    "(Mondays 09:30 unless you say; `/flights digest me` for your own flights by DM, `/flights digest off` to stop)\n"
    "`/flights calendar`: a link to subscribe to this channel's flights in Google Calendar, Outlook or Apple "
    "Calendar (`/flights calendar new` replaces it)\n"
    "`/intake [tiktok-post-url]`: decide Promote or Spark Ads and record a new flight"
)
